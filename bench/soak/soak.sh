#!/usr/bin/env bash
# Soak: CYCLES rounds of `vmnet up` + `vmnet down` of every spec example that wires a pod (pods.sh: spec_examples),
# each in its own scratch pod, in turn, while one long-running `vmnet serve` (which becomes vmnet-dhcpd) serves a
# further pod and hands a real DHCP client (busybox udhcpc, in a guest namespace on the bridge) a lease every round.
# After every hundred rounds it prints, per pod, whether the pod reads exactly as before the first `up` (links,
# addresses, routes, both families' iptables-legacy-save, the forwarding sysctls) and its counts, the files left in
# the state directory, and the daemon's RSS, open descriptors and threads; each `vmnet up` and `down` is timed and
# its peak RSS taken (GNU time). At the end: time per round and peak RSS at the first and the last hundred.
#
#   sudo bench/soak/soak.sh [CYCLES]          default 500; release build (VMNET_BIN=DIR to use another build)
# Journals go to tmpfs (/dev/shm) as /run/vmnet is on a node. Writes the per-run table to $SOAK_OUT (default
# /tmp/vmnet-soak.tsv). Results go to bench/soak/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/soak/pods.sh
cycles=${1:-500}
[ "$(id -u)" = 0 ] || { echo "soak.sh: needs root (network namespaces)" >&2; exit 1; }
bin=$(release_bin)
vmnet=$bin/vmnet
out=${SOAK_OUT:-/tmp/vmnet-soak.tsv}

tag=vsoak$$
work=$(mktemp -d /tmp/vmnet-soak.XXXXXX)
state=$(mktemp -d /dev/shm/vmnet-soak-state.XXXXXX)
serve_pid=
names=()
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2> /dev/null && wait "$serve_pid" 2> /dev/null
    for name in "${names[@]}"; do
        "$vmnet" down --netns "$name" --state-dir "$state" > /dev/null 2>&1 || true
        delete_pod "$name"
    done
    ip netns del "$tag-guest" 2> /dev/null || true
    rm -rf "$work" "$state"
}
trap cleanup EXIT

declare -a ex_name ex_args
index=0
while IFS='|' read -r name interfaces arguments; do
    ns=$tag-$index
    names+=("$ns")
    # shellcheck disable=SC2086
    make_pod "$ns" $interfaces
    snapshot "$ns" > "$work/baseline-$index"
    ex_name[index]=$name
    ex_args[index]=$arguments
    index=$((index + 1))
done < <(spec_examples)
count=$index

# The served pod: the masquerade example wired once, vmnet serve for the whole run, a guest on k6t-eth0.
served=$tag-serve
names+=("$served")
make_pod "$served" eth0
"$vmnet" up --netns "$served" --state-dir "$state" Tests/Fixtures/spec/pod-masquerade.yaml > /dev/null
printf 'nameserver 10.96.0.10\nsearch default.svc.cluster.local\n' > "$work/resolv.conf"
"$vmnet" serve --netns "$served" --state-dir "$state" --resolv-conf "$work/resolv.conf" > "$work/serve.log" 2>&1 &
serve_pid=$!
ip netns add "$tag-guest"
ip -n "$served" link add guest0 type veth peer name eth0 netns "$tag-guest"
ip -n "$served" link set guest0 master k6t-eth0 up
ip -n "$tag-guest" link set eth0 up
printf '#!/bin/sh\n[ "$1" = bound ] && echo "$ip" > %s/lease\nexit 0\n' "$work" > "$work/udhcpc.sh"
chmod +x "$work/udhcpc.sh"
for _ in $(seq 50); do grep -q '^serving DHCP' "$work/serve.log" && break; sleep 0.1; done
grep -q '^serving DHCP' "$work/serve.log" || { cat "$work/serve.log" >&2; echo "soak.sh: vmnet serve did not start" >&2; exit 1; }
daemon=$(readlink "/proc/$serve_pid/exe")

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# timed WHAT ARGS…: runs vmnet, appends "ms rss" to $work/timing; a failure stops the soak.
timed() {
    local start end
    start=$(date +%s%N)
    if ! /usr/bin/time -f '%M' -o "$work/rss" "$vmnet" "$@" > "$work/last" 2>&1; then
        cat "$work/last" >&2
        echo "soak.sh: vmnet $* failed" >&2
        exit 1
    fi
    end=$(date +%s%N)
    echo "$(((end - start) / 1000)) $(tail -1 "$work/rss")"
}

