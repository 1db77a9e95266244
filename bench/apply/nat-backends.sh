#!/usr/bin/env bash
# The two NAT backends against `nft -f`: `vmnet up` then `vmnet down` of a masquerade binding with 1, 100 and 1000
# forwarded ports, as whole processes, side by side in one hyperfine run per case:
#   nftables   vmnet up --nat-backend nftables, vmnet down
#   nft -f     the same ip / sysctl commands as vmnet's steps, and all NAT rules in one `nft -f` script (KubeVirt's
#              `nft` commands, reference §3.2), undone by one `nft -f` deleting the table
#   iptables   vmnet up --nat-backend iptables, vmnet down
# Each pair leaves the pod as it found it (checked), and vmnet's nftables ruleset is the script's (checked).
#
#   sudo bench/apply/nat-backends.sh [RUNS]      RUNS per command, default 10
#   VMNET=path/to/vmnet sudo bench/apply/nat-backends.sh   to measure a vmnet already built (release)
# Journals go to tmpfs (/dev/shm), as /run/vmnet is on a node. Results go to RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
source bench/apply/prelude.sh

# The pod, as a CNI leaves it: eth0 10.244.0.5/24 via 10.244.0.1 (MTU 1500).
ip -n $ns link add eth0 type veth peer name p-eth0 netns $ns-out
ip -n $ns-out link set p-eth0 up
ip -n $ns-out address add 10.244.0.1/24 dev p-eth0
ip -n $ns link set eth0 up
ip -n $ns address add 10.244.0.5/24 brd + dev eth0
ip -n $ns route add default via 10.244.0.1
# The kernel adds eth0's link-local address and its local route a moment after the link comes up.
for _ in $(seq 50); do ip -n $ns -6 route show table local | grep -q '^local fe80' && break; sleep 0.1; done

