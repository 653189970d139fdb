#!/usr/bin/env bash
# Times safeprimvet against go vet on the same packages of one module of
# modules.txt (by default the largest, google.golang.org/grpc), fetched
# through the Go module proxy at its pinned version. Not run by CI.
#
#   bash vet/corpus/time.sh [module]
#
# Both are timed as go vet drives them (go vet ./... and
# go vet -vettool=safeprimvet ./...), over the module's packages and their
# tests, in a fresh build cache that first gets the export data of every
# package involved and no vet results. go vet caches results by tool, so
# each of the two runs analyses every package, the standard library's
# included, from scratch, and neither compiles anything. The standalone
# command, safeprimvet -test=false ./..., is timed too, for information: it
# loads and type-checks every dependency from source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mod=${1:-google.golang.org/grpc}
ver=$(awk -v m="$mod" '$1 == m { print $2 }' "$here/modules.txt")
[ -n "$ver" ] || { echo "time.sh: $mod is not in modules.txt" >&2; exit 2; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/safeprimvet" ./vet/cmd/safeprimvet)
src=$(go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$src" "$work/mod"
chmod -R u+w "$work/mod"
cd "$work/mod"
export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
go mod download

# seconds runs "$@", keeps its output in $work/NAME.ARGC.out, and prints its
# wall time in seconds.
seconds() {
	local out="$work/$(basename "$1").$#.out" t0 t1
	t0=$(date +%s.%N)
	"$@" >"$out" 2>&1 || true
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}

# findings NAME ARGC counts the diagnostics in the output kept by seconds.
findings() { grep -c '\.go:[0-9]*:[0-9]*: ' "$work/$(basename "$1").$2.out" || true; }

# A new cache with the export data of the module's packages, its test
# packages and all their dependencies (what go vet reads).
export GOCACHE="$work/cache"
go list -export -deps -test ./... >/dev/null 2>&1 || true

pkgs=$(go list ./... | wc -l)
vet=$(seconds go vet ./...)
suite=$(seconds go vet -vettool="$work/safeprimvet" ./...)
standalone=$(seconds "$work/safeprimvet" -test=false ./...)
echo "$mod@$ver, $pkgs packages, $(nproc) cores"
echo "go vet ./...                          ${vet} s, $(findings go 3) findings"
echo "go vet -vettool=safeprimvet ./...     ${suite} s, $(findings go 4) findings  ($(echo "scale=2; $suite / $vet" | bc)x go vet)"
echo "safeprimvet -test=false ./...         ${standalone} s, $(findings safeprimvet 3) findings  ($(echo "scale=2; $standalone / $vet" | bc)x go vet)"
