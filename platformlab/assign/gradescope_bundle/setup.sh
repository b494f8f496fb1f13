#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (network available):
# it installs Python's venv support if missing, then the pinned scientific stack
# (requirements.txt, from the repository's .binder/requirements.txt) and the platformlab package
# (platformlab_src/, the repository without the masters) into a venv at $ROOT/venv.
#
# Environment (for testing this script outside Gradescope; Gradescope sets none of them):
#   PLATFORMLAB_GRADESCOPE_ROOT    the autograder folder (default /autograder)
#   PLATFORMLAB_GRADESCOPE_PYTHON  the Python that creates the venv (default python3)
#   PLATFORMLAB_GRADESCOPE_PIP     the pip command (default: "$ROOT/venv/bin/python -m pip")
set -euo pipefail

ROOT="${PLATFORMLAB_GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="${PLATFORMLAB_GRADESCOPE_PYTHON:-python3}"
VENV="$ROOT/venv"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update && apt-get install -y python3 python3-venv
    else
        echo "setup.sh: $PYTHON not found" >&2
        exit 1
    fi
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "setup.sh: platformlab needs Python >= 3.11, $PYTHON is $("$PYTHON" -V 2>&1);" \
         "choose Gradescope's Ubuntu 24.04 base image (Python 3.12)" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update && apt-get install -y python3-venv
    else
        echo "setup.sh: $PYTHON has no venv/ensurepip module (install python3-venv)" >&2
        exit 1
    fi
fi

if [ -n "${PLATFORMLAB_GRADESCOPE_PIP:-}" ]; then
    read -r -a PIP <<< "$PLATFORMLAB_GRADESCOPE_PIP"
    VENV_ARGS=(--without-pip)  # the venv's own pip is not used
else
    PIP=("$VENV/bin/python" -m pip)
    VENV_ARGS=()
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "${VENV_ARGS[@]}" "$VENV"
fi

"${PIP[@]}" install --disable-pip-version-check -r "$SOURCE/requirements.txt"
"${PIP[@]}" install --disable-pip-version-check "$SOURCE/platformlab_src"
echo "setup.sh: installed platformlab for exercise set $(cat "$SOURCE/SET") into $VENV"