snapshot() {
    { $ipn -d link; $ipn address; $ipn route show table all; $nsx nft -s list ruleset
      $nsx iptables-legacy-save -t nat | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'; $nsx sysctl net.ipv4.ip_forward; } | sort
}
snapshot >"$work/baseline"
check_baseline() {
    for _ in $(seq 30); do snapshot >"$work/now"; cmp -s "$work/baseline" "$work/now" && return; sleep 0.1; done
    diff -u "$work/baseline" "$work/now" >&2 || true
    echo "nat-backends.sh: $1 did not leave the pod as it found it" >&2
    exit 1
}

masquerade_manifest() { # PORTS
    printf 'kind: VM\nmetadata:\n  name: bench-nat\nspec:\n  domain:\n    devices:\n      interfaces:\n        - name: default\n          masquerade: {}\n          ports:\n'
    for ((p = 0; p < $1; p++)); do echo "            - port: $((10000 + p))"; done
    printf '  networks:\n  - name: default\n    pod: {}\n'
}
# KubeVirt's commands (reference §3.2), one file: nft applies it as one transaction.
nft_up() { # PORTS
    echo "add table ip nat"
    echo "add chain ip nat prerouting { type nat hook prerouting priority -100; }"
    echo "add chain ip nat input { type nat hook input priority 100; }"
    echo "add chain ip nat output { type nat hook output priority -100; }"
    echo "add chain ip nat postrouting { type nat hook postrouting priority 100; }"
    echo "add chain ip nat KUBEVIRT_PREINBOUND"
    echo "add chain ip nat KUBEVIRT_POSTINBOUND"
    echo "add rule ip nat postrouting ip saddr 10.0.2.2 counter masquerade"
    echo "add rule ip nat prerouting iifname eth0 counter jump KUBEVIRT_PREINBOUND"
    echo "add rule ip nat postrouting oifname k6t-eth0 counter jump KUBEVIRT_POSTINBOUND"
    for ((p = 10000; p < 10000 + $1; p++)); do
        echo "add rule ip nat KUBEVIRT_PREINBOUND tcp dport { $p } counter dnat to 10.0.2.2"
        echo "add rule ip nat KUBEVIRT_POSTINBOUND tcp dport $p ip saddr { 127.0.0.1 } counter snat to 10.0.2.1"
        echo "add rule ip nat output ip daddr { 127.0.0.1 } tcp dport $p counter dnat to 10.0.2.2"
    done
}
script_up() { # DIR: vmnet's link and sysctl steps, then the rules
    cat <<STEPS
set -e
$ipn link add k6t-eth0 address 02:00:00:00:00:00 mtu 1500 type bridge
$ipn address add 10.0.2.1/24 dev k6t-eth0
$nsx sysctl -qw net.ipv4.ip_forward=1
$nsx sysctl -qw net.ipv4.conf.k6t-eth0.route_localnet=1
$ipn tuntap add dev tap0 mode tap vnet_hdr
$ipn link set tap0 mtu 1500
$ipn link set tap0 master k6t-eth0
$ipn link set tap0 up
$ipn link set k6t-eth0 up
$nsx nft -f $1/up.nft
STEPS
}
script_down() { # DIR
    cat <<STEPS
set -e
$nsx nft -f $1/down.nft
$ipn link set k6t-eth0 down
$ipn link set tap0 down
$ipn link set tap0 nomaster
$ipn link del tap0
$nsx sysctl -qw net.ipv4.conf.k6t-eth0.route_localnet=0
$nsx sysctl -qw net.ipv4.ip_forward=0
$ipn address del 10.0.2.1/24 dev k6t-eth0
$ipn link del k6t-eth0
STEPS
}

state="--netns $ns --state-dir $journals"
results=$work/results.csv
echo "case,method,mean,stddev,user,system" >"$results"
measure() { # PORTS
    local dir=$work/$1 case="$1 port$([ "$1" = 1 ] || echo s)"
    mkdir -p "$dir"
    masquerade_manifest "$1" >"$dir/vm.yaml"
    nft_up "$1" >"$dir/up.nft"
    echo "delete table ip nat" >"$dir/down.nft"
    script_up "$dir" >"$dir/up.sh"
    script_down "$dir" >"$dir/down.sh"
    # The same ruleset both ways; each pair leaves the pod as it found it.
    "$vmnet" up --nat-backend nftables $state "$dir/vm.yaml" >/dev/null; $nsx nft -s list ruleset >"$dir/vmnet.nft"
    "$vmnet" down $state >/dev/null
    bash "$dir/up.sh"; $nsx nft -s list ruleset >"$dir/script.nft"; bash "$dir/down.sh"
    cmp -s "$dir/vmnet.nft" "$dir/script.nft" ||
        { diff "$dir/vmnet.nft" "$dir/script.nft" >&2; echo "nat-backends.sh: $case: nft -f does not make vmnet's ruleset" >&2; exit 1; }
    check_baseline "$case"
    hyperfine --warmup 1 --runs "$runs" --style none --export-csv "$dir/pairs.csv" \
        -n nftables "$vmnet up --nat-backend nftables $state $dir/vm.yaml >/dev/null && $vmnet down $state >/dev/null" \
        -n "nft -f" "bash $dir/up.sh && bash $dir/down.sh" \
        -n iptables "$vmnet up --nat-backend iptables $state $dir/vm.yaml >/dev/null && $vmnet down $state >/dev/null" >/dev/null
    check_baseline "$case"
    awk -F, -v c="$case" 'FNR > 1 { printf "%s,%s,%s,%s,%s,%s\n", c, $1, $2, $3, $5, $6 }' "$dir/pairs.csv" >>"$results"
}

measure 1
measure 100
measure 1000

awk -F, '
    NR == 1 { next }
    { key = $1 SUBSEP $2; mean[key] = $3 * 1000; sd[key] = $4 * 1000; cpu[key] = ($5 + $6) * 1000
      if (!($1 in seen)) { seen[$1] = 1; cases[++count] = $1 } }
    END {
        printf "\n| case | vmnet nftables | nft -f | vmnet iptables | nft -f / nftables | iptables / nftables |\n"
        printf "|---|---|---|---|---|---|\n"
        for (i = 1; i <= count; i++) {
            c = cases[i]; n = c SUBSEP "nftables"; f = c SUBSEP "nft -f"; t = c SUBSEP "iptables"
            printf "| %s | %.1f ± %.1f ms (CPU %.1f) | %.1f ± %.1f ms (CPU %.1f) | %.1f ± %.1f ms (CPU %.1f) | %.2f× | %.2f× |\n",
                c, mean[n], sd[n], cpu[n], mean[f], sd[f], cpu[f], mean[t], sd[t], cpu[t], mean[f] / mean[n], mean[t] / mean[n]
        }
    }' "$results"
