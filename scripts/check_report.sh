#!/usr/bin/env bash
# Checks standalone HTML reports in headless Chromium with the network cut off: no resource besides
# the page is requested (no file://, no http), the project stylesheet applied, nothing runs off the
# page sideways, every Plotly chart is drawn, and a screenshot of the first screen is neither blank
# nor unstyled. See scripts/checkReport.ts.
# usage: scripts/check_report.sh [--screenshots DIR] reports/*.html
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
exec node --experimental-websocket --no-warnings --import "file://$ROOT/node_modules/tsx/dist/loader.mjs" "$ROOT/scripts/checkReport.ts" "$@"
