#!/usr/bin/env bash
# Wiring and unwiring a pod, as whole processes: `vmnet up` then `vmnet down` of a masquerade binding with 1, 100
# and 1000 forwarded ports, and of a 4-interface VM (masquerade on eth0, bridge on net1..net3), side by side in
# one hyperfine run per case with the same steps done by
#   (a) per-step  a shell script, one ip / sysctl / iptables-legacy command per step and per NAT rule
#   (b) restore   the same ip / sysctl commands, and all NAT rules in one iptables-legacy-restore (and one to undo)
# Every command is a pair, up then down, that leaves the pod as it found it; the script checks that, and that the
# three ways make the same nat table. Then it prints the table (wall time and CPU time, user + system, which other
# load on the machine disturbs less), the ratios, the cost per port, and the peak memory (max RSS) of each process.
#
#   sudo bench/apply/run.sh [RUNS]        RUNS per command, default 10 (per-step at 1000 ports: 1, it takes minutes)
#   VMNET=path/to/vmnet sudo bench/apply/run.sh   to measure a vmnet already built (release) instead of building
#   STATE_DIR=/run sudo bench/apply/run.sh         to keep the journals elsewhere than in /dev/shm
# The journals go to tmpfs (/dev/shm) by default, as /run/vmnet is on a node (/run is tmpfs under systemd): a journal
# is written, with fsync, before each step, and on a disk each fsync costs a millisecond or more.
# Results go to bench/apply/RESULTS.md by hand: this script prints, it does not edit.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
source bench/apply/prelude.sh

# The pod, as a CNI leaves it: eth0 10.244.0.5/24 via 10.244.0.1 (MTU 1500); net1..net3 10.25K.0.2/24 (MTU 1450).
pod_link() { # NAME MTU ADDRESS GATEWAY
    ip -n $ns link add "$1" mtu "$2" type veth peer name "p-$1" mtu "$2" netns $ns-out
    ip -n $ns-out link set "p-$1" up
    ip -n $ns-out address add "$4/24" dev "p-$1"
    ip -n $ns link set "$1" up
    ip -n $ns address add "$3/24" brd + dev "$1"
}
pod_link eth0 1500 10.244.0.5 10.244.0.1
ip -n $ns route add default via 10.244.0.1
for k in 1 2 3; do pod_link net$k 1450 10.25$k.0.2 10.25$k.0.1; done
declare -A mac
for k in 1 2 3; do mac[$k]=$(ip netns exec $ns cat /sys/class/net/net$k/address); done

snapshot() { # sorted: the kernel lists routes made again in a new order
    { $ipn -d link; $ipn address; $ipn route show table all; $ipn -6 route show table all
      $nsx iptables-legacy-save -t nat | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'
      $nsx sysctl net.ipv4.ip_forward; } | sort
}
snapshot >"$work/baseline"
check_baseline() { # the kernel gives a link back its IPv6 link-local address up to a second after it comes up
    for _ in $(seq 30); do snapshot >"$work/now"; cmp -s "$work/baseline" "$work/now" && return; sleep 0.1; done
    diff -u "$work/baseline" "$work/now" >&2 || true
    echo "run.sh: $1 did not leave the pod as it found it" >&2
    exit 1
}

# Manifests: masquerade with PORTS forwarded (none: every port), and the 4-interface VM.
masquerade_manifest() { # NAME PORTS
    printf 'kind: VM\nmetadata:\n  name: %s\nspec:\n  domain:\n    devices:\n      interfaces:\n        - name: default\n          masquerade: {}\n' "$1"
    if [ "$2" -gt 0 ]; then
        echo "          ports:"
        for ((p = 0; p < $2; p++)); do echo "            - port: $((10000 + p))"; done
    fi
    printf '  networks:\n  - name: default\n    pod: {}\n'
}
four_manifest() {
    printf 'kind: VM\nmetadata:\n  name: four\nspec:\n  domain:\n    devices:\n      interfaces:\n'
    printf '        - name: default\n          masquerade: {}\n'
    for color in red green blue; do printf '        - name: %s\n          bridge: {}\n' $color; done
    printf '  networks:\n  - name: default\n    pod: {}\n'
    for color in red green blue; do printf '  - name: %s\n    multus:\n      networkName: %s\n' $color $color; done
}

