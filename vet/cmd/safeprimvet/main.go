// Command safeprimvet runs safeprim's analyzers (package
// github.com/safeprim/safeprim/vet) over Go packages and reports the
// patterns that leak, each with the primitive that replaces it.
//
// Run it on a module's packages:
//
//	go run github.com/safeprim/safeprim/vet/cmd/safeprimvet ./...
//
// or install it and let go vet drive it:
//
//	go install github.com/safeprim/safeprim/vet/cmd/safeprimvet
//	go vet -vettool=$(command -v safeprimvet) ./...
//
// -fix applies the suggested fixes (a Reset before a Put, a buffer of one
// for a stranded send, a clear of a truncated slice's tail); -NAME=false
// turns one analyzer off; -help lists the analyzers and their flags. The
// exit status is 3 when there are findings, as for every multichecker.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/safeprim/safeprim/vet"
)

func main() {
	multichecker.Main(vet.Analyzers()...)
}
