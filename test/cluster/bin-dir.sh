#!/usr/bin/env bash
# Prints the folder holding the test cluster's binaries (kubectl at the cluster's version among
# them), so scripts can put it on PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "$BIN_DIR"
