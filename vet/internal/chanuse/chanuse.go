// Package chanuse classifies what a function does with a channel it made:
// sends, receives, ranges, closes, or lets it escape.
package chanuse

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

// A Made is a channel variable initialised by make in a function.
type Made struct {
	Var  *types.Var
	Make *ast.CallExpr
	Stmt ast.Node // the assignment or value spec
	// Unbuffered is true for make(chan T) and make(chan T, 0).
	Unbuffered bool
}

// MadeIn returns the channel variables that the body of a function (outside
// its function literals) defines with make.
func MadeIn(info *types.Info, body ast.Node) []Made {
	var out []Made
	add := func(stmt ast.Node, id *ast.Ident, rhs ast.Expr) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || !expr.IsBuiltin(info, call, "make") || len(call.Args) == 0 || !typepred.IsChan(info.TypeOf(call)) {
			return
		}
		v, ok := info.Defs[id].(*types.Var)
		if !ok {
			return
		}
		unbuf := len(call.Args) == 1
		if len(call.Args) == 2 {
			if tv := info.Types[call.Args[1]]; tv.Value != nil && constant.Sign(tv.Value) == 0 {
				unbuf = true
			}
		}
		out = append(out, Made{Var: v, Make: call, Stmt: stmt, Unbuffered: unbuf})
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						add(n, id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					add(n, id, n.Values[i])
				}
			}
		}
		return true
	})
	return out
}

// Uses is what a function does with a channel variable.
type Uses struct {
	Sends   []*ast.SendStmt
	Recvs   []*ast.UnaryExpr
	Ranges  []*ast.RangeStmt
	Closes  []*ast.CallExpr
	Escapes bool // used in any other way: passed, stored, returned, converted
}

// Of returns the uses of v in n, function literals included.
func Of(info *types.Info, n ast.Node, v *types.Var) Uses {
	var u Uses
	expr.EachUse(info, n, v, func(stack []ast.Node) {
		// The parent, past parentheses.
		var child = stack[len(stack)-1]
		var parent ast.Node
		for i := len(stack) - 2; i >= 0; i-- {
			if _, ok := stack[i].(*ast.ParenExpr); ok {
				child = stack[i]
				continue
			}
			parent = stack[i]
			break
		}
		switch p := parent.(type) {
		case *ast.SendStmt:
			if p.Chan == child {
				u.Sends = append(u.Sends, p)
				return
			}
		case *ast.UnaryExpr:
			if p.Op == token.ARROW {
				u.Recvs = append(u.Recvs, p)
				return
			}
		case *ast.RangeStmt:
			if p.X == child {
				u.Ranges = append(u.Ranges, p)
				return
			}
		case *ast.CallExpr:
			switch {
			case expr.IsBuiltin(info, p, "close"):
				u.Closes = append(u.Closes, p)
				return
			case expr.IsBuiltin(info, p, "len"), expr.IsBuiltin(info, p, "cap"):
				return
			}
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == child {
					return // ch = nil, ch = make(...)
				}
			}
		case *ast.BinaryExpr:
			return // ch == nil
		}
		u.Escapes = true
	})
	return u
}

// GiveUp reports whether the channel expression e is one that a select
// waits on to give up: ctx.Done() (any method named Done), time.After,
// time.Tick, or the C of a time.Timer or time.Ticker. It returns e as
// written, for messages.
func GiveUp(info *types.Info, e ast.Expr) (string, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		if _, name, ok := expr.MethodCall(info, x); ok && name == "Done" && len(x.Args) == 0 && typepred.IsChan(info.TypeOf(x)) {
			return types.ExprString(e), true
		}
		if expr.IsFuncCall(info, x, "time", "After") || expr.IsFuncCall(info, x, "time", "Tick") {
			return types.ExprString(e), true
		}
	case *ast.SelectorExpr:
		if x.Sel.Name == "C" {
			t := info.TypeOf(x.X)
			if typepred.IsNamedOrPtr(t, "time", "Timer") || typepred.IsNamedOrPtr(t, "time", "Ticker") {
				return types.ExprString(e), true
			}
		}
	}
	return "", false
}

// CommRecv returns the channel a select case receives from, if it does.
func CommRecv(cc *ast.CommClause) (ast.Expr, bool) {
	var e ast.Expr
	switch s := cc.Comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil, false
	}
	return u.X, true
}
