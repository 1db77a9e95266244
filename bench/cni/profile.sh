#!/usr/bin/env bash
# vmnet-cni alone, inside the same libcni chain as bench/cni/run.sh (bridge + host-local, then vmnet-cni masquerade
# with N forwarded ports), with the vmnet-cni process wrapped so that each call reports:
#   - its CPU time (perf stat task-clock), context switches and wall time, for N = 1 100 250 500 750 1000, with
#     vmnet-cni's stateDir on the scratch folder's file system (default /tmp, a disk here) and on tmpfs (/dev/shm),
#     interleaved, then a least-squares line through the CPU times (is it linear in ports?);
#   - in a second pass under strace (only fsync traced, through seccomp-bpf), how many fsyncs each verb makes and how
#     long they take on each file system.
# Pairs are run round-robin (every N and both file systems in each round) so that the machine's other load falls on
# all of them alike. Needs perf and strace.
#
#   sudo bench/cni/profile.sh [ROUNDS]      ROUNDS pairs per N and file system, default 10
#   VMNET_CNI=path/to/vmnet-cni             a release build (plugins beside it); else it builds as run.sh does
#   STATE_DIR=/tmp                          where the scratch folder (and the "disk" stateDir) goes
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
rounds=${1:-10}
sizes="1 100 250 500 750 1000"
[ "$(id -u)" = 0 ] || { echo "profile.sh: needs root (network namespaces)" >&2; exit 1; }
command -v perf >/dev/null && command -v strace >/dev/null || { echo "profile.sh: needs perf and strace" >&2; exit 1; }
vmnet_cni=$(bench/cni/release-vmnet-cni.sh) || exit 1
if ! cnitool=$(Tests/CNIRuntime/build-cnitool.sh "$repo/.build/cnitool" 2>&1); then echo "$cnitool" >&2; exit 1; fi

work=$(mktemp -d "${STATE_DIR:-/tmp}/vmnet-bench-cni-profile.XXXXXX")
shm=$(mktemp -d /dev/shm/vmnet-bench-cni-profile.XXXXXX)
node=vmnet-bench-prof-$$-node pod=vmnet-bench-prof-$$-pod
trap 'ip netns del $node 2>/dev/null; ip netns del $pod 2>/dev/null; rm -rf "$work" "$shm"' EXIT
for ns in $node $pod; do ip netns add $ns; ip -n $ns link set lo up; done
mkdir -p "$work/net.d" "$work/cache" "$work/ipam" "$work/state" "$work/wrapped" "$work/out"

# One conflist per N and file system: the "disk" one keeps vmnet-cni's state in the scratch folder, "tmpfs" in /dev/shm.
for n in $sizes; do
    ports=""
    for ((p = 0; p < n; p++)); do ports+="${ports:+,}{\"port\":$((10000 + p))}"; done
    for fs in disk tmpfs; do
        state=$work/state; [ $fs = tmpfs ] && state=$shm
        printf '{"cniVersion":"1.0.0","name":"%s-%s","plugins":[{"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"hairpinMode":true,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.99.0.0/24","gateway":"10.99.0.1"}]],"routes":[{"dst":"0.0.0.0/0"}]}},{"type":"vmnet-cni","stateDir":"%s","args":{"cni":{"logicNetworkName":"default","vmnet":{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"bench","namespace":"default"},"spec":{"domain":{"devices":{"interfaces":[{"name":"default","masquerade":{},"ports":[%s]}]}},"networks":[{"name":"default","pod":{}}]}}}}}]}\n' \
            $fs $n "$work/ipam" "$state" "$ports" >"$work/net.d/$fs-$n.conflist"
    done
done
# The wrapper: PROFILE_MODE=stat (perf stat, and bash's clock around it) or fsync (strace of fsync only).
cat >"$work/wrapped/vmnet-cni" <<'EOF'
#!/bin/bash
out=$PROFILE_OUT/$PROFILE_TAG.$CNI_COMMAND.$$
if [ "$PROFILE_MODE" = fsync ]; then
    exec strace -f --seccomp-bpf -e trace=fsync -T -o "$out.fsync" "$PROFILE_VMNET_CNI" "$@"
