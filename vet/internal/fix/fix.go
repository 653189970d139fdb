// Package fix builds the text edits of the analyzers' suggested fixes.
package fix

import (
	"bytes"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
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

// Text returns the source text of n as written in its file.
func Text(pass *analysis.Pass, n ast.Node) (string, bool) {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return "", false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return "", false
	}
	return string(src[start:end]), true
}

// InBlock reports whether the statement at cur is an element of a
// statement list, where a new statement can be put before it.
func InBlock(cur inspector.Cursor) bool {
	switch cur.Parent().Node().(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}
