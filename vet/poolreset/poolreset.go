package poolreset

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
	"golang.org/x/tools/go/types/typeutil"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/expr"
	"github.com/safeprim/safeprim/vet/internal/fix"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/funcsum"
	"github.com/safeprim/safeprim/vet/internal/pool"
	"github.com/safeprim/safeprim/vet/internal/typepred"
)

//go:embed doc.go
var doc string

// Analyzer reports sync.Pool objects written to and Put without a reset.
var Analyzer = &analysis.Analyzer{
	Name:     "poolreset",
	Doc:      analyzerdoc.Extract(doc, "poolreset"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/poolreset",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, pool.Analyzer},
}

// got is an object obtained from a pool in one function.
type got struct {
	fn   ast.Node
	stmt ast.Node // the assignment from Get
	obj  expr.Path
	pool ast.Expr
	id   types.Object
}

type checker struct {
	pass   *analysis.Pass
	uses   *pool.Uses
	resets *funcsum.Summary
}

func run(pass *analysis.Pass) (any, error) {
	uses := pass.ResultOf[pool.Analyzer].(*pool.Uses)
	if len(uses.Puts) == 0 {
		return nil, nil
	}
	c := &checker{pass: pass, uses: uses}
	c.resets = funcsum.Summarise(pass, uses.Decls, func(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			found = found || n != nil && c.isReset(n, expr.Path{Root: v})
			return !found
		})
		return found
	})
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	var gots []got
	resetOnGet := make(map[types.Object]bool)
	for cur, body := range flow.Funcs(ins) {
		fn := cur.Node()
		g, _ := flow.Func(cfgs, fn)
		if g == nil {
			continue
		}
		flow.Shallow(body, func(n ast.Node) bool {
			lhs, rhs, ok := expr.SimpleAssign(n)
			if !ok {
				if vs, isSpec := n.(*ast.ValueSpec); isSpec && len(vs.Names) == 1 && len(vs.Values) == 1 {
					lhs, rhs, ok = vs.Names[0], vs.Values[0], true
				}
			}
			if !ok {
				return true
			}
			get, ok := uses.GetOf(pass.TypesInfo, rhs)
			if !ok {
				return true
			}
			p, ok := expr.PathOf(pass.TypesInfo, lhs)
			if !ok || !p.IsLocal() {
				return true
			}
			poolExpr, _ := pool.IsGet(pass.TypesInfo, get)
			id := pool.ID(pass.TypesInfo, poolExpr)
			isReset := func(n ast.Node) bool { return c.isReset(n, p) }
			isWrite := func(n ast.Node) bool { return uses.Writes(pass.TypesInfo, n, p) && !isReset(n) }
			if _, written := flow.Reach(g, n, isReset, isWrite); !written {
				if _, reset := flow.Reach(g, n, nil, isReset); reset {
					resetOnGet[id] = true
					return true
				}
			}
			gots = append(gots, got{fn: fn, stmt: n, obj: p, pool: poolExpr, id: id})
			return true
		})
	}

	reported := make(map[*ast.CallExpr]bool)
	for _, o := range gots {
		if resetOnGet[o.id] || !c.keeps(o) {
			continue
		}
		c.check(cfgs, o, reported)
	}
	return nil, nil
}

// keeps reports whether an object of this type keeps something alive
// after use that a reset would let go.
func (c *checker) keeps(o got) bool {
	t := o.obj.Root.Type()
	if typepred.IsNamedOrPtr(t, "sync", "Mutex") {
		return false
	}
	if elem, ok := typepred.SliceElem(typepred.Deref(t)); ok {
		if typepred.HasPointers(elem) {
			return true
		}
		appended := false
		_, body := flow.Func(c.pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs), o.fn)
		flow.Shallow(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && expr.IsBuiltin(c.pass.TypesInfo, call, "append") &&
				len(call.Args) > 0 && expr.RootedAt(c.pass.TypesInfo, call.Args[0], o.obj) {
				appended = true
			}
			return !appended
		})
		return appended
	}
	if typepred.IsMap(t) {
		return true
	}
	if typepred.PointerShaped(t) {
		return typepred.HasPointers(typepred.Deref(t))
	}
	return false
}

