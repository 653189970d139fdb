package main

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"
)

var nan = math.NaN()

// confidence is the level of the intervals the speed table reports.
const confidence = 0.95

// speedResult is a row's figures over the repetitions of a run.
type speedResult struct {
	speedRow
	// Runs is how many repetitions measured both the safeprim case and the
	// counterpart; NaiveRuns, both the naive case and the counterpart.
	Runs, NaiveRuns int
	// Ratio summarizes the paired ratios of safeprim time per op to the
	// counterpart's, one per repetition: their median and its confidence
	// interval, as benchstat computes them (benchmath.AssumeNothing).
	// NaiveRatio is the same for the naive case.
	Ratio, NaiveRatio benchmath.Summary
	// NsPerOp and AllocsPerOp are each impl's medians, by impl.
	NsPerOp, AllocsPerOp map[string]float64
	// Missing are impls that no repetition measured.
	Missing []string
}

// summarize computes every row's figures from perRep, one map of case
// name to figures per repetition. A repetition that lacks one side of a
// pair gives that pair no ratio.
func summarize(rows []speedRow, perRep []map[string]measure) []speedResult {
	out := make([]speedResult, len(rows))
	for i, r := range rows {
		res := speedResult{speedRow: r, NsPerOp: map[string]float64{}, AllocsPerOp: map[string]float64{}}
		for _, impl := range r.impls() {
			var ns, allocs []float64
			for _, rep := range perRep {
				if m, ok := rep[r.caseName(impl)]; ok {
					ns = append(ns, m.SecPerOp*1e9)
					if !math.IsNaN(m.AllocsPerOp) {
						allocs = append(allocs, m.AllocsPerOp)
					}
				}
			}
			if len(ns) == 0 {
				res.Missing = append(res.Missing, "impl="+impl)
				continue
			}
			res.NsPerOp[impl] = median(ns)
			if len(allocs) > 0 {
				res.AllocsPerOp[impl] = median(allocs)
			}
		}
		res.Runs, res.Ratio = pairedRatio(perRep, r.caseName(r.Safeprim()), r.caseName(r.Counterpart))
		if r.Naive != "" {
			res.NaiveRuns, res.NaiveRatio = pairedRatio(perRep, r.caseName(r.Naive), r.caseName(r.Counterpart))
		}
		out[i] = res
	}
	return out
}

// pairedRatio summarizes num's time per op over den's, paired by
// repetition.
func pairedRatio(perRep []map[string]measure, num, den string) (int, benchmath.Summary) {
	var ratios []float64
	for _, rep := range perRep {
		n, ok1 := rep[num]
		d, ok2 := rep[den]
		if ok1 && ok2 && d.SecPerOp > 0 {
			ratios = append(ratios, n.SecPerOp/d.SecPerOp)
		}
	}
	if len(ratios) == 0 {
		return 0, benchmath.Summary{Center: nan, Lo: nan, Hi: nan}
	}
	return len(ratios), benchmath.AssumeNothing.Summary(benchmath.NewSample(ratios, &benchmath.DefaultThresholds), confidence)
}

func median(xs []float64) float64 {
	return benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), confidence).Center
}

// Verdicts of a row's ratio against its target.
const (
	verdictMet    = "met"    // the whole confidence interval meets the target
	verdictUnsure = "unsure" // the median meets it, the interval crosses it
	verdictMissed = "MISSED" // the median does not meet it
)

// verdict judges r's ratio against its target, "" when it has none or
// nothing was measured.
func (r speedResult) verdict() string {
	t := r.Target
	if t.Max == 0 || r.Runs == 0 {
		return ""
	}
	meets := func(x float64) bool {
		if t.Strict {
			return x < t.Max
		}
		return x <= t.Max
	}
	switch {
	case !meets(r.Ratio.Center):
		return verdictMissed
	case meets(r.Ratio.Hi):
		return verdictMet
	}
	return verdictUnsure
}

// hasCI reports whether s has a finite confidence interval: with fewer
// samples than the level needs, benchmath's bounds are infinite.
func hasCI(s benchmath.Summary) bool {
	return !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) && !math.IsNaN(s.Lo)
}

// formatTimes prints a ratio and an "x": with three decimals below a tenth,
// two below ten, one below a hundred and none above.
func formatTimes(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "-"
	case r < 0.1:
		return fmt.Sprintf("%.3fx", r)
	case r < 10:
		return fmt.Sprintf("%.2fx", r)
	case r < 100:
		return fmt.Sprintf("%.1fx", r)
	}
	return fmt.Sprintf("%.0fx", r)
}

// formatCI prints s's confidence interval, "1.10–1.18", or "-".
func formatCI(s benchmath.Summary) string {
	if !hasCI(s) {
		return "-"
	}
	trim := func(r float64) string { f := formatTimes(r); return f[:len(f)-1] }
	return trim(s.Lo) + "–" + trim(s.Hi)
}

// formatAllocs prints the median allocs/op of impls, "0/0/1", with "-"
// for an impl not measured.
func formatAllocs(r speedResult, sep string) string {
	var cells []string
	for _, impl := range r.impls() {
		a, ok := r.AllocsPerOp[impl]
		switch {
		case !ok:
			cells = append(cells, "-")
		case a == math.Trunc(a):
			cells = append(cells, fmt.Sprintf("%.0f", a))
		default:
			cells = append(cells, fmt.Sprintf("%.1f", a))
		}
	}
	return strings.Join(cells, sep)
}
