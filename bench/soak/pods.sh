# Sourced by the bench/soak scripts: scratch pods as a CNI leaves them, and what vmnet may change in them.
#
# A pod is a namespace NAME whose interfaces are veths into NAME-out (the node's side, holding the gateways), made
# exactly as Tests/VMNetRuntimeTests/Support/TestPod.swift makes them: eth0 10.244.0.5/24 via 10.244.0.1 (and
# fd00:10:244::5/64 via ::1 for a dual-stack pod) with a second route 192.168.7.0/24 metric 7; a secondary NAME
# 10.SUBNET.0.2/24, MTU 1450, no routes.

# The examples of Tests/Fixtures/spec that wire a pod (those of UpDownTests.wiredExamples but slirp and
# no-network, which make no step, and sriov, which needs SR-IOV hardware), one per line:
#   NAME|POD INTERFACES|vmnet up ARGUMENTS (relative to the repository)
# POD INTERFACES: eth0, eth0v6 (dual stack), or NAME:SUBNET for a secondary interface.
spec_examples() {
    local spec=Tests/Fixtures/spec
    cat <<LIST
pod-masquerade|eth0|$spec/pod-masquerade.yaml
masquerade-ports|eth0|$spec/masquerade-ports.yaml
model-e1000-ports|eth0|$spec/model-e1000-ports.yaml
masquerade-ipv6|eth0v6|$spec/masquerade-ipv6.yaml
multiqueue|eth0|$spec/multiqueue.yaml
multus-default|eth0|$spec/multus-default.yaml $spec/nad-macvlan-test.yaml
bridge-multus|net1:250|$spec/bridge-multus.yaml
multus-ovs|eth0 net1:250|$spec/multus-ovs.yaml $spec/nad-ovs-vlan-100.yaml
genie|eth0 eth1:249|--cni-conf-dir Tests/Fixtures/cni/genie $spec/genie.yaml
LIST
}

# make_pod NAME INTERFACE…: the pod NAME and NAME-out.
make_pod() {
    local ns=$1 out=$1-out offset=0 interface
    shift
    ip netns add "$ns"
    ip netns add "$out"
    for n in "$ns" "$out"; do
        ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    done
    ip -n "$out" link set lo up
    for interface in "$@"; do
        local name=${interface%%:*} peer=peer$offset
        offset=$((offset + 1))
        case $interface in
        eth0 | eth0v6)
            ip -n "$ns" link add eth0 mtu 1500 type veth peer name "$peer" mtu 1500 netns "$out"
            ip -n "$out" link set "$peer" up
            ip -n "$ns" link set eth0 up
            ip -n "$ns" address add 10.244.0.5/24 brd + dev eth0
            ip -n "$out" address add 10.244.0.1/24 dev "$peer"
            ip -n "$ns" route add default via 10.244.0.1 dev eth0
            ip -n "$ns" route add 192.168.7.0/24 via 10.244.0.1 dev eth0 metric 7
            if [ "$interface" = eth0v6 ]; then
                ip -n "$ns" address add fd00:10:244::5/64 dev eth0 nodad
                ip -n "$out" address add fd00:10:244::1/64 dev "$peer" nodad
                ip -n "$ns" -6 route add default via fd00:10:244::1 dev eth0
            fi
            ;;
        *)
            local subnet=${interface#*:}
            ip -n "$ns" link add "$name" mtu 1450 type veth peer name "$peer" mtu 1450 netns "$out"
            ip -n "$out" link set "$peer" up
            ip -n "$ns" link set "$name" up
            ip -n "$ns" address add "10.$subnet.0.2/24" brd + dev "$name"
            ip -n "$out" address add "10.$subnet.0.1/24" dev "$peer"
            ;;
        esac
    done
    # The kernel makes a namespace's tables on first use; made now, an empty table reads the same before and after.
    ip netns exec "$ns" iptables-legacy -t nat -S > /dev/null
    ip netns exec "$ns" ip6tables-legacy -t nat -S > /dev/null
}

# delete_pod NAME
delete_pod() {
    ip netns del "$1" 2> /dev/null || true
    ip netns del "$1-out" 2> /dev/null || true
}

# snapshot NAME: everything vmnet may change in the pod, without counters, sorted (the kernel lists routes made
# again in another order).
snapshot() {
    local ns=$1
    {
        ip -n "$ns" -d link show | sed 's/^[0-9]*: //'
        ip -n "$ns" address show | grep -v 'valid_lft'
        ip -n "$ns" route show table all
        ip -n "$ns" -6 route show table all
        ip netns exec "$ns" iptables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
        ip netns exec "$ns" ip6tables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
        ip netns exec "$ns" sh -c 'grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/all/forwarding /proc/sys/net/ipv4/conf/*/route_localnet'
    } | sort
}

