#!/usr/bin/env bash
# Installs Jupyter when missing and registers the tslab kernel inside the project (.jupyter/).
# Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jupyter-env.sh

if ! PY="$(ablab_find_python)"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[setup] installing Jupyter from Debian/Ubuntu packages (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client python3-nbclient \
      jupyter-notebook python3-ipykernel >/dev/null
  elif command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
    echo "[setup] installing Jupyter with pip --user"
    python3 -m pip install --user --quiet notebook nbconvert nbclient ipykernel
  else
    echo "[setup] Jupyter is missing. Install it, then re-run this command:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install jupyter-nbconvert jupyter-client python3-nbclient jupyter-notebook python3-ipykernel" >&2
    echo "  elsewhere:     python3 -m pip install --user notebook nbconvert nbclient ipykernel" >&2
    exit 1
  fi
  PY="$(ablab_find_python)" || { echo "[setup] Jupyter was installed but no python3 can import it" >&2; exit 1; }
fi

# Notebooks import the library by its package name, as an installed user would: link the
# package into its own node_modules (tslab resolves 'ablab' there, to dist/).
ln -sfn .. node_modules/ablab

if [ ! -f .jupyter/share/jupyter/kernels/tslab/kernel.json ] || ! grep -q "$PWD/node_modules/.bin/tslab" .jupyter/share/jupyter/kernels/tslab/kernel.json; then
  node_modules/.bin/tslab install --python="$PY" --prefix .jupyter --binary "$PWD/node_modules/.bin/tslab" >/dev/null
fi
echo "[setup] Jupyter ready: $PY, tslab kernel registered in .jupyter/"
