#!/usr/bin/env bash
# Create .venv and install the project; with --test also what the tests need: pytest and
# Selenium (the [test] extra) and Debian's chromium, chromium-driver and Arabic fonts for
# the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# FreeDict English<->Arabic (GPL data, read at run time from /usr/share/dictd: cross-language
# search). Optional: without it, search works and translates with our table of news terms
# and name transliteration only.
dicts=""
for pkg in dict-freedict-eng-ara dict-freedict-ara-eng; do
    dpkg -s "$pkg" >/dev/null 2>&1 || dicts="$dicts $pkg"
done
if [ -n "$dicts" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    if ! { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $dicts >/dev/null; }; then
        echo "setup: could not install$dicts (no apt, network or sudo?); cross-language search" \
             "will use only the table of news terms and name transliteration" >&2
    fi
fi
if [ "${1:-}" != "--test" ]; then
    .venv/bin/pip install -q -e .
    exit 0
fi
.venv/bin/pip install -q -e '.[test]'
need=""
for pkg in chromium chromium-driver fonts-noto-core; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
