#!/usr/bin/env bash
# Installs a build of vmnet under a prefix: BUILD_DIR/vmnet to PREFIX/bin, its DHCP server process vmnet-dhcpd and
# the conformance suite's vmnet-plugin-probe to PREFIX/libexec/vmnet (where vmnet looks for them, relative to its
# own folder), the seven plugins to PREFIX/lib/vmnet/plugins (where vmnet looks, relative to its own folder, with
# no variable set), and the plugin header to PREFIX/include. `make install PREFIX=…` runs it on a release build.
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: $0 BUILD_DIR PREFIX" >&2
    exit 2
fi
build=$1 prefix=$2
root=$(cd "$(dirname "$0")/.." && pwd)
plugins=("$build"/libVMNetBinding*.so "$build"/libVMNetBackend*.so)
[[ -x $build/vmnet && -x $build/vmnet-dhcpd && -x $build/vmnet-plugin-probe && -e ${plugins[0]} ]] || { echo "install: no vmnet build in $build (run swift build first)" >&2; exit 1; }
# The loader refuses plugins that group or others may write: install them 0644 whatever the umask.
install -d -m 0755 "$prefix/bin" "$prefix/libexec/vmnet" "$prefix/lib/vmnet/plugins" "$prefix/include"
install -m 0755 "$build/vmnet" "$prefix/bin/vmnet"
install -m 0755 "$build/vmnet-dhcpd" "$build/vmnet-plugin-probe" "$prefix/libexec/vmnet/"
install -m 0644 "${plugins[@]}" "$prefix/lib/vmnet/plugins/"
install -m 0644 "$root/Sources/CVMNetPlugin/include/vmnet_plugin.h" "$prefix/include/vmnet_plugin.h"
echo "install: vmnet, vmnet-dhcpd, vmnet-plugin-probe, ${#plugins[@]} plugins and vmnet_plugin.h under $prefix"
