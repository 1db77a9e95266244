#!/usr/bin/env bash
# A guest's DHCPv4 lease from vmnet's server against dnsmasq, side by side in one run: the same pod (masquerade
# binding wired by `vmnet up`), the same bridge k6t-eth0, the same lease (10.0.2.2/24, router 10.0.2.1, DNS
# 10.96.0.10), the same client (busybox udhcpc in a "guest" namespace whose veth is a port of k6t-eth0).
#
# Per lease it records (a) DISCOVER → ACK: from udhcpc's "broadcasting discover" line to its "lease of … obtained" line,
# each stamped by the shell as it arrives, and (b) the wall time of the whole udhcpc call (process start, script
# runs, exit). The two servers take turns in ROUNDS blocks (vmnet, dnsmasq, vmnet, …) so drift in the load of the
# machine falls on both alike; each block starts a fresh server, whose first lease is reported apart (a VM booting
# in a new pod). Then it prints median, p90 and mean of each, and each server's resident memory (VmRSS, VmHWM, and
# the anonymous / file-backed split of VmRSS) right after its first start and after the leases of its last block.
#
#   sudo bench/dhcp/run.sh [RUNS] [ROUNDS]   RUNS leases per server (default 30), in ROUNDS blocks (default 3)
#   VMNET=path/to/vmnet sudo bench/dhcp/run.sh   to measure a vmnet already built (release) instead of building
#   KEEP=DIR sudo bench/dhcp/run.sh              to keep the raw times (results.csv) and the servers' and udhcpc's logs
# Results go to bench/dhcp/RESULTS.md by hand: this script prints, it does not edit.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}
rounds=${2:-3}
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
command -v udhcpc >/dev/null || { echo "run.sh: udhcpc is missing: apt-get install udhcpc" >&2; exit 1; }
command -v ethtool >/dev/null || { echo "run.sh: ethtool is missing: apt-get install ethtool" >&2; exit 1; }
command -v dnsmasq >/dev/null || { echo "run.sh: dnsmasq is missing: apt-get install dnsmasq-base" >&2; exit 1; }
[ $((runs % rounds)) = 0 ] || { echo "run.sh: RUNS ($runs) must be a multiple of ROUNDS ($rounds)" >&2; exit 1; }

vmnet=${VMNET:-}
if [ -z "$vmnet" ]; then
    if ! output=$(swift build -c release 2>&1); then echo "$output" >&2; exit 1; fi
    vmnet=$(swift build -c release --show-bin-path)/vmnet
fi

