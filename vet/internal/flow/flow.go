// Package flow searches a function's control-flow graph (from the ctrlflow
// pass) for a path that avoids some statements, in the manner of the
// lostcancel analyzer: from one node, on to a target or a return, without
// passing a node that kills the search.
package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
)

// Reach reports whether control can flow in g from just after start to a
// node for which target holds, without first passing a node for which kill
// holds, and returns that node. A nil start means the function's entry. A
// nil target means the function's returns: the search succeeds at the
// return statement (perhaps the synthetic one at the closing brace) of a
// return block whose nodes it passed. Paths that end in a call that never
// returns, such as panic or log.Fatal, reach nothing.
//
// The nodes of g are simple statements and expressions; start may be any
// node inside one of them, and stands for the smallest one containing it.
func Reach(g *cfg.CFG, start ast.Node, kill, target func(ast.Node) bool) (ast.Node, bool) {
	if g == nil || len(g.Blocks) == 0 {
		return nil, false
	}
	b, i := g.Blocks[0], 0
	if start != nil {
		var ok bool
		b, i, ok = Locate(g, start.Pos(), start.End())
		if !ok {
			return nil, false
		}
		i++
	}
	// The cfg package evaluates all of a select's communications before
	// its cases; each one takes effect only in its own case, so test it
	// there.
	comms := make(map[ast.Node]bool)
	for _, b := range g.Blocks {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && b.Kind == cfg.KindSelectCaseBody && cc.Comm != nil {
			comms[cc.Comm] = true
		}
	}
	visit := func(n ast.Node) (stop, found bool) {
		if target != nil && target(n) {
			return true, true
		}
		if kill != nil && kill(n) {
			return true, false
		}
		return false, false
	}
	seen := make(map[*cfg.Block]bool)
	var search func(b *cfg.Block, from int) (ast.Node, bool)
	search = func(b *cfg.Block, from int) (ast.Node, bool) {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && b.Kind == cfg.KindSelectCaseBody && from == 0 && cc.Comm != nil {
			if stop, found := visit(cc.Comm); stop {
				return cc.Comm, found
			}
		}
		for _, n := range b.Nodes[from:] {
			if comms[n] {
				continue
			}
			if stop, found := visit(n); stop {
				return n, found
			}
		}
		if target == nil {
			if ret := b.Return(); ret != nil {
				return ret, true
			}
		}
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if n, ok := search(s, 0); ok {
				return n, true
			}
		}
		return nil, false
	}
	return search(b, i)
}

// Locate returns the block of g and the index in it of the smallest node
// that contains the range [pos, end).
func Locate(g *cfg.CFG, pos, end token.Pos) (*cfg.Block, int, bool) {
	var (
		best  *cfg.Block
		index int
		size  token.Pos
	)
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if n.Pos() <= pos && end <= n.End() && (best == nil || n.End()-n.Pos() < size) {
				best, index, size = b, i, n.End()-n.Pos()
			}
		}
	}
	return best, index, best != nil
}

// Contains reports whether the node n lies within the range of outer.
func Contains(outer, n ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// Func returns the control-flow graph and the body of fn, an *ast.FuncDecl
// or an *ast.FuncLit, from the ctrlflow pass's result.
func Func(cfgs *ctrlflow.CFGs, fn ast.Node) (*cfg.CFG, *ast.BlockStmt) {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Body == nil {
			return nil, nil
		}
		return cfgs.FuncDecl(fn), fn.Body
	case *ast.FuncLit:
		return cfgs.FuncLit(fn), fn.Body
	}
	return nil, nil
}

// Nodes returns the nodes of the live blocks of g for which keep holds.
func Nodes(g *cfg.CFG, keep func(ast.Node) bool) []ast.Node {
	var out []ast.Node
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if keep(n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// Shallow calls f for each node in n in depth-first order, as ast.Inspect
// does, but does not enter function literals: their bodies run at another
// time.
func Shallow(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || n == nil {
			return false
		}
		return f(n)
	})
}

// Loop returns the innermost for or range statement around the node at
// cur within its function, if there is one.
func Loop(cur inspector.Cursor) (ast.Stmt, bool) {
	for e := range cur.Parent().Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.ForStmt:
			return n, true
		case *ast.RangeStmt:
			return n, true
		}
		return nil, false
	}
	return nil, false
}

// Leaves reports whether the statements leave the enclosing loop or
// function, outside function literals: a return, a labelled break or a
// goto, or a call of panic.
func Leaves(stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		Shallow(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Label != nil && (n.Tok == token.BREAK || n.Tok == token.GOTO) {
					found = true
				}
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// Funcs yields each function declaration with a body and each function
// literal of the package, with its body.
func Funcs(ins *inspector.Inspector) iter.Seq2[inspector.Cursor, *ast.BlockStmt] {
	return func(yield func(inspector.Cursor, *ast.BlockStmt) bool) {
		for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			var body *ast.BlockStmt
			switch fn := cur.Node().(type) {
			case *ast.FuncDecl:
				body = fn.Body
			case *ast.FuncLit:
				body = fn.Body
			}
			if body != nil && !yield(cur, body) {
				return
			}
		}
	}
}

// IsMain reports whether fn is func main of package main, whose return
// ends the process and so every goroutine with it.
func IsMain(pkg *types.Package, fn ast.Node) bool {
	fd, ok := fn.(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Name.Name == "main" && pkg.Name() == "main"
}
