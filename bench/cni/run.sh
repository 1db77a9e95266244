#!/usr/bin/env bash
# Port forwards for a pod through a real CNI runtime (libcni 1.1.2, `Tests/CNIRuntime/cnitool`): one ADD then one
# DEL of a whole conflist, as whole processes, with N = 1, 100 and 1000 forwarded ports, side by side in one run:
#   base    bridge + host-local alone (the chain's own cost)
#   vmnet   bridge + host-local, then vmnet-cni with a masquerade VM whose interface lists N ports
#   nft     bridge + host-local, then portmap with N portMappings (CAP_ARGS), iptables = iptables-nft, Debian's default
#   legacy  the same portmap chain with a PATH whose iptables* are iptables-legacy*, as vmnet's libiptc writes
# Each case has its own node namespace (where cnitool runs, the bridge and portmap's rules live) and pod namespace
# (CNI_NETNS: eth0, and vmnet's bridge, tap and NAT rules); the script makes them and deletes them. Before timing it
# checks each ADD makes what it should and each DEL puts both namespaces back as they were after a warm-up pair
# (Debian's bridge never deletes its bridge and portmap never deletes its shared CNI-HOSTPORT-* chains: the warm-up
# makes those once); it checks that again after every hyperfine run. Then one pass with every plugin wrapped in
# /usr/bin/time gives each plugin's own wall time and peak memory (max RSS) per verb.
#
#   sudo bench/cni/run.sh [RUNS]            RUNS per command, default 10
#   VMNET_CNI=path/to/vmnet-cni             a release build to measure instead of building one; the plugin .so files
#                                           must be beside it, or name their folder in VMNET_PLUGINS (-> pluginPath)
#   SLOW_RUNS=3                             runs of the legacy portmap chain at 1000 ports (~30 s an ADD here)
#   NFT_1000_RUNS=3                         runs of the nft portmap chain at 1000 ports (50-65 s an ADD here, once
#                                           over 9 minutes); 0 leaves that case out
#   STATE_DIR=/tmp                          where the scratch folder goes: vmnet-cni's stateDir, host-local's
#                                           dataDir and libcni's cache, all on the same file system (default /tmp,
#                                           a disk here, as /var/lib/cni and /var/lib/vmnet are on a node)
# Results go to bench/cni/RESULTS.md by hand: this script prints, it does not edit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
runs=${1:-10}
slow_runs=${SLOW_RUNS:-3}
nft_1000_runs=${NFT_1000_RUNS:-3}
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x /usr/lib/cni/portmap ] || { echo "run.sh: no /usr/lib/cni/portmap: apt-get install containernetworking-plugins" >&2; exit 1; }

vmnet_cni=$(bench/cni/release-vmnet-cni.sh) || exit 1
plugins=${VMNET_PLUGINS:-$(dirname "$vmnet_cni")}
[ -e "$plugins/libVMNetBindingMasquerade.so" ] && [ -e "$plugins/libVMNetBackendPod.so" ] ||
    { echo "run.sh: no libVMNetBindingMasquerade.so and libVMNetBackendPod.so in $plugins: set VMNET_PLUGINS" >&2; exit 1; }
if ! cnitool=$(Tests/CNIRuntime/build-cnitool.sh "$repo/.build/cnitool" 2>&1); then echo "$cnitool" >&2; exit 1; fi

# The host's own tables, to show at the end that nothing here touched them.
host_tables() {
    for save in iptables-legacy-save iptables-nft-save ip6tables-legacy-save ip6tables-nft-save; do
        echo "== $save"; $save 2>&1 | grep -v '^#' || true
    done
}
host_before=$(host_tables)
had_var_lib_cni=$([ -e /var/lib/cni ] && echo yes || echo no)

