#!/bin/sh
# Builds the vmnet test guest into OUT_DIR: vmlinuz (the installed Debian kernel), vmlinux
# (the same kernel uncompressed, bootable through its PVH entry point when the kernel has
# CONFIG_PVH: saves the ~3 s its XZ decompression takes under TCG) and initramfs.gz
# (busybox-static, that kernel's NIC drivers, /init, the scenarios).
#
# usage: build-initramfs.sh OUT_DIR
#
# Cached: OUT_DIR/inputs.sha256 hashes every input (this script, the templates, the
# scenarios, kernel, busybox, module files); a second run with the same inputs does nothing.
# Safe to run concurrently (flock on OUT_DIR/.lock). Prints OUT_DIR on success.
#
# Environment:
#   VMNET_GUEST_KERNEL   kernel version to use (default: the newest /boot/vmlinuz-* with modules)
#   VMNET_GUEST_MODULES  drivers to load, in order; their dependencies are added before them
#
# Needs (Debian): linux-image-amd64 busybox-static cpio gzip kmod, and xz-utils / zstd when
# the kernel's modules or its bzImage payload are compressed that way (Debian 12: XZ bzImage).
set -eu

usage() {
    echo "usage: $0 OUT_DIR" >&2
    exit 2
}
die() {
    echo "build-initramfs: $*" >&2
    exit 1
}

[ $# -eq 1 ] || usage
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

# virtio_pci before virtio_net, as the issue lists; each name drags in its dependencies
# (virtio_ring, virtio, virtio_pci_*_dev, failover, net_failover, 8390, mii…).
modules=${VMNET_GUEST_MODULES:-virtio_pci virtio_net e1000 e1000e igb ne2k-pci pcnet32 8139cp 8139too vmxnet3}

kernel_version() {
    if [ -n "${VMNET_GUEST_KERNEL:-}" ]; then
        echo "$VMNET_GUEST_KERNEL"
        return
    fi
    for image in /boot/vmlinuz-*; do
        version=${image#/boot/vmlinuz-}
        [ -f "/lib/modules/$version/modules.dep" ] && echo "$version"
    done | sort -V | tail -n 1
}

kernel=$(kernel_version)
[ -n "$kernel" ] || die "no kernel with modules in /boot (apt-get install -y linux-image-amd64)"
vmlinuz=/boot/vmlinuz-$kernel
[ -r "$vmlinuz" ] || die "cannot read $vmlinuz (apt-get install -y linux-image-amd64)"
busybox=/bin/busybox
[ -x "$busybox" ] || die "no $busybox (apt-get install -y busybox-static)"
# A dynamic busybox (package busybox) would need its libc inside the initramfs.
if ldd "$busybox" > /dev/null 2>&1; then
    die "$busybox is dynamically linked (apt-get install -y busybox-static)"
fi
for tool in cpio gzip modprobe; do
    command -v "$tool" > /dev/null || die "missing $tool (apt-get install -y cpio gzip kmod)"
done

# The module files in load order, dependencies first, each once (modprobe reads modules.dep
# and softdeps; "builtin" lines name drivers compiled into the kernel and need no file).
for name in $modules; do
    modprobe -S "$kernel" --show-depends "$name" > /dev/null 2>&1 || die "kernel $kernel has no module $name"
done
files=$(
    for name in $modules; do
        modprobe -S "$kernel" --show-depends "$name"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
)

exec 9> "$out/.lock"
flock 9

hash=$(
    {
        cat "$0"
        (cd "$here" && find initramfs scenarios -type f | LC_ALL=C sort | xargs sha256sum)
        echo "$kernel $modules"
        # shellcheck disable=SC2086 # one file per word
        sha256sum "$vmlinuz" "$busybox" $files
    } | sha256sum | cut -d' ' -f1
)
if [ -f "$out/inputs.sha256" ] && [ "$(cat "$out/inputs.sha256")" = "$hash" ] &&
    [ -f "$out/initramfs.gz" ] && [ -f "$out/vmlinuz" ]; then
    echo "$out"
    exit 0
fi

# The ELF inside a bzImage, found like the kernel's scripts/extract-vmlinux: the first
# compressed stream at a magic number that decompresses to an ELF file.
extract_vmlinux() {
    for format in xz zstd gzip; do
        case $format in
            xz) magic='\xfd7zXZ\x00' ;;
            zstd) magic='\x28\xb5\x2f\xfd' ;;
            gzip) magic='\x1f\x8b\x08' ;;
        esac
        command -v "$format" > /dev/null || continue
        for offset in $(LC_ALL=C grep -abo -P "$magic" "$1" | cut -d: -f1); do
            tail -c +$((offset + 1)) "$1" | "$format" -dc > "$2" 2> /dev/null
            [ "$(head -c 4 "$2" | od -An -c | tr -d ' ')" = 177ELF ] && return 0
        done
    done
    return 1
}

# Staged inside OUT_DIR so that every file arrives by an atomic rename.
stage=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root/bin" "$root/lib/modules" "$root/scenarios" "$root/www" \
    "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/tmp" "$root/etc"
ln -s bin "$root/sbin"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done

# busybox insmod reads plain .ko only: decompress .ko.xz / .ko.zst / .ko.gz here.
: > "$root/lib/modules/order"
for file in $files; do
    base=${file##*/}
    case "$base" in
        *.ko) cp "$file" "$root/lib/modules/$base" ;;
        *.ko.xz) base=${base%.xz} && xz -dc "$file" > "$root/lib/modules/$base" ;;
        *.ko.zst) base=${base%.zst} && zstd -qdc "$file" > "$root/lib/modules/$base" ;;
        *.ko.gz) base=${base%.gz} && gzip -dc "$file" > "$root/lib/modules/$base" ;;
        *) die "unknown module file type: $file" ;;
    esac
    echo "$base" >> "$root/lib/modules/order"
done

cp -R "$here/initramfs/." "$root/"
cp "$here"/scenarios/*.sh "$root/scenarios/"
chmod 0755 "$root/init" "$root/etc/udhcpc.script" "$root/lib/vmnet-responder" "$root"/www/cgi-bin/*

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6n > "$stage/initramfs.gz"
cp "$vmlinuz" "$stage/vmlinuz"
if grep -q '^CONFIG_PVH=y' "/boot/config-$kernel" 2> /dev/null && extract_vmlinux "$vmlinuz" "$stage/vmlinux"; then
    chmod 0644 "$stage/vmlinux"
    mv "$stage/vmlinux" "$out/vmlinux"
else
    rm -f "$out/vmlinux"
fi
# QEMU runs as libvirt-qemu under libvirt: everything it reads must be world-readable.
chmod 0644 "$stage/initramfs.gz" "$stage/vmlinuz"
chmod 0755 "$out"
mv "$stage/initramfs.gz" "$out/initramfs.gz"
mv "$stage/vmlinuz" "$out/vmlinuz"
echo "$kernel" > "$out/kernel-version"
echo "$hash" > "$out/inputs.sha256"
echo "$out"
