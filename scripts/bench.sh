#!/usr/bin/env bash
# Amphora's benchmarks (docs/benchmarks.md): installs what the comparisons need (rclone, b3sum, xxhash from Debian's
# packages, when missing and apt is usable), starts the S3-compatible server on 127.0.0.1, builds the CLI and the bench,
# runs it and appends the results to docs/benchmarks.md. Options go to the bench: scripts/bench.sh --size 4GiB --memory-sizes ''
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

missing=()
command -v rclone >/dev/null || missing+=(rclone)
command -v b3sum >/dev/null || missing+=(b3sum)
command -v xxhsum >/dev/null || missing+=(xxhash)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bench.sh: installing ${missing[*]} (Debian packages)..." >&2
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1; then
    echo "bench.sh: could not install ${missing[*]}; their columns are left out" >&2
  fi
fi

trap 'scripts/test-servers.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(scripts/test-servers.sh start)"
./amphora --help >/dev/null
dotnet build bench/Amphora.Bench/Amphora.Bench.csproj -c Release -nologo -v quiet -o .build/bench >&2
AMPHORA_BENCH_COMMAND="scripts/bench.sh${*:+ $*}" \
  dotnet .build/bench/amphora-bench.dll --amphora .build/cli/amphora.dll --report docs/benchmarks.md "$@"
