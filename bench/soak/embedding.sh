#!/usr/bin/env bash
# The embedding API under soak: builds bench/soak/embedding (release) and runs it CYCLES times (default 500) on the
# masquerade example in a scratch pod; then checks the pod reads as before and the state directory is empty.
#
#   sudo bench/soak/embedding.sh [CYCLES]      plugins from the release build (VMNET_BIN=DIR for another)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/soak/pods.sh
cycles=${1:-500}
[ "$(id -u)" = 0 ] || { echo "embedding.sh: needs root (network namespaces)" >&2; exit 1; }
bin=$(release_bin)
if ! output=$(swift build -c release --package-path bench/soak/embedding 2>&1); then echo "$output" >&2; exit 1; fi
soak=$(swift build -c release --package-path bench/soak/embedding --show-bin-path)/vmnet-embed-soak
pod=vembed$$
state=$(mktemp -d /dev/shm/vmnet-embed-soak.XXXXXX)
work=$(mktemp -d /tmp/vmnet-embed-soak.XXXXXX)
trap 'delete_pod $pod; rm -rf "$state" "$work"' EXIT
make_pod "$pod" eth0
snapshot "$pod" > "$work/before"
echo "vmnet-embed-soak $soak, plugins $bin, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$soak" "$pod" "$state" "$bin" Tests/Fixtures/spec/pod-masquerade.yaml "$cycles"
matches_baseline "$pod" "$work/before" && echo "the pod reads as before the first cycle"
echo "state directory entries left: $(find "$state" -mindepth 1 | wc -l)"
