# Sourced by the notebook scripts: finds a Python that has Jupyter and points Jupyter at the
# project-local kernel registration (.jupyter/), so nothing is installed globally.
ABLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JUPYTER_PATH="$ABLAB_ROOT/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
ablab_find_python() {
  # Debian's /usr/bin/python3 first: a pyenv/venv python3 on PATH often lacks Jupyter.
  for py in /usr/bin/python3 "$(command -v python3 || true)"; do
    if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import nbclient, nbconvert, ipykernel, notebook' >/dev/null 2>&1; then
      echo "$py"; return 0
    fi
  done
  return 1
}
