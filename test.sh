#!/usr/bin/env bash
# Runs every test of UnionOffice: unit, API and page tests on SQLite and on a real PostgreSQL, the executable's
# subcommands, and browser flows in headless Chromium.
# Needs the .NET 10 SDK, PostgreSQL server binaries, Chromium and Node.js with npm (`.ci/run` installs them on Debian).
# A PostgreSQL is started for the run unless UO_TEST_PG already names one.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${UO_TEST_PG:-}" ]; then
  # shellcheck source=scripts/start-test-postgres.sh
  source scripts/start-test-postgres.sh
fi
# The peers the tests start on loopback that come from npm (s3rver: an S3-speaking server), at the locked versions.
if [ ! -d tests/peers/node_modules/s3rver ]; then
  npm ci --prefix tests/peers --no-audit --no-fund --loglevel=error
fi
dotnet build UnionOffice.slnx -c Release -nologo -v quiet
log=$(mktemp)
status=0
dotnet test UnionOffice.slnx -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
count() { awk -v k="$1:" '$1 == k && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ "$failed" -gt 0 ]; then
  # The failures again at the end, where a log's tail is read: each failed test's name and the first lines of its message.
  echo "=== Failed tests ==="
  awk '/^  Failed [^ ]/ {n = 25} /^  (Passed|Skipped) [^ ]/ {n = 0} n > 0 {print; n--}' "$log"
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
