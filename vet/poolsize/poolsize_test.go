package poolsize_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/safeprim/safeprim/vet/poolsize"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), poolsize.Analyzer, "a")
}
