#!/usr/bin/env bash
# Installs the Debian packages LabelBridge's tests (default) or demo (`install-prerequisites.sh demo`) need, once.
# Idempotent; run as root (CI is).
#   postgresql       real PostgreSQL server for the store tests (started by scripts/postgres-test-server.sh)
#   dataset-fashion-mnist  the garments pasted into the demo's generated scenes
#   python3-skimage  ordinary sample photos (astronaut, coffee...) the default-model tests classify
#   chromium         the browser the triage page tests drive (Playwright, ExecutablePath /usr/bin/chromium)
set -euo pipefail

packages=(dataset-fashion-mnist)
if [ "${1:-tests}" != "demo" ]; then
    packages+=(postgresql fonts-dejavu-core python3-skimage chromium)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-prerequisites: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

command -v npm >/dev/null 2>&1 || { echo "install-prerequisites: npm is required (the default model and the triage page come from npm packages)" >&2; exit 1; }
