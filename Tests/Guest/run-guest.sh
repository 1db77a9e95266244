#!/bin/bash
# Boots the vmnet test guest with the given network devices, runs one scenario and prints
# the guest's serial log (the VMNET lines) on stdout.
#
# usage: run-guest.sh [options] DEVICES_XML SCENARIO
#        run-guest.sh --prepare
#
#   DEVICES_XML       libvirt devices (<interface>… elements, optionally inside <devices>, and
#                     optionally a <qemu:commandline> block) or a full <domain>, whose <devices>,
#                     <qemu:commandline> and <vcpu> are taken; "-" reads stdin
#   SCENARIO          a script of scenarios/ without .sh: report, serve-http, fetch,
#                     ipv6-static, queues
#   --netns NAME      run inside network namespace NAME (ip netns exec)
#   --timeout SEC     give up (and kill the guest) after SEC seconds; default 90
#   --arg KEY=VALUE   adds vmnet.KEY=VALUE to the kernel command line (repeatable)
#   --vcpus N         default 1 (or the full domain's <vcpu>)
#   --memory MIB      default 256
#   --log FILE        write the serial log to FILE (watch it for VMNET-READY while the guest
#                     runs); default: a file in the run's work directory
#   --direct          start qemu-system-x86_64 -accel tcg directly instead of through libvirt;
#                     only <interface type='ethernet'|'user'> are translated (target dev, mac,
#                     model, driver queues, mtu)
#   --qemu-arg ARG    extra QEMU argument for --direct (repeatable)
#   --keep            keep the work directory (domain.xml, libvirt root, logs) and print its path
#   --prepare         only build the guest and set libvirt up (the libvirt-qemu user QEMU runs as,
#                     the /dev/kvm mask), then exit: tests that must know QEMU's user call it first
#
# Libvirt mode runs `virt-qemu-run --root WORK/root domain.xml` (libvirt's embedded QEMU
# driver; one process per root, so every run has its own root) in the namespace, with
# /dev/kvm masked by an inaccessible device node: libvirt then agrees with QEMU that KVM is
# unusable, so its capabilities cache stays valid. The cache is probed once (about 2 s) and
# copied into every later root, which makes a libvirt start cost about 0.5 s. virt-qemu-run
# does not exit when the guest powers off: it gets SIGTERM once VMNET-DONE appears.
#
# Exit status: 0 when the guest printed VMNET-DONE, 124 on timeout, 1 when it could not run.
# A timing line goes to stderr: launch (until QEMU runs), done (until VMNET-DONE), total.
#
# Environment: VMNET_GUEST_CACHE (default /var/tmp/vmnet-guest) holds the built guest, the
# capabilities cache and the /dev/kvm mask; it must be readable by the libvirt-qemu user.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${VMNET_GUEST_CACHE:-/var/tmp/vmnet-guest}
netns=
timeout=90
vcpus=
memory=256
log=
direct=0
keep=0
prepare=0
args=()
qemu_args=()
positional=()

die() {
    echo "run-guest: $*" >&2
    exit 1
}
usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --netns) netns=$2 && shift 2 ;;
        --timeout) timeout=$2 && shift 2 ;;
        --arg)
            case "$2" in
                *=*) ;;
                *) die "--arg takes KEY=VALUE, not $2" ;;
            esac
            case "$2" in *[[:space:]]*) die "--arg $2: the kernel command line splits on spaces" ;; esac
            args+=("vmnet.$2") && shift 2
            ;;
        --vcpus) vcpus=$2 && shift 2 ;;
        --memory) memory=$2 && shift 2 ;;
        --log) log=$2 && shift 2 ;;
        --direct) direct=1 && shift ;;
        --qemu-arg) qemu_args+=("$2") && shift 2 ;;
        --keep) keep=1 && shift ;;
        --prepare) prepare=1 && shift ;;
        -h | --help) usage ;;
        --*) die "unknown option $1" ;;
        *) positional+=("$1") && shift ;;
    esac
