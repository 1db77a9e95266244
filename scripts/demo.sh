#!/usr/bin/env bash
# The demo: validates the spec's examples, then runs the spec's masquerade example (ports: [80]) end to end in a
# scratch pod namespace with a real guest: the plan, `vmnet up`, vmnet's DHCP lease, traffic both ways through the
# NAT, and `vmnet down` leaving the pod exactly as it was. Everything it creates is removed on exit, also on Ctrl-C.
#
# usage: scripts/demo.sh [VMNET]   (as root for the end-to-end part; `make demo` runs it after installing and building)
set -euo pipefail
vmnet=$(realpath "${1:-.build/debug/vmnet}")
cd "$(dirname "$0")/.."
bold=$(tput bold 2> /dev/null || true)
plain=$(tput sgr0 2> /dev/null || true)
say() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$plain"; }
note() { printf '   %s\n' "$*"; }
started=$(date +%s)

say "The spec's examples (Tests/Fixtures/spec) validate"
# Without the spec's ConfigMap, which forbids bridge on the pod network for every VM beside it.
examples=()
for file in Tests/Fixtures/spec/*.yaml; do
    [[ $file == *kubevirt-config* ]] || examples+=("$file")
done
"$vmnet" validate "${examples[@]}" | tail -1 || true
say "A broken VM (examples/broken/broken-vm.yaml): every problem at once, compiler style"
"$vmnet" validate examples/broken/broken-vm.yaml | head -3 || true
note "..."

if [ "$(id -u)" -ne 0 ]; then
    echo "The end-to-end part creates network namespaces and boots a guest: run it as root (sudo make demo)." >&2
    exit 1
fi

manifest=Tests/Fixtures/spec/masquerade-ports.yaml
pod=vmnet-demo-$$
node=vmnet-demo-$$-node
work=$(mktemp -d /tmp/vmnet-demo.XXXXXX)
state=$work/state
guest_pid=
serve_pid=
httpd_pid=
wired=0

# Removes everything the demo made, in reverse order; runs on every exit (an error, Ctrl-C, SIGTERM).
cleanup() {
    local status=$?
    # A second Ctrl-C must not cut the cleanup short.
    trap - EXIT
    trap '' INT TERM
    # run-guest.sh stops libvirt and QEMU itself on SIGTERM.
    for pid in $guest_pid $serve_pid $httpd_pid; do
        kill -TERM "$pid" 2> /dev/null || true
    done
    for pid in $guest_pid $serve_pid $httpd_pid; do
        wait "$pid" 2> /dev/null || true
    done
    if [ "$wired" -eq 1 ]; then
        "$vmnet" down --netns "$pod" --state-dir "$state" > /dev/null 2>&1 || true
    fi
    ip netns del "$pod" 2> /dev/null || true
    ip netns del "$node" 2> /dev/null || true
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        echo "demo: stopped (status $status); removed the scratch namespaces and files" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# What `vmnet down` must restore: links, addresses, routes, the NAT tables and forwarding.
snapshot() {
    ip -n "$pod" -o link show | sed 's/^[0-9]*: //; s/ qlen [0-9]*//'
    ip -n "$pod" -o address show | awk '{ print $2, $3, $4 }'
    ip -n "$pod" route show table all
    ip -n "$pod" -6 route show table all
    ip netns exec "$pod" iptables-legacy-save -t nat | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
    ip netns exec "$pod" ip6tables-legacy-save -t nat | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
    ip netns exec "$pod" sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding
}

# wait_for FILE TEXT SECONDS: until FILE holds a line with TEXT.
wait_for() {
    local deadline=$(($(date +%s) + $3))
    until grep -q "$2" "$1" 2> /dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "demo: no '$2' in $1 after $3 s:" >&2; cat "$1" >&2; return 1; }
        sleep 0.1
    done
}

say "A scratch pod: namespace $pod, eth0 10.244.0.5/24 via the node ($node, 10.244.0.1)"
ip netns add "$pod"
ip netns add "$node"
ip -n "$pod" link set lo up
ip -n "$node" link set lo up
ip -n "$node" link add veth-pod type veth peer name eth0 netns "$pod"
ip -n "$pod" link set eth0 address 0a:58:0a:f4:00:05
ip -n "$node" address add 10.244.0.1/24 dev veth-pod
ip -n "$pod" address add 10.244.0.5/24 dev eth0
ip -n "$node" link set veth-pod up
ip -n "$pod" link set eth0 up
ip -n "$pod" route add default via 10.244.0.1
printf 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n' > "$work/resolv.conf"
# The node's web server tells each caller the address it came from.
mkdir -p "$work/www/cgi-bin"
cat > "$work/www/cgi-bin/peer" << 'EOF'
#!/bin/sh
peer=${REMOTE_ADDR#\[}
peer=${peer%\]}
printf 'Content-Type: text/plain\r\n\r\nnode saw %s\n' "${peer#::ffff:}"
EOF
chmod 0755 "$work/www/cgi-bin/peer"
ip netns exec "$node" busybox httpd -f -p 8080 -h "$work/www" &
httpd_pid=$!
note "this is the illustrative pod of \`vmnet plan\` (eth0's MAC, address, route and MTU), made real"
# The kernel gives eth0 its link-local address a moment after it comes up: snapshot once it has.
for _ in $(seq 1 50); do
    ip -n "$pod" address show dev eth0 | grep -q 'inet6 fe80' &&
        ! ip -n "$pod" address show dev eth0 | grep -q tentative && break
    sleep 0.1