work=$(mktemp -d "${STATE_DIR:-/tmp}/vmnet-bench-cni.XXXXXX")
tag=vmnet-bench-cni-$$
cases="base vmnet nft legacy"
cleanup() {
    for c in $cases; do ip netns del "$tag-$c-node" 2>/dev/null || true; ip netns del "$tag-$c-pod" 2>/dev/null || true; done
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
[ -n "${KEEP:-}" ] && echo "run.sh: keeping $work" >&2
trap cleanup EXIT
mkdir -p "$work/legacy-bin" "$work/wrapped" "$work/logs"
for command in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -s "/usr/sbin/$command-legacy" "$work/legacy-bin/$command"
done
system_path=/usr/sbin:/usr/bin:/sbin:/bin

# The namespaces: no DAD, so IPv6 link-local addresses come at once and the snapshots settle.
for c in $cases; do
    for side in node pod; do
        ip netns add "$tag-$c-$side"
        ip netns exec "$tag-$c-$side" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
        ip -n "$tag-$c-$side" link set lo up
    done
    mkdir -p "$work/$c/net.d" "$work/$c/cache" "$work/$c/ipam" "$work/$c/state"
done

# The chain's first plugin, the same in every case (reference B1's): bridge cni0 with host-local in the scratch folder.
bridge_entry() { # CASE
    printf '{"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"hairpinMode":true,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.99.0.0/24","gateway":"10.99.0.1"}]],"routes":[{"dst":"0.0.0.0/0"}]}}' \
        "$work/$1/ipam"
}
# vmnet-cni, chained: a VirtualMachineInstance whose masquerade interface forwards ports 10000..10000+N-1.
vmnet_entry() { # N
    local p ports=""
    for ((p = 0; p < $1; p++)); do ports+="${ports:+,}{\"port\":$((10000 + p))}"; done
    printf '{"type":"vmnet-cni","stateDir":"%s"%s,"args":{"cni":{"logicNetworkName":"default","vmnet":{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"bench","namespace":"default"},"spec":{"domain":{"devices":{"interfaces":[{"name":"default","masquerade":{},"ports":[%s]}]}},"networks":[{"name":"default","pod":{}}]}}}}}' \
        "$work/vmnet/state" "$([ -n "${VMNET_PLUGINS:-}" ] && printf ',"pluginPath":["%s"]' "$plugins")" "$ports"
}
portmap_entry='{"type":"portmap","capabilities":{"portMappings":true},"snat":true}'
# The same N forwards for portmap, through libcni's capability arguments: host port 10000+i to container port 10000+i.
port_mappings() { # N
    local p list=""
    for ((p = 0; p < $1; p++)); do list+="${list:+,}{\"hostPort\":$((10000 + p)),\"containerPort\":$((10000 + p)),\"protocol\":\"tcp\"}"; done
    printf '{"portMappings":[%s]}' "$list"
}

# Writes CASE/net.d/CASE-N.conflist and CASE/N.sh: `sh CASE/N.sh add|del [CNI_PATH]` runs cnitool in the node
# namespace with only what a runtime sets, the same CAP_ARGS on ADD and DEL (portmap's DEL needs them).
make_case() { # CASE N
    local c=$1 n=$2 second="" path=$system_path cap=""
    case $c in
        vmnet) second=",$(vmnet_entry "$n")" ;;
        nft) second=",$portmap_entry"; cap=$(port_mappings "$n") ;;
        legacy) second=",$portmap_entry"; cap=$(port_mappings "$n"); path=$work/legacy-bin:$system_path ;;
    esac
    printf '{"cniVersion":"1.0.0","name":"%s-%s","plugins":[%s%s]}\n' "$c" "$n" "$(bridge_entry "$c")" "$second" \
        >"$work/$c/net.d/$c-$n.conflist"
    {
        echo "export PATH='$path' NETCONFPATH='$work/$c/net.d' CNI_CACHE_DIR='$work/$c/cache' CNI_IFNAME=eth0"
        echo "export CNI_PATH=\"\${2:-$(dirname "$vmnet_cni"):/usr/lib/cni}\""
        [ -n "$cap" ] && echo "export CAP_ARGS='$cap'"
        echo "exec ip netns exec $tag-$c-node '$cnitool' \"\$1\" $c-$n /run/netns/$tag-$c-pod"
    } >"$work/$c/$n.sh"
}
pair() { echo "sh $work/$1/$2.sh add >/dev/null && sh $work/$1/$2.sh del"; } # CASE N: the command timed

# Both namespaces of a case, sorted, without counters and comments; and the files the plugins keep.
snapshot() { # CASE
    local ns
    for side in node pod; do
        ns=$tag-$1-$side
        echo "== $side"
        { ip netns exec "$ns" ls /sys/class/net | sed 's/^/link /'
          ip -n "$ns" -o address | awk '{print "address", $2, $4}'
          ip -n "$ns" route show table all | sed "s/ linkdown//; s/^/route /"
          ip -n "$ns" -6 route show table all | sed "s/ linkdown//; s/^/route6 /"
          for save in iptables-legacy-save iptables-nft-save ip6tables-legacy-save ip6tables-nft-save; do
              { ip netns exec "$ns" $save 2>/dev/null || true; } | sed "/^#/d; s/ \[[0-9]*:[0-9]*\]\$//; s/^/$save /"
          done
          ip netns exec "$ns" sysctl net.ipv4.ip_forward; } | sort
    done
    echo "== files"
    (cd "$work/$1" && find cache ipam state -type f ! -name lock ! -name 'last_reserved_ip.*' ! -name plugins.json | sort)
}
settled() { # CASE: waits up to 3 s for the snapshot to match the start (links' IPv6 addresses come and go late)
    for _ in $(seq 30); do snapshot "$1" >"$work/$1/now"; cmp -s "$work/$1/start" "$work/$1/now" && return; sleep 0.1; done
    diff -u "$work/$1/start" "$work/$1/now" >&2 || true
    echo "run.sh: $1: $2 did not leave the namespaces as they were" >&2
    exit 1
}
rules() { ip netns exec "$1" "$2" -t nat 2>/dev/null | grep -c -- '^-A' || true; } # NAMESPACE SAVE

