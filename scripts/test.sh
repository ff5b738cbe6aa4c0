#!/usr/bin/env bash
# The whole test suite: type-check, unit tests, every notebook executed headless (small settings)
# with its HTML report checked in headless Chromium with the network refused. Ends with one
# 'tests: N passed, N failed' line counting unit tests and notebooks together.
set -uo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
failures=0

bash scripts/setup-jupyter.sh || exit 1
echo "== typecheck"; node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json || failures=$((failures + 1))
echo "== build";     node_modules/.bin/tsx scripts/build.ts || failures=$((failures + 1))

echo "== unit tests"
node_modules/.bin/mocha --reporter dot 'test/**/*.test.ts' 2>&1 | tee "$log"
unit_passed=$(grep -Eo '^ *[0-9]+ passing' "$log" | grep -Eo '[0-9]+' || echo 0)
unit_failed=$(grep -Eo '^ *[0-9]+ failing' "$log" | grep -Eo '[0-9]+' || echo 0)
grep -Eq '^ *[0-9]+ passing' "$log" || unit_failed=$((unit_failed + 1))  # mocha crashed before reporting

echo "== notebooks"
bash scripts/notebooks.sh --report reports notebooks 2>&1 | tee "$log"
nb_passed=$(grep -c '^PASS ' "$log")
nb_failed=$(grep -c '^FAIL ' "$log")
grep -q '^notebooks: ' "$log" || nb_failed=$((nb_failed + 1))  # runner crashed

echo "== reports (offline, headless Chromium)"
report_failed=0
if command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ]; then
  bash scripts/check_report.sh reports/*.html || report_failed=1
else
  echo "Chromium not installed: report rendering not checked (apt-get install chromium)"
fi

passed=$((unit_passed + nb_passed))
failed=$((unit_failed + nb_failed + report_failed + failures))
echo "unit: $unit_passed passed, $unit_failed failed | notebooks: $nb_passed passed, $nb_failed failed | reports ok: $((1 - report_failed)) | build steps failed: $failures"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