done
[ ${#positional[@]} -eq 2 ] || { [ "$prepare" -eq 1 ] && [ ${#positional[@]} -eq 0 ]; } || usage
devices_file=${positional[0]:--}
scenario=${positional[1]:-report}
[ -f "$here/scenarios/$scenario.sh" ] || die "no scenario $scenario in $here/scenarios"
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, taps, libvirt's QEMU driver)"
[ -z "$netns" ] || [ -e "/run/netns/$netns" ] || die "no network namespace $netns (ip netns add $netns)"
command -v qemu-system-x86_64 > /dev/null || die "no qemu-system-x86_64 (apt-get install -y qemu-system-x86)"
[ "$direct" -eq 1 ] || command -v virt-qemu-run > /dev/null ||
    die "no virt-qemu-run (apt-get install -y libvirt-daemon-driver-qemu), or use --direct"
if [ "$prepare" -eq 1 ]; then
    source_xml=
elif [ "$devices_file" = - ]; then
    source_xml=$(cat)
else
    source_xml=$(cat "$devices_file")
fi

mkdir -p "$cache"
chmod 0755 "$cache"
guest=$("$here/build-initramfs.sh" "$cache/guest")
kernel=$guest/vmlinuz
[ -f "$guest/vmlinux" ] && kernel=$guest/vmlinux

# Kills what a run left behind (virt-qemu-run, QEMU), recognising each process by the run
# directory on its command line so that a reused pid is never hit.
kill_run_processes() {
    local dir=$1 pidfile pid
    for pidfile in "$dir"/root/run/qemu/*.pid "$dir/qemu.pid"; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if grep -qF "$dir" "/proc/$pid/cmdline" 2> /dev/null; then
            kill -KILL "$pid" 2> /dev/null || true
        fi
    done
}

# Runs whose run-guest.sh was killed (SIGKILL, a crashed test runner) left their directory
# and maybe their guest: both go now.
for stale in "$cache"/run.*; do
    [ -f "$stale/owner" ] || continue
    owner=$(cat "$stale/owner")
    grep -q run-guest "/proc/$owner/cmdline" 2> /dev/null && continue
    kill_run_processes "$stale"
    rm -rf "$stale"
done

work=$(mktemp -d "$cache/run.XXXXXX")
echo $$ > "$work/owner"
chmod 0755 "$work"
[ -n "$log" ] || log=$work/serial.log
rm -f "$log"
runner=
started=$(date +%s%N)

elapsed() {
    awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

cleanup() {
    # A second signal (Ctrl-C's, then the caller's SIGTERM) must not cut the cleanup short.
    trap '' INT TERM
    if [ -n "$runner" ] && kill -0 "$runner" 2> /dev/null; then
        kill -TERM "$runner" 2> /dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$runner" 2> /dev/null || break
            sleep 0.1
        done
        kill -KILL "$runner" 2> /dev/null || true
    fi
    # libvirt daemonizes QEMU: it outlives a virt-qemu-run that had to be killed.
    kill_run_processes "$work"
    if [ "$keep" -eq 1 ]; then
        rm -f "$work/owner"
        echo "run-guest: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cmdline="console=ttyS0 quiet panic=-1 vmnet.scenario=$scenario ${args[*]}"
# The same text inside <cmdline> (a URL argument may hold & or <).
cmdline_xml=$(printf '%s' "$cmdline" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')

flat=$(printf '%s' "$source_xml" | tr '\n\t' '  ' | sed 's/<?xml[^>]*?>//')
if printf '%s' "$flat" | grep -q '<domain'; then
    devices=$(printf '%s' "$flat" | sed -n 's/.*<devices>\(.*\)<\/devices>.*/\1/p')
    [ -n "$vcpus" ] || vcpus=$(printf '%s' "$flat" | sed -n 's/.*<vcpu[^>]*>[[:space:]]*\([0-9]*\)[[:space:]]*<\/vcpu>.*/\1/p')
else
    # `vmnet domain --devices-only` prints <devices/> when every NIC is QEMU's own (slirp).
    devices=$(printf '%s' "$flat" | sed 's/<devices>//; s/<\/devices>//; s/<devices[[:space:]]*\/>//')
fi
# The block may declare its own xmlns:qemu, as vmnet's does.
qemu_commandline=$(printf '%s' "$flat" | grep -o '<qemu:commandline[[:space:]>].*</qemu:commandline>' || true)
devices=$(printf '%s' "$devices" | sed 's/<qemu:commandline[[:space:]>].*<\/qemu:commandline>//')
vcpus=${vcpus:-1}

# The value of attribute $2 of the first element $1 in the XML on stdin.
xml_attribute() {
    sed -n "s/.*<$1[[:space:]][^>]*$2=[\"']\([^\"']*\)[\"'].*/\1/p" | head -n 1
}

# QEMU -netdev/-device arguments for the <interface> elements, for --direct.
direct_nic_args() {
    local index=0 chunk type mac model target queues mtu device netdev
    local -A models=([virtio]=virtio-net-pci [e1000]=e1000 [e1000e]=e1000e [rtl8139]=rtl8139
        [ne2k_pci]=ne2k_pci [pcnet]=pcnet [vmxnet3]=vmxnet3 [igb]=igb)
    while IFS= read -r chunk; do
        case "$chunk" in *'<interface'*) ;; *) continue ;; esac
        chunk="<interface${chunk#*<interface}"
        type=$(printf '%s' "$chunk" | xml_attribute interface type)
        mac=$(printf '%s' "$chunk" | xml_attribute mac address)
        model=$(printf '%s' "$chunk" | xml_attribute model type)
        target=$(printf '%s' "$chunk" | xml_attribute target dev)
        queues=$(printf '%s' "$chunk" | xml_attribute driver queues)
        mtu=$(printf '%s' "$chunk" | xml_attribute mtu size)
        model=${model:-rtl8139}
        device=${models[$model]:-}
        [ -n "$device" ] || die "--direct: unknown interface model $model"
        case "$type" in
            ethernet)
                [ -n "$target" ] || die "--direct: <interface type='ethernet'> needs <target dev=…>"
                netdev="tap,id=net$index,ifname=$target,script=no,downscript=no"
                [ -z "$queues" ] || netdev="$netdev,queues=$queues"
                ;;
            user) netdev="user,id=net$index" ;;
            *) die "--direct translates only interface types ethernet and user, not $type (use libvirt mode)" ;;
        esac
        device="$device,netdev=net$index"
        [ -z "$mac" ] || device="$device,mac=$mac"
        [ -z "$queues" ] || device="$device,mq=on,vectors=$((2 * queues + 2))"
        [ -z "$mtu" ] || device="$device,host_mtu=$mtu"
        printf '%s\n' -netdev "$netdev" -device "$device"
        index=$((index + 1))
    done < <(printf '%s' "$devices" | sed 's/<\/interface>/\n/g')
}

