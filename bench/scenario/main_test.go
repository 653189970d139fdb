package scenario_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/bench/scenario"
)

func TestMain(m *testing.M) {
	// RunChild re-executes this test binary to run one side of a scenario.
	if code, ok := scenario.MaybeChild(os.Args[1:], os.Stdout); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}
