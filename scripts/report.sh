#!/usr/bin/env bash
# npm run report [-- --full]: executes every notebook and writes standalone HTML reports to reports/,
# then checks them in headless Chromium (when installed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --full "* ]]; then
  echo "report: running the notebooks at their FULL setting (ABLAB_SCALE=full): much longer; a notebook that trains on CIFAR-10 needs the data on disk"
else
  echo "report: running the notebooks at their small setting (what they run as opened: a few minutes each on 2 cores)."
  echo "        For the full setting: npm run report -- --full"
fi
bash scripts/notebooks.sh --report reports "$@" notebooks
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || [ -n "${CHROMIUM:-}" ]; then
  bash scripts/check_report.sh reports/*.html
else
  echo "report: no Chromium here, reports not checked (scripts/check_report.sh)"
fi
echo "open reports/*.html"
