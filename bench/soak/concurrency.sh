#!/usr/bin/env bash
# Concurrency: PODS scratch pods (default 50) wired at once by as many `vmnet up` processes, then unwired at once by
# as many `vmnet down`s, side by side with the same ups and downs one after another. Each pod must be exactly as a
# lone `up` leaves it (its own reference, taken first: links with their details, addresses, routes, both
# families' iptables-legacy-save, the forwarding sysctls), every `up` must have a journal, and after the downs every
# pod must read as before and the state directory be empty. Then ROUNDS (default 20) rounds in one pod of two ups
# of one VM at once, and of an up racing a down: journal and namespace must agree after each.
#
#   sudo bench/soak/concurrency.sh [PODS [ROUNDS]]    release build (VMNET_BIN=DIR to use another)
# Results go to bench/soak/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/soak/pods.sh
pods=${1:-50}
rounds=${2:-20}
[ "$(id -u)" = 0 ] || { echo "concurrency.sh: needs root (network namespaces)" >&2; exit 1; }
bin=$(release_bin)
vmnet=$bin/vmnet
manifest=Tests/Fixtures/spec/masquerade-ports.yaml

tag=vconc$$
work=$(mktemp -d /tmp/vmnet-concurrency.XXXXXX)
state=$(mktemp -d /dev/shm/vmnet-concurrency-state.XXXXXX)
cleanup() {
    for ((i = 0; i < pods; i++)); do
        "$vmnet" down --netns "$tag-$i" --state-dir "$state" > /dev/null 2>&1 || true
        delete_pod "$tag-$i"
    done
    rm -rf "$work" "$state"
}
trap cleanup EXIT
fail() { echo "concurrency.sh: FAIL: $*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

for ((i = 0; i < pods; i++)); do
    make_pod "$tag-$i" eth0
    snapshot "$tag-$i" > "$work/before-$i"
done

# One after another: each pod's reference, and the time of sequential ups and downs.
start=$(now_ms)
for ((i = 0; i < pods; i++)); do "$vmnet" up --netns "$tag-$i" --state-dir "$state" "$manifest" > /dev/null; done
sequential_up=$(($(now_ms) - start))
for ((i = 0; i < pods; i++)); do shape "$tag-$i" > "$work/wired-$i"; done
start=$(now_ms)
for ((i = 0; i < pods; i++)); do "$vmnet" down --netns "$tag-$i" --state-dir "$state" > /dev/null; done
sequential_down=$(($(now_ms) - start))
for ((i = 0; i < pods; i++)); do matches_baseline "$tag-$i" "$work/before-$i" || fail "pod $i after the sequential down"; done

# At once. Each process's exit status and peak RSS go to a file of its own.
at_once() { # up|down
    local pids=() i
    for ((i = 0; i < pods; i++)); do
        if [ "$1" = up ]; then
            /usr/bin/time -f '%M' -o "$work/$1-rss-$i" "$vmnet" up --netns "$tag-$i" --state-dir "$state" "$manifest" > "$work/$1-out-$i" 2>&1 &
        else
            /usr/bin/time -f '%M' -o "$work/$1-rss-$i" "$vmnet" down --netns "$tag-$i" --state-dir "$state" > "$work/$1-out-$i" 2>&1 &
        fi
        pids+=($!)
    done
    local failed=0
    for i in "${!pids[@]}"; do wait "${pids[i]}" || { failed=$((failed + 1)); cat "$work/$1-out-$i" >&2; }; done
    [ "$failed" -eq 0 ] || fail "$failed of $pods concurrent ${1}s failed"
}
start=$(now_ms)
at_once up
concurrent_up=$(($(now_ms) - start))
right=0
for ((i = 0; i < pods; i++)); do
    if [ "$(shape "$tag-$i")" = "$(cat "$work/wired-$i")" ]; then right=$((right + 1)); else
        diff -u "$work/wired-$i" <(shape "$tag-$i") >&2 || true; fi
done
journals=$(find "$state" -name '*.json' | wc -l)
[ "$right" -eq "$pods" ] || fail "$((pods - right)) of $pods pods are not as a lone up leaves them"
[ "$journals" -eq "$pods" ] || fail "$journals journals for $pods pods"
start=$(now_ms)
at_once down
concurrent_down=$(($(now_ms) - start))
restored=0
for ((i = 0; i < pods; i++)); do matches_baseline "$tag-$i" "$work/before-$i" && restored=$((restored + 1)); done
left=$(find "$state" -mindepth 1 | wc -l)
[ "$restored" -eq "$pods" ] || fail "$((pods - restored)) of $pods pods not as before after the concurrent downs"
[ "$left" -eq 0 ] || fail "$left entries left in the state directory"
max_rss() { sort -n "$work"/"$1"-rss-* | tail -1; }
echo "pods: $pods, manifest $manifest, vmnet $vmnet (load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-22s %10s %12s\n' "" "at once" "one by one"
printf '%-22s %8d ms %10d ms\n' "$pods ups" "$concurrent_up" "$sequential_up" "$pods downs" "$concurrent_down" "$sequential_down"
echo "pods exactly as a lone up leaves them: $right/$pods; journals: $journals; restored by the downs: $restored/$pods; state entries left: $left"
echo "peak RSS of one process at once: up $(max_rss up) KiB, down $(max_rss down) KiB"

# Races in one pod: two ups of one VM, and an up against a down (the down 0-300 ms later).
pod=$tag-0
target=(--netns "$pod" --state-dir "$state")
wired_once=0 unchanged_once=0 up_last=0 down_last=0
for ((r = 1; r <= rounds; r++)); do
    "$vmnet" up "${target[@]}" "$manifest" > "$work/a" 2>&1 &
    a=$!
    "$vmnet" up "${target[@]}" "$manifest" > "$work/b" 2>&1 &
    b=$!
    wait "$a" && wait "$b" || fail "round $r: an up failed: $(cat "$work/a" "$work/b")"
    [ "$(cat "$work/a" "$work/b" | grep -c 'steps made')" -eq 1 ] && wired_once=$((wired_once + 1))
    [ "$(cat "$work/a" "$work/b" | grep -c 'nothing to do')" -eq 1 ] && unchanged_once=$((unchanged_once + 1))
    [ "$(shape "$pod")" = "$(cat "$work/wired-0")" ] || fail "round $r: two ups left the pod not as one does"
    "$vmnet" up "${target[@]}" "$manifest" > "$work/a" 2>&1 &
    a=$!
    sleep "0.$((r % 4))"
    "$vmnet" down "${target[@]}" > "$work/b" 2>&1 &
    b=$!
    wait "$a" && wait "$b" || fail "round $r: up or down failed: $(cat "$work/a" "$work/b")"
    if [ -n "$(find "$state" -name '*.json')" ]; then
        [ "$(shape "$pod")" = "$(cat "$work/wired-0")" ] || fail "round $r: a journal, and the pod not wired as it says"
        up_last=$((up_last + 1))
    else
        matches_baseline "$pod" "$work/before-0" || fail "round $r: no journal, and the pod not as before"
        down_last=$((down_last + 1))
    fi
    "$vmnet" down "${target[@]}" > /dev/null
done
echo "two ups at once, $rounds rounds: wired by exactly one $wired_once, found wired by the other $unchanged_once"
echo "up racing down, $rounds rounds: journal and pod agree in every round (up last $up_last, down last $down_last)"
