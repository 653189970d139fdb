// Package analyzerdoc takes an analyzer's Doc from its package comment, so
// that go doc and the command's help show one text.
package analyzerdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the part of the package comment in the Go source content
// that follows the heading "# Analyzer name" and the "name: " that starts
// the section's first line, up to the next heading: a summary line, then
// the description, as analysis.Analyzer.Doc wants (and as x/tools' own
// analyzers write their docs).
//
// Extract panics if the source does not parse or has no such section; both
// are programming errors caught by the analyzer's first test.
func Extract(content, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		panic(fmt.Sprintf("analyzerdoc: Extract: %v; fix the analyzer's doc.go", err))
	}
	return extract(f, name)
}

func extract(f *ast.File, name string) string {
	if f.Doc == nil {
		panic(fmt.Sprintf("analyzerdoc: Extract: no package comment for %q; write one with a section # Analyzer %s", name, name))
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	_, after, ok := strings.Cut(text, heading)
	if !ok {
		panic(fmt.Sprintf("analyzerdoc: Extract: no section %q in the package comment; add it", strings.TrimSpace(heading)))
	}
	if i := strings.Index(after, "\n# "); i >= 0 {
		after = after[:i]
	}
	body, ok := strings.CutPrefix(strings.TrimSpace(after), name+": ")
	if !ok {
		panic(fmt.Sprintf("analyzerdoc: Extract: section %q does not start with %q; start it with the summary line", strings.TrimSpace(heading), name+": "))
	}
	return body
}