# counts NAME: "links L addresses A routes R rules N" in the pod (rules: -A lines of both families, all tables).
counts() {
    local ns=$1
    printf 'links %s addresses %s routes %s rules %s' \
        "$(ip -n "$ns" -o link show | wc -l)" \
        "$(ip -n "$ns" -o address show | wc -l)" \
        "$( (ip -n "$ns" route show table all; ip -n "$ns" -6 route show table all) | wc -l)" \
        "$( (ip netns exec "$ns" iptables-legacy-save; ip netns exec "$ns" ip6tables-legacy-save) | grep -c '^-A' || true)"
}

# matches_baseline NAME FILE: whether the pod reads as FILE again, waiting up to 3 s (the kernel gives a link
# back its IPv6 link-local address a moment after it comes up); prints the difference when it does not.
matches_baseline() {
    local now
    for _ in $(seq 30); do
        now=$(snapshot "$1")
        [ "$now" = "$(cat "$2")" ] && return 0
        sleep 0.1
    done
    diff -u "$2" <(printf '%s\n' "$now") >&2 || true
    return 1
}

# rss_kib PID, fds PID, threads PID: of a running process.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# serve_pod POD GUEST STATE WORK: the masquerade example wired into a new pod POD, `vmnet serve` for it in the
# background (its pid in serve_pid, its output in WORK/serve.log, DNS from WORK/resolv.conf), and a guest namespace
# GUEST on its bridge k6t-eth0. Returns once the daemon serves; WORK/udhcpc.sh is a udhcpc script that writes the
# address it is bound to in WORK/lease. Uses $vmnet.
serve_pod() {
    local pod=$1 guest=$2 state=$3 work=$4
    make_pod "$pod" eth0
    "$vmnet" up --netns "$pod" --state-dir "$state" Tests/Fixtures/spec/pod-masquerade.yaml > /dev/null
    printf 'nameserver 10.96.0.10\nsearch default.svc.cluster.local\n' > "$work/resolv.conf"
    "$vmnet" serve --netns "$pod" --state-dir "$state" --resolv-conf "$work/resolv.conf" > "$work/serve.log" 2>&1 &
    serve_pid=$!
    ip netns add "$guest"
    ip -n "$pod" link add guest0 type veth peer name eth0 netns "$guest"
    ip -n "$pod" link set guest0 master k6t-eth0 up
    ip -n "$guest" link set eth0 up
    printf '#!/bin/sh\n[ "$1" = bound ] && echo "$ip" > %s/lease\nexit 0\n' "$work" > "$work/udhcpc.sh"
    chmod +x "$work/udhcpc.sh"
    for _ in $(seq 50); do grep -q '^serving DHCP' "$work/serve.log" && return 0; sleep 0.1; done
    cat "$work/serve.log" >&2
    echo "vmnet serve did not start" >&2
    return 1
}

# guest_lease GUEST WORK: a real DHCP client (busybox udhcpc, WORK/udhcpc.sh of serve_pod) in GUEST; prints the
# address it was leased, and fails when it got none within 10 s.
guest_lease() {
    rm -f "$2/lease"
    ip netns exec "$1" timeout 10 udhcpc -i eth0 -n -q -f -t 3 -T 1 -s "$2/udhcpc.sh" > /dev/null 2>&1 && cat "$2/lease"
}

# release_bin: the folder of the release build of vmnet, vmnet-dhcpd and the plugins (VMNET_BIN to name another).
release_bin() {
    if [ -n "${VMNET_BIN:-}" ]; then echo "$VMNET_BIN"; return; fi
    local output
    if ! output=$(swift build -c release 2>&1); then echo "$output" >&2; return 1; fi
    swift build -c release --show-bin-path
}

# shape NAME: the snapshot without what differs between two wirings of one pod (the MAC the kernel gives a new tap,
# and the IPv6 link-local addresses and routes made from new links' MACs); -d link details by name, masters kept.
shape() {
    local ns=$1
    {
        ip -n "$ns" -o -d link show | sed 's/^[0-9]*: //; s/ qlen [0-9]*//; s/[a-z_]*_timer *[0-9.]*//g' | awk '$1 ~ /^tap/ { sub(/link\/ether [0-9a-f:]+/, "link/ether ?") } { print }'
        ip -n "$ns" -o address show | awk '!/ fe80:/ { $1 = ""; print }' | sed 's/valid_lft.*//'
        ip -n "$ns" route show table all
        ip -n "$ns" -6 route show table all | awk '!/fe80:|ff00:/'
        ip netns exec "$ns" iptables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
        ip netns exec "$ns" ip6tables-legacy-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
        ip netns exec "$ns" sh -c 'grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/all/forwarding /proc/sys/net/ipv4/conf/*/route_localnet'
    } | sort
}
