package mapwrite

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
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/spawn"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports maps written from a goroutine while used elsewhere.
var Analyzer = &analysis.Analyzer{
	Name:     "mapwrite",
	Doc:      analyzerdoc.Extract(doc, "mapwrite"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/mapwrite",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

type write struct {
	node ast.Node
	m    ast.Expr
	path expr.Path
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur, body := range flow.Funcs(ins) {
		starts := spawn.In(info, body)
		for _, s := range starts {
			if s.Lit == nil {
				continue
			}
			for _, w := range writes(info, s.Lit) {
				if locked(info, s.Lit, w.node) {
					continue
				}
				why := concurrent(info, cur, body, starts, s, w)
				if why == "" {
					continue
				}
				pass.Report(analysis.Diagnostic{
					Pos: w.node.Pos(),
					End: w.node.End(),
					Message: fmt.Sprintf("mapwrite: map %s is written in a goroutine while %s, with no lock held; concurrent map writes end the process (use safemap.Map or a lock)",
						types.ExprString(w.m), why),
				})
			}
		}
	}
	return nil, nil
}

// writes returns the writes, in the goroutine's own body, to maps declared
// outside it.
func writes(info *types.Info, lit *ast.FuncLit) []write {
	var out []write
	add := func(n ast.Node, m ast.Expr) {
		if !typepred.IsMap(info.TypeOf(m)) {
			return
		}
		p, ok := expr.PathOf(info, m)
		if !ok || expr.DeclaredIn(p.Root, lit) {
			return
		}
		out = append(out, write{n, m, p})
	}
	flow.Shallow(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
					add(n, ix.X)
				}
			}
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok {
				add(n, ix.X)
			}
		case *ast.CallExpr:
			if (expr.IsBuiltin(info, n, "delete") || expr.IsBuiltin(info, n, "clear")) && len(n.Args) >= 1 {
				add(n, n.Args[0])
			}
		}
		return true
	})
	return out
}

// locked reports whether the goroutine calls a Lock method before the write.
func locked(info *types.Info, lit *ast.FuncLit, w ast.Node) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= w.Pos() {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if _, name, ok := expr.MethodCall(info, call); ok && name == "Lock" {
				found = true
			}
		}
		return true
	})
	return found
}

// concurrent says why other code may use the map while the goroutine
// writes it, or returns "".
func concurrent(info *types.Info, fn inspector.Cursor, body *ast.BlockStmt, starts []spawn.Start, s spawn.Start, w write) string {
	sc, ok := fn.FindNode(s.Node)
	if !ok {
		return ""
	}
	if l, ok := flow.Loop(sc); ok && !expr.DeclaredIn(w.path.Root, l) && !joins(info, l, s.Node.End(), l.End()) {
		return "goroutines started in the same loop write it too"
	}
	for _, o := range starts {
		if o.Node != s.Node && o.Lit != nil && len(accesses(info, o.Lit.Body, w.path, true)) > 0 {
			return "another goroutine uses it"
		}
	}
	for _, a := range accesses(info, body, w.path, false) {
		if a.Pos() > s.Node.End() && !inStart(starts, a) && !joins(info, body, s.Node.End(), a.Pos()) {
			return "the function goes on using it"
		}
	}
	return ""
}

func inStart(starts []spawn.Start, n ast.Node) bool {
	for _, s := range starts {
		if s.Lit != nil && flow.Contains(s.Lit, n) {
			return true
		}
	}
	return false
}

// accesses returns the expressions in n that name the map p, entering
// function literals only if lits is true.
func accesses(info *types.Info, n ast.Node, p expr.Path, lits bool) []ast.Node {
	var out []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return lits
		case *ast.Ident, *ast.SelectorExpr:
			if expr.Is(info, n.(ast.Expr), p) {
				out = append(out, n)
				return false
			}
		}
		return true
	})
	return out
}

// joins reports whether n, between the positions from and to and outside
// function literals, waits for a goroutine: a Wait call, a receive, a
// select, or a range over a channel.
func joins(info *types.Info, n ast.Node, from, to token.Pos) bool {
	found := false
	flow.Shallow(n, func(n ast.Node) bool {
		if found || n.End() <= from || n.Pos() >= to {
			return !found && n.Pos() < to
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if _, name, ok := expr.MethodCall(info, n); ok && name == "Wait" && n.Pos() > from {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && n.Pos() > from {
				found = true
			}
		case *ast.SelectStmt:
			if n.Pos() > from {
				found = true
			}
		case *ast.RangeStmt:
			if n.Pos() > from && typepred.IsChan(info.TypeOf(n.X)) {
				found = true
			}
		}
		return !found
	})
	return found
}
