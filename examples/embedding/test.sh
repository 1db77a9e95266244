#!/bin/sh
# The daemon end to end, as root: a pod-like namespace, a manifest dropped into the watched folder is wired (the
# bridge k6t-eth0 appears and DHCP is served), removing it unwires it, and the namespace is back as it was.
#
#   VMNET_PLUGIN_PATH=<vmnet>/.build/debug examples/embedding/test.sh
#
# VMNET_EMBED_BIN overrides the daemon (default: this package's debug build, built if missing).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "test.sh: needs root (network namespaces, iptables)" >&2; exit 1; }
plugins=${VMNET_PLUGIN_PATH:-$root/.build/debug}
[ -e "$plugins/libVMNetBindingMasquerade.so" ] || {
    echo "test.sh: no libVMNetBindingMasquerade.so in $plugins: build vmnet first or set VMNET_PLUGIN_PATH" >&2; exit 1; }
bin=${VMNET_EMBED_BIN:-$here/.build/debug/vmnet-embed}
[ -x "$bin" ] || swift build --package-path "$here"

ns=vmnet-embed-test-$$
work=$(mktemp -d)
daemon=
cleanup() {
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail() {
    echo "test.sh: FAIL: $*" >&2
    echo "--- daemon log" >&2
    cat "$work/log" >&2
    exit 1
}

# What a pod's namespace looks like after its CNI plugin ran.
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add eth0 type veth peer name peer0
ip -n "$ns" addr add 10.244.0.5/24 dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" link set peer0 up
ip -n "$ns" route add default via 10.244.0.1
# The kernel makes a namespace's nat tables on first use; made now, an empty table reads the same before and after.
ip netns exec "$ns" iptables-legacy -t nat -S > /dev/null
ip netns exec "$ns" ip6tables-legacy -t nat -S > /dev/null

# Everything vmnet may change, without counters or timestamps.
snapshot() {
    ip -n "$ns" -d -br link
    ip -n "$ns" -br addr
    ip -n "$ns" route
    ip -n "$ns" -6 route
    ip netns exec "$ns" iptables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
    ip netns exec "$ns" ip6tables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
    ip netns exec "$ns" sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/route_localnet'
}
snapshot > "$work/before"

mkdir "$work/watched" "$work/state"
"$bin" --watch "$work/watched" --netns "$ns" --state-dir "$work/state" --plugin-path "$plugins" > "$work/log" 2>&1 &
daemon=$!

# Written beside the folder, then moved in, so the daemon never reads half a file.
cp "$root/Tests/Fixtures/spec/pod-masquerade.yaml" "$work/vm.yaml"
mv "$work/vm.yaml" "$work/watched/vm.yaml"

wait_for() { # description, command…
    what=$1; shift
    tries=0
    until "$@" > /dev/null 2>&1; do
        tries=$((tries + 1))
        [ "$tries" -le 300 ] || fail "timed out after 30 s waiting until $what"
        kill -0 "$daemon" 2>/dev/null || fail "the daemon exited while waiting until $what"
        sleep 0.1
    done
}
wait_for "k6t-eth0 exists" ip -n "$ns" link show k6t-eth0
wait_for "DHCP is served" grep -q '^serving .* on k6t-eth0' "$work/log"
echo "test.sh: wired: $(ip -n "$ns" -br link | awk '{print $1}' | tr '\n' ' ')"

rm "$work/watched/vm.yaml"
wait_for "the VM is unwired" grep -q 'steps undone' "$work/log"
if ip -n "$ns" link show k6t-eth0 > /dev/null 2>&1; then fail "k6t-eth0 is still there after unwiring"; fi
journals=$(find "$work/state" -name '*.json')
[ -z "$journals" ] || fail "journals left behind: $journals"

snapshot > "$work/after"
diff -u "$work/before" "$work/after" || fail "the namespace is not as it was before"

kill "$daemon"
wait "$daemon" || fail "the daemon exited with status $? on SIGTERM"
daemon=
echo "test.sh: PASS: wired on appearance, served DHCP, unwired on removal, namespace restored"
