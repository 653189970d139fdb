package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// termWidth is the widest line leakbench prints on a terminal.
const termWidth = 100

// A grid lays out a table for a terminal of termWidth columns: each column
// as wide as its widest cell, headings that span several columns above the
// column names, and section lines between rows. The first column gets the
// width the others leave; a longer first cell goes on a line of its own,
// above the row's other cells. Section lines are wrapped at words.
type grid struct {
	width int // the terminal's, termWidth if 0
	cols  []gridCol
	spans []gridSpan
	lines []gridLine
}

type gridCol struct {
	name  string
	right bool // right-aligned, as numbers are
}

// gridSpan is a heading over columns from to to, inclusive.
type gridSpan struct {
	from, to int
	label    string
}

// gridLine is a row of cells, or a section line when cells is nil.
type gridLine struct {
	section string
	cells   []string
}

const gridGap = 2

func (g *grid) row(cells ...string) { g.lines = append(g.lines, gridLine{cells: cells}) }
func (g *grid) section(s string)    { g.lines = append(g.lines, gridLine{section: s}) }

func width(s string) int { return utf8.RuneCountInString(s) }

func (g *grid) write(w io.Writer) {
	widths := make([]int, len(g.cols))
	for i, c := range g.cols {
		widths[i] = width(c.name)
	}
	for _, l := range g.lines {
		for i, c := range l.cells {
			widths[i] = max(widths[i], width(c))
		}
	}
	total := g.width
	if total == 0 {
		total = termWidth
	}
	rest := 0
	for _, wd := range widths[1:] {
		rest += gridGap + wd
	}
	widths[0] = max(min(widths[0], total-rest), width(g.cols[0].name))

	pad := func(s string, n int, right bool) string {
		fill := strings.Repeat(" ", max(0, n-width(s)))
		if right {
			return fill + s
		}
		return s + fill
	}
	line := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", gridGap))
			}
			b.WriteString(pad(c, widths[i], g.cols[i].right))
		}
		return strings.TrimRight(b.String(), " ")
	}

	if len(g.spans) > 0 {
		offsets := make([]int, len(widths)+1)
		for i, wd := range widths {
			offsets[i+1] = offsets[i] + wd + gridGap
		}
		var b strings.Builder
		for _, s := range g.spans {
			spanW := offsets[s.to+1] - gridGap - offsets[s.from]
			b.WriteString(strings.Repeat(" ", max(0, offsets[s.from]-width(b.String()))))
			b.WriteString(pad(s.label, spanW, g.cols[s.to].right))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	names := make([]string, len(g.cols))
	for i, c := range g.cols {
		names[i] = c.name
	}
	fmt.Fprintln(w, line(names))
	for _, l := range g.lines {
		if l.cells == nil {
			for _, s := range wrap(l.section, total, "    ") {
				fmt.Fprintln(w, s)
			}
			continue
		}
		cells := l.cells
		if width(cells[0]) > widths[0] {
			fmt.Fprintln(w, cells[0])
			cells = append([]string{""}, cells[1:]...)
		}
		fmt.Fprintln(w, line(cells))
	}
}

// wrap breaks s at spaces into lines of at most n columns, the lines
// after the first starting with indent. A word longer than a line is
// broken where the line ends.
func wrap(s string, n int, indent string) []string {
	var lines []string
	cur := "" // the line being filled, without its prefix
	prefix := func() string {
		if len(lines) == 0 {
			return ""
		}
		return indent
	}
	flush := func() { lines = append(lines, prefix()+cur); cur = "" }
	for _, word := range strings.Fields(s) {
		if cur != "" && width(prefix())+width(cur)+1+width(word) <= n {
			cur += " " + word
			continue
		}
		if cur != "" {
			flush()
		}
		for room := n - width(prefix()); width(word) > room; room = n - width(prefix()) {
			r := []rune(word)
			cur, word = string(r[:room]), string(r[room:])
			flush()
		}
		cur = word
	}
	if cur != "" {
		flush()
	}
	return lines
}
