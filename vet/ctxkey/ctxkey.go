package ctxkey

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports context.WithValue keys of a built-in or exported type.
var Analyzer = &analysis.Analyzer{
	Name:     "ctxkey",
	Doc:      analyzerdoc.Extract(doc, "ctxkey"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/ctxkey",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if !expr.IsFuncCall(info, call, "context", "WithValue") || len(call.Args) != 3 {
			continue
		}
		key := call.Args[1]
		if foreign(pass, key) {
			continue
		}
		t := info.TypeOf(key)
		if t == nil {
			continue
		}
		var why string
		switch tt := types.Unalias(t).(type) {
		case *types.Basic:
			why = "has built-in type " + types.Default(tt).String()
		case *types.Named:
			obj := tt.Obj()
			if !obj.Exported() || obj.Pkg() != pass.Pkg || types.IsInterface(tt) || typepred.PointerShaped(tt) {
				continue
			}
			why = "has exported type " + typepred.String(tt, pass.Pkg)
		default:
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos: key.Pos(),
			End: key.End(),
			Message: fmt.Sprintf("ctxkey: context.WithValue key %s %s; any package can make the same key and read or overwrite the value (use ctxdata.NewKey)",
				short(types.ExprString(key)), why),
		})
	}
	return nil, nil
}

// foreign reports whether the key is an object declared in another package:
// the caller has to use the key that package chose.
func foreign(pass *analysis.Pass, key ast.Expr) bool {
	var id *ast.Ident
	switch k := ast.Unparen(key).(type) {
	case *ast.Ident:
		id = k
	case *ast.SelectorExpr:
		id = k.Sel
	default:
		return false
	}
	obj := pass.TypesInfo.ObjectOf(id)
	return obj != nil && obj.Pkg() != nil && obj.Pkg() != pass.Pkg
}

func short(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