# Once per cache: the libvirt-qemu user and group libvirt's QEMU driver needs (package
# libvirt-daemon-system would create them; the driver alone does not), the qemu.conf of every
# root, the /dev/kvm mask and the directory that keeps the capabilities cache between runs.
libvirt_setup() {
    local dir=$cache/libvirt
    mkdir -p "$dir/capabilities"
    exec 8> "$dir/.lock"
    flock 8
    getent group libvirt-qemu > /dev/null || groupadd --system libvirt-qemu
    getent passwd libvirt-qemu > /dev/null ||
        useradd --system --gid libvirt-qemu --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin --comment "libvirt QEMU" libvirt-qemu
    # A device node only root may open: libvirt (checking as libvirt-qemu) and QEMU's probe
    # then agree there is no KVM. With /dev/null as the mask, or the real /dev/kvm, they
    # disagree, and libvirt invalidates and re-probes its capabilities cache on every lookup
    # (~2 s each, 20-45 s per start).
    [ -c "$dir/kvm-mask" ] || mknod -m 000 "$dir/kvm-mask" c 1 3
    cat > "$dir/qemu.conf.new" << 'CONF'
# Written by run-guest.sh for virt-qemu-run --root (libvirt's embedded QEMU driver).
# No virtlogd daemon: QEMU's own output goes to ROOT/log/qemu/NAME.log.
stdio_handler = "file"
# No AppArmor/SELinux helper (virt-aa-helper comes with libvirt-daemon-system).
security_driver = "none"
# The kernel and initramfs are shared by concurrent runs and already world-readable.
dynamic_ownership = 0
remember_owner = 0
# No per-guest cgroup directories: none left behind when a run is killed, and fewer
# assumptions about how the host (systemd, a container) delegates cgroups.
cgroup_controllers = [ ]
CONF
    mv "$dir/qemu.conf.new" "$dir/qemu.conf"
    flock -u 8
}

# Keeps the capabilities libvirt probed in this run for the next runs (libvirt re-probes
# by itself when QEMU or libvirt changed; the new file is then copied back).
save_capabilities() {
    local file
    for file in "$work"/root/cache/qemu/capabilities/*.xml; do
        [ -f "$file" ] || continue
        cmp -s "$file" "$cache/libvirt/capabilities/${file##*/}" && continue
        cp -p "$file" "$cache/libvirt/capabilities/.${file##*/}.$$"
        mv "$cache/libvirt/capabilities/.${file##*/}.$$" "$cache/libvirt/capabilities/${file##*/}"
    done
}