done
snapshot > "$work/before"

say "The plan for $manifest (ports: [80])"
"$vmnet" plan "$manifest"

say "vmnet up: the plan made, journaled step by step"
# QEMU runs as libvirt-qemu under the guest kit's libvirt; the taps are that user's, as KubeVirt's are QEMU's (107).
Tests/Guest/run-guest.sh --prepare
"$vmnet" up "$manifest" --netns "$pod" --state-dir "$state" \
    --tap-owner "$(id -u libvirt-qemu)" --tap-group "$(id -g libvirt-qemu)"
wired=1
ip -n "$pod" -br address show | sed 's/^/   /'
note "tap0 belongs to QEMU's user: $(ip -n "$pod" -d link show tap0 | grep -o 'user [^ ]* group [^ ]*')"

say "vmnet serve (DHCP for the guest) and a guest booted with \`vmnet domain --devices-only\`"
"$vmnet" serve --netns "$pod" --state-dir "$state" --resolv-conf "$work/resolv.conf" > "$work/serve.log" 2>&1 &
serve_pid=$!
wait_for "$work/serve.log" "serving DHCP in" 10
"$vmnet" domain --devices-only "$manifest" > "$work/devices.xml"
sed 's/^/   /' "$work/devices.xml"
note "booting the test guest (libvirt's embedded QEMU driver, TCG) inside $pod ..."
Tests/Guest/run-guest.sh --netns "$pod" --timeout 120 --log "$work/serial.log" --arg token=hello-from-the-guest \
    --arg ports=81 --arg target=http://10.244.0.1:8080/cgi-bin/peer "$work/devices.xml" serve-http \
    > "$work/run-guest.out" 2> "$work/run-guest.err" &
guest_pid=$!
wait_for "$work/serial.log" "^VMNET-READY" 120

say "The lease"
note "vmnet serve:  $(grep '^lease ' "$work/serve.log")"
lease=$(grep '^VMNET nic=' "$work/serial.log" | head -1)
field() { printf '%s\n' "$lease" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
note "the guest:    $(field nic) $(field mac) got $(field ip), router $(field router), DNS $(field dns)," \
    "MTU $(field mtu), search $(field search), hostname $(field hostname)"

say "Traffic through the NAT"
body=$(sed -n 's/^VMNET-FETCH .*status=ok.* body=//p' "$work/serial.log")
note "guest -> node http://10.244.0.1:8080/cgi-bin/peer:  '${body:-nothing (the fetch failed)}'  (masqueraded to the pod's IP)"
answer=$(ip netns exec "$node" timeout 10 busybox wget -q -O - http://10.244.0.5/cgi-bin/peer 2>&1 || true)
note "node -> pod 10.244.0.5:80 (forwarded):           the guest answered '$answer'"
if refused=$(ip netns exec "$node" sh -c 'echo hi | busybox nc -w 3 10.244.0.5 81' 2>&1); then
    note "node -> pod 10.244.0.5:81 (not listed):          answered '$refused' (it should not have been)"
elif grep -q '^VMNET-RECV proto=tcp port=81' "$work/serial.log"; then
    note "node -> pod 10.244.0.5:81 (not listed):          failed, yet the guest's listener on 81 saw it"
else
    note "node -> pod 10.244.0.5:81 (not listed):          refused by the pod; the guest's listener on 81 saw nothing"
fi
ip netns exec "$node" timeout 10 busybox wget -q -O /dev/null http://10.244.0.5/cgi-bin/stop || true
wait "$guest_pid" || true
guest_pid=
note "the guest powered off: $(tail -1 "$work/run-guest.err" | sed 's/^run-guest: //')"

say "Teardown"
kill -TERM "$serve_pid"
wait "$serve_pid" || true
serve_pid=
note "vmnet serve:  $(tail -1 "$work/serve.log")"
note "vmnet down:   $("$vmnet" down --netns "$pod" --state-dir "$state")"
wired=0
snapshot > "$work/after"
if diff -u "$work/before" "$work/after" > "$work/diff"; then
    note "the pod namespace is exactly as before vmnet up: links, addresses, routes, NAT tables, forwarding"
else
    note "the pod namespace differs from before vmnet up:"
    sed 's/^/   /' "$work/diff"
    exit 1
fi

say "Done in $(($(date +%s) - started)) s; removing the scratch namespaces and files"
