package poolvalue

import (
	_ "embed"
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/pool"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports non-pointer values Put into a sync.Pool.
var Analyzer = &analysis.Analyzer{
	Name:     "poolvalue",
	Doc:      analyzerdoc.Extract(doc, "poolvalue"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/poolvalue",
	Run:      run,
	Requires: []*analysis.Analyzer{pool.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	uses := pass.ResultOf[pool.Analyzer].(*pool.Uses)
	for _, put := range uses.Puts {
		tv, ok := pass.TypesInfo.Types[put.Arg]
		if !ok || tv.IsNil() || tv.Value != nil {
			continue // untyped nil and constants do not allocate
		}
		t := tv.Type
		if typepred.PointerShaped(t) || types.IsInterface(t) {
			continue
		}
		if _, ok := types.Unalias(t).(*types.TypeParam); ok {
			continue
		}
		if pass.TypesSizes.Sizeof(t) == 0 {
			continue
		}
		use := "safepool.Pool[T] or a pool of *T"
		if _, ok := typepred.SliceElem(t); ok {
			use = "safepool.SlicePool or safepool.Pool[[]T]"
		}
		pass.Report(analysisDiag(put, fmt.Sprintf(
			"poolvalue: %s Put into %s is not a pointer; each Put allocates to box it (use %s, which do not allocate)",
			typepred.String(t, pass.Pkg), pool.Name(put.Pool), use)))
	}
	return nil, nil
}

func analysisDiag(put *pool.Put, msg string) analysis.Diagnostic {
	return analysis.Diagnostic{Pos: put.Call.Pos(), End: put.Call.End(), Message: msg}
}
