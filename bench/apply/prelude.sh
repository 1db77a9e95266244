# Sourced by the bench/apply scripts after `cd` to the repository: they need hyperfine and root, and measure the
# release vmnet, built here unless VMNET names one already built. Sets $vmnet.
bench=$(basename "$0")
command -v hyperfine >/dev/null || { echo "$bench: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "$bench: needs root (network namespaces)" >&2; exit 1; }

vmnet=${VMNET:-}
if [ -z "$vmnet" ]; then
    if ! output=$(swift build -c release 2>&1); then echo "$output" >&2; exit 1; fi
    vmnet=$(swift build -c release --show-bin-path)/vmnet
fi

# The pod's namespace and the node side beside it ($ns, $ns-out, DAD off), a work folder and a journal folder on
# tmpfs (STATE_DIR to choose), all removed on exit; $ipn and $nsx run commands in the pod.
ns=vmnet-bench-${bench%.sh}-$$
work=$(mktemp -d "/tmp/vmnet-bench-${bench%.sh}.XXXXXX")
journals=$(mktemp -d "${STATE_DIR:-/dev/shm}/vmnet-bench-state.XXXXXX")
trap 'ip netns del $ns 2>/dev/null; ip netns del $ns-out 2>/dev/null; rm -rf "$work" "$journals"' EXIT
ipn="ip -n $ns"
nsx="ip netns exec $ns"
ip netns add $ns
ip netns add $ns-out
for n in $ns $ns-out; do ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
