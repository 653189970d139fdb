package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

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

// writeTable prints the outcome as an aligned text table, then its notes.
func writeTable(w io.Writer, r report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(columns, "\t")+"\t")
	for _, row := range r.Rows {
		fmt.Fprintln(tw, strings.Join(cells(row), "\t")+"\t")
	}
	tw.Flush()
	for _, n := range notes(r) {
		fmt.Fprintln(w, "- "+strings.ReplaceAll(n, "`", ""))
	}
}

// writeMarkdown writes the report: how it was made, the table, the notes,
// what each scenario does, and the chart.
func writeMarkdown(w io.Writer, r report) {
	fmt.Fprintf(w, "# leakbench\n\n")
	fmt.Fprintf(w, "`%s` on %s, %s; %.1f s.\n\n", r.Command, r.Date.Format("2006-01-02 15:04 MST"), r.Machine, r.Elapsed.Seconds())
	fmt.Fprintf(w, "Each side of each scenario ran in a fresh process for the same fixed count *n* of operations (scale %g). "+
		"*Retained* is the live heap after the work and a settled GC, minus before (the pool scenarios read it after one GC, "+
		"which is what a running service lives with); *goroutines left* counts those still running after a bounded wait; "+
		"*ratio* is safeprim retained / naive retained.\n\n", r.Scale)
	fmt.Fprintln(w, "| "+strings.Join(columns, " | ")+" |")
	align := make([]string, len(columns))
	for i := range align {
		align[i] = "---:"
	}
	align[0] = ":---"
	fmt.Fprintln(w, "|"+strings.Join(align, "|")+"|")
	for _, row := range r.Rows {
		c := cells(row)
		c[0] = "`" + c[0] + "`"
		fmt.Fprintln(w, "| "+strings.Join(c, " | ")+" |")
	}
	if ns := notes(r); len(ns) > 0 {
		fmt.Fprintln(w)
		for _, n := range ns {
			fmt.Fprintln(w, "- "+n)
		}
	}
	fmt.Fprintf(w, "\n![naive against safeprim retained heap, log scale](%s)\n", chartFile)
	fmt.Fprintf(w, "\n## Scenarios\n\n")
	for _, row := range r.Rows {
		fmt.Fprintf(w, "- `%s`: naive: %s. safeprim: %s.\n", row.Scenario, row.Leak, row.Fix)
	}
	fmt.Fprintf(w, "\nA safeprim side fails (exit status 1) when it leaves a goroutine running, or retains more than %s and more than %s of what the naive side retained.\n",
		formatBytes(r.Policy.Floor), formatFraction(r.Policy.MaxRatio))
	fmt.Fprintf(w, "\n*ns/op* is wall-clock time per operation, the fastest of four runs of the workload, and includes the collections the run caused. "+
		"The runtime paces collections by the live heap (GOGC), so a side that keeps its heap small collects more often and can look slower "+
		"where allocation dominates, as in `slice/subslice`. For speed, see `go test -bench . ./bench` and each package's benchmarks.\n")
}