pod=vmnet-bench-dhcp-$$
node=$pod-node
guest=$pod-guest
work=$(mktemp -d /tmp/vmnet-bench-dhcp.XXXXXX)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -d "$work/state" ] && "$vmnet" down --netns $pod --state-dir "$work/state" >/dev/null 2>&1
    for n in $guest $node $pod; do ip netns del $n 2>/dev/null; done
    [ -n "${KEEP:-}" ] && cp "$work"/*.csv "$work"/*.log "$KEEP"/
    rm -rf "$work"
}
trap 'cleanup || true' EXIT

# The pod as a CNI leaves it (eth0 10.244.0.5/24 via 10.244.0.1, a veth to the node), wired by vmnet for a
# masquerade binding; then the guest: a veth whose pod end is a port of k6t-eth0, in place of the VM's tap.
for n in $pod $node $guest; do ip netns add $n; done
for n in $pod $node $guest; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip -n $pod link add eth0 type veth peer name veth-pod netns $node
ip -n $node link set veth-pod up
ip -n $node address add 10.244.0.1/24 dev veth-pod
ip -n $pod link set eth0 up
ip -n $pod address add 10.244.0.5/24 dev eth0
ip -n $pod route add default via 10.244.0.1
mkdir "$work/state"
"$vmnet" up --netns $pod --state-dir "$work/state" Tests/Fixtures/spec/pod-masquerade.yaml >"$work/up.log"
ip -n $pod link add vm0 type veth peer name eth0 netns $guest
ip -n $pod link set vm0 master k6t-eth0
ip -n $pod link set vm0 up
# Locally sent UDP leaves with its checksum unfinished (the NIC would finish it; a virtio guest is told to), which
# veth hands over as is: busybox udhcpc then drops dnsmasq's unicast OFFER and ACK as corrupt. A tap does not.
ip netns exec $pod ethtool -K vm0 tx off >/dev/null
ip -n $guest link set eth0 up
ip -n $guest link set lo up

# The client's script records what it was given, and configures nothing: every run starts from a bare eth0.
cat >"$work/udhcpc.sh" <<'EOF'
#!/bin/sh
[ "$1" = bound ] && env | grep -E '^(ip|subnet|router|dns|domain|search|lease|mtu|serverid|broadcast|hostname)=' | sort >"$LEASE_FILE"
exit 0
EOF
chmod +x "$work/udhcpc.sh"
printf 'nameserver 10.96.0.10\n' >"$work/resolv.conf"

# One lease: appends "server,discover_to_ack_us,wall_us" to the results; the lease's options to SERVER.lease.
lease() { # SERVER [TRIES]
    local start end discover= ack= line
    start=$EPOCHREALTIME
    while IFS= read -r line; do
        case $line in
            *"discover"*) [ -z "$discover" ] && discover=$EPOCHREALTIME ;;
            *"lease of "*" obtained"*) ack=$EPOCHREALTIME ;;
        esac
        echo "$EPOCHREALTIME $line" >>"$work/$1.udhcpc.log"
    done < <(LEASE_FILE="$work/$1.lease" ip netns exec $guest udhcpc -i eth0 -n -q -f -t "${2:-3}" -T 1 -s "$work/udhcpc.sh" 2>&1)
    end=$EPOCHREALTIME
    [ -n "$discover" ] && [ -n "$ack" ] || { tail -5 "$work/$1.udhcpc.log" >&2; echo "run.sh: no lease from $1" >&2; exit 1; }
    us() { echo $(( (${1/./} - ${2/./}) )); } # EPOCHREALTIME has 6 decimals: drop the dot to get microseconds
    echo "$1,$(us "$ack" "$discover"),$(us "$end" "$start")" >>"$work/results.csv"
}

# Memory of a process, in KiB: VmRSS VmHWM RssAnon RssFile.
memory() { awk '/^(VmRSS|VmHWM|RssAnon|RssFile):/ { v[$1] = $2 } END { print v["VmRSS:"], v["VmHWM:"], v["RssAnon:"], v["RssFile:"] }' /proc/"$1"/status; }

# Starts SERVER in the background, as in a fresh pod (dnsmasq without a lease file), and waits until it listens.
start_server() { # SERVER
    case $1 in
        # The log keeps every round: wait for this round's "serving" line, not an earlier one.
        vmnet) local served_before
               served_before=$(grep -c "serving DHCP in" "$work/vmnet.serve.log" 2>/dev/null || true)
               "$vmnet" serve --netns $pod --state-dir "$work/state" --resolv-conf "$work/resolv.conf" >>"$work/vmnet.serve.log" 2>&1 &
               server_pid=$!
               for _ in $(seq 500); do
                   (( $(grep -c "serving DHCP in" "$work/vmnet.serve.log" || true) > ${served_before:-0} )) && break
                   sleep 0.01
               done ;;
        dnsmasq) rm -f "$work/dnsmasq.leases"
                 ip netns exec $pod dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --port=0 \
                     --bind-interfaces --interface=k6t-eth0 --dhcp-range=10.0.2.2,10.0.2.2,255.255.255.0,infinite \
                     --dhcp-option=3,10.0.2.1 --dhcp-option=6,10.96.0.10 \
                     --dhcp-option-force=26,1500 --dhcp-option=12,pod-masquerade --dhcp-option=15,cluster.local \
                     --dhcp-option-force=119,cluster.local --dhcp-leasefile="$work/dnsmasq.leases" \
                     --pid-file= >>"$work/dnsmasq.log" 2>&1 &
                 server_pid=$!
                 sleep 0.3 ;;
    esac
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$1"*.log >&2; echo "run.sh: $1 did not start" >&2; exit 1; }
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

echo "server,discover_to_ack_us,wall_us" >"$work/results.csv"
declare -A started served libraries
per_round=$((runs / rounds))
for ((round = 1; round <= rounds; round++)); do
    for server in vmnet dnsmasq; do
        start_server $server
        [ $round = 1 ] && started[$server]=$(memory "$server_pid")
        [ $round = 1 ] && [ $server = vmnet ] && largest=$(awk '/^[0-9a-f]+-/ { file = $6 } /^Rss:/ && file ~ /\// { rss[file] += $2 }
            END { for (f in rss) print rss[f], f }' /proc/"$server_pid"/smaps | sort -rn | head -8 | awk '{ n = split($2, p, "/"); printf "%s%s %.1f MiB", (NR > 1 ? ", " : ""), p[n], $1 / 1024 }')
        [ $round = 1 ] && libraries[$server]=$(awk '$6 ~ /\.so/ { print $6 }' /proc/"$server_pid"/maps | sort -u | wc -l)
        # The first lease of a fresh server is kept apart: dnsmasq pings an address before it first offers it
        # (up to 3 s without an answer), so udhcpc gets more tries for it.
        lease $server 6 && sed -i "\$s/^$server,/$server first,/" "$work/results.csv"
        for ((i = 0; i < per_round; i++)); do lease $server; done
        served[$server]=$(memory "$server_pid")
        stop_server
    done
done

# Both handed out the same lease.
diff -u "$work/vmnet.lease" "$work/dnsmasq.lease" >"$work/lease.diff" || true

awk -F, -v runs="$runs" '
    NR == 1 { next }
    { n[$1]++; d[$1, n[$1]] = $2 / 1000; w[$1, n[$1]] = $3 / 1000; sd[$1] += $2 / 1000; sw[$1] += $3 / 1000 }
    function sortcol(s, a, col,   i, j, t, k) {
        for (i = 1; i <= n[s]; i++) a[i] = col == "d" ? d[s, i] : w[s, i]
        for (i = 2; i <= n[s]; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    }
    function median(a, m) { return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    function p90(a, m,   k) { k = int(0.9 * m + 0.999999); return a[k] }
    END {
        printf "| server | runs | DISCOVER→ACK median | p90 | mean | min | max | whole udhcpc call median | p90 | mean |\n"
        printf "|---|---|---|---|---|---|---|---|---|---|\n"
        split("vmnet,dnsmasq,vmnet first,dnsmasq first", order, ",")
        for (o = 1; o <= 4; o++) {
            s = order[o]; delete a; delete b
            sortcol(s, a, "d"); sortcol(s, b, "w")
            printf "| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms |\n", s, n[s],
                median(a, n[s]), p90(a, n[s]), sd[s] / n[s], a[1], a[n[s]], median(b, n[s]), p90(b, n[s]), sw[s] / n[s]
        }
    }' "$work/results.csv"

echo
echo "| server | when | VmRSS | VmHWM | RssAnon | RssFile |"
echo "|---|---|---|---|---|---|"
for server in vmnet dnsmasq; do
    for when in started served; do
        if [ $when = started ]; then read -r rss hwm anon file <<<"${started[$server]}"; label="after start"
        else read -r rss hwm anon file <<<"${served[$server]}"; label="after its $((per_round + 1)) leases of the last round"; fi
        awk -v s=$server -v l="$label" -v r="$rss" -v h="$hwm" -v a="$anon" -v f="$file" \
            'BEGIN { printf "| %s | %s | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB |\n", s, l, r / 1024, h / 1024, a / 1024, f / 1024 }'
    done
done
echo
echo "shared libraries mapped: vmnet serve ${libraries[vmnet]}, dnsmasq ${libraries[dnsmasq]};" \
    "peak RSS of \`vmnet --version\` (the process baseline, nothing served): $(/usr/bin/time -f %M "$vmnet" --version 2>&1 >/dev/null) KiB"
echo "largest files resident in vmnet serve: $largest"
echo
if [ -s "$work/lease.diff" ]; then echo "the leases differ (udhcpc's variables, vmnet then dnsmasq):"; cat "$work/lease.diff"
else echo "same lease from both (udhcpc's variables):"; tr '\n' ' ' <"$work/vmnet.lease"; echo; fi
echo
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), vmnet $("$vmnet" --version)," \
    "$(dnsmasq --version | head -1), busybox $(busybox 2>&1 | head -1 | awk '{print $2}')"
