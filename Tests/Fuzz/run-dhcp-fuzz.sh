#!/usr/bin/env bash
# Builds the DHCP decoder fuzz target (Tests/Fuzz/DHCPDecoder) against the VMNetDHCP sources with libFuzzer and
# AddressSanitizer, then fuzzes it for a bounded time.
#
#   Tests/Fuzz/run-dhcp-fuzz.sh [SECONDS]      default 20; extra libFuzzer flags via FUZZ_FLAGS
#
# Crash inputs are kept in $ARTIFACTS (default /tmp/vmnet-dhcp-fuzz-artifacts); replay one with
#   <printed binary> <crash file>
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-20}
artifacts=${ARTIFACTS:-/tmp/vmnet-dhcp-fuzz-artifacts}
work=$(mktemp -d /tmp/vmnet-dhcp-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts" "$work/modules" "$work/corpus"

# One package name for all three modules, as SwiftPM gives them: VMNetDHCP uses VMNetSystem's `package` API.
swift_flags=(-swift-version 6 -O -g -sanitize=fuzzer,address -parse-as-library -package-name vmnet -I "$work/modules")

# VMNetDHCP imports VMNetSystem, which imports the C shims: build the chain the way SwiftPM would.
cat > "$work/modules/module.modulemap" <<MAP
module CVMNetSys {
    header "$root/Sources/CVMNetSys/include/vmnet_sys.h"
    export *
}
MAP
for source in "$root"/Sources/CVMNetSys/*.c; do
    clang -c -O1 -g -fsanitize=address,fuzzer-no-link -I "$root/Sources/CVMNetSys/include" \
        "$source" -o "$work/$(basename "$source" .c).o"
done
swiftc "${swift_flags[@]}" -module-name VMNetSystem -emit-module -emit-module-path "$work/modules/VMNetSystem.swiftmodule" \
    -wmo -c $(find "$root/Sources/VMNetSystem" -name '*.swift' | sort) -o "$work/VMNetSystem.o"
swiftc "${swift_flags[@]}" -module-name VMNetDHCP -emit-module -emit-module-path "$work/modules/VMNetDHCP.swiftmodule" \
    -wmo -c $(find "$root/Sources/VMNetDHCP" -name '*.swift' | sort) -o "$work/VMNetDHCP.o"
binary="$work/dhcp-decoder-fuzzer"
swiftc "${swift_flags[@]}" -module-name DHCPDecoderFuzzer "$root"/Tests/Fuzz/DHCPDecoder/*.swift \
    "$work"/*.o -o "$binary"

# Seeds: a DHCPv4 DISCOVER from the bridge-mode VM and a DHCPv6 SOLICIT with an IA_NA.
{
    printf '\x01\x01\x06\x00\x12\x34\x56\x78'; head -c 20 /dev/zero
    printf '\x02\x11\x22\x33\x44\x55'; head -c 202 /dev/zero
    printf '\x63\x82\x53\x63\x35\x01\x01\x37\x04\x01\x03\x06\x79\xff'
} > "$work/corpus/discover"
printf '\x01\xab\xcd\xef\x00\x01\x00\x0a\x00\x03\x00\x01\x02\x11\x22\x33\x44\x55%b' \
    '\x00\x03\x00\x0c\x00\x00\x00\x07\x00\x00\x00\x00\x00\x00\x00\x00' > "$work/corpus/solicit"

echo "fuzzing the DHCP decoders for ${seconds}s"
# shellcheck disable=SC2086
"$binary" "$work/corpus" -max_total_time="$seconds" -use_value_profile=1 -max_len=2048 \
    -dict="$root/Tests/Fuzz/DHCPDecoder/dhcp.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-}
rmdir "$artifacts" 2>/dev/null || true
