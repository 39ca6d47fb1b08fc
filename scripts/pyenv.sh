#!/usr/bin/env bash
# Prints the path of the Python of .data/venv, a virtual environment holding
# the pinned packages of clients/python/requirements-lock.txt and the client
# itself (pip install -e clients/python). It is created on first use and
# reinstalled whenever the lock file changes; PYTHON names the interpreter
# that creates it (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.data/venv
lock=clients/python/requirements-lock.txt
stamp=$venv/.lock.sha256
want=$(sha256sum "$lock" clients/python/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "pyenv: installing $lock into $venv" >&2
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$lock" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e clients/python >&2
  echo "$want" >"$stamp"
fi
echo "$PWD/$venv/bin/python"
