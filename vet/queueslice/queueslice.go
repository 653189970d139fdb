package queueslice

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/fix"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports long-lived slices of pointers used as queues.
var Analyzer = &analysis.Analyzer{
	Name:     "queueslice",
	Doc:      analyzerdoc.Extract(doc, "queueslice"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/queueslice",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

type pop struct {
	stmt *ast.AssignStmt
	cur  inspector.Cursor
	lhs  ast.Expr
	path expr.Path
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var pops []pop
	appended := make(map[types.Object]bool)
	zeroed := make(map[types.Object]bool)
	released := make(map[types.Object]bool)
	for cur := range ins.Root().Preorder((*ast.AssignStmt)(nil)) {
		as := cur.Node().(*ast.AssignStmt)
		for i, lhs := range as.Lhs {
			if len(as.Rhs) != len(as.Lhs) {
				break
			}
			rhs := ast.Unparen(as.Rhs[i])
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && expr.IsZeroValue(info, rhs) {
				if p, ok := expr.PathOf(info, ix.X); ok {
					zeroed[slot(info, ix.X, p)] = true // q[0] = nil
				}
				continue
			}
			p, ok := expr.PathOf(info, lhs)
			if !ok {
				continue
			}
			if tv := info.Types[rhs]; tv.IsNil() {
				released[slot(info, lhs, p)] = true // q = nil once drained
				continue
			}
			switch r := rhs.(type) {
			case *ast.SliceExpr:
				if r.Low != nil && r.High == nil && !expr.IsZeroValue(info, r.Low) && expr.Is(info, r.X, p) {
					pops = append(pops, pop{as, cur, lhs, p})
				}
			case *ast.CallExpr:
				if expr.IsBuiltin(info, r, "append") && len(r.Args) > 0 && expr.Is(info, r.Args[0], p) {
					appended[slot(info, lhs, p)] = true
				}
			}
		}
	}
	for _, p := range pops {
		slot := slot(info, p.lhs, p.path)
		if !appended[slot] || zeroed[slot] || released[slot] {
			continue
		}
		elem, ok := typepred.SliceElem(info.TypeOf(p.lhs))
		if !ok || !typepred.HasPointers(elem) {
			continue
		}
		if p.path.IsLocal() && !workerLoop(info, p.cur) {
			continue
		}
		name, ok1 := fix.Text(pass, p.lhs)
		popText, ok2 := fix.Text(pass, p.stmt.Rhs[0])
		if !ok1 || !ok2 {
			name, popText = types.ExprString(p.lhs), types.ExprString(p.stmt.Rhs[0])
		}
		pass.Report(analysis.Diagnostic{
			Pos: p.stmt.Pos(),
			End: p.stmt.End(),
			Message: fmt.Sprintf("queueslice: %s is a queue popped with %s and appended to; popped elements stay reachable and the array only creeps forward (use safeslice.Queue)",
				name, popText),
		})
	}
	return nil, nil
}

// slot returns the object that identifies the storage e names across
// functions: the field for a selection, the variable otherwise.
func slot(info *types.Info, e ast.Expr, p expr.Path) types.Object {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && p.Fields != "" {
		return info.ObjectOf(sel.Sel)
	}
	return p.Root
}

// workerLoop reports whether the node at cur runs in a loop that lasts as
// long as its goroutine: a for with no condition, or a range over a channel.
func workerLoop(info *types.Info, cur inspector.Cursor) bool {
	for {
		l, ok := flow.Loop(cur)
		if !ok {
			return false
		}
		switch l := l.(type) {
		case *ast.ForStmt:
			if l.Cond == nil {
				return true
			}
		case *ast.RangeStmt:
			if typepred.IsChan(info.TypeOf(l.X)) {
				return true
			}
		}
		cur, _ = cur.Inspector().Root().FindNode(l)
	}
}