# The steps of the plans (reference §3.1, §3.2), one command each, and their undo, last step first.
masquerade_rules() { # PORTS (0: every port) -> the NAT rules in plan order, as iptables arguments after -t nat
    echo "-A POSTROUTING -s 10.0.2.2 -j MASQUERADE"
    echo "-A PREROUTING -i eth0 -j KUBEVIRT_PREINBOUND"
    echo "-A POSTROUTING -o k6t-eth0 -j KUBEVIRT_POSTINBOUND"
    if [ "$1" -eq 0 ]; then
        echo "-A KUBEVIRT_PREINBOUND -j DNAT --to-destination 10.0.2.2"
        echo "-A KUBEVIRT_POSTINBOUND -s 127.0.0.1 -j SNAT --to-source 10.0.2.1"
        echo "-A OUTPUT -d 127.0.0.1 -j DNAT --to-destination 10.0.2.2"
    fi
    for ((p = 0; p < $1; p++)); do
        echo "-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport $((10000 + p)) -j DNAT --to-destination 10.0.2.2"
        echo "-A KUBEVIRT_POSTINBOUND -s 127.0.0.1 -p tcp -m tcp --dport $((10000 + p)) -j SNAT --to-source 10.0.2.1"
        echo "-A OUTPUT -d 127.0.0.1 -p tcp -m tcp --dport $((10000 + p)) -j DNAT --to-destination 10.0.2.2"
    done
}
masquerade_links_up() {
    echo "$ipn link add k6t-eth0 address 02:00:00:00:00:00 mtu 1500 type bridge"
    echo "$ipn address add 10.0.2.1/24 dev k6t-eth0"
    echo "$nsx sysctl -qw net.ipv4.ip_forward=1"
    echo "$nsx sysctl -qw net.ipv4.conf.k6t-eth0.route_localnet=1"
    echo "$ipn tuntap add dev tap0 mode tap vnet_hdr"
    echo "$ipn link set tap0 mtu 1500"
    echo "$ipn link set tap0 master k6t-eth0"
    echo "$ipn link set tap0 up"
    echo "$ipn link set k6t-eth0 up"
}
masquerade_links_down() {
    echo "$ipn link set k6t-eth0 down"
    echo "$ipn link set tap0 down"
    echo "$ipn link set tap0 nomaster"
    echo "$ipn link del tap0"
    echo "$nsx sysctl -qw net.ipv4.conf.k6t-eth0.route_localnet=0"
    echo "$nsx sysctl -qw net.ipv4.ip_forward=0"
    echo "$ipn address del 10.0.2.1/24 dev k6t-eth0"
    echo "$ipn link del k6t-eth0"
}
nat_per_rule_up() { # PORTS
    echo "$nsx iptables-legacy -t nat -N KUBEVIRT_PREINBOUND"
    echo "$nsx iptables-legacy -t nat -N KUBEVIRT_POSTINBOUND"
    masquerade_rules "$1" | sed "s|^|$nsx iptables-legacy -t nat |"
}
nat_per_rule_down() { # PORTS
    masquerade_rules "$1" | tac | sed "s|^-A |$nsx iptables-legacy -t nat -D |"
    echo "$nsx iptables-legacy -t nat -X KUBEVIRT_PREINBOUND"
    echo "$nsx iptables-legacy -t nat -X KUBEVIRT_POSTINBOUND"
}
nat_restore_up() { # PORTS FILE
    { echo "*nat"; echo ":KUBEVIRT_PREINBOUND - [0:0]"; echo ":KUBEVIRT_POSTINBOUND - [0:0]"; masquerade_rules "$1"; echo COMMIT; } >"$2"
    echo "$nsx iptables-legacy-restore --noflush <$2"
}
nat_restore_down() { # PORTS FILE
    { echo "*nat"; masquerade_rules "$1" | tac | sed 's/^-A /-D /'; echo "-X KUBEVIRT_PREINBOUND"; echo "-X KUBEVIRT_POSTINBOUND"; echo COMMIT; } >"$2"
    echo "$nsx iptables-legacy-restore --noflush <$2"
}
bridge_up() { # K: bridge binding of netK, the K-th interface after the masquerade one
    echo "$ipn link add k6t-net$1 mtu 1450 type bridge"
    echo "$ipn link set net$1 down"
    echo "$ipn address del 10.25$1.0.2/24 dev net$1"
    echo "$ipn link set net$1 address 02:00:00:00:0$1:01"
    echo "$ipn link set net$1 master k6t-net$1"
    echo "$ipn link set net$1 type bridge_slave learning off"
    echo "$ipn link set net$1 up"
    echo "$ipn address add 169.254.75.1$1/32 dev k6t-net$1"
    echo "$ipn tuntap add dev tap$1 mode tap vnet_hdr"
    echo "$ipn link set tap$1 mtu 1450"
    echo "$ipn link set tap$1 master k6t-net$1"
    echo "$ipn link set tap$1 up"
    echo "$ipn link set k6t-net$1 up"
}
bridge_down() { # K
    echo "$ipn link set k6t-net$1 down"
    echo "$ipn link set tap$1 down"
    echo "$ipn link set tap$1 nomaster"
    echo "$ipn link del tap$1"
    echo "$ipn address del 169.254.75.1$1/32 dev k6t-net$1"
    echo "$ipn link set net$1 down"
    echo "$ipn link set net$1 type bridge_slave learning on"
    echo "$ipn link set net$1 nomaster"
    echo "$ipn link set net$1 address ${mac[$1]}"
    echo "$ipn address add 10.25$1.0.2/24 brd + dev net$1"
    echo "$ipn link set net$1 up"
    echo "$ipn link del k6t-net$1"
}

