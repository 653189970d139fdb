package groupwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/spawn"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutine groups with a return path that skips Wait.
var Analyzer = &analysis.Analyzer{
	Name:     "groupwait",
	Doc:      analyzerdoc.Extract(doc, "groupwait"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/groupwait",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur, body := range flow.Funcs(ins) {
		if flow.IsMain(pass.Pkg, cur.Node()) {
			continue
		}
		g, _ := flow.Func(cfgs, cur.Node())
		if g == nil {
			continue
		}
		var groups []*types.Var
		flow.Shallow(body, func(n ast.Node) bool {
			var ids []*ast.Ident
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						ids = append(ids, id)
					}
				}
			case *ast.ValueSpec:
				ids = n.Names
			}
			for _, id := range ids {
				if v, ok := info.Defs[id].(*types.Var); ok && spawn.IsGroup(v.Type()) {
					groups = append(groups, v)
				}
			}
			return true
		})
		for _, v := range groups {
			check(pass, g, body, v)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, g *cfg.CFG, body *ast.BlockStmt, v *types.Var) {
	info := pass.TypesInfo
	var starts []*ast.CallExpr
	waitedElsewhere := false
	expr.EachUse(info, body, v, func(stack []ast.Node) {
		id := stack[len(stack)-1]
		inLit, deferred := false, false
		for _, s := range stack {
			switch s.(type) {
			case *ast.FuncLit:
				inLit = true
			case *ast.DeferStmt:
				deferred = true
			}
		}
		// id must be the receiver of a method call: stack ends Call, Selector, Ident.
		if len(stack) < 3 {
			waitedElsewhere = true
			return
		}
		sel, ok1 := stack[len(stack)-2].(*ast.SelectorExpr)
		call, ok2 := stack[len(stack)-3].(*ast.CallExpr)
		if !ok1 || !ok2 || call.Fun != sel || sel.X != id {
			waitedElsewhere = true // escapes: its other users are not known
			return
		}
		switch sel.Sel.Name {
		case "Wait":
			if inLit || deferred {
				waitedElsewhere = true
			}
		case "Go", "TryGo", "Add":
			if !inLit && !deferred {
				starts = append(starts, call)
			}
		}
	})
	if waitedElsewhere || len(starts) == 0 {
		return
	}
	isWait := func(n ast.Node) bool {
		found := false
		flow.Shallow(n, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if recv, name, ok := expr.MethodCall(info, call); ok && name == "Wait" && expr.Is(info, recv, expr.Path{Root: v}) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	for _, start := range starts {
		ret, ok := flow.Reach(g, start, isWait, nil)
		if !ok {
			continue
		}
		where := fmt.Sprintf("the return at line %d", pass.Fset.Position(ret.Pos()).Line)
		if ret.Pos() == body.Rbrace {
			where = "the end of the function"
		}
		sel := start.Fun.(*ast.SelectorExpr)
		pass.Report(analysis.Diagnostic{
			Pos: start.Pos(),
			End: start.End(),
			Message: fmt.Sprintf("groupwait: %s.%s starts goroutines that %s does not Wait for; they outlive the call (use goroutine.Scope)",
				v.Name(), sel.Sel.Name, where),
		})
		return
	}
}
