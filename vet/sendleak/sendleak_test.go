package sendleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/safeprim/safeprim/vet/sendleak"
)

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), sendleak.Analyzer, "a")
}
