#!/usr/bin/env bash
# Times safeprimvet against go vet on the same packages of one module of
# modules.txt (by default the largest, google.golang.org/grpc), fetched
# through the Go module proxy at its pinned version. Not run by CI.
#
#   bash vet/corpus/time.sh [module]
#
# Both are timed as go vet drives them (go vet ./... and
# go vet -vettool=safeprimvet ./...), over the module's packages and their
# tests, each in a build cache of its own that holds the compiled packages
# but no vet results (go vet caches those), so that each run analyses every
# package, the standard library's included, from scratch. The standalone
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

# seconds runs "$@" and prints its wall time in seconds.
seconds() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}

# fresh points GOCACHE at a new cache holding the compiled packages and
# test packages of the module, and no vet results.
fresh() {
	export GOCACHE="$work/cache-$1"
	go test -vet=off -count=1 -run '^$' ./... >/dev/null 2>&1 || true
}

pkgs=$(go list ./... | wc -l)
fresh vet
vet=$(seconds go vet ./...)
fresh suite
suite=$(seconds go vet -vettool="$work/safeprimvet" ./...)
standalone=$(seconds "$work/safeprimvet" -test=false ./...)
echo "$mod@$ver, $pkgs packages, $(nproc) cores"
echo "go vet ./...                          ${vet} s"
echo "go vet -vettool=safeprimvet ./...     ${suite} s  ($(echo "scale=2; $suite / $vet" | bc)x go vet)"
echo "safeprimvet -test=false ./...         ${standalone} s  ($(echo "scale=2; $standalone / $vet" | bc)x go vet)"
