# Sourced by the bench/apply scripts after `cd` to the repository: they need hyperfine and root, and measure the
# release vmnet, built here unless VMNET names one already built. Sets $vmnet.
bench=$(basename "$0")
command -v hyperfine >/dev/null || { echo "$bench: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "$bench: needs root (network namespaces)" >&2; exit 1; }

vmnet=${VMNET:-}
if [ -z "$vmnet" ]; then
    if ! output=$(swift build -c release 2>&1); then echo "$output" >&2; exit 1; fi
    vmnet=$(swift build -c release --show-bin-path)/vmnet
fi
