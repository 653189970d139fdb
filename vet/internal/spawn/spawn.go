// Package spawn finds where goroutines start: go statements, and the Go
// methods of the groups that own goroutines (errgroup.Group,
// goroutine.Group, sync.WaitGroup, conc's WaitGroup).
package spawn

import (
	"go/ast"
	"go/types"

	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

// A Start is one place where a goroutine starts.
type Start struct {
	Node  ast.Node      // the *ast.GoStmt or the Go call
	Call  *ast.CallExpr // the go statement's call, or the Go call
	Lit   *ast.FuncLit  // the function the goroutine runs, if a literal
	Group ast.Expr      // the receiver of a Go call; nil for a go statement
	Args  []ast.Expr    // what the start itself evaluates: the call's arguments and receiver
}

// Groups lists the group types whose Go method starts a goroutine.
var Groups = []struct{ Pkg, Name string }{
	{"golang.org/x/sync/errgroup", "Group"},
	{"github.com/safeprim/safeprim/goroutine", "Group"},
	{"sync", "WaitGroup"},
	{"github.com/sourcegraph/conc", "WaitGroup"},
}

// IsGroup reports whether t is one of Groups or a pointer to one.
func IsGroup(t types.Type) bool {
	for _, g := range Groups {
		if typepred.IsNamedOrPtr(t, g.Pkg, g.Name) {
			return true
		}
	}
	return false
}

// Of returns the Start n is, if it is one.
func Of(info *types.Info, n ast.Node) (Start, bool) {
	switch n := n.(type) {
	case *ast.GoStmt:
		s := Start{Node: n, Call: n.Call}
		if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
			s.Lit = lit
		} else if sel, ok := ast.Unparen(n.Call.Fun).(*ast.SelectorExpr); ok {
			s.Args = append(s.Args, sel.X)
		}
		s.Args = append(s.Args, n.Call.Args...)
		return s, true
	case *ast.CallExpr:
		for _, g := range Groups {
			for _, m := range []string{"Go", "TryGo"} {
				recv, ok := expr.IsMethodCall(info, n, g.Pkg, g.Name, m)
				if !ok || len(n.Args) != 1 {
					continue
				}
				s := Start{Node: n, Call: n, Group: recv}
				if lit, ok := ast.Unparen(n.Args[0]).(*ast.FuncLit); ok {
					s.Lit = lit
				} else {
					s.Args = n.Args
				}
				return s, true
			}
		}
	}
	return Start{}, false
}

// In returns the Starts in n, outside function literals other than the
// goroutines' own.
func In(info *types.Info, n ast.Node) []Start {
	var out []Start
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if s, ok := Of(info, n); ok {
			out = append(out, s)
			// Walk the arguments, not the goroutine's body.
			for _, a := range s.Args {
				out = append(out, In(info, a)...)
			}
			return false
		}
		return true
	})
	return out
}
