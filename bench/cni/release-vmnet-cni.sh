#!/usr/bin/env bash
# Prints the path of the release vmnet-cni the cni benchmarks measure, with the seven plugins beside it: $VMNET_CNI
# when it is set, else a `swift build -c release` of vmnet-cni and the plugin products (the build's output goes to
# standard error only when it fails).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${VMNET_CNI:-}" ]; then
    for product in vmnet-cni VMNetBindingMasquerade VMNetBackendPod VMNetBindingBridge VMNetBindingSlirp \
        VMNetBindingSRIOV VMNetBackendMultus VMNetBackendGenie; do
        if ! output=$(swift build -c release --product $product 2>&1); then echo "$output" >&2; exit 1; fi
    done
    VMNET_CNI=$(swift build -c release --show-bin-path)/vmnet-cni
fi
realpath "$VMNET_CNI"
