// Package expr answers the questions about expressions that the safeprim
// analyzers share: which variable an expression names, whether two
// expressions name the same storage, whether a node mentions a variable.
package expr

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Path names storage reached from a variable through field selections and
// pointer dereferences: b, s.items, (*p), c.buf.data.
type Path struct {
	Root   *types.Var // the variable at the base
	Fields string     // the selections after it, as ".items" or "*.buf"
}

// IsZero reports whether p is the zero Path (no variable).
func (p Path) IsZero() bool { return p.Root == nil }

// IsLocal reports whether p is a variable of a function with no selection:
// the storage lives and dies with the function unless it escapes.
func (p Path) IsLocal() bool {
	return p.Root != nil && p.Fields == "" && !IsPackageLevel(p.Root)
}

// IsPackageLevel reports whether v is a package-level variable.
func IsPackageLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// PathOf returns the Path e names, if it is a variable, a field selection
// or a dereference rooted at a variable. Parentheses are ignored.
func PathOf(info *types.Info, e ast.Expr) (Path, bool) {
	var fields []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.ObjectOf(x).(*types.Var)
			if !ok {
				return Path{}, false
			}
			var b strings.Builder
			for i := len(fields) - 1; i >= 0; i-- {
				b.WriteString(fields[i])
			}
			return Path{Root: v, Fields: b.String()}, true
		case *ast.SelectorExpr:
			sel, ok := info.Selections[x]
			if !ok {
				// A qualified identifier: pkg.Var.
				v, ok := info.ObjectOf(x.Sel).(*types.Var)
				if !ok || len(fields) > 0 {
					return Path{}, false
				}
				return Path{Root: v}, true
			}
			if sel.Kind() != types.FieldVal {
				return Path{}, false
			}
			fields = append(fields, "."+x.Sel.Name)
			e = x.X
		case *ast.StarExpr:
			fields = append(fields, "*")
			e = x.X
		default:
			return Path{}, false
		}
	}
}

// Same reports whether a and b name the same storage Path.
func Same(info *types.Info, a, b ast.Expr) bool {
	pa, ok := PathOf(info, a)
	if !ok {
		return false
	}
	pb, ok := PathOf(info, b)
	return ok && pa == pb
}

// Is reports whether e names exactly the storage p.
func Is(info *types.Info, e ast.Expr, p Path) bool {
	q, ok := PathOf(info, e)
	return ok && q == p
}

// IsZeroValue reports whether e is the zero value of its type written out:
// nil, a zero constant, "", false, or an empty composite literal.
func IsZeroValue(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok {
		if tv.IsNil() {
			return true
		}
		if tv.Value != nil {
			switch tv.Value.Kind() {
			case constant.Bool:
				return !constant.BoolVal(tv.Value)
			case constant.String:
				return constant.StringVal(tv.Value) == ""
			case constant.Int, constant.Float, constant.Complex:
				return constant.Sign(tv.Value) == 0
			}
		}
	}
	if lit, ok := e.(*ast.CompositeLit); ok {
		return len(lit.Elts) == 0
	}
	return false
}

// IsMethodCall reports whether call calls the method pkgPath.typeName.method
// (on a value or a pointer), and returns the receiver expression.
func IsMethodCall(info *types.Info, call *ast.CallExpr, pkgPath, typeName, method string) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Name() != method {
		return nil, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil, false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, false
	}
	obj := n.Origin().Obj()
	if obj.Name() != typeName || obj.Pkg() == nil || obj.Pkg().Path() != pkgPath {
		return nil, false
	}
	return sel.X, true
}

// MethodCall returns the receiver and the method name when call is a call
// of a method (not a function value in a field), whatever its type.
func MethodCall(info *types.Info, call *ast.CallExpr) (recv ast.Expr, name string, ok bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, "", false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return nil, "", false
	}
	return sel.X, sel.Sel.Name, true
}

// IsFuncCall reports whether call calls the package-level function
// pkgPath.name.
func IsFuncCall(info *types.Info, call *ast.CallExpr, pkgPath, name string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Name() == name && fn.Pkg() != nil && fn.Pkg().Path() == pkgPath &&
		fn.Signature().Recv() == nil
}

// IsBuiltin reports whether call calls the built-in function name.
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// SimpleAssign returns the single left and right sides of an assignment
// lhs = rhs (token.ASSIGN or token.DEFINE) with one of each.
func SimpleAssign(n ast.Node) (lhs, rhs ast.Expr, ok bool) {
	as, ok := n.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) {
		return nil, nil, false
	}
	return as.Lhs[0], as.Rhs[0], true
}

// Pure reports whether evaluating e twice gives the same value with no side
// effect: identifiers, constants, selections, dereferences, and calls of
// len and cap on such operands, combined with arithmetic.
func Pure(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		if _, ok := info.Selections[x]; ok {
			return info.Selections[x].Kind() == types.FieldVal && Pure(info, x.X)
		}
		return true // a qualified identifier
	case *ast.StarExpr:
		return Pure(info, x.X)
	case *ast.BinaryExpr:
		return Pure(info, x.X) && Pure(info, x.Y)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && Pure(info, x.X)
	case *ast.CallExpr:
		if (IsBuiltin(info, x, "len") || IsBuiltin(info, x, "cap")) && len(x.Args) == 1 {
			return Pure(info, x.Args[0])
		}
	}
	return false
}

// RootedAt reports whether e names p or storage inside it: a field, an
// element or a slice of it (p.buf, p[i], (*p)[:n], p.items[0].name).
func RootedAt(info *types.Info, e ast.Expr, p Path) bool {
	for {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.SliceExpr:
			e = x.X
			continue
		}
		break
	}
	q, ok := PathOf(info, e)
	return ok && q.Root == p.Root && strings.HasPrefix(q.Fields, p.Fields)
}

// DeclaredIn reports whether obj is declared within the source range of n.
func DeclaredIn(obj types.Object, n ast.Node) bool {
	return n.Pos() <= obj.Pos() && obj.Pos() < n.End()
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

// EachUse calls f for each use of v in root, function literals included,
// with the path of nodes from root down to the identifier (the identifier
// last).
func EachUse(info *types.Info, root ast.Node, v types.Object, f func(stack []ast.Node)) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			f(stack)
		}
		return true
	})
}
