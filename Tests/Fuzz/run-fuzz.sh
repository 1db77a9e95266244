#!/usr/bin/env bash
# Builds libFuzzer targets (the folders of Tests/Fuzz) against vmnet's sources with AddressSanitizer, then fuzzes
# each for a bounded time, one after the other.
#
#   Tests/Fuzz/run-fuzz.sh [SECONDS] [TARGET...]    default 20 s each, every target; extra flags via FUZZ_FLAGS
#
# FUZZ_OPTIMIZATION=-Onone builds faster (and fuzzes slower) than the default -O.
#
# A target folder holds its entry point (*.swift) and:
#   modules    the source modules it imports, in build order (C ones first): Sources/<name> each
#   seeds      optional: a script writing the seed inputs into the folder it is given ($1; $2 is the built target)
#   options    optional: libFuzzer flags of its own (-max_len, ...); NAME.dict is passed as -dict
# Modules are built once per run into one folder and shared by the targets. Seeds are copied into CORPUS/<target>
# (default a temporary folder), so a long run can keep and resume its corpus. Crash inputs are kept in
# $ARTIFACTS/<target> (default /tmp/vmnet-fuzz-artifacts); replay one with `<printed binary> <crash file>`, or
# keep the binaries with FUZZ_WORK=<folder>.
# The run fails when a target finds a crash.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
fuzz=$root/Tests/Fuzz
seconds=${1:-20}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for folder in "$fuzz"/*/; do [ -f "$folder/modules" ] && targets+=("$(basename "$folder")"); done
fi
artifacts=${ARTIFACTS:-/tmp/vmnet-fuzz-artifacts}
work=${FUZZ_WORK:-$(mktemp -d /tmp/vmnet-fuzz.XXXXXX)}
[ -n "${FUZZ_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
corpora=${CORPUS:-$work/corpus}
# Targets that load the built-in drivers find them in the debug build (`swift build` first).
export VMNET_FUZZ_PLUGINS=${VMNET_FUZZ_PLUGINS:-$root/.build/debug}
mkdir -p "$work/modules" "$work/objects"

# One package name for every module, as SwiftPM gives them (`package` API crosses modules); testing enabled so a
# target may reach a module's internal types with `@testable import`.
swift_flags=(-swift-version 6 "${FUZZ_OPTIMIZATION:--O}" -g -sanitize=fuzzer,address -parse-as-library -package-name vmnet -enable-testing
    -I "$work/modules")
link_flags=()

# Builds Sources/$1 the way SwiftPM would: a C target's files and a module map over its include folder, a system
# library's module map and its `link` libraries, or a Swift module (whole-module, into one object).
build_module() {
    local name=$1 source=$root/Sources/$1
    [ -e "$work/objects/$name.done" ] && return
    if [ -f "$source/module.modulemap" ]; then
        swift_flags+=(-I "$source")
        while read -r library; do link_flags+=("-l$library"); done < <(sed -n 's/.*link "\(.*\)".*/\1/p' "$source/module.modulemap")
    elif compgen -G "$source/*.c" > /dev/null; then
        printf 'module %s {\n    umbrella "%s/include"\n    export *\n}\n' "$name" "$source" > "$work/modules/$name.modulemap"
        swift_flags+=(-Xcc "-fmodule-map-file=$work/modules/$name.modulemap")
        for file in "$source"/*.c; do
            clang -c -O1 -g -fsanitize=address,fuzzer-no-link -I "$source/include" "$file" \
                -o "$work/objects/$name-$(basename "$file" .c).o"
        done
    else
        swiftc "${swift_flags[@]}" -module-name "$name" -emit-module -emit-module-path "$work/modules/$name.swiftmodule" \
            -wmo -c $(find "$source" -name '*.swift' | sort) -o "$work/objects/$name.o"
    fi
    touch "$work/objects/$name.done"
}

failed=0
for target in "${targets[@]}"; do
    folder=$fuzz/$target
    [ -f "$folder/modules" ] || { echo "no fuzz target $target (no $folder/modules)" >&2; exit 2; }
    for module in $(grep -v '^#' "$folder/modules"); do build_module "$module"; done
    objects=()
    for module in $(grep -v '^#' "$folder/modules"); do
        for object in "$work/objects/$module".o "$work/objects/$module"-*.o; do [ -f "$object" ] && objects+=("$object"); done
    done
    binary=$work/$target
    swiftc "${swift_flags[@]}" -module-name "${target}Fuzzer" "$folder"/*.swift "${objects[@]}" "${link_flags[@]}" -o "$binary"

    corpus=$corpora/$target
    mkdir -p "$corpus" "$artifacts/$target"
    [ -x "$folder/seeds" ] && "$folder/seeds" "$corpus" "$binary"
    flags=(-max_total_time="$seconds" -artifact_prefix="$artifacts/$target/" -print_final_stats=1 -print_funcs=0)
    [ -f "$folder/options" ] && read -r -a own < "$folder/options" && flags+=("${own[@]}")
    for dict in "$folder"/*.dict; do [ -f "$dict" ] && flags+=(-dict="$dict"); done
    echo "fuzzing $target for ${seconds}s ($binary)"
    # The Swift runtime's backtracer would read memory ASan then reports as a crash of its own.
    export SWIFT_BACKTRACE=enable=no
    # shellcheck disable=SC2086
    (cd "$folder" && "$binary" "$corpus" "${flags[@]}" ${FUZZ_FLAGS:-}) || failed=1
    rmdir "$artifacts/$target" 2>/dev/null || true
done
rmdir "$artifacts" 2>/dev/null || true
exit $failed
