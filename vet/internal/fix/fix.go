// Package fix builds the text edits of the analyzers' suggested fixes.
package fix

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// InsertLineBefore returns an edit that puts the statement text on a line of
// its own before stmt, indented as stmt is. ok is false if the source of
// stmt's file cannot be read.
func InsertLineBefore(pass *analysis.Pass, stmt ast.Node, text string) (analysis.TextEdit, bool) {
	tf := pass.Fset.File(stmt.Pos())
	if tf == nil {
		return analysis.TextEdit{}, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.TextEdit{}, false
	}
	off := tf.Offset(stmt.Pos())
	lineStart := tf.Offset(tf.LineStart(tf.Line(stmt.Pos())))
	if off > len(src) || lineStart > off {
		return analysis.TextEdit{}, false
	}
	indent := src[lineStart:off]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return analysis.TextEdit{}, false // stmt does not start its line
	}
	return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text + "\n" + string(indent))}, true
}

// Source returns the source text of n as formatted Go.
func Source(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// InBlock reports whether the statement at the top of stack (the path from
// the file to it, innermost last) is an element of a statement list, where a
// new statement can be put before it.
func InBlock(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	switch stack[len(stack)-2].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}
