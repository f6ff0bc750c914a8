#!/usr/bin/env bash
# Builds the NVML stub library with gcc. Called by Maven (generate-resources) with the output folder.
set -euo pipefail
out=${1:?output folder}
here=$(cd "$(dirname "$0")" && pwd)
command -v gcc >/dev/null || { echo "gcc is missing: run 'apt-get install -y gcc'" >&2; exit 1; }
mkdir -p "$out"
gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -pthread \
    -Wl,-soname,libnvidia-ml.so.1 -o "$out/libnvidia-ml.so.1" "$here/nvml_stub.c"
cp "$out/libnvidia-ml.so.1" "$out/libnvidia-ml.so"
