package groupwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/safeprim/safeprim/vet/groupwait"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), groupwait.Analyzer, "a", "m")
}
