#!/usr/bin/env bash
# Lays out /opt/vmnet as a node gets it, from a `make install PREFIX=/opt/vmnet` tree (see stage.sh):
#   bin/vmnet, bin/vmnet-cni, bin/vmnet-dhcpd   (vmnet finds vmnet-dhcpd beside itself)
#   bin/vmnet-plugin-probe                       (`vmnet plugins test` runs each plugin in it, found beside vmnet)
#   libexec/vmnet-dhcpd                          (a link to bin/vmnet-dhcpd, the path the CNI contract names)
#   plugins/*.so                                 (0644; vmnet and vmnet-cni are given this folder explicitly)
#   lib/                                         (every library they load except glibc's: Swift runtime and Debian)
# Nodes do not have libnl, libiptc, libyaml, libpci or a Swift runtime, and vmnet-cni runs on the node itself, so
# every library but glibc is shipped and each file's RUNPATH points into lib/: $ORIGIN/../lib for bin/ and
# plugins/, $ORIGIN for lib/ (RUNPATH is not inherited by a library's own dependencies), and the absolute
# /opt/vmnet/lib for vmnet-cni, which is copied to /opt/cni/bin. That also drops the toolchain folder the build
# put first in RUNPATH, which would shadow lib/ on a machine that has a Swift toolchain there.
# Runs in the image's assemble stage (Debian 12 with patchelf and the libraries installed); fails when a library
# cannot be found or would resolve outside lib/.
#
# usage: assemble.sh TREE DEST   (TREE: the installed prefix, e.g. /stage/opt/vmnet; DEST: e.g. /opt/vmnet)
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: $0 TREE DEST" >&2
    exit 2
fi
tree=$1 dest=$2
# glibc's libraries come from the node: the dynamic loader itself is the node's.
glibc='^(linux-vdso|ld-linux-x86-64|libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl|libmvec)\.so'

install -d -m 0755 "$dest" "$dest/bin" "$dest/libexec" "$dest/lib" "$dest/plugins"
install -m 0755 "$tree/bin/vmnet" "$tree/bin/vmnet-cni" "$tree/libexec/vmnet/vmnet-dhcpd" \
    "$tree/libexec/vmnet/vmnet-plugin-probe" "$dest/bin/"
ln -sfn ../bin/vmnet-dhcpd "$dest/libexec/vmnet-dhcpd"
install -m 0644 "$tree"/lib/vmnet/plugins/*.so "$dest/plugins/"
install -m 0644 "$tree"/lib/*.so* "$dest/lib/"

binaries=("$dest/bin/vmnet" "$dest/bin/vmnet-dhcpd" "$dest/bin/vmnet-plugin-probe" "$dest/bin/vmnet-cni" "$dest"/plugins/*.so)
# $ORIGIN is for the dynamic loader, not the shell.
# shellcheck disable=SC2016
for file in "$dest/bin/vmnet" "$dest/bin/vmnet-dhcpd" "$dest/bin/vmnet-plugin-probe" "$dest"/plugins/*.so; do
    patchelf --set-rpath '$ORIGIN/../lib' "$file"
done
patchelf --set-rpath /opt/vmnet/lib "$dest/bin/vmnet-cni"

# resolved FILE: "SONAME PATH" for every library FILE loads, "SONAME not-found" for a missing one.
resolved() {
    # vmnet-cni's RUNPATH is absolute: while DEST is not /opt/vmnet, look where it will be.
    LD_LIBRARY_PATH=$([[ $1 == */vmnet-cni ]] && echo "$dest/lib") ldd "$1" | awk '
        $2 == "=>" && $3 == "not" { print $1, "not-found"; next }
        $2 == "=>" { print $1, $3 }'
}

for file in "${binaries[@]}"; do
    resolved "$file"
done | sort -u | while read -r soname path; do
    [[ $soname =~ $glibc ]] && continue
    [[ $path != not-found ]] || { echo "assemble: $soname, which vmnet needs, is not installed" >&2; exit 1; }
    [[ -e $dest/lib/$soname ]] || install -m 0644 "$(readlink -f "$path")" "$dest/lib/$soname"
done
# shellcheck disable=SC2016
for file in "$dest"/lib/*.so*; do
    patchelf --set-rpath '$ORIGIN' "$file"
done

# Every library but glibc's must now come from DEST/lib.
lib=$(realpath "$dest/lib")
status=0
for file in "${binaries[@]}" "$dest"/lib/*.so*; do
    while read -r soname path; do
        [[ $soname =~ $glibc || $(realpath -m "$path") == "$lib/$soname" ]] && continue
        echo "assemble: $file loads $soname from $path, not from $dest/lib" >&2
        status=1
    done < <(resolved "$file")
done
((status == 0)) || exit 1
glibc_needed=$(for file in "${binaries[@]}" "$dest"/lib/*.so*; do objdump -T "$file"; done |
    grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
libraries=("$dest"/lib/*.so*)
plugins=("$dest"/plugins/*.so)
echo "assemble: $dest: ${#libraries[@]} libraries in lib/, ${#plugins[@]} plugins; needs ${glibc_needed/_/ } or later on the node"
