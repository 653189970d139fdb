package main

import (
	"fmt"
	"io"
	"strings"
)

// columns are the leak table's columns in report.md (and the README).
var columns = []string{
	"scenario", "n", "naive retained", "safeprim retained", "ratio",
	"naive goroutines left", "safeprim goroutines left", "naive ns/op", "safeprim ns/op", "verdict",
}

func cells(r row) []string {
	return []string{
		r.Scenario, fmt.Sprint(r.N),
		retainedCell(r.Naive), retainedCell(r.Safeprim), formatRatio(r.outcome),
		goroutinesCell(r.Naive), goroutinesCell(r.Safeprim),
		nsCell(r.Naive), nsCell(r.Safeprim), verdictCell(r),
	}
}

// writeTable prints the leak table for a terminal, then its notes. The
// columns are those of report.md, the naive and safeprim sides of each
// figure under one heading.
func writeTable(w io.Writer, r report) {
	g := grid{
		cols: []gridCol{
			{name: "scenario"}, {name: "n", right: true},
			{name: "naive", right: true}, {name: "safe", right: true}, {name: "ratio", right: true},
			{name: "naive", right: true}, {name: "safe", right: true},
			{name: "naive", right: true}, {name: "safe", right: true}, {name: "verdict"},
		},
		spans: []gridSpan{{2, 3, "retained"}, {5, 6, "goroutines left"}, {7, 8, "ns/op"}},
	}
	for _, row := range r.Rows {
		g.row(cells(row)...)
	}
	fmt.Fprintf(w, "leaks: what each side left behind after n operations (safe: safeprim; ratio: safe/naive retained)\n\n")
	g.write(w)
	for _, n := range notes(r) {
		for _, l := range wrap("- "+strings.ReplaceAll(n, "`", ""), termWidth, "  ") {
			fmt.Fprintln(w, l)
		}
	}
}

// markerDate is how a block's opening marker dates the run.
const markerDate = "2006-01-02"

// writeBlock writes a block of report.md that the README carries
// verbatim: an opening marker naming the table, the command, the date,
// the Go version and the machine, the visible header line, the body, and
// the closing marker. TestREADMEBlocks checks the README's copies.
func writeBlock(w io.Writer, table string, r report, header string, body func(io.Writer)) {
	fmt.Fprintf(w, "<!-- leakbench:%s %s | %s | %s | %s -->\n", table, r.Command, r.Date.Format(markerDate), r.Machine.Go, r.Machine.short())
	fmt.Fprintf(w, "`%s` on %s, %s; %s.\n\n", r.Command, r.Date.Format("2006-01-02 15:04 MST"), r.Machine, header)
	body(w)
	fmt.Fprintf(w, "<!-- /leakbench:%s -->\n", table)
}

// markdownTable writes a Markdown table; align has an 'l' or an 'r' per
// column, for left or right alignment.
func markdownTable(w io.Writer, cols []string, align string, rows [][]string) {
	fmt.Fprintln(w, "| "+strings.Join(cols, " | ")+" |")
	seps := make([]string, len(cols))
	for i := range seps {
		seps[i] = "---:"
		if align[i] == 'l' {
			seps[i] = ":---"
		}
	}
	fmt.Fprintln(w, "|"+strings.Join(seps, "|")+"|")
	for _, c := range rows {
		fmt.Fprintln(w, "| "+strings.Join(c, " | ")+" |")
	}
}

// writeMarkdown writes the report: how it was made, the leak table, the
// notes, what each scenario does, the chart, then the speed table.
func writeMarkdown(w io.Writer, r report) {
	fmt.Fprintf(w, "# leakbench\n\n")
	if len(r.Rows) > 0 {
		writeLeakMarkdown(w, r)
	}
	if r.Speed != nil {
		writeSpeedMarkdown(w, r)
	}
}

func writeLeakMarkdown(w io.Writer, r report) {
	fmt.Fprintf(w, "## Leaks\n\n")
	fmt.Fprintf(w, "Each side of each scenario ran in a fresh process for the same fixed count *n* of operations. "+
		"*Retained* is the live heap after the work and a settled GC, minus before (the pool scenarios read it after one GC, "+
		"which is what a running service lives with); *goroutines left* counts those still running after a bounded wait; "+
		"*ratio* is safeprim retained / naive retained.\n\n")
	writeBlock(w, "leaks", r, fmt.Sprintf("scale %g; %.1f s", r.Scale, r.Elapsed.Seconds()), func(w io.Writer) {
		var rows [][]string
		for _, row := range r.Rows {
			c := cells(row)
			c[0] = "`" + c[0] + "`"
			rows = append(rows, c)
		}
		markdownTable(w, columns, "lrrrrrrrrr", rows)
		if ns := notes(r); len(ns) > 0 {
			fmt.Fprintln(w)
			for _, n := range ns {
				fmt.Fprintln(w, "- "+n)
			}
		}
	})
	fmt.Fprintf(w, "\n![naive against safeprim retained heap, log scale](%s)\n", chartFile)
	fmt.Fprintf(w, "\n### Scenarios\n\n")
	for _, row := range r.Rows {
		fmt.Fprintf(w, "- `%s`: naive: %s. safeprim: %s.\n", row.Scenario, row.Leak, row.Fix)
	}
	fmt.Fprintf(w, "\nA safeprim side fails (exit status 1) when it leaves a goroutine running, or retains more than %s and more than %s of what the naive side retained.\n",
		formatBytes(r.Policy.Floor), formatFraction(r.Policy.MaxRatio))
	fmt.Fprintf(w, "\n*ns/op* is wall-clock time per operation, the fastest of four runs of the workload, and includes the collections the run caused. "+
		"The runtime paces collections by the live heap (GOGC), so a side that keeps its heap small collects more often and can look slower "+
		"where allocation dominates, as in `slice/subslice`. For speed, see the speed table.\n\n")
}
