package safemap_test

import (
	"testing"

	"github.com/safeprim/safeprim/internal/upstreamtest"
)

// syncMapSuite is Go's own sync.Map tests, from the Go distribution's
// src/sync, pointed at Map[any, any].
//
// Every test of map_test.go runs. What needed changing, and why:
//   - sync.Map becomes safeMap, an alias of safemap.Map[any, any], so each
//     test drives the same methods with the same signatures.
//   - internal/sync's HashTrieMap[any, any] becomes sync.Map: since Go 1.24
//     sync.Map is that type, so TestMapMatchesHashTrieMap checks Map against
//     the real sync.Map.
//   - internal/testenv's SkipIfOptimizationOff becomes a stand-in that
//     never skips: the original skips only in the noopt builds of Go's own
//     builders, and this copy is built with optimizations on.
var syncMapSuite = upstreamtest.Suite{
	Pkg:   "sync",
	Files: []string{"map_test.go", "map_reference_test.go"},
	Rewrites: []upstreamtest.Rewrite{
		{Old: `\bsync\.Map\b`, New: "safeMap"},
		{Old: `\bisync\.HashTrieMap\[any, any\]`, New: "sync.Map"},
		{Old: `\btestenv\.SkipIfOptimizationOff\(`, New: "skipIfOptimizationOff("},
	},
	Extra: map[string]string{"adapter_test.go": `package upstream_test

import (
	"testing"

	"github.com/safeprim/safeprim/safemap"
)

// safeMap is what the copied tests use where they used sync.Map.
type safeMap = safemap.Map[any, any]

var _ mapInterface = (*safeMap)(nil)

// skipIfOptimizationOff stands in for internal/testenv's, which skips
// only in builds with the noopt tag.
func skipIfOptimizationOff(testing.TB) {}
`},
}

func TestUpstreamSyncMap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs Go's own sync.Map tests in a module of their own; skipped with -short")
	}
	upstreamtest.Run(t, syncMapSuite)
}
