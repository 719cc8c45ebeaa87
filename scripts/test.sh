#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds, runs every test
# project against real local servers, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-prerequisites.sh || exit 1

results="$PWD/.test-results"
rm -rf "$results"
dotnet build Ssmd.slnx -c Debug -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
log="$results/dotnet-test.log"
mkdir -p "$results"
# A backstop, not a budget (the suite takes about 8 minutes on 2 cores): a test that hangs past its own
# [Fact(Timeout)], or a fixture that never lets go, must not keep the run from ending with its counts.
limit=${SSMD_TEST_TIME_LIMIT:-45m}
timeout --kill-after=30s "$limit" \
  dotnet test --solution Ssmd.slnx --no-build --results-directory "$results" --report-xunit-trx "$@" | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  # The test programs got the same SIGTERM, stop their servers on it, but then wait for their tests.
  sleep 10
  pkill -KILL -f "^$PWD/tests/[^ ]*/bin/" || true
  echo "The test run was stopped after $limit: a test or fixture hung in a project above with 'Running tests from' and no result."
fi

# The run's own totals (every project). The .trx files are the fallback only: two projects started in the
# same instant get the same .trx name, and one overwrites the other (seen: 502 counted of 511 run).
passed=$(sed -n 's/^ *succeeded: \([0-9]*\)$/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^ *failed: \([0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$passed" ] || [ -z "$failed" ]; then
  passed=0; failed=0
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  done
fi
# CI shows only the end of the output, and a failed test's captured logs can run to thousands of lines: repeat
# each failure's name and message (without its stack and logs) just above the counts.
failures=$(awk '
  /^failed / { n = 0; printing = 1; print; next }
  printing && /^  / && !/^    at / && n < 30 { n++; print; next }
  { printing = 0 }' "$log")
if [ -n "$failures" ]; then
  echo "Failed tests (their stacks and logs are in $log):"
  echo "$failures"
fi
# A test project that crashed writes no results: count it as a failure rather than hide it.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$rc"