# What ADD makes, checked once per case and N before timing: vmnet's links and 3N+3 NAT rules (iptables-legacy,
# in the pod); portmap's 3N per-port rules plus its chain's jumps (in the node, through the iptables of PATH).
verify_add() { # CASE N
    local c=$1 n=$2 pod=$tag-$1-pod node=$tag-$1-node got
    ip netns exec "$pod" ls /sys/class/net | grep -qx eth0 || { echo "run.sh: $c $n: no eth0 in the pod" >&2; exit 1; }
    case $c in
        vmnet)
            for link in k6t-eth0 tap0; do
                ip netns exec "$pod" ls /sys/class/net | grep -qx $link || { echo "run.sh: vmnet $n: no $link in the pod" >&2; exit 1; }
            done
            got=$(rules "$pod" iptables-legacy-save)
            [ "$got" = $((3 * n + 3)) ] || { echo "run.sh: vmnet $n: $got NAT rules in the pod, not $((3 * n + 3))" >&2; exit 1; } ;;
        nft | legacy)
            local save=iptables-nft-save; [ $c = legacy ] && save=iptables-legacy-save
            got=$(ip netns exec "$node" $save -t nat | grep -c -- '--dport' || true)
            [ "$got" -ge $((2 * n)) ] || { echo "run.sh: $c $n: $got port rules in the node" >&2; exit 1; } ;;
    esac
}

# Start: a warm-up pair per case (the bridge and portmap's shared chains stay after it, by Debian's design).
for c in $cases; do
    make_case $c 1
    snapshot $c >"$work/$c/pristine"
    sh "$work/$c/1.sh" add >/dev/null 2>>"$work/logs/$c.stderr"
    sh "$work/$c/1.sh" del 2>>"$work/logs/$c.stderr"
    sleep 0.5
    snapshot $c >"$work/$c/start"
done

