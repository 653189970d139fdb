// Package pool finds the sync.Pool Get and Put calls of a package, and the
// package's own helpers that wrap them ("getBuffer", "putBuffer"), for the
// pool analyzers.
package pool

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/funcsum"
)

// Analyzer computes the package's Uses. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "syncpooluse",
	Doc:        "find sync.Pool Get and Put calls and the package's helpers around them",
	Run:        run,
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeFor[*Uses](),
}

// Uses is what Analyzer finds.
type Uses struct {
	// Puts lists the calls of (*sync.Pool).Put, in source order.
	Puts []*Put
	// Getters maps a function of the package that returns the result of
	// a Get (type-asserted or not) to that Get.
	Getters map[*types.Func]*ast.CallExpr
	// Putters maps a function of the package that Puts one of its
	// parameters to that Put; Param is the parameter's index in
	// funcsum.Params order.
	Putters map[*types.Func]*Putter
	// Decls maps the package's functions to their declarations.
	Decls map[*types.Func]*ast.FuncDecl
}

// A Put is one call of (*sync.Pool).Put.
type Put struct {
	Call *ast.CallExpr
	Pool ast.Expr // the receiver, as written: bufPool, p.pool
	Arg  ast.Expr // the value put
	Func ast.Node // the enclosing *ast.FuncDecl or *ast.FuncLit
}

// A Putter is a function of the package that Puts its parameter.
type Putter struct {
	Put   *Put
	Param int
	Decl  *ast.FuncDecl
}

// Name returns the pool's expression as written, for messages.
func Name(pool ast.Expr) string { return types.ExprString(pool) }

// ID returns the object that identifies a pool across functions: the
// variable or the struct field that holds it.
func ID(info *types.Info, pool ast.Expr) types.Object {
	switch x := ast.Unparen(pool).(type) {
	case *ast.Ident:
		return info.ObjectOf(x)
	case *ast.SelectorExpr:
		return info.ObjectOf(x.Sel)
	case *ast.UnaryExpr:
		return ID(info, x.X)
	case *ast.StarExpr:
		return ID(info, x.X)
	}
	return nil
}

// IsGet returns the pool of a call of (*sync.Pool).Get.
func IsGet(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	return expr.IsMethodCall(info, call, "sync", "Pool", "Get")
}

// IsPut returns the pool and the argument of a call of (*sync.Pool).Put.
func IsPut(info *types.Info, call *ast.CallExpr) (pool, arg ast.Expr, ok bool) {
	pool, ok = expr.IsMethodCall(info, call, "sync", "Pool", "Put")
	if !ok || len(call.Args) != 1 {
		return nil, nil, false
	}
	return pool, call.Args[0], true
}

// GetOf returns the Get call behind e, if e is a Get, a type assertion of
// one, or a call of one of the package's getters.
func (u *Uses) GetOf(info *types.Info, e ast.Expr) (*ast.CallExpr, bool) {
	e = ast.Unparen(e)
	if ta, ok := e.(*ast.TypeAssertExpr); ok {
		e = ast.Unparen(ta.X)
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	if _, ok := IsGet(info, call); ok {
		return call, true
	}
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		if get, ok := u.Getters[fn.Origin()]; ok {
			return get, true
		}
	}
	return nil, false
}

// PutOf returns the Put that call performs, directly or through one of the
// package's putters, and the argument of call that is put.
func (u *Uses) PutOf(info *types.Info, call *ast.CallExpr) (put *Put, arg ast.Expr, putter *Putter, ok bool) {
	if pool, arg, ok := IsPut(info, call); ok {
		return &Put{Call: call, Pool: pool, Arg: arg}, arg, nil, true
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return nil, nil, nil, false
	}
	p, ok := u.Putters[fn.Origin()]
	if !ok {
		return nil, nil, nil, false
	}
	var args []ast.Expr
	if fn.Signature().Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil, nil, false
		}
		args = append(args, sel.X)
	}
	args = append(args, call.Args...)
	if p.Param >= len(args) {
		return nil, nil, nil, false
	}
	return p.Put, args[p.Param], p, true
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	u := &Uses{
		Getters: make(map[*types.Func]*ast.CallExpr),
		Putters: make(map[*types.Func]*Putter),
		Decls:   funcsum.Decls(pass),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for c := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		pool, arg, ok := IsPut(info, call)
		if !ok {
			continue
		}
		var fn ast.Node
		for e := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			fn = e.Node()
			break
		}
		u.Puts = append(u.Puts, &Put{Call: call, Pool: pool, Arg: arg, Func: fn})
	}
	// Putters: a declared function that Puts one of its parameters.
	for _, p := range u.Puts {
		fd, ok := p.Func.(*ast.FuncDecl)
		if !ok {
			continue
		}
		fn, _ := info.Defs[fd.Name].(*types.Func)
		if fn == nil {
			continue
		}
		id, ok := ast.Unparen(p.Arg).(*ast.Ident)
		if !ok {
			continue
		}
		for i, v := range funcsum.Params(info, fd) {
			if v != nil && info.Uses[id] == v {
				u.Putters[fn] = &Putter{Put: p, Param: i, Decl: fd}
			}
		}
	}
	// Getters: a declared function with one result that returns a Get.
	for fn, fd := range u.Decls {
		if fn.Signature().Results().Len() != 1 {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) == 1 {
					if get, ok := u.GetOf(info, n.Results[0]); ok {
						u.Getters[fn] = get
					}
				}
			case *ast.AssignStmt:
				// v := pool.Get().(T); ...; return v
				if len(n.Lhs) >= 1 && len(n.Rhs) == 1 {
					if get, ok := u.GetOf(info, n.Rhs[0]); ok {
						if p, ok := expr.PathOf(info, n.Lhs[0]); ok && p.IsLocal() && returns(info, fd.Body, p.Root) {
							u.Getters[fn] = get
						}
					}
				}
			}
			return true
		})
	}
	return u, nil
}

// returns reports whether body returns the variable v.
func returns(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if id, ok := ast.Unparen(r.Results[0]).(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}
