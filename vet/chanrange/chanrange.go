package chanrange

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/chanuse"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/spawn"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines ranging over a local channel nothing closes.
var Analyzer = &analysis.Analyzer{
	Name:     "chanrange",
	Doc:      analyzerdoc.Extract(doc, "chanrange"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/chanrange",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur, body := range flow.Funcs(ins) {
		if flow.IsMain(pass.Pkg, cur.Node()) {
			continue
		}
		made := chanuse.MadeIn(info, body)
		if len(made) == 0 {
			continue
		}
		starts := spawn.In(info, body)
		for _, m := range made {
			u := chanuse.Of(info, body, m.Var)
			if u.Escapes || len(u.Closes) > 0 {
				continue
			}
			for _, r := range u.Ranges {
				for _, s := range starts {
					if s.Lit == nil || !flow.Contains(s.Lit.Body, r) {
						continue
					}
					pass.Report(analysis.Diagnostic{
						Pos: r.Pos(),
						End: r.X.End(),
						Message: fmt.Sprintf("chanrange: goroutine ranges over %s, which no path closes; it blocks for ever after the last send (close %s when the sends are done, or own the goroutine with a goroutine.Group)",
							m.Var.Name(), m.Var.Name()),
					})
					break
				}
			}
		}
	}
	return nil, nil
}