# The wrapped plugins: each real one run under /usr/bin/time, one line per call in logs/plugins.txt (plugin, verb,
# case, N, wall ms from bash's clock around /usr/bin/time, max RSS KiB). GNU time's max RSS is the largest of the
# plugin and of the processes it waited for (portmap's iptables); vmnet-cni starts none. The wall time includes
# /usr/bin/time's own fork and exec (about a millisecond); bridge's includes host-local's, which it runs. libcni
# passes the runtime's whole environment on, so BENCH_* reach the wrappers.
cat >"$work/wrapped/bridge" <<'EOF'
#!/bin/bash
name=${0##*/} real=/usr/lib/cni/${0##*/}
[ "$name" = vmnet-cni ] && real=$BENCH_VMNET_CNI
start=${EPOCHREALTIME/./}
/usr/bin/time -o "$BENCH_LOG.$$" -f %M "$real" "$@"
status=$?
end=${EPOCHREALTIME/./}
printf '%s %s %s %d.%03d %s\n' "$name" "$CNI_COMMAND" "$BENCH_CASE" $(((end - start) / 1000)) $(((end - start) % 1000)) \
    "$(tail -1 "$BENCH_LOG.$$")" >>"$BENCH_LOG"
rm -f "$BENCH_LOG.$$"
exit $status
EOF
chmod +x "$work/wrapped/bridge"
for plugin in host-local portmap vmnet-cni; do ln "$work/wrapped/bridge" "$work/wrapped/$plugin"; done

results=$work/results.csv
echo "n,case,mean,stddev,user,system,runs" >"$results"
timed() { # N RUNS WARMUP CASE... : one hyperfine run of the cases' pairs, then the check that each is back at start
    local n=$1 r=$2 w=$3 args=() c
    shift 3
    for c in "$@"; do args+=(-n "$c" "$(pair $c $n)"); done
    hyperfine --runs "$r" --warmup "$w" --style none --export-csv "$work/h.csv" "${args[@]}" >/dev/null
    for c in "$@"; do settled $c "hyperfine at $n ports"; done
    awk -F, -v n="$n" -v r="$r" 'FNR > 1 { printf "%s,%s,%s,%s,%s,%s,%s\n", n, $1, $2, $3, $5, $6, r }' "$work/h.csv" >>"$results"
}
breakdown() { # N PASSES CASE... : PASSES pairs through the wrapped plugins; the first ADD's work is checked
    local n=$1 passes=$2 c p
    shift 2
    for c in "$@"; do
        for ((p = 0; p < passes; p++)); do
            BENCH_CASE="$c $n" BENCH_LOG=$work/logs/plugins.txt BENCH_VMNET_CNI=$vmnet_cni sh "$work/$c/$n.sh" add "$work/wrapped" >/dev/null 2>>"$work/logs/$c.stderr"
            [ $p = 0 ] && verify_add $c $n
            BENCH_CASE="$c $n" BENCH_LOG=$work/logs/plugins.txt BENCH_VMNET_CNI=$vmnet_cni sh "$work/$c/$n.sh" del "$work/wrapped" 2>>"$work/logs/$c.stderr"
        done
        settled $c "the wrapped pass at $n ports"
    done
}

for n in 1 100 1000; do
    slow="nft legacy"; [ $n = 1000 ] && slow=""
    for c in $cases; do
        [ $c = nft ] && [ $n = 1000 ] && [ "$nft_1000_runs" = 0 ] && continue
        make_case $c $n
        if [ $n -lt 1000 ] || [ $c = vmnet ] || [ $c = base ]; then # the slow ones are checked in breakdown
            sh "$work/$c/$n.sh" add >/dev/null 2>>"$work/logs/$c.stderr"; verify_add $c $n
            sh "$work/$c/$n.sh" del 2>>"$work/logs/$c.stderr"; settled $c "DEL at $n ports"
        fi
    done
    echo "run.sh: $n port(s): timing" >&2
    if [ $n -lt 1000 ]; then
        timed $n "$runs" 1 base vmnet nft legacy
        breakdown $n 3 base vmnet nft legacy
    else
        timed $n "$runs" 1 base vmnet
        breakdown $n 3 base vmnet
        # The slow ones: the first timed run is also the check of what ADD makes (done by its pair, checked after).
        timed $n "$slow_runs" 0 legacy
        breakdown $n 1 legacy
        if [ "$nft_1000_runs" != 0 ]; then timed $n "$nft_1000_runs" 0 nft; breakdown $n 1 nft; fi
    fi
done

# Every case is back at its start; and here is what the warm-up left for good, against the fresh namespaces.
for c in $cases; do
    settled $c "the whole run"
    left=$(diff "$work/$c/pristine" "$work/$c/start" | sed -n 's/^> //p' | grep -v -e '^route' -e '^address' -e ip_forward \
        -e ":[A-Z]* ACCEPT$" -e "COMMIT$" | sed 's/^/  /' || true)
    [ -n "$left" ] && { echo "$c: the warm-up pair left, and every timed run found and left the same (bridge keeps cni0 and portmap its CNI-HOSTPORT-* chains by design; *nat: a nat table now loaded, built-in chains empty):"; echo "$left"; }
done
echo

awk -F, '
    FILENAME == ARGV[1] {
        if (FNR == 1) next
        k = $1 SUBSEP $2; mean[k] = $3 * 1000; sd[k] = $4 * 1000; cpu[k] = ($5 + $6) * 1000; n[k] = $7; have[k] = 1; next
    }
    { # plugins.txt, split on spaces: plugin verb case N wall-ms rss-KiB
        split($0, w, " "); k = w[4] SUBSEP w[3] SUBSEP w[1] SUBSEP w[2]; calls[k]++; wall[k] += w[5]; if (w[6] + 0 > rss[k]) rss[k] = w[6] + 0 }
    function cell(k) { return have[k] ? sprintf("%.1f ± %.1f ms (CPU %.1f%s)", mean[k], sd[k], cpu[k], n[k] < 5 ? sprintf(", %d run%s", n[k], n[k] == 1 ? "" : "s") : "") : "—" }
    function ratio(a, b) { return have[a] && have[b] ? sprintf("%.1f× (CPU %.1f×)", mean[a] / mean[b], cpu[a] / cpu[b]) : "—" }
    function minus(a, b) { return have[a] && have[b] ? sprintf("%.1f ms", mean[a] - mean[b]) : "—" }
    function slope(c, lo, hi) { return have[hi SUBSEP c] && have[lo SUBSEP c] ? sprintf("%.3f", (mean[hi SUBSEP c] - mean[lo SUBSEP c]) / (hi - lo)) : "—" }
    function cslope(c, lo, hi) { return have[hi SUBSEP c] && have[lo SUBSEP c] ? sprintf("%.3f", (cpu[hi SUBSEP c] - cpu[lo SUBSEP c]) / (hi - lo)) : "—" }
    END {
        printf "ADD + DEL of the whole conflist through cnitool (wall mean ± σ; CPU = user + system of every process):\n\n"
        printf "| ports | base: bridge + host-local | vmnet: + vmnet-cni | nft: + portmap (iptables-nft) | legacy: + portmap (iptables-legacy) | nft / vmnet | legacy / vmnet | vmnet − base | nft − base | legacy − base |\n"
        printf "|---|---|---|---|---|---|---|---|---|---|\n"
        split("1 100 1000", ports, " ")
        for (i = 1; i <= 3; i++) {
            p = ports[i]; b = p SUBSEP "base"; v = p SUBSEP "vmnet"; f = p SUBSEP "nft"; l = p SUBSEP "legacy"
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p, cell(b), cell(v), cell(f), cell(l),
                ratio(f, v), ratio(l, v), minus(v, b), minus(f, b), minus(l, b)
        }
        printf "\ncost per forwarded port, ms of wall (of CPU), from 1 to 100 ports | from 100 to 1000:\n\n| case | 1 → 100 | 100 → 1000 |\n|---|---|---|\n"
        split("vmnet nft legacy", cs, " ")
        for (i = 1; i <= 3; i++) printf "| %s | %s (%s) | %s (%s) |\n", cs[i], slope(cs[i], 1, 100), cslope(cs[i], 1, 100), slope(cs[i], 100, 1000), cslope(cs[i], 100, 1000)
        printf "\neach plugin alone, from the pass through /usr/bin/time (wall ms, mean of the calls; peak RSS KiB, the largest):\n\n"
        printf "| ports | case | bridge ADD | host-local ADD | vmnet-cni / portmap ADD | bridge DEL | host-local DEL | vmnet-cni / portmap DEL |\n|---|---|---|---|---|---|---|---|\n"
        for (i = 1; i <= 3; i++) {
            p = ports[i]
            split("base vmnet nft legacy", all, " ")
            for (j = 1; j <= 4; j++) {
                c = all[j]; second = c == "vmnet" ? "vmnet-cni" : c == "base" ? "" : "portmap"
                if (!have[p SUBSEP c]) continue
                line = sprintf("| %s | %s", p, c)
                split("ADD DEL", verbs, " ")
                for (m = 1; m <= 2; m++) {
                    split("bridge host-local " second, ps, " ")
                    for (q = 1; q <= 3; q++) {
                        k = p SUBSEP c SUBSEP ps[q] SUBSEP verbs[m]
                        line = line (ps[q] != "" && calls[k] ? sprintf(" | %.1f ms, %d KiB", wall[k] / calls[k], rss[k]) : " | —")
                    }
                }
                print line " |"
            }
        }
    }' "$results" "$work/logs/plugins.txt"

# Anything a plugin said on stderr that is not vmnet-cni's one line per call.
echo
for c in $cases; do
    odd=$(grep -v -e '^vmnet-cni: [^ ]*: VM bench network default on eth0: applied, [0-9]* steps made$' \
        -e '^vmnet-cni: [^ ]*: undone, [0-9]* steps undone$' "$work/logs/$c.stderr" | sort | uniq -c || true)
    [ -n "$odd" ] && { echo "stderr of the $c case:"; echo "$odd"; }
done

host_after=$(host_tables)
[ "$host_before" = "$host_after" ] || { diff <(echo "$host_before") <(echo "$host_after") >&2; echo "run.sh: the host's tables changed" >&2; exit 1; }
[ "$had_var_lib_cni" = yes ] || [ ! -e /var/lib/cni ] || { echo "run.sh: /var/lib/cni appeared" >&2; exit 1; }
echo "host: iptables-legacy-save, iptables-nft-save, ip6tables-legacy-save, ip6tables-nft-save the same before and after; /var/lib/cni untouched"
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Plugins Package.swift || echo ' (sources modified)');" \
    "vmnet-cni $vmnet_cni; $(hyperfine --version); containernetworking-plugins $(dpkg-query -W -f '${Version}' containernetworking-plugins);" \
    "iptables $(dpkg-query -W -f '${Version}' iptables) (iptables -> $(readlink /etc/alternatives/iptables)); scratch on $(df --output=fstype "$work" | tail -1)"
