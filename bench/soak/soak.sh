#!/usr/bin/env bash
# Soak: CYCLES rounds of `vmnet up` + `vmnet down` of every spec example that wires a pod (pods.sh: spec_examples),
# each in its own scratch pod, in turn, while one long-running `vmnet serve` (which becomes vmnet-dhcpd) serves a
# further pod and hands a real DHCP client (busybox udhcpc, in a guest namespace on the bridge) a lease every round.
# After every hundred rounds it prints, per pod, whether the pod reads exactly as before the first `up` (links,
# addresses, routes, both families' iptables-legacy-save, the forwarding sysctls) and its counts, the files left in
# the state directory, and the daemon's RSS, open descriptors and threads; each `vmnet up` and `down` is timed and
# its peak RSS and CPU time taken (GNU time). At the end: wall and CPU time per round and peak RSS per hundred, and
# a control that other load on the machine cannot blur: 50 more rounds of the first example alternating between its
# soaked pod and a fresh pod made now, which must take the same time.
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
serve_pod "$served" "$tag-guest" "$state" "$work"
daemon=$(readlink "/proc/$serve_pid/exe")

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# timed ARGS…: runs vmnet ARGS; prints "wall-µs peak-RSS-KiB cpu-ms" (tab-separated); a failure stops the soak.
timed() {
    local start end
    start=$(date +%s%N)
    if ! /usr/bin/time -f '%M %U %S' -o "$work/rss" "$vmnet" "$@" > "$work/last" 2>&1; then
        cat "$work/last" >&2
        echo "soak.sh: vmnet $* failed" >&2
        exit 1
    fi
    end=$(date +%s%N)
    tail -1 "$work/rss" | awk -v us=$(((end - start) / 1000)) '{ printf "%d\t%d\t%d", us, $1, ($2 + $3) * 1000 }'
}

echo "soak: $count examples, $cycles rounds, vmnet $vmnet, daemon $daemon (pid $serve_pid)"
echo "sample  daemon: rss KiB  fds  threads  leases | state dir entries | per pod: matches baseline, counts"
printf 'cycle\texample\tup_us\tup_rss_kib\tup_cpu_ms\tdown_us\tdown_rss_kib\tdown_cpu_ms\n' > "$out"
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
        printf '%d\t%s\t%s\t%s\n' "$c" "${ex_name[i]}" "$up" "$down" >> "$out"
    done
    if [ "$(guest_lease "$tag-guest" "$work" || true)" = 10.0.2.2 ]; then
        leases=$((leases + 1))
    fi
    if ((c % 100 == 0)); then sample "$c"; fi
done
if ((cycles % 100 != 0)); then sample "$cycles"; fi

# Per hundred rounds: mean wall and CPU time of a round (all examples' up + down), mean and largest peak RSS.
awk -F'\t' -v count="$count" 'NR > 1 {
        h = int(($1 - 1) / 100); t[h] += $3 + $6; c[h] += $5 + $8; u[h] += $4; d[h] += $7; n[h]++
        if ($4 > umax[h]) umax[h] = $4; if ($7 > dmax[h]) dmax[h] = $7
    }
    END {
        print "rounds     wall ms/round  CPU ms/round  up RSS KiB mean/max  down RSS KiB mean/max"
        for (h = 0; h in n; h++)
            printf "%4d-%-4d  %13.1f  %12.1f  %8.0f / %-8d  %8.0f / %d\n", h * 100 + 1, h * 100 + 100,
                t[h] / 1000 / (n[h] / count), c[h] / (n[h] / count), u[h] / n[h], umax[h], d[h] / n[h], dmax[h]
    }' "$out"

# The control: the first example's soaked pod against a fresh one, alternating, $CONTROL (50) rounds each.
fresh=$tag-fresh
names+=("$fresh")
read -r -a first_interfaces <<< "$(spec_examples | head -1 | cut -d'|' -f2)"
make_pod "$fresh" "${first_interfaces[@]}"
: > "$work/control"
for ((c = 1; c <= ${CONTROL:-50}; c++)); do
    for pod in "${names[0]}" "$fresh"; do
        # shellcheck disable=SC2086
        up=$(timed up --netns "$pod" --state-dir "$state" ${ex_args[0]})
        down=$(timed down --netns "$pod" --state-dir "$state")
        printf '%s\t%s\t%s\n' "$pod" "$up" "$down" >> "$work/control"
    done
done
awk -F'\t' -v soaked="${names[0]}" '{ k = ($1 == soaked) ? "soaked" : "fresh"; w[k] += $2 + $5; c[k] += $4 + $7; n[k]++ }
    END { for (k in n) printf "control, %s: %-6s pod  wall %.1f ms  CPU %.1f ms per up + down (%d)\n", "'"${ex_name[0]}"'", k, w[k] / 1000 / n[k], c[k] / n[k], n[k] }' "$work/control"
echo "leases granted to the guest: $leases of $cycles"
kill "$serve_pid"
wait "$serve_pid" || true
serve_pid=
tail -1 "$work/serve.log"