# Becomes the command, inside the requested network namespace if any: called as the body
# of a background job, so that $! is the runner itself (ip netns exec and unshare exec too).
exec_in_netns() {
    if [ -n "$netns" ]; then
        exec ip netns exec "$netns" "$@"
    else
        exec "$@"
    fi
}

if [ "$prepare" -eq 1 ]; then
    [ "$direct" -eq 1 ] || libvirt_setup
    exit 0
fi

if [ "$direct" -eq 1 ]; then
    mapfile -t nic_args < <(direct_nic_args)
    exec_in_netns qemu-system-x86_64 -accel tcg -machine pc -cpu qemu64 -m "$memory" -smp "$vcpus" \
        -nodefaults -no-user-config -display none -no-reboot -pidfile "$work/qemu.pid" \
        -kernel "$kernel" -initrd "$guest/initramfs.gz" -append "$cmdline" \
        -serial "file:$log" "${nic_args[@]}" "${qemu_args[@]}" > "$work/runner.log" 2>&1 &
    runner=$!
else
    libvirt_setup
    mkdir -p "$work/root/etc" "$work/root/cache/qemu/capabilities"
    cp "$cache/libvirt/qemu.conf" "$work/root/etc/qemu.conf"
    cp -p "$cache"/libvirt/capabilities/*.xml "$work/root/cache/qemu/capabilities/" 2> /dev/null || true
    name="vmnet-guest-$$-$RANDOM"
    cat > "$work/domain.xml" << EOF
<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>$name</name>
  <memory unit='MiB'>$memory</memory>
  <vcpu>$vcpus</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$guest/initramfs.gz</initrd>
    <cmdline>$cmdline_xml</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='file'><source path='$log'/><target port='0'/></serial>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
    $devices
  </devices>
  $qemu_commandline
</domain>
EOF
    mask="$cache/libvirt/kvm-mask"
    if [ -e /dev/kvm ]; then
        # shellcheck disable=SC2016 # $1 and $@ belong to the inner sh
        exec_in_netns unshare -m sh -c 'mount --bind "$1" /dev/kvm && shift && exec "$@"' sh "$mask" \
            virt-qemu-run -v --root "$work/root" "$work/domain.xml" > "$work/runner.log" 2>&1 &
    else
        exec_in_netns virt-qemu-run -v --root "$work/root" "$work/domain.xml" > "$work/runner.log" 2>&1 &
    fi
    runner=$!
fi

launch=
result=timeout
deadline=$(($(date +%s) + timeout))
while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -z "$launch" ] && { [ "$direct" -eq 1 ] || grep -q 'guest running' "$work/runner.log"; }; then
        launch=$(elapsed)
    fi
    if [ -f "$log" ] && grep -q '^VMNET-DONE' "$log"; then
        result="done"
        break
    fi
    if ! kill -0 "$runner" 2> /dev/null; then
        result=exited
        break
    fi
    # libvirt removes the domain's pid file when QEMU ends (a panic, a reboot) while
    # virt-qemu-run itself keeps running.
    if [ -n "$launch" ] && [ "$direct" -eq 0 ] && [ ! -f "$work/root/run/qemu/$name.pid" ]; then
        result=exited
        break
    fi
    sleep 0.1
done
done_at=$(elapsed)

# The guest's power-off (QEMU exits), a crash and a runner failure all end the loop.
if [ "$result" = exited ] && [ -f "$log" ] && grep -q '^VMNET-DONE' "$log"; then
    result="done"
fi
if [ "$result" != "done" ]; then
    echo "run-guest: $result; runner output:" >&2
    cat "$work/runner.log" >&2
    cat "$work"/root/log/qemu/*.log >&2 2> /dev/null || true
fi
[ "$direct" -eq 1 ] || save_capabilities
[ -f "$log" ] && cat "$log"
cleanup_started=$(date +%s%N)
trap - EXIT
cleanup
stop=$(awk -v a="$cleanup_started" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
mode=libvirt
[ "$direct" -eq 0 ] || mode=direct
echo "run-guest: scenario=$scenario mode=$mode result=$result launch=${launch:-?}s done=${done_at}s stop=${stop}s total=$(elapsed)s" >&2
case "$result" in
    "done") exit 0 ;;
    timeout) exit 124 ;;
    *) exit 1 ;;
esac
