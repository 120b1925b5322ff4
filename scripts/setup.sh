#!/usr/bin/env bash
# Create .venv and install the project (and, with --test, what the tests need:
# pytest, Selenium, and Debian's chromium + chromium-driver for the browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
if [ "${1:-}" = "--test" ]; then
    .venv/bin/pip install -q -e '.[test]'
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
        else
            sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
        fi
    fi
else
    .venv/bin/pip install -q -e .
fi
