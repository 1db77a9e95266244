#!/usr/bin/env bash
# DISCOVER flood: `vmnet serve` (which becomes vmnet-dhcpd) serves the masquerade example in a scratch pod; a guest
# namespace on its bridge sends COUNT DHCPDISCOVERs (default 100,000) from as many random MAC addresses
# (dhcp-flood.c, PER_MS frames per millisecond, default 25), and a real client (busybox udhcpc) gets its lease
# before and after. Prints the daemon's RSS (and peak RSS, VmHWM) before, during and after, its descriptors and
# threads, and what it received, answered and dropped.
#
#   sudo bench/soak/flood.sh [COUNT [PER_MS]]     release build (VMNET_BIN=DIR to use another)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/soak/pods.sh
count=${1:-100000}
per_ms=${2:-25}
[ "$(id -u)" = 0 ] || { echo "flood.sh: needs root (network namespaces)" >&2; exit 1; }
bin=$(release_bin)
vmnet=$bin/vmnet
pod=vflood$$
guest=$pod-guest
work=$(mktemp -d /tmp/vmnet-flood.XXXXXX)
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2> /dev/null && wait "$serve_pid" 2> /dev/null
    "$vmnet" down --netns "$pod" --state-dir "$work/state" > /dev/null 2>&1 || true
    delete_pod "$pod"
    ip netns del "$guest" 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cc -O2 -o "$work/dhcp-flood" bench/soak/dhcp-flood.c

serve_pod "$pod" "$guest" "$work/state" "$work"
lease() { guest_lease "$guest" "$work"; }
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
state() { echo "RSS $(rss_kib "$serve_pid") KiB (peak $(hwm "$serve_pid")), $(fds "$serve_pid") fds, $(threads "$serve_pid") threads"; }

echo "vmnet-dhcpd $(readlink "/proc/$serve_pid/exe") (pid $serve_pid); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before the flood: lease $(lease); $(state)"
start=$(date +%s%N)
ip netns exec "$guest" "$work/dhcp-flood" eth0 "$count" "$per_ms" > "$work/sent" &
flood_pid=$!
while kill -0 "$flood_pid" 2> /dev/null; do sleep 1; echo "  during: $(state)"; done
wait "$flood_pid"
elapsed=$((($(date +%s%N) - start) / 1000000))
sleep 1
echo "sent $(cat "$work/sent") DISCOVERs from as many random MACs in $elapsed ms"
echo "after the flood: lease $(lease); $(state)"
kill "$serve_pid"
wait "$serve_pid" || true
serve_pid=
echo "daemon: $(tail -1 "$work/serve.log")"