func (c *checker) check(cfgs *ctrlflow.CFGs, o got, reported map[*ast.CallExpr]bool) {
	info := c.pass.TypesInfo
	g, _ := flow.Func(cfgs, o.fn)
	isReset := func(n ast.Node) bool { return c.isReset(n, o.obj) }
	isWrite := func(n ast.Node) bool { return c.uses.Writes(info, n, o.obj) && !isReset(n) }

	// The Puts of the object: plain ones are targets of the search,
	// deferred ones happen at every return.
	var deferred []*ast.CallExpr
	for _, n := range flow.Nodes(g, func(n ast.Node) bool { _, ok := n.(*ast.DeferStmt); return ok }) {
		d := n.(*ast.DeferStmt)
		if call, ok := c.unresetPut(d.Call, o.obj); ok {
			deferred = append(deferred, call)
			continue
		}
		if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
			var put *ast.CallExpr
			reset := false
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && put == nil {
					if call, ok := c.unresetPut(call, o.obj); ok {
						put = call
					}
				}
				reset = reset || n != nil && isReset(n)
				return true
			})
			if put != nil && !reset {
				deferred = append(deferred, put)
			}
		}
	}
	isPut := func(n ast.Node) bool {
		if _, ok := n.(*ast.DeferStmt); ok {
			return false
		}
		found := false
		flow.Shallow(n, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if _, ok := c.unresetPut(call, o.obj); ok {
					found = true
				}
			}
			return !found
		})
		return found
	}
	for _, w := range flow.Nodes(g, isWrite) {
		if !flow.Contains(o.fn, w) || w.Pos() < o.stmt.Pos() {
			continue
		}
		if stmt, ok := flow.Reach(g, w, isReset, isPut); ok {
			flow.Shallow(stmt, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if _, ok := c.unresetPut(call, o.obj); ok {
						c.report(call, stmt, o, reported)
					}
				}
				return true
			})
		}
		if len(deferred) > 0 {
			if _, ok := flow.Reach(g, w, isReset, nil); ok {
				for _, call := range deferred {
					c.report(call, nil, o, reported)
				}
			}
		}
	}
}

// unresetPut reports whether call Puts the object p, directly or through a
// helper of the package that does not reset it first.
func (c *checker) unresetPut(call *ast.CallExpr, p expr.Path) (*ast.CallExpr, bool) {
	info := c.pass.TypesInfo
	_, arg, putter, ok := c.uses.PutOf(info, call)
	if !ok || !expr.Is(info, arg, p) {
		return nil, false
	}
	if putter != nil && c.resets.Passes(call, p.Root) {
		return nil, false
	}
	return call, true
}

// isReset reports whether n, outside function literals and deferred
// calls, resets p.
func (c *checker) isReset(n ast.Node, p expr.Path) bool {
	if _, ok := n.(*ast.DeferStmt); ok {
		return false
	}
	info := c.pass.TypesInfo
	found := false
	flow.Shallow(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if recv, name, ok := expr.MethodCall(info, n); ok && expr.RootedAt(info, recv, p) {
				if expr.IsResetName(name) || name == "Truncate" && len(n.Args) == 1 && expr.IsZeroValue(info, n.Args[0]) {
					found = true
				}
			}
			if expr.IsBuiltin(info, n, "clear") && len(n.Args) == 1 && expr.RootedAt(info, n.Args[0], p) {
				found = true
			}
			if c.resets != nil && p.Fields == "" && c.resets.Passes(n, p.Root) {
				found = true
			}
			if _, isVar := typeutil.Callee(info, n).(*types.Var); isVar {
				// A function value, such as a pool wrapper's reset field,
				// given the object: it may reset it.
				for _, a := range n.Args {
					if expr.Is(info, a, p) {
						found = true
					}
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				if !expr.RootedAt(info, lhs, p) {
					continue
				}
				rhs := ast.Unparen(n.Rhs[i])
				if star, ok := ast.Unparen(lhs).(*ast.StarExpr); ok && expr.Is(info, star.X, p) {
					found = true // *x = T{...}
				}
				if q, ok := expr.PathOf(info, lhs); ok && q != p && expr.IsZeroValue(info, rhs) {
					found = true // x.f = nil
				}
				if call, ok := rhs.(*ast.CallExpr); ok && expr.IsBuiltin(info, call, "append") && len(call.Args) > 0 {
					rhs = ast.Unparen(call.Args[0]) // x.f = append(x.f[:0], data...)
				}
				if s, ok := rhs.(*ast.SliceExpr); ok && expr.Same(info, s.X, lhs) && s.Low == nil && s.High != nil && expr.IsZeroValue(info, s.High) {
					found = true // x = x[:0], x.f = x.f[:0]
				}
			}
		}
		return true
	})
	return found
}

func (c *checker) report(call *ast.CallExpr, stmt ast.Node, o got, reported map[*ast.CallExpr]bool) {
	if reported[call] {
		return
	}
	reported[call] = true
	pass := c.pass
	t := o.obj.Root.Type()
	reset := "a reset"
	hasReset := typepred.HasMethod(t, pass.Pkg, "Reset")
	if hasReset {
		reset = "Reset"
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(),
		End: call.End(),
		Message: fmt.Sprintf("poolreset: %s from %s is Put without %s; it keeps what was written alive (use safepool.New with a recycle func)",
			typepred.String(t, pass.Pkg), pool.Name(o.pool), reset),
	}
	if es, ok := stmt.(*ast.ExprStmt); ok && es.X == call && hasReset {
		if edit, ok := fix.InsertLineBefore(pass, stmt, o.obj.Root.Name()+".Reset()"); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Reset " + o.obj.Root.Name() + " before the Put",
				TextEdits: []analysis.TextEdit{edit},
			}}
		}
	}
	pass.Report(d)
}
