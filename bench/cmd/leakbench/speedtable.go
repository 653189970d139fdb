package main

import (
	"fmt"
	"io"
	"strings"
)

// speedColumns are the speed table's columns in report.md (and the README).
var speedColumns = []string{
	"comparison", "package", "benchmark", "safeprim", "counterpart", "ratio", "95% CI",
	"target", "naive", "naive ratio", "allocs/op", "runs",
}

// heading is the section line of the rows that compare what r compares.
func (r speedRow) heading() string {
	s := fmt.Sprintf("%s (%s: impl=%s / impl=%s", r.What, r.Pkg, r.Safeprim(), r.Counterpart)
	if r.Naive != "" {
		s += "; naive: impl=" + r.Naive
	}
	return s + ")"
}

// targetCell is the target and the verdict, "" without a target.
func targetCell(r speedResult) (target, verdict string) {
	if r.Target.Max == 0 {
		return "", ""
	}
	return r.Target.String(), r.verdict()
}

func naiveRatioCell(r speedResult) string {
	if r.Naive == "" {
		return ""
	}
	return formatTimes(r.NaiveRatio.Center)
}

// writeSpeedTable prints the speed table for a terminal: the rows under a
// heading per comparison, then the notes.
func writeSpeedTable(w io.Writer, sr speedRun) {
	intro := fmt.Sprintf("speed: safeprim's time per op over its counterpart's (below 1x: safeprim is faster), "+
		"median of %d paired runs and its %.0f%% CI; naive: the naive pattern's over the counterpart's; "+
		"allocs/op: safeprim/counterpart/naive", sr.Count, confidence*100)
	for _, l := range wrap(intro, termWidth, "") {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
	g := grid{cols: []gridCol{
		{name: "benchmark"}, {name: "ratio", right: true}, {name: "95% CI", right: true},
		{name: "target", right: true}, {name: "verdict"}, {name: "naive", right: true}, {name: "allocs/op", right: true},
	}}
	for i, r := range sr.Results {
		if i == 0 || r.heading() != sr.Results[i-1].heading() {
			g.section(r.heading())
		}
		t, v := targetCell(r)
		g.row("  "+r.Key(), formatTimes(r.Ratio.Center), formatCI(r.Ratio), t, v, naiveRatioCell(r), formatAllocs(r, "/"))
	}
	g.write(w)
	for _, n := range speedNotes(sr) {
		for _, l := range wrap("- "+strings.ReplaceAll(n, "`", ""), termWidth, "  ") {
			fmt.Fprintln(w, l)
		}
	}
}

// speedNotes lists what the table cannot show: the targets' tally and
// each missed one, what failed, and why an interval is missing.
func speedNotes(sr speedRun) []string {
	var out []string
	tally := map[string]int{}
	var missed []string
	for _, r := range sr.Results {
		v := r.verdict()
		tally[v]++
		if v == verdictMissed {
			missed = append(missed, fmt.Sprintf("%s, `%s`: %s, target %s", r.What, r.Key(), formatTimes(r.Ratio.Center), r.Target))
		}
	}
	if n := tally[verdictMet] + tally[verdictUnsure] + tally[verdictMissed]; n > 0 {
		out = append(out, fmt.Sprintf("targets: %d of %d met, %d unsure (the interval crosses the target), %d missed",
			tally[verdictMet], n, tally[verdictUnsure], tally[verdictMissed]))
	}
	for _, m := range missed {
		out = append(out, "MISSED: "+m)
	}
	out = append(out, sr.Errors...)
	seen := map[string]bool{}
	for _, r := range sr.Results {
		for _, err := range r.Ratio.Warnings {
			if msg := "no interval: " + err.Error(); !seen[msg] {
				seen[msg] = true
				out = append(out, msg)
			}
		}
	}
	return out
}

func speedCells(r speedResult) []string {
	t, v := targetCell(r)
	switch v {
	case verdictMissed:
		t += " **" + v + "**"
	case "":
	default:
		t += " " + v
	}
	naive := ""
	if r.Naive != "" {
		naive = "`" + r.Naive + "`"
	}
	return []string{
		r.What, "`" + r.Pkg + "`", "`" + r.Key() + "`", "`" + r.Safeprim() + "`", "`" + r.Counterpart + "`",
		formatTimes(r.Ratio.Center), formatCI(r.Ratio), t, naive, naiveRatioCell(r), formatAllocs(r, " / "), fmt.Sprint(r.Runs),
	}
}

func writeSpeedMarkdown(w io.Writer, r report) {
	sr := r.Speed
	fmt.Fprintf(w, "## Speed\n\n")
	fmt.Fprintf(w, "Each row times the safeprim case of a benchmark against its counterpart, the standard or x/ answer "+
		"(or the naive pattern, where that is all there is), in the package's own test binary (a normal build, not -race). "+
		"Each of the %d runs executes every package's binary once, each case for -benchtime, the packages one after the other, "+
		"so that the cases of a row run back to back. *ratio* is the median over the runs of safeprim ns/op / counterpart ns/op, "+
		"paired by run, with its %.0f%% confidence interval as benchstat computes a median's (benchmath); *naive ratio* is the naive "+
		"case's the same way; *allocs/op* are the medians of safeprim / counterpart / naive; *runs* counts the pairs. "+
		"A target is *met* when the whole interval meets it, *unsure* when only the median does, **MISSED** when the median does not; "+
		"a missed target does not change leakbench's exit status.\n\n", sr.Count, confidence*100)
	header := fmt.Sprintf("count %d, -benchtime %v per case and run; %.1f s, of which %.1f s building", sr.Count, sr.Benchtime, sr.Elapsed.Seconds(), sr.Build.Seconds())
	writeBlock(w, "speed", r, header, func(w io.Writer) {
		var rows [][]string
		for _, res := range sr.Results {
			rows = append(rows, speedCells(res))
		}
		markdownTable(w, speedColumns, "lllllrrllrrr", rows)
		if ns := speedNotes(*sr); len(ns) > 0 {
			fmt.Fprintln(w)
			for _, n := range ns {
				fmt.Fprintln(w, "- "+n)
			}
		}
	})
	fmt.Fprintf(w, "\n![safeprim time per op over its counterpart's, median and interval, log scale](%s)\n", speedChartFile)
	fmt.Fprintf(w, "\n`%s` holds every run's output as go test -bench prints it; "+
		"`go run golang.org/x/perf/cmd/benchstat@latest -col /impl %s` reads it. "+
		"To rerun one benchmark, for example `go test -run '^$' -bench 'BenchmarkBufferGetPut$' -count 10 ./safepool`.\n",
		speedRawFile, speedRawFile)
}
