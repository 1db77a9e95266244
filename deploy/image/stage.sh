#!/usr/bin/env bash
# Makes the build context of deploy/image/Containerfile: `make install PREFIX=/opt/vmnet DESTDIR=CONTEXT/tree`
# (a release build of vmnet, vmnet-dhcpd, the seven plugins and the plugin header), vmnet-cni beside vmnet when
# make install did not put it there, and the Swift runtime libraries the binaries and plugins load, in
# tree/opt/vmnet/lib, where make install's rpath ($ORIGIN/../lib) finds them. Then:
#   docker build -t vmnet:latest CONTEXT      (or podman build, buildah bud)
#
# usage: deploy/image/stage.sh CONTEXT   (CONTEXT is emptied first; run on Debian 12, the image's base)
set -euo pipefail
if [[ $# -ne 1 ]]; then
    echo "usage: $0 CONTEXT" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
context=$1
mkdir -p "$context"
context=$(cd "$context" && pwd)
rm -rf "$context/tree"
mkdir -p "$context/tree"

make -C "$root" install PREFIX=/opt/vmnet DESTDIR="$context/tree"
prefix=$context/tree/opt/vmnet

if [[ ! -e $prefix/bin/vmnet-cni ]]; then
    [[ -x $root/.build/release/vmnet-cni ]] || {
        echo "stage: no vmnet-cni in $root/.build/release: this tree has no CNI entry point to ship" >&2
        exit 1
    }
    install -m 0755 "$root/.build/release/vmnet-cni" "$prefix/bin/vmnet-cni"
fi

# The Swift runtime: every library of the toolchain that a binary or a plugin loads (ldd lists them transitively).
toolchain=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux
mapfile -t runtime < <(
    for file in "$prefix"/bin/* "$prefix"/libexec/vmnet/* "$prefix"/lib/vmnet/plugins/*.so; do
        ldd "$file" | awk -v dir="$toolchain/" '$2 == "=>" && index($3, dir) == 1 { print $3 }'
    done | sort -u)
((${#runtime[@]} > 0)) || { echo "stage: ldd found no Swift runtime library under $toolchain" >&2; exit 1; }
install -m 0644 "${runtime[@]}" "$prefix/lib/"

cp "$here/Containerfile" "$here/assemble.sh" "$here/vmnet-node-install" "$context/"
echo "stage: $context holds the image's build context (${#runtime[@]} Swift runtime libraries from $toolchain)"
echo "stage: now run: docker build -t vmnet:latest $context"
