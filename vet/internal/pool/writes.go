package pool

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/safeprim/safeprim/vet/internal/expr"
)

// readOnly lists methods that do not change the object they are called on.
var readOnly = map[string]bool{
	"Len": true, "Cap": true, "String": true, "Bytes": true,
	"Available": true, "AvailableBuffer": true, "Buffered": true, "Size": true,
}

// Writes reports whether node, outside the function literals in it, may
// write to the object p names: a method call on it other than a read-only
// one, an assignment into it, an append to it, or passing it to a function
// other than len, cap or a Put. Zeroing assignments are not writes.
func (u *Uses) Writes(info *types.Info, node ast.Node, p expr.Path) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if !expr.RootedAt(info, lhs, p) {
					continue
				}
				if expr.Is(info, lhs, p) && n.Tok != token.ASSIGN {
					continue // a new value, not a write into the object
				}
				if len(n.Rhs) == len(n.Lhs) {
					rhs := ast.Unparen(n.Rhs[i])
					if expr.IsZeroValue(info, rhs) {
						continue
					}
					if call, ok := rhs.(*ast.CallExpr); ok && expr.IsBuiltin(info, call, "append") {
						found = true
						continue
					}
					if expr.Is(info, lhs, p) {
						continue // x = y: a new object, or a reslice
					}
				}
				found = true
			}
		case *ast.IncDecStmt:
			if expr.RootedAt(info, n.X, p) {
				found = true
			}
		case *ast.CallExpr:
			if _, _, _, ok := u.PutOf(info, n); ok {
				return false
			}
			if expr.IsBuiltin(info, n, "len") || expr.IsBuiltin(info, n, "cap") {
				return false
			}
			if expr.IsBuiltin(info, n, "copy") && len(n.Args) == 2 && expr.RootedAt(info, n.Args[0], p) {
				found = true
				return false
			}
			if recv, name, ok := expr.MethodCall(info, n); ok && expr.RootedAt(info, recv, p) && !readOnly[name] && !IsResetName(name) {
				found = true
				return false
			}
			for _, a := range n.Args {
				a = ast.Unparen(a)
				if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
					a = u.X
				}
				if expr.Is(info, a, p) && !expr.IsBuiltin(info, n, "append") && !expr.IsBuiltin(info, n, "clear") {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// IsResetName reports whether a method of this name resets its receiver:
// Reset, reset, Clear, clear, or names that start with them (ResetState).
func IsResetName(name string) bool {
	for _, p := range []string{"Reset", "reset", "Clear", "clear"} {
		if len(name) >= len(p) && name[:len(p)] == p {
			return true
		}
	}
	return false
}
