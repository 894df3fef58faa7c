#!/usr/bin/env bash
# Runs every test of UnionOffice: unit, API and page tests on SQLite and on a real PostgreSQL, the executable's
# subcommands, and browser flows in headless Chromium.
# Needs the .NET 10 SDK, PostgreSQL server binaries and Chromium (`.ci/run` installs them on Debian).
# A PostgreSQL is started for the run unless UO_TEST_PG already names one.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${UO_TEST_PG:-}" ]; then
  # shellcheck source=scripts/start-test-postgres.sh
  source scripts/start-test-postgres.sh
fi
dotnet build UnionOffice.slnx -c Release -nologo -v quiet
log=$(mktemp)
status=0
dotnet test UnionOffice.slnx -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
count() { awk -v k="$1:" '$1 == k && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