# Writes CASE.yaml and the four scripts of a case: masquerade with PORTS, plus the bridges when FOUR=1.
make_case() { # ID PORTS FOUR
    local dir=$work/$1 ports=$2 four=$3
    mkdir -p "$dir"
    if [ "$four" = 1 ]; then four_manifest >"$dir/vm.yaml"; else masquerade_manifest "bench-$1" "$ports" >"$dir/vm.yaml"; fi
    { masquerade_links_up; nat_per_rule_up "$ports"; [ "$four" = 1 ] && for k in 1 2 3; do bridge_up $k; done; true; } >"$dir/a-up.sh"
    { [ "$four" = 1 ] && for k in 3 2 1; do bridge_down $k; done; nat_per_rule_down "$ports"; masquerade_links_down; } >"$dir/a-down.sh"
    { masquerade_links_up; nat_restore_up "$ports" "$dir/nat-up.txt"; [ "$four" = 1 ] && for k in 1 2 3; do bridge_up $k; done; true; } >"$dir/b-up.sh"
    { [ "$four" = 1 ] && for k in 3 2 1; do bridge_down $k; done; nat_restore_down "$ports" "$dir/nat-down.txt"; masquerade_links_down; } >"$dir/b-down.sh"
    for script in a-up a-down b-up b-down; do sed -i '1i set -e' "$dir/$script.sh"; done
}

nat() { $nsx iptables-legacy-save -t nat | grep '^-A' | sort; }
state="--netns $ns --state-dir $journals"
# These scripts make the legacy nat table, so vmnet makes it too (nat-backends.sh compares the two backends).
iptables="--nat-backend iptables"
peak() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null; cat "$work/rss"; }

results=$work/results.csv
echo "case,method,mean,stddev,user,system,runs,rss_up,rss_down" >"$results"
measure() { # ID LABEL PORTS FOUR
    local case=$2 dir=$work/$1 pair_runs=$runs a_runs=$runs
    make_case "$1" "$3" "$4"
    [ "$3" -ge 1000 ] && a_runs=1
    # The three ways make the same NAT rules; each leaves the pod as it found it.
    "$vmnet" up $iptables $state "$dir/vm.yaml" >/dev/null; nat >"$dir/nat-vmnet"; "$vmnet" down $state >/dev/null
    bash "$dir/a-up.sh"; nat >"$dir/nat-a"; bash "$dir/a-down.sh"
    bash "$dir/b-up.sh"; nat >"$dir/nat-b"; bash "$dir/b-down.sh"
    cmp -s "$dir/nat-vmnet" "$dir/nat-a" && cmp -s "$dir/nat-vmnet" "$dir/nat-b" ||
        { diff "$dir/nat-vmnet" "$dir/nat-a" >&2; echo "run.sh: $case: the scripts do not make vmnet's NAT rules" >&2; exit 1; }
    check_baseline "$case"
    # Peak memory of each process: vmnet's own, and the largest command of each script.
    local vu vd au ad bu bd
    vu=$(peak "$vmnet" up $iptables $state "$dir/vm.yaml"); vd=$(peak "$vmnet" down $state)
    au=$(peak bash "$dir/a-up.sh"); ad=$(peak bash "$dir/a-down.sh")
    bu=$(peak bash "$dir/b-up.sh"); bd=$(peak bash "$dir/b-down.sh")
    check_baseline "$case"
    hyperfine --warmup 1 --runs "$pair_runs" --style none --export-csv "$dir/pairs.csv" \
        -n vmnet "$vmnet up $iptables $state $dir/vm.yaml >/dev/null && $vmnet down $state >/dev/null" \
        -n restore "bash $dir/b-up.sh && bash $dir/b-down.sh" >/dev/null
    hyperfine --runs "$a_runs" --style none --export-csv "$dir/per-step.csv" \
        -n per-step "bash $dir/a-up.sh && bash $dir/a-down.sh" >/dev/null
    check_baseline "$case"
    awk -F, -v c="$case" -v r="$pair_runs" -v ra="$a_runs" -v vu="$vu" -v vd="$vd" -v au="$au" -v ad="$ad" -v bu="$bu" -v bd="$bd" '
        FNR == 1 { next }
        { up = $1 == "vmnet" ? vu : $1 == "restore" ? bu : au; down = $1 == "vmnet" ? vd : $1 == "restore" ? bd : ad
          printf "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", c, $1, $2, $3, $5, $6, ($1 == "per-step" ? ra : r), up, down }' \
        "$dir/pairs.csv" "$dir/per-step.csv" >>"$results"
    # vmnet alone, up and down apart: each measured with the other as its untimed preparation.
    hyperfine --runs "$pair_runs" --style none --export-csv "$dir/apart.csv" \
        --prepare "$vmnet down $state" -n up "$vmnet up $iptables $state $dir/vm.yaml" \
        --prepare "$vmnet up $iptables $state $dir/vm.yaml" -n down "$vmnet down $state" >/dev/null
    "$vmnet" down $state >/dev/null
    check_baseline "$case"
    awk -F, -v c="$case" 'FNR > 1 { printf "%s,vmnet %s,%s,%s,%s,%s,,,\n", c, $1, $2, $3, $5, $6 }' "$dir/apart.csv" >>"$results"
}