fi
start=${EPOCHREALTIME/./}
perf stat -x, -e task-clock,context-switches -o "$out.stat" "$PROFILE_VMNET_CNI" "$@"
status=$?
end=${EPOCHREALTIME/./}
echo "wall,$(((end - start) / 1000)).$(printf %03d $(((end - start) % 1000)))" >>"$out.stat"
exit $status
EOF
chmod +x "$work/wrapped/vmnet-cni"
pair() { # MODE FS N
    local env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin NETCONFPATH="$work/net.d" CNI_CACHE_DIR="$work/cache"
        CNI_PATH="$work/wrapped:/usr/lib/cni" PROFILE_MODE=$1 PROFILE_TAG=$1-$2-$3 PROFILE_OUT="$work/out"
        PROFILE_VMNET_CNI="$vmnet_cni")
    env "${env[@]}" ip netns exec $node "$cnitool" add $2-$3 /run/netns/$pod >/dev/null 2>>"$work/stderr"
    env "${env[@]}" ip netns exec $node "$cnitool" del $2-$3 /run/netns/$pod 2>>"$work/stderr"
}
echo "profile.sh: warm-up, then $rounds rounds" >&2
pair none disk 1; pair none tmpfs 1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < rounds; r++)); do for n in $sizes; do for fs in disk tmpfs; do pair stat $fs $n; done; done; done
for ((r = 0; r < (rounds + 1) / 2; r++)); do for n in 100 1000; do for fs in disk tmpfs; do pair fsync $fs $n; done; done; done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$(ip netns exec $pod ls /sys/class/net)" = lo ] || { echo "profile.sh: the pod is not empty" >&2; exit 1; }

python3 - "$work/out" "$sizes" <<'EOF'
import glob, re, statistics as st, sys
out, sizes = sys.argv[1], [int(n) for n in sys.argv[2].split()]
def stats(fs, n, verb):
    cpu, wall, switches = [], [], []
    for path in glob.glob(f"{out}/stat-{fs}-{n}.{verb}.*.stat"):
        for line in open(path):
            fields = line.strip().split(",")
            if len(fields) > 2 and fields[2] == "task-clock": cpu.append(float(fields[0]))
            if len(fields) > 2 and fields[2] == "context-switches": switches.append(float(fields[0]))
            if fields[0] == "wall": wall.append(float(fields[1]))
    return cpu, wall, switches
def ms(xs): return (f"{st.mean(xs):.1f} ± {st.stdev(xs):.1f}" if len(xs) > 1 else f"{xs[0]:.1f}") if xs else "—"
print("vmnet-cni alone, per call (CPU = perf stat task-clock; wall = the process, perf stat included; ms, mean ± σ):\n")
print("| ports | ADD CPU | ADD wall, disk | ADD wall, tmpfs | DEL CPU | DEL wall, disk | DEL wall, tmpfs | context switches ADD / DEL |")
print("|---|---|---|---|---|---|---|---|")
fit = {}
for n in sizes:
    row = [str(n)]
    for verb in ("ADD", "DEL"):
        cpu = stats("disk", n, verb)[0] + stats("tmpfs", n, verb)[0]
        fit.setdefault(verb, []).append((n, st.mean(cpu)))
        row += [ms(cpu), ms(stats("disk", n, verb)[1]), ms(stats("tmpfs", n, verb)[1])]
    row.append(f"{st.mean(stats('disk', n, 'ADD')[2]):.0f} / {st.mean(stats('disk', n, 'DEL')[2]):.0f}")
    print("| " + " | ".join(row) + " |")
print()
for verb, points in fit.items():
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = st.mean(xs), st.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    r2 = 1 - sum((y - a - b * x) ** 2 for x, y in points) / sum((y - my) ** 2 for y in ys)
    print(f"{verb} CPU ≈ {a:.1f} ms + {b * 1000:.1f} µs × ports (least squares over {len(xs)} sizes, R² {r2:.4f}; "
          f"residuals {', '.join(f'{y - a - b * x:+.1f}' for x, y in points)} ms)")
print("\nfsync, under strace (only fsync traced):\n\n| ports | file system | ADD: fsyncs, ms in fsync | DEL: fsyncs, ms in fsync |\n|---|---|---|---|")
for n in (100, 1000):
    for fs in ("disk", "tmpfs"):
        cells = []
        for verb in ("ADD", "DEL"):
            counts, times = [], []
            for path in glob.glob(f"{out}/fsync-{fs}-{n}.{verb}.*.fsync"):
                # A call another thread interrupts is split: "fsync(5 <unfinished ...>", then "<... fsync resumed>) = 0 <T>".
                lines = [line for line in open(path) if "fsync" in line]
                took = [float(m.group(1)) for m in (re.search(r"<(\d+\.\d+)>\s*$", line) for line in lines) if m]
                counts.append(sum("fsync(" in line for line in lines)); times.append(sum(took) * 1000)
            cells.append(f"{st.mean(counts):.0f}, {ms(times)} (max {max(times):.1f})" if times else "—")
        print(f"| {n} | {fs} | {cells[0]} | {cells[1]} |")
EOF
echo
grep -v -e '^vmnet-cni: [^ ]*: VM bench network default on eth0: applied, [0-9]* steps made$' \
    -e '^vmnet-cni: [^ ]*: undone, [0-9]* steps undone$' "$work/stderr" | sort | uniq -c || true
echo "machine: $(nproc) cores, $(uname -r), load average $load_before before, $load_after after; commit $(git rev-parse --short HEAD);" \
    "scratch on $(df --output=fstype "$work" | tail -1), tmpfs state on $(df --output=fstype "$shm" | tail -1)"
