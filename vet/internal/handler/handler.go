// Package handler recognises net/http handlers.
package handler

import (
	"go/ast"
	"go/types"

	"github.com/safeprim/safeprim/vet/internal/typepred"
)

// Request returns the *http.Request parameter of fn, an *ast.FuncDecl or
// *ast.FuncLit, if fn is a handler: a function or method of type
// func(http.ResponseWriter, *http.Request), ServeHTTP methods included.
func Request(info *types.Info, fn ast.Node) (*types.Var, bool) {
	var ft *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		ft = fn.Type
	case *ast.FuncLit:
		ft = fn.Type
	default:
		return nil, false
	}
	tv, ok := info.Types[ft]
	var sig *types.Signature
	if ok {
		sig, _ = tv.Type.(*types.Signature)
	}
	if sig == nil {
		if fd, ok := fn.(*ast.FuncDecl); ok {
			if f, ok := info.Defs[fd.Name].(*types.Func); ok {
				sig = f.Signature()
			}
		}
	}
	if sig == nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return nil, false
	}
	w, r := sig.Params().At(0), sig.Params().At(1)
	if !typepred.IsNamed(w.Type(), "net/http", "ResponseWriter") {
		return nil, false
	}
	if p, ok := types.Unalias(r.Type()).(*types.Pointer); !ok || !typepred.IsNamed(p.Elem(), "net/http", "Request") {
		return nil, false
	}
	if r.Name() == "" || r.Name() == "_" {
		return nil, false
	}
	return r, true
}
