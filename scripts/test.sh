#!/usr/bin/env bash
# The README's test command (and what CI runs): installs prerequisites, starts a throwaway PostgreSQL on
# loopback, builds the whole solution warning-free, runs every test project, and prints one closing line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A missing prerequisite (PostgreSQL, the default model, photos) fails a test here instead of skipping it: the
# tests' prerequisite helpers read CI.
export CI=true

scripts/install-prerequisites.sh
# An assignment, not eval "$(...)" alone: a server that cannot start stops the run here (set -e).
postgres_export="$(scripts/postgres-test-server.sh | tail -n 1)"
eval "$postgres_export"
export LABELBRIDGE_TEST_POSTGRES

# One project at a time: on a fresh clone, parallel project builds race to copy the same native runtime
# files (MSB3026 retries), which -warnaserror would turn into a failure.
dotnet build LabelBridge.sln -c Release -m:1 -warnaserror -warnAsMessage:MSB3026 -nologo -clp:ErrorsOnly

mkdir -p artifacts
set +e
dotnet test --solution LabelBridge.sln -c Release --no-build 2>&1 | tee artifacts/test-output.txt
status=${PIPESTATUS[0]}
set -e

sum() { grep -E "^\s+$1: [0-9]+" artifacts/test-output.txt | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
echo "$(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
exit "$status"
