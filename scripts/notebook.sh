#!/usr/bin/env bash
# Opens the classic Jupyter Notebook on notebooks/ with the project's tslab kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-jupyter.sh
node node_modules/typescript/bin/tsc -p tsconfig.build.json
source scripts/jupyter-env.sh
PY="$(ablab_find_python)"
# Notebook refuses to start as root unless told to (containers often run as root).
if [ "$(id -u)" = 0 ]; then set -- --allow-root "$@"; fi
exec "$PY" -m notebook --notebook-dir=notebooks "$@"
