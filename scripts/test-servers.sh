#!/usr/bin/env bash
# Installs and starts the storage servers the tests use, on 127.0.0.1 with fresh data dirs, and prints the environment
# that points the tests at them. Usage: eval "$(scripts/test-servers.sh start)"; scripts/test-servers.sh stop
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/emulators"
state="$root/.build/test-servers"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # name url
  for _ in $(seq 1 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$2" || true)
    if [ "$code" != "000" ]; then return 0; fi
    sleep 0.2
  done
  echo "test-servers.sh: $1 did not answer at $2; its log: $state/$1.log" >&2
  tail -20 "$state/$1.log" >&2 || true
  return 1
}

start() {
  stop >/dev/null 2>&1 || true
  mkdir -p "$state"
  if [ ! -d "$tools/node_modules/s3rver" ] || [ ! -d "$tools/node_modules/azurite" ] || [ ! -d "$tools/node_modules/firebase-tools" ]; then
    (cd "$tools" && npm ci --no-audit --no-fund >"$state/npm.log" 2>&1) || { echo "test-servers.sh: npm ci failed, see $state/npm.log" >&2; cat "$state/npm.log" >&2; exit 1; }
  fi
  rm -rf "$state/s3" "$state/azure" "$state/gcs"; mkdir -p "$state/s3" "$state/azure" "$state/gcs"

  s3_port=$(free_port)
  # --openssl-legacy-provider: s3rver encrypts list continuation tokens with DES, which OpenSSL 3 hides by default.
  nohup node --openssl-legacy-provider "$tools/node_modules/s3rver/bin/s3rver.js" -d "$state/s3" -a 127.0.0.1 -p "$s3_port" \
    --silent --configure-bucket amphora-test >"$state/s3rver.log" 2>&1 &
  echo $! >"$state/s3rver.pid"

  azure_port=$(free_port)
  nohup node "$tools/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$azure_port" \
    --location "$state/azure" --silent --disableTelemetry --loose --skipApiVersionCheck >"$state/azurite.log" 2>&1 &
  echo $! >"$state/azurite.pid"

  gcs_port=$(free_port)
  # The Firebase Storage emulator's GCS JSON API; it keeps blobs under $TMPDIR.
  TMPDIR="$state/gcs" nohup node "$tools/firebase-storage.js" 127.0.0.1 "$gcs_port" >"$state/gcs.log" 2>&1 &
  echo $! >"$state/gcs.pid"

  wait_for s3rver "http://127.0.0.1:$s3_port/"
  wait_for azurite "http://127.0.0.1:$azure_port/devstoreaccount1?comp=list"
  wait_for gcs "http://127.0.0.1:$gcs_port/storage/v1/b"

  cat <<ENV
export AMPHORA_TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port
export AMPHORA_TEST_S3_BUCKET=amphora-test
export AMPHORA_TEST_GCS_ENDPOINT=http://127.0.0.1:$gcs_port
export AMPHORA_TEST_GCS_BUCKET=amphora-test
export AMPHORA_TEST_AZURE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$azure_port/devstoreaccount1;'
ENV
}

stop() {
  for pidfile in "$state"/*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