measure 1 "1 port" 1 0
measure 100 "100 ports" 100 0
measure 1000 "1000 ports" 1000 0
measure four "4 interfaces" 0 1

awk -F, '
    NR == 1 { next }
    { key = $1 SUBSEP $2; mean[key] = $3 * 1000; sd[key] = $4 * 1000; cpu[key] = ($5 + $6) * 1000; n[key] = $7
      rssu[key] = $8; rssd[key] = $9; if (!($1 in seen)) { seen[$1] = 1; cases[++count] = $1 } }
    END {
        printf "\n| case | vmnet up+down | (b) restore | (a) per-step | (a) / vmnet | (b) / vmnet | vmnet up | vmnet down |\n"
        printf "|---|---|---|---|---|---|---|---|\n"
        for (i = 1; i <= count; i++) {
            c = cases[i]; v = c SUBSEP "vmnet"; b = c SUBSEP "restore"; a = c SUBSEP "per-step"
            printf "| %s | %.1f ± %.1f ms (CPU %.1f) | %.1f ± %.1f ms (CPU %.1f) | %.0f ms (CPU %.0f, %d run%s) | %.1f× | %.2f× | %.1f ms | %.1f ms |\n",
                c, mean[v], sd[v], cpu[v], mean[b], sd[b], cpu[b], mean[a], cpu[a], n[a], n[a] == 1 ? "" : "s",
                mean[a] / mean[v], mean[b] / mean[v], mean[c SUBSEP "vmnet up"], mean[c SUBSEP "vmnet down"]
        }
        printf "\npeak memory (max RSS, KiB; for the scripts, their largest command):\n\n| case | vmnet up | vmnet down | (a) up | (a) down | (b) up | (b) down |\n|---|---|---|---|---|---|---|\n"
        for (i = 1; i <= count; i++) {
            c = cases[i]
            printf "| %s | %s | %s | %s | %s | %s | %s |\n", c, rssu[c SUBSEP "vmnet"], rssd[c SUBSEP "vmnet"],
                rssu[c SUBSEP "per-step"], rssd[c SUBSEP "per-step"], rssu[c SUBSEP "restore"], rssd[c SUBSEP "restore"]
        }
        one = "1 port"; hundred = "100 ports"; thousand = "1000 ports"
        printf "\ncost per forwarded port (from 100 to 1000 ports; from 1 to 100): vmnet %.3f ms (%.3f), (b) restore %.3f ms (%.3f), (a) per-step %.1f ms (%.1f)\n",
            (mean[thousand SUBSEP "vmnet"] - mean[hundred SUBSEP "vmnet"]) / 900, (mean[hundred SUBSEP "vmnet"] - mean[one SUBSEP "vmnet"]) / 99,
            (mean[thousand SUBSEP "restore"] - mean[hundred SUBSEP "restore"]) / 900, (mean[hundred SUBSEP "restore"] - mean[one SUBSEP "restore"]) / 99,
            (mean[thousand SUBSEP "per-step"] - mean[hundred SUBSEP "per-step"]) / 900, (mean[hundred SUBSEP "per-step"] - mean[one SUBSEP "per-step"]) / 99
    }' "$results"
echo
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), vmnet $("$vmnet" --version)," \
    "journals on $(df --output=fstype "$journals" | tail -1)"
