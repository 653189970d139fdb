package truncptr

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/fix"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports long-lived slices of pointers truncated without
// clearing the tail.
var Analyzer = &analysis.Analyzer{
	Name:     "truncptr",
	Doc:      analyzerdoc.Extract(doc, "truncptr"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/truncptr",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.AssignStmt)(nil)) {
		as := cur.Node().(*ast.AssignStmt)
		lhs, rhs, ok := expr.SimpleAssign(as)
		if !ok || as.Tok != token.ASSIGN {
			continue
		}
		s, ok := ast.Unparen(rhs).(*ast.SliceExpr)
		if !ok || s.Slice3 || s.High == nil || (s.Low != nil && !expr.IsZeroValue(info, s.Low)) {
			continue
		}
		p, ok := expr.PathOf(info, lhs)
		if !ok || !expr.Is(info, s.X, p) || mayGrow(info, s.High, p) {
			continue
		}
		elem, ok := typepred.SliceElem(info.TypeOf(lhs))
		if !ok || !(typepred.PointerShaped(elem) || types.IsInterface(elem)) {
			continue
		}
		var fn ast.Node
		for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			fn = e.Node()
			break
		}
		if fn == nil || (p.IsLocal() && !returned(info, fn, p.Root)) || cleared(info, fn, as, p) || popped(pass, fn, as, s, p) {
			continue
		}
		name, ok1 := fix.Text(pass, lhs)
		high, ok2 := fix.Text(pass, s.High)
		text, ok3 := fix.Text(pass, rhs)
		if !ok1 || !ok2 || !ok3 {
			name, high, text = types.ExprString(lhs), types.ExprString(s.High), types.ExprString(rhs)
		}
		d := analysis.Diagnostic{
			Pos: as.Pos(),
			End: as.End(),
			Message: fmt.Sprintf("truncptr: %s keeps the elements cut off reachable through the array (clear the tail first, or use safeslice.Truncate)",
				text),
		}
		if expr.Pure(info, s.High) && fix.InBlock(cur) {
			tail := name + "[" + high + ":]"
			if expr.IsZeroValue(info, s.High) {
				tail = name
			}
			if edit, ok := fix.InsertLineBefore(pass, as, "clear("+tail+")"); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Clear " + tail + " before cutting it off",
					TextEdits: []analysis.TextEdit{edit},
				}}
			}
		}
		pass.Report(d)
	}
	return nil, nil
}

// mayGrow reports whether the new length high may exceed the old one: a
// sum (s[:len(s)+1]), a capacity (s[:cap(s)]), or the length of another
// slice (dst[:len(src)]).
func mayGrow(info *types.Info, high ast.Expr, p expr.Path) bool {
	grow := false
	ast.Inspect(high, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.ADD {
				grow = true
			}
		case *ast.CallExpr:
			if expr.IsBuiltin(info, n, "cap") {
				grow = true
			}
			if expr.IsBuiltin(info, n, "len") && len(n.Args) == 1 && !expr.Is(info, n.Args[0], p) {
				grow = true
			}
		}
		return !grow
	})
	return grow
}

// returned reports whether fn returns the local variable v, so that the
// truncated slice outlives the call.
func returned(info *types.Info, fn ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok {
			for _, e := range r.Results {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Uses[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// cleared reports whether fn clears p, or zeroes one of its elements,
// before the truncation at as.
func cleared(info *types.Info, fn ast.Node, as *ast.AssignStmt, p expr.Path) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= as.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if expr.IsBuiltin(info, n, "clear") && len(n.Args) == 1 && expr.RootedAt(info, n.Args[0], p) {
				found = true
			}
			if recv, name, ok := expr.MethodCall(info, n); ok && expr.IsResetName(name) && expr.RootedAt(info, recv, p) {
				found = true // s.clear(), s[n:].reset()
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				// s[i] = nil, s[i].f = nil
				l = ast.Unparen(l)
				for {
					sel, ok := l.(*ast.SelectorExpr)
					if !ok {
						break
					}
					l = ast.Unparen(sel.X)
				}
				if ix, ok := l.(*ast.IndexExpr); ok && i < len(n.Rhs) &&
					expr.Is(info, ix.X, p) && expr.IsZeroValue(info, n.Rhs[i]) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// popped reports whether the truncation at as only drops elements that the
// function took or duplicated just before: a pop from a free list or a slab
// (v := s[n]; s = s[:n], p := &s[n]), or the last slot of a shift
// (copy(s, s[1:]); s = s[:len(s)-1]). What the dropped slot points to is in
// use, or still in the slice.
func popped(pass *analysis.Pass, fn ast.Node, as *ast.AssignStmt, s *ast.SliceExpr, p expr.Path) bool {
	info := pass.TypesInfo
	high, ok := fix.Text(pass, s.High)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= as.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				r = ast.Unparen(r)
				if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
					r = ast.Unparen(u.X)
				}
				if ix, ok := r.(*ast.IndexExpr); ok && expr.Is(info, ix.X, p) {
					if idx, ok := fix.Text(pass, ix.Index); ok && idx == high {
						found = true
					}
				}
			}
		case *ast.CallExpr:
			if expr.IsBuiltin(info, n, "copy") && len(n.Args) == 2 && expr.Is(info, n.Args[0], p) && expr.RootedAt(info, n.Args[1], p) {
				found = true
			}
		}
		return true
	})
	return found
}
