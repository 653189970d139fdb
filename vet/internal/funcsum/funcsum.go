// Package funcsum summarises what the functions of the package under
// analysis do to their parameters, so that an analyzer can see a reset or a
// check done in a helper ("b.Reset() in putBuffer", "if tooBig(b)") as if
// it were written at the call.
package funcsum

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Decls maps the package's functions and methods to their declarations.
func Decls(pass *analysis.Pass) map[*types.Func]*ast.FuncDecl {
	decls := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	return decls
}

// Params returns the parameters of fd in call order, with the receiver,
// if any, first.
func Params(info *types.Info, fd *ast.FuncDecl) []*types.Var {
	var vars []*types.Var
	add := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			for _, name := range f.Names {
				if v, ok := info.Defs[name].(*types.Var); ok {
					vars = append(vars, v)
				} else {
					vars = append(vars, nil)
				}
			}
			if len(f.Names) == 0 {
				vars = append(vars, nil)
			}
		}
	}
	add(fd.Recv)
	add(fd.Type.Params)
	return vars
}

// A Summary records, for each function of the package, which of its
// parameters (the receiver counted first) it does something to.
type Summary struct {
	info *types.Info
	does map[*types.Func][]bool
}

// Direct reports whether body does the thing to v itself.
type Direct func(info *types.Info, body *ast.BlockStmt, v *types.Var) bool

// Summarise computes the Summary of direct over the package: a function
// does the thing to a parameter if its body does it directly, or passes
// the parameter to a function of the package that does it (followed to a
// fixed point).
func Summarise(pass *analysis.Pass, decls map[*types.Func]*ast.FuncDecl, direct Direct) *Summary {
	s := &Summary{info: pass.TypesInfo, does: make(map[*types.Func][]bool)}
	params := make(map[*types.Func][]*types.Var, len(decls))
	for fn, fd := range decls {
		ps := Params(pass.TypesInfo, fd)
		params[fn] = ps
		flags := make([]bool, len(ps))
		for i, v := range ps {
			flags[i] = v != nil && direct(pass.TypesInfo, fd.Body, v)
		}
		s.does[fn] = flags
	}
	for changed := true; changed; {
		changed = false
		for fn, fd := range decls {
			flags := s.does[fn]
			for i, v := range params[fn] {
				if flags[i] || v == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok && !flags[i] && s.Passes(call, v) {
						flags[i], changed = true, true
					}
					return !flags[i]
				})
			}
		}
	}
	return s
}

// Passes reports whether call passes the variable v, as an argument or
// as the receiver, to a function of the package that does the thing to it.
func (s *Summary) Passes(call *ast.CallExpr, v *types.Var) bool {
	return s.PassesExpr(call, func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && s.info.Uses[id] == v
	})
}

// PassesExpr is Passes with the argument chosen by match.
func (s *Summary) PassesExpr(call *ast.CallExpr, match func(ast.Expr) bool) bool {
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return false
	}
	flags, ok := s.does[fn.Origin()]
	if !ok {
		return false
	}
	var args []ast.Expr
	if fn.Signature().Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		args = append(args, sel.X)
	}
	args = append(args, call.Args...)
	for i, a := range args {
		if i < len(flags) && flags[i] && match(a) {
			return true
		}
	}
	return false
}
