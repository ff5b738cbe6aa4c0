#!/usr/bin/env bash
# Opens exported HTML reports in headless Chromium with every network request refused (a dead
# proxy) and checks that each Plotly chart was drawn (an SVG inside every plot div).
# usage: scripts/check_report.sh reports/*.html
set -euo pipefail
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then echo "check_report: no Chromium found (set CHROMIUM=...)" >&2; exit 2; fi
status=0
for report in "$@"; do
  profile="$(mktemp -d)"
  dom="$("$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-sync \
    --disable-background-networking --disable-component-update --user-data-dir="$profile" \
    --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --virtual-time-budget=15000 --dump-dom "file://$(realpath "$report")" 2>/dev/null)"
  rm -rf "$profile"
  plots=$(grep -o 'class="plotly-graph-div[^"]*"' <<<"$dom" | wc -l)
  drawn=$(grep -o 'class="main-svg"' <<<"$dom" | wc -l)
  if [ "$plots" -gt 0 ] && [ "$drawn" -ge "$plots" ]; then
    echo "report OK   $report: $plots chart(s) drawn offline"
  else
    echo "report FAIL $report: $plots chart div(s), $drawn drawn svg layer(s)"; status=1
  fi
done
exit $status
