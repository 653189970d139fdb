package vet_test

import (
	"fmt"

	"github.com/safeprim/safeprim/vet"
)

func ExampleAnalyzers() {
	for _, a := range vet.Analyzers() {
		fmt.Println(a.Name)
	}
	// Output:
	// poolreset
	// poolsize
	// poolvalue
	// ctxkey
	// ctxescape
	// chanrange
	// sendleak
	// queueslice
	// truncptr
	// groupwait
	// mapwrite
}
