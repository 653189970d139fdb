package poolvalue_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/safeprim/safeprim/vet/poolvalue"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), poolvalue.Analyzer, "a")
}
