package ctxescape

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/chanuse"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/handler"
	"github.com/safeprim/safeprim/vet/internal/spawn"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that outlive an http handler holding its
// request or context.
var Analyzer = &analysis.Analyzer{
	Name:     "ctxescape",
	Doc:      analyzerdoc.Extract(doc, "ctxescape"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/ctxescape",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur, body := range flow.Funcs(ins) {
		req, ok := handler.Request(info, cur.Node())
		if !ok {
			continue
		}
		g, _ := flow.Func(cfgs, cur.Node())
		if g == nil {
			continue
		}
		tainted, detached := derived(info, body, req)
		for _, s := range spawn.In(info, body) {
			used := uses(info, s, tainted)
			if used == nil {
				continue
			}
			if s.Lit != nil && watchesDone(info, s.Lit, tainted, detached) {
				continue
			}
			isJoin := func(n ast.Node) bool { return joins(info, n) }
			if deferredJoin(info, g) {
				continue
			}
			if _, ok := flow.Reach(g, s.Node, isJoin, nil); !ok {
				continue
			}
			what := used.Name() + ", the request's context"
			if used == req {
				what = "the request " + used.Name()
			} else if typepred.IsNamedOrPtr(used.Type(), "net/http", "Request") {
				what = used.Name() + ", derived from the request"
			}
			pass.Report(analysis.Diagnostic{
				Pos: s.Node.Pos(),
				End: s.Call.Lparen,
				Message: fmt.Sprintf("ctxescape: goroutine started in a handler uses %s and is not joined before the handler returns; it keeps the request and its context's values alive (copy what it needs, or use goroutine.Scope or ctxdata's Key.Carry)",
					what),
			})
		}
	}
	return nil, nil
}

// derived returns the request variable and the variables of the handler,
// of type context.Context or *http.Request, assigned from expressions
// derived from it or from another of them; detached marks those whose
// derivation went through context.WithoutCancel, which the end of the
// request does not cancel.
//
// A call derives its result from its receiver if it has one (r.Context(),
// r.WithContext(ctx)), else from its first context argument
// (context.WithTimeout(ctx, d); but Key.Carry(context.Background(), ctx)
// derives from Background), else from a request among its arguments.
func derived(info *types.Info, body *ast.BlockStmt, req *types.Var) (tainted, detached map[*types.Var]bool) {
	tainted = map[*types.Var]bool{req: true}
	detached = map[*types.Var]bool{}
	relevant := func(v *types.Var) bool {
		t := v.Type()
		return isContext(t) || typepred.IsNamedOrPtr(t, "net/http", "Request")
	}
	for changed := true; changed; {
		changed = false
		flow.Shallow(body, func(n ast.Node) bool {
			var lhs []ast.Expr
			var rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				rhs = n.Values
			default:
				return true
			}
			for i, l := range lhs {
				var r ast.Expr
				switch {
				case len(rhs) == len(lhs):
					r = rhs[i]
				case len(rhs) == 1:
					r = rhs[0] // ctx, cancel := context.WithTimeout(ctx, d)
				default:
					continue
				}
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := info.ObjectOf(id).(*types.Var)
				if !ok || tainted[v] || !relevant(v) {
					continue
				}
				from, ok := source(info, r, tainted)
				if !ok {
					continue
				}
				tainted[v] = true
				if detached[from] || isWithoutCancel(info, r) {
					detached[v] = true
				}
				changed = true
			}
			return true
		})
	}
	return tainted, detached
}

// source returns the tainted variable e is derived from, if any.
func source(info *types.Info, e ast.Expr, tainted map[*types.Var]bool) (*types.Var, bool) {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if recv, _, ok := expr.MethodCall(info, call); ok {
			return source(info, recv, tainted)
		}
		for _, a := range call.Args {
			if isContext(info.TypeOf(a)) {
				return source(info, a, tainted)
			}
		}
		for _, a := range call.Args {
			if v, ok := source(info, a, tainted); ok && typepred.IsNamedOrPtr(v.Type(), "net/http", "Request") {
				return v, true
			}
		}
		return nil, false
	}
	var from *types.Var
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && from == nil {
			if v, ok := info.Uses[id].(*types.Var); ok && tainted[v] {
				from = v
			}
		}
		return from == nil
	})
	return from, from != nil
}

func isContext(t types.Type) bool { return t != nil && typepred.IsNamed(t, "context", "Context") }

func isWithoutCancel(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && expr.IsFuncCall(info, call, "context", "WithoutCancel")
}

// uses returns a tainted variable the goroutine uses, or nil.
func uses(info *types.Info, s spawn.Start, tainted map[*types.Var]bool) *types.Var {
	var used *types.Var
	check := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && used == nil {
				if v, ok := info.Uses[id].(*types.Var); ok && tainted[v] {
					used = v
				}
			}
			return used == nil
		})
	}
	if s.Lit != nil {
		check(s.Lit.Body)
	}
	for _, a := range s.Args {
		check(a)
	}
	return used
}

// watchesDone reports whether the goroutine waits on a request context
// that the end of the request cancels: a receive from its Done, or a call
// of goroutine.Recv, Send, Sleep or First with it. Such a goroutine ends
// with the request.
func watchesDone(info *types.Info, lit *ast.FuncLit, tainted, detached map[*types.Var]bool) bool {
	live := func(e ast.Expr) bool {
		v, ok := source(info, e, tainted)
		return ok && !detached[v] && isContext(v.Type())
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && n.Op == token.ARROW {
				if recv, name, ok := expr.MethodCall(info, call); ok && name == "Done" && live(recv) {
					found = true
				}
			}
		case *ast.CallExpr:
			for _, f := range []string{"Recv", "Send", "Sleep", "First"} {
				if expr.IsFuncCall(info, n, "github.com/safeprim/safeprim/goroutine", f) && len(n.Args) > 0 && live(n.Args[0]) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// joins reports whether the control-flow node n waits for a goroutine: a
// Wait call, a receive from a channel that is not a give-up one, or the
// channel of a range loop.
func joins(info *types.Info, n ast.Node) bool {
	if e, ok := n.(ast.Expr); ok && typepred.IsChan(info.TypeOf(e)) {
		return true // for v := range ch
	}
	found := false
	flow.Shallow(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if _, name, ok := expr.MethodCall(info, n); ok && name == "Wait" {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if _, giveUp := chanuse.GiveUp(info, n.X); !giveUp {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// deferredJoin reports whether the function defers a join, which runs on
// every return.
func deferredJoin(info *types.Info, g *cfg.CFG) bool {
	for _, n := range flow.Nodes(g, func(n ast.Node) bool { _, ok := n.(*ast.DeferStmt); return ok }) {
		call := n.(*ast.DeferStmt).Call
		if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
			found := false
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				found = found || n != nil && joins(info, n)
				return !found
			})
			if found {
				return true
			}
		} else if joins(info, call) {
			return true
		}
	}
	return false
}