echo "soak: $count examples, $cycles rounds, vmnet $vmnet, daemon $daemon (pid $serve_pid)"
echo "sample  daemon: rss KiB  fds  threads  leases | state dir entries | per pod: matches baseline, counts"
printf 'cycle\texample\tup_us\tup_rss_kib\tdown_us\tdown_rss_kib\n' > "$out"
leases=0
sample() { # CYCLE
    local ok=0 line=""
    for ((i = 0; i < count; i++)); do
        if matches_baseline "${names[i]}" "$work/baseline-$i"; then ok=$((ok + 1)); else echo "soak.sh: ${ex_name[i]} differs after round $1" >&2; fi
    done
    local entries
    entries=$(find "$state" -mindepth 1 | { grep -v "/$served" || true; } | wc -l)
    printf 'round %4d  daemon: %6s KiB %3s fds %2s threads %5s leases | state %s | %d/%d pods as before | %s: %s\n' \
        "$1" "$(rss_kib "$serve_pid")" "$(fds "$serve_pid")" "$(threads "$serve_pid")" "$leases" "$entries" "$ok" "$count" \
        "${ex_name[7]}" "$(counts "${names[7]}")"
    [ "$ok" -eq "$count" ] && [ "$entries" -eq 0 ]
}
sample 0
for ((c = 1; c <= cycles; c++)); do
    for ((i = 0; i < count; i++)); do
        # shellcheck disable=SC2086
        up=$(timed up --netns "${names[i]}" --state-dir "$state" ${ex_args[i]})
        down=$(timed down --netns "${names[i]}" --state-dir "$state")
        printf '%d\t%s\t%s\t%s\n' "$c" "${ex_name[i]}" "${up/ /$'\t'}" "${down/ /$'\t'}" >> "$out"
    done
    rm -f "$work/lease"
    if ip netns exec "$tag-guest" timeout 10 udhcpc -i eth0 -n -q -f -t 3 -T 1 -s "$work/udhcpc.sh" > /dev/null 2>&1 \
        && [ "$(cat "$work/lease")" = 10.0.2.2 ]; then
        leases=$((leases + 1))
    fi
    if ((c % 100 == 0)); then sample "$c"; fi
done
if ((cycles % 100 != 0)); then sample "$cycles"; fi

# Per hundred rounds: mean time of a round (all examples' up + down), mean peak RSS of up and down.
awk -F'\t' -v count="$count" 'NR > 1 {
        h = int(($1 - 1) / 100); t[h] += $3 + $5; u[h] += $4; d[h] += $6; n[h]++
        if ($4 > umax[h]) umax[h] = $4; if ($6 > dmax[h]) dmax[h] = $6
    }
    END {
        print "rounds     ms/round  ms/(up+down)  up RSS KiB mean/max  down RSS KiB mean/max"
        for (h = 0; h in n; h++)
            printf "%4d-%-4d  %8.1f  %12.1f  %8.0f / %-8d  %8.0f / %d\n", h * 100 + 1, h * 100 + 100,
                t[h] / 1000 / (n[h] / count), t[h] / 1000 / n[h], u[h] / n[h], umax[h], d[h] / n[h], dmax[h]
    }' "$out"
echo "leases granted to the guest: $leases of $cycles"
kill "$serve_pid"
wait "$serve_pid" || true
serve_pid=
tail -1 "$work/serve.log"
