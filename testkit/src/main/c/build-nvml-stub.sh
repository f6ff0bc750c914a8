#!/usr/bin/env bash
# Builds the NVML stub library with gcc. Called by Maven (generate-resources) with the output folder.
# Two variants: <out>/libnvidia-ml.so.1 (a current driver) and <out>/old-driver/libnvidia-ml.so.1
# (without the symbols newer drivers added, to test the binding's fallbacks).
set -euo pipefail
out=${1:?output folder}
here=$(cd "$(dirname "$0")" && pwd)
command -v gcc >/dev/null || { echo "gcc is missing: run 'apt-get install -y gcc'" >&2; exit 1; }
build() { # <folder> [extra gcc flags]
    local dir=$1; shift
    mkdir -p "$dir"
    gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -pthread "$@" \
        -Wl,-soname,libnvidia-ml.so.1 -o "$dir/libnvidia-ml.so.1" "$here/nvml_stub.c"
    cp "$dir/libnvidia-ml.so.1" "$dir/libnvidia-ml.so"
}
build "$out"
build "$out/old-driver" -DNVML_STUB_OLD_DRIVER
