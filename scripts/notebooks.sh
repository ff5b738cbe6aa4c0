#!/usr/bin/env bash
# Executes notebooks headless on the tslab kernel (small settings) — see run_notebooks.py.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-jupyter.sh >/dev/null
source scripts/jupyter-env.sh
PY="$(ablab_find_python)"
exec "$PY" scripts/run_notebooks.py "$@"
