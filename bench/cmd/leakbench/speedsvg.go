package main

import (
	"fmt"
	"io"
	"math"
)

// Speed chart geometry, in SVG user units; the rest is the leak chart's.
const (
	speedLabelW  = 260 // benchmark names, left of the plot
	speedLeft    = speedLabelW + 10
	speedRight   = chartWidth - 60 // room for the median's value
	speedRowH    = 20
	speedGroupH  = 24
	colorMissed  = "#d62728"
	colorRing    = "#888888"
	colorTarget  = "#ff7f0e"
	colorUnsure  = "#e6a700"
	speedMinSpan = 4 // the axis spans at least 1/2x to 2x
)

// writeSpeedChart writes an SVG chart of every row's ratio on a log
// scale: a dot at the median, a bar over the confidence interval, a ring
// at the naive ratio, and the target as a vertical mark; rows under a
// heading per comparison, as in the terminal table (which also names the
// impls).
func writeSpeedChart(w io.Writer, rows []speedResult) {
	lo, hi := speedRange(rows)
	x := func(r float64) float64 {
		r = min(max(r, lo), hi)
		return speedLeft + (math.Log2(r)-math.Log2(lo))/(math.Log2(hi)-math.Log2(lo))*(speedRight-speedLeft)
	}
	groups := 0
	for i, r := range rows {
		if i == 0 || r.heading() != rows[i-1].heading() {
			groups++
		}
	}
	plotBottom := headerH + groups*speedGroupH + len(rows)*speedRowH
	height := plotBottom + footerH

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, height, chartWidth, height)
	fmt.Fprintf(w, "<title>safeprim time per op over its counterpart's: median and %.0f%% interval (log scale)</title>\n", confidence*100)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, height)
	text(w, 10, 20, "start", "bold", "14", "safeprim time per op over its counterpart's (log scale, lower is faster)")
	fmt.Fprintf(w, `<circle cx="%d" cy="38" r="4" fill="%s"/>`+"\n", speedLeft, colorSafe)
	text(w, speedLeft+8, 42, "start", "", "", fmt.Sprintf("safeprim: median, %.0f%% interval", confidence*100))
	fmt.Fprintf(w, `<circle cx="%d" cy="38" r="4" fill="none" stroke="%s"/>`+"\n", speedLeft+210, colorRing)
	text(w, speedLeft+218, 42, "start", "", "", "naive")
	fmt.Fprintf(w, `<line x1="%d" y1="32" x2="%d" y2="44" stroke="%s" stroke-width="2"/>`+"\n", speedLeft+280, speedLeft+280, colorTarget)
	text(w, speedLeft+286, 42, "start", "", "", "target")

	for v := lo; v <= hi*1.0001; v *= 2 {
		xv := x(v)
		stroke := "#dddddd"
		if v == 1 {
			stroke = "#888888"
		}
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", xv, headerH-4, xv, plotBottom, stroke)
		text(w, xv, float64(plotBottom+16), "middle", "", "11", speedTick(v))
	}

	y := float64(headerH)
	for i, r := range rows {
		if i == 0 || r.heading() != rows[i-1].heading() {
			text(w, 10, y+16, "start", "bold", "", r.What+" ("+r.Pkg+")")
			y += speedGroupH
		}
		mid := y + speedRowH/2
		text(w, speedLabelW, mid+4, "end", "", "", r.Key())
		if r.Target.Max > 0 {
			xt := x(r.Target.Max)
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`+"\n", xt, y+2, xt, y+speedRowH-2, colorTarget)
		}
		if r.Naive != "" && r.NaiveRuns > 0 {
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="4" fill="none" stroke="%s"/>`+"\n", x(r.NaiveRatio.Center), mid, colorRing)
		}
		if r.Runs == 0 {
			text(w, speedLeft+4, mid+4, "start", "", "11", "not measured")
			y += speedRowH
			continue
		}
		color := colorSafe
		switch r.verdict() {
		case verdictMissed:
			color = colorMissed
		case verdictUnsure:
			color = colorUnsure
		}
		if hasCI(r.Ratio) {
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3" stroke-opacity="0.5"/>`+"\n",
				x(r.Ratio.Lo), mid, x(r.Ratio.Hi), mid, color)
		}
		fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`+"\n", x(r.Ratio.Center), mid, color)
		text(w, speedRight+6, mid+4, "start", "", "11", formatTimes(r.Ratio.Center))
		y += speedRowH
	}
	fmt.Fprintln(w, "</svg>")
}

// speedTick labels a power of two on the axis: as a decimal from a quarter
// up, as a fraction 1/2^k below, each followed by "x".
func speedTick(v float64) string {
	if v >= 0.25 {
		return fmt.Sprintf("%gx", v)
	}
	return fmt.Sprintf("1/%gx", 1/v)
}

// speedRange returns the axis ends: powers of two that hold every median,
// interval, naive ratio and target, and at least half and twice the
// counterpart's time.
func speedRange(rows []speedResult) (lo, hi float64) {
	lo, hi = 1, 1
	see := func(r float64) {
		if r > 0 && !math.IsInf(r, 0) && !math.IsNaN(r) {
			lo, hi = min(lo, r), max(hi, r)
		}
	}
	for _, r := range rows {
		if r.Runs > 0 {
			see(r.Ratio.Center)
			if hasCI(r.Ratio) {
				see(r.Ratio.Lo)
				see(r.Ratio.Hi)
			}
		}
		if r.NaiveRuns > 0 {
			see(r.NaiveRatio.Center)
		}
		see(r.Target.Max)
	}
	lo = math.Exp2(math.Floor(math.Log2(lo)))
	hi = math.Exp2(math.Ceil(math.Log2(hi)))
	for hi/lo < speedMinSpan {
		lo, hi = lo/2, hi*2
	}
	return lo, hi
}
