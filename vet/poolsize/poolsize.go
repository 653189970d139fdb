package poolsize

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

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/funcsum"
	"github.com/safeprim/safeprim/vet/internal/pool"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports growable buffers Put into a sync.Pool with no capacity
// check.
var Analyzer = &analysis.Analyzer{
	Name:     "poolsize",
	Doc:      analyzerdoc.Extract(doc, "poolsize"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/poolsize",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, pool.Analyzer},
}

type kind int

const (
	notBuffer kind = iota
	writer         // *bytes.Buffer, *strings.Builder
	slice          // []byte, *[]byte
)

func kindOf(t types.Type) kind {
	switch {
	case typepred.IsNamedOrPtr(t, "bytes", "Buffer"), typepred.IsNamedOrPtr(t, "strings", "Builder"):
		if _, ok := types.Unalias(t).(*types.Pointer); ok {
			return writer
		}
	case typepred.IsByteSlice(typepred.Deref(t)):
		return slice
	}
	return notBuffer
}

func run(pass *analysis.Pass) (any, error) {
	uses := pass.ResultOf[pool.Analyzer].(*pool.Uses)
	if len(uses.Puts) == 0 {
		return nil, nil
	}
	info := pass.TypesInfo
	checks := funcsum.Summarise(pass, uses.Decls, func(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
		return sizeUse(info, body, expr.Path{Root: v}, nil)
	})
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for _, put := range uses.Puts {
		k := kindOf(info.TypeOf(put.Arg))
		if k == notBuffer {
			continue
		}
		obj, resliced, ok := object(info, put.Arg)
		if !ok {
			continue
		}
		cur, ok := ins.Root().FindNode(put.Call)
		if !ok {
			continue
		}
		// The whole declaration, closures included, tells whether the
		// buffer can have grown.
		var decl ast.Node = put.Func
		for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			decl = e.Node()
		}
		if !grown(info, uses, decl, obj, k, resliced) {
			continue
		}
		g, _ := flow.Func(cfgs, put.Func)
		if g == nil {
			continue
		}
		isCheck := func(n ast.Node) bool { return sizeUse(info, n, obj, checks) }
		var unchecked bool
		if _, isDefer := cur.Parent().Node().(*ast.DeferStmt); isDefer {
			_, unchecked = flow.Reach(g, nil, isCheck, nil)
		} else {
			_, unchecked = flow.Reach(g, nil, isCheck, func(n ast.Node) bool { return flow.Contains(n, put.Call) })
		}
		if !unchecked {
			continue
		}
		use := "safepool.BufferPool"
		if k == slice {
			use = "safepool.SlicePool"
		}
		pass.Report(analysis.Diagnostic{
			Pos: put.Call.Pos(),
			End: put.Call.End(),
			Message: fmt.Sprintf("poolsize: %s is Put into %s with no capacity check; one large use keeps a buffer of its size in the pool (use %s, or drop buffers over a cap)",
				typepred.String(info.TypeOf(put.Arg), pass.Pkg), pool.Name(put.Pool), use),
		})
	}
	return nil, nil
}

// object returns the buffer a Put argument names: b, *p, b[:0] or &b.
func object(info *types.Info, arg ast.Expr) (p expr.Path, resliced bool, ok bool) {
	arg = ast.Unparen(arg)
	switch x := arg.(type) {
	case *ast.SliceExpr:
		resliced = x.High != nil && expr.IsZeroValue(info, x.High)
		arg = x.X
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			arg = x.X
		}
	}
	p, ok = expr.PathOf(info, arg)
	return p, resliced, ok
}

// grown reports whether the buffer p can have grown before its Put in decl.
func grown(info *types.Info, uses *pool.Uses, decl ast.Node, p expr.Path, k kind, resliced bool) bool {
	if resliced {
		return true
	}
	if fd, ok := decl.(*ast.FuncDecl); ok && k == writer {
		for _, v := range funcsum.Params(info, fd) {
			if v == p.Root {
				return true // a put helper: its callers wrote to the buffer
			}
		}
	}
	found := false
	ast.Inspect(decl, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if k == slice && expr.IsBuiltin(info, n, "append") && len(n.Args) > 0 && expr.RootedAt(info, n.Args[0], p) {
				found = true
			}
		case *ast.AssignStmt:
			// b = b[:0]: a slice reused by append.
			if lhs, rhs, ok := expr.SimpleAssign(n); ok && k == slice && expr.RootedAt(info, lhs, p) {
				if s, ok := ast.Unparen(rhs).(*ast.SliceExpr); ok && s.High != nil && expr.IsZeroValue(info, s.High) {
					found = true
				}
			}
		}
		if k == writer && uses.Writes(info, n, p) {
			found = true
		}
		return !found
	})
	return found
}

// sizeUse reports whether n, outside function literals, uses the size of
// p: cap or len of it, its Cap or Len method, or a function of the package
// that checks it (per checks, which may be nil).
func sizeUse(info *types.Info, n ast.Node, p expr.Path, checks *funcsum.Summary) bool {
	found := false
	flow.Shallow(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if (expr.IsBuiltin(info, call, "cap") || expr.IsBuiltin(info, call, "len")) && len(call.Args) == 1 &&
			expr.RootedAt(info, call.Args[0], p) {
			found = true
		}
		if recv, name, ok := expr.MethodCall(info, call); ok && (name == "Cap" || name == "Len") && expr.RootedAt(info, recv, p) {
			found = true
		}
		if checks != nil && checks.PassesExpr(call, func(e ast.Expr) bool {
			e = ast.Unparen(e)
			if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
				e = u.X
			}
			return expr.Is(info, e, p)
		}) {
			found = true
		}
		return !found
	})
	return found
}
