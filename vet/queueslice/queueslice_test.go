package queueslice_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/safeprim/safeprim/vet/queueslice"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), queueslice.Analyzer, "a")
}
