#!/bin/sh
# Builds cnitool/main.go, the tests' libcni driver, into OUT_PATH: offline, in GOPATH mode, against Debian's
# libcni 1.1.2 source (/usr/share/gocode, from golang-github-appc-cni-dev). Nothing is fetched: modules are off,
# GOPROXY is off and the user's go env file is ignored.
#
# usage: build-cnitool.sh OUT_PATH
#
# Cached: does nothing when OUT_PATH is newer than main.go and this script. Go's build cache lives in
# OUT_PATH-build/, beside the binary. Safe to run concurrently (flock on OUT_PATH.lock); the binary is renamed into
# place, so a reader never sees half of it. Prints OUT_PATH on success.
#
# Needs (Debian): golang-go golang-github-appc-cni-dev
set -eu

die() {
    echo "build-cnitool: $*" >&2
    exit 1
}

[ $# -eq 1 ] || { echo "usage: $0 OUT_PATH" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
source="$here/cnitool/main.go"
libcni=/usr/share/gocode/src/github.com/containernetworking/cni/libcni
mkdir -p "$(dirname "$1")"
out="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"

command -v go >/dev/null || die "no go compiler (apt-get install golang-go)"
[ -d "$libcni" ] || die "no libcni source in $libcni (apt-get install golang-github-appc-cni-dev)"

exec 9>"$out.lock"
flock 9
if [ "$out" -nt "$source" ] && [ "$out" -nt "$here/build-cnitool.sh" ]; then
    echo "$out"
    exit 0
fi

build="$out-build"
mkdir -p "$build/gopath/src/cnitool" "$build/gocache"
cp "$source" "$build/gopath/src/cnitool/main.go"
(
    cd "$build/gopath/src/cnitool"
    env GO111MODULE=off GOPATH="$build/gopath:/usr/share/gocode" GOCACHE="$build/gocache" GOENV=off \
        GOPROXY=off GOSUMDB=off GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0 \
        go build -o "$out.tmp" .
)
mv -f "$out.tmp" "$out"
echo "$out"
