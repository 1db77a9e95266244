#!/usr/bin/env bash
# The demo: validates every example of the spec, then shows what vmnet says about a broken VM.
set -uo pipefail
vmnet=${1:-.build/debug/vmnet}
cd "$(dirname "$0")/.."
bold=$(tput bold 2>/dev/null || true); plain=$(tput sgr0 2>/dev/null || true)
say() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$plain"; }

say "The spec's examples (Tests/Fixtures/spec), validated one by one"
for file in Tests/Fixtures/spec/*.yaml; do
    printf '%-55s ' "$file"
    "$vmnet" validate "$file" | tail -1
done

say "The spec's ConfigMap forbids bridge on the pod network: a VM without interfaces would get one"
"$vmnet" validate --config Tests/Fixtures/spec/kubevirt-config-no-bridge.yaml Tests/Fixtures/spec/multiqueue.yaml
echo "exit status $?"

say "A broken VM (examples/broken/broken-vm.yaml): every problem at once"
"$vmnet" validate examples/broken/broken-vm.yaml
echo "exit status $?"

say "The same as JSON, for programs"
"$vmnet" validate --output json examples/broken/broken-vm.yaml | head -20
echo "..."
