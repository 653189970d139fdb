#!/usr/bin/env bash
# Runs safeprimvet over the modules of modules.txt, each fetched through the
# Go module proxy at its pinned version with go mod download, and prints the
# findings with paths relative to module@version. Nothing of the modules'
# code is written inside this repository. Not run by CI.
#
#   bash vet/corpus/run.sh > /tmp/findings.txt     # all modules
#   bash vet/corpus/run.sh github.com/gorilla/mux  # some of them
#
# Each module is analysed as the main module of a writable copy, with its own
# go.mod and go.sum, so its dependencies are the ones it pins. Test files are
# left out (-test=false): the report is about the code a service runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/safeprimvet" ./vet/cmd/safeprimvet)

want=" $* "
grep -v '^#' "$here/modules.txt" | while read -r mod ver; do
	[ -z "$mod" ] && continue
	if [ $# -gt 0 ] && [[ "$want" != *" $mod "* ]]; then
		continue
	fi
	src=$(go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	dir="$work/src/$mod@$ver"
	mkdir -p "$(dirname "$dir")"
	cp -r "$src" "$dir"
	chmod -R u+w "$dir"
	(
		cd "$dir"
		export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
		go mod download >/dev/null 2>&1 || true
		"$work/safeprimvet" -test=false ./... 2>&1 | sed "s#^$dir/#$mod@$ver/#" || true
	)
done
