#!/usr/bin/env bash
# Runs every Amphora test, installing what the tests need, and ends with "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.build/test-results"
rm -rf "$results"
mkdir -p "$results"

# The storage conformance suite and the end-to-end backups run against real servers on 127.0.0.1.
servers_env=$("$root/scripts/test-servers.sh" start) || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
eval "$servers_env"
trap '"$root/scripts/test-servers.sh" stop' EXIT

dotnet test Amphora.slnx -c Release --results-directory "$results" \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" "$@"
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "test.sh: no test results were written (build failure?)" >&2
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$(( total - executed ))
# CI logs are often cut to their tail: name the failed tests again, with why, right above the summary.
awk -f "$root/scripts/failed-tests.awk" "$trx"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
