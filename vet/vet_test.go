package vet_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/safeprim/safeprim/vet"
)

func TestAnalyzers(t *testing.T) {
	as := vet.Analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatalf("analysis.Validate: %v", err)
	}
	for _, a := range as {
		summary, rest, ok := strings.Cut(a.Doc, "\n\n")
		if !ok || rest == "" || strings.HasPrefix(summary, a.Name+":") {
			t.Errorf("%s: Doc = %q...; want a summary line without the name, then the description", a.Name, a.Doc[:min(len(a.Doc), 60)])
		}
		if !strings.Contains(rest, "The naive code:") {
			t.Errorf("%s: Doc does not show the naive code", a.Name)
		}
		if want := "https://pkg.go.dev/github.com/safeprim/safeprim/vet/" + a.Name; a.URL != want {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, want)
		}
	}
	// A new slice each time: changing one does not change the suite.
	as[0] = nil
	if vet.Analyzers()[0] == nil {
		t.Error("Analyzers returned a slice shared between calls")
	}
}
