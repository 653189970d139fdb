package pool

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/safeprim/safeprim/vet/internal/expr"
)

// readOnly lists methods that do not put the caller's data into the object
// they are called on.
var readOnly = map[string]bool{
	"Len": true, "Cap": true, "String": true, "Bytes": true,
	"Available": true, "AvailableBuffer": true, "Buffered": true, "Size": true,
	"Peek": true, "Discard": true, "Next": true, "UnreadByte": true, "UnreadRune": true,
}

// isReadOnly reports whether a method of this name leaves the object
// holding no data of the caller's: the read-only ones, and the reads (Read,
// ReadByte, ReadString...; not ReadFrom, which fills the object).
func isReadOnly(name string) bool {
	return readOnly[name] || strings.HasPrefix(name, "Read") && name != "ReadFrom"
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
			if recv, name, ok := expr.MethodCall(info, n); ok && expr.RootedAt(info, recv, p) && !isReadOnly(name) && !expr.IsResetName(name) {
				found = true
				return false
			}
			for i, a := range n.Args {
				a = ast.Unparen(a)
				if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
					a = u.X
				}
				if expr.Is(info, a, p) && !expr.IsBuiltin(info, n, "append") && !expr.IsBuiltin(info, n, "clear") &&
					!readerParam(info, n, i) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// readerParam reports whether the i'th argument of call goes to a
// parameter of an interface type with no Write method, such as io.Reader:
// the callee can only read from it.
func readerParam(info *types.Info, call *ast.CallExpr, i int) bool {
	sig, ok := types.Unalias(info.TypeOf(call.Fun)).Underlying().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return false
	}
	var t types.Type
	switch n := sig.Params().Len(); {
	case i < n-1 || i == n-1 && !sig.Variadic():
		t = sig.Params().At(i).Type()
	case sig.Variadic():
		s, ok := sig.Params().At(n - 1).Type().(*types.Slice)
		if !ok {
			return false
		}
		t = s.Elem()
	default:
		return false
	}
	iface, ok := types.Unalias(t).Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false // a concrete type, or any: it may be written to
	}
	for m := range iface.Methods() {
		if strings.HasPrefix(m.Name(), "Write") {
			return false
		}
	}
	return true
}
