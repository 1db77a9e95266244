#!/usr/bin/env bash
# Plugin loading cost, as whole processes of a release build of vmnet (hyperfine, from Debian).
#
#   bench/plugins/run.sh [RUNS]
#
# Side by side in one hyperfine run:
#   baseline      `vmnet --version`: process start, no plugin loaded
#   list 7        `vmnet plugins list` with the seven built-in plugins beside vmnet
#   list 7+100    the same with a --plugin-path of 100 copies of libVMNetBindingBridge.so under distinct file
#                 names: each copy is a separate image for dlopen (another inode), fully checked, opened and
#                 described before it turns out to be a duplicate, so it pays a Swift plugin's whole load cost
#   list 7+100 C  the same with 100 plain C plugins with distinct names (Tests/Plugins/CPlugin/broken.c, valid
#                 when no BROKEN_* macro is set): all 107 load
#   validate 7 / validate 7+100   `vmnet validate` on the spec's examples, without and with the 100 copies
# Then the table (wall time, and CPU time = user + system, which other load on the machine disturbs less), the
# cost per plugin load from differences of means, and as vmnet measures it itself (loadMilliseconds, the time from
# the file check to the wrapped driver, averaged over 20 runs of `plugins list --output json`).
# Results go to bench/plugins/RESULTS.md by hand: this script prints, it does not edit.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-40}
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

if ! output=$(swift build -c release 2>&1); then echo "$output" >&2; exit 1; fi
release=$(swift build -c release --show-bin-path)
vmnet=$release/vmnet

work=$(mktemp -d /tmp/vmnet-bench-plugins.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/copies" "$work/c"
for i in $(seq -w 1 100); do
    cp "$release/libVMNetBindingBridge.so" "$work/copies/libBridgeCopy$i.so"
    cc -shared -fPIC -O2 -fvisibility=hidden -I Sources/CVMNetPlugin/include -DPLUGIN_NAME="\"c$i\"" \
        -o "$work/c/libC$i.so" Tests/Plugins/CPlugin/broken.c
done
chmod 755 "$work"/copies/*.so "$work"/c/*.so

specs=$(ls Tests/Fixtures/spec/*.yaml | grep -v kubevirt-config-no-bridge | tr '\n' ' ')
# Sanity: what each configuration loads.
echo "loaded: 7 -> $("$vmnet" plugins list --output json | jq '.plugins | length') plugins;" \
    "7+100 -> $("$vmnet" plugins list --output json --plugin-path "$work/copies" | jq '.plugins | length') plugins +" \
    "$("$vmnet" plugins list --output json --plugin-path "$work/copies" | jq '.shadowed | length') shadowed;" \
    "7+100 C -> $("$vmnet" plugins list --output json --plugin-path "$work/c" | jq '.plugins | length') plugins"

hyperfine -N --warmup 5 --runs "$runs" --style basic --export-csv "$work/results.csv" \
    -n "baseline (vmnet --version)" "$vmnet --version" \
    -n "list 7" "$vmnet plugins list" \
    -n "list 7+100 Swift copies" "$vmnet plugins list --plugin-path $work/copies" \
    -n "list 7+100 C" "$vmnet plugins list --plugin-path $work/c" \
    -n "validate 7" "$vmnet validate $specs" \
    -n "validate 7+100 Swift copies" "$vmnet validate --plugin-path $work/copies $specs" >/dev/null

awk -F, '
    NR == 1 { next }
    { name[NR] = $1; mean[NR] = $2 * 1000; sd[NR] = $3 * 1000; cpu[NR] = ($5 + $6) * 1000; min[NR] = $7 * 1000; max[NR] = $8 * 1000 }
    END {
        printf "\n| command | wall mean ± σ (ms) | min … max (ms) | CPU user+sys (ms) |\n|---|---|---|---|\n"
        for (i = 2; i <= NR; i++) printf "| %s | %.1f ± %.1f | %.1f … %.1f | %.1f |\n", name[i], mean[i], sd[i], min[i], max[i], cpu[i]
        printf "\nper plugin load, from differences of means (wall / CPU):\n"
        printf "  built-in Swift plugin  %.2f / %.2f ms   (list 7 - baseline) / 7\n", (mean[3] - mean[2]) / 7, (cpu[3] - cpu[2]) / 7
        printf "  Swift copy (8th-107th) %.2f / %.2f ms   (list 7+100 Swift - list 7) / 100\n", (mean[4] - mean[3]) / 100, (cpu[4] - cpu[3]) / 100
        printf "  C plugin               %.3f / %.3f ms  (list 7+100 C - list 7) / 100\n", (mean[5] - mean[3]) / 100, (cpu[5] - cpu[3]) / 100
        printf "validate with the 100 Swift copies: +%.1f ms wall\n", mean[7] - mean[6]
    }' "$work/results.csv"

# In-process: vmnet's own loadMilliseconds per plugin, averaged over 20 runs.
inprocess() {
    for _ in $(seq 20); do "$vmnet" plugins list --output json "$@"; done |
        jq -s '[.[].plugins[].loadMilliseconds] | add / length * 1000 | round / 1000'
}
echo "in-process load time per loaded plugin: 7 built-ins $(inprocess) ms; with 100 C plugins $(inprocess --plugin-path "$work/c") ms"
echo "machine: $(nproc) cores, $(uname -r), $(swift --version 2>/dev/null | head -1)"
