package main

// The chart is written by hand: the charting libraries for Go either weigh
// on the module (gonum/plot pulls in about 36 modules, go-analyze/charts
// about 10), or write HTML that loads JavaScript from a CDN, which a README
// cannot show (go-echarts), or are archived (go-chart). A grouped bar chart
// on a log axis is a hundred lines of SVG.

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartWidth  = 820
	labelWidth  = 200 // scenario names, left of the plot
	plotLeft    = labelWidth + 10
	plotRight   = chartWidth - 90 // room for the value after the longest bar
	headerH     = 56
	footerH     = 36
	rowH        = 34
	barH        = 12
	colorNaive  = "#d62728"
	colorSafe   = "#2ca02c"
	chartFloorB = 1 << 10 // the axis starts at 1 KiB; smaller values sit at it
)

// writeChart writes an SVG bar chart of the naive and safeprim retained heap
// of each row on a log scale.
func writeChart(w io.Writer, rows []row) {
	lo, hi := chartRange(rows)
	x := func(v uint64) float64 {
		v = max(v, lo)
		f := (math.Log2(float64(v)) - math.Log2(float64(lo))) / (math.Log2(float64(hi)) - math.Log2(float64(lo)))
		return plotLeft + f*(plotRight-plotLeft)
	}
	height := headerH + rowH*len(rows) + footerH
	plotBottom := headerH + rowH*len(rows)

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, height, chartWidth, height)
	fmt.Fprintf(w, "<title>Heap retained after each scenario, naive against safeprim (log scale)</title>\n")
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, height)
	text(w, 10, 20, "start", "bold", "14", "Heap retained after each scenario (log scale, lower is better)")
	fmt.Fprintf(w, `<rect x="%d" y="32" width="12" height="12" fill="%s"/>`+"\n", plotLeft, colorNaive)
	text(w, plotLeft+18, 42, "start", "", "", "naive")
	fmt.Fprintf(w, `<rect x="%d" y="32" width="12" height="12" fill="%s"/>`+"\n", plotLeft+80, colorSafe)
	text(w, plotLeft+98, 42, "start", "", "", "safeprim")

	// Grid lines and axis labels at every factor of 32 (1 KiB, 32 KiB, 1 MiB, ...).
	for v := lo; v <= hi; v *= 32 {
		xv := x(v)
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/>`+"\n", xv, headerH-4, xv, plotBottom)
		text(w, xv, float64(plotBottom+16), "middle", "", "11", tickLabel(v))
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888888"/>`+"\n", plotLeft, plotBottom, plotRight, plotBottom)

	for i, r := range rows {
		y := float64(headerH + i*rowH)
		text(w, labelWidth, y+rowH/2+4, "end", "", "", r.Scenario)
		bar(w, x, y+3, r.Naive, colorNaive)
		bar(w, x, y+3+barH+2, r.Safeprim, colorSafe)
	}
	fmt.Fprintln(w, "</svg>")
}

// bar draws one side's bar with its value, or says why there is none.
func bar(w io.Writer, x func(uint64) float64, y float64, s side, color string) {
	if !s.completed() {
		what := "killed: " + s.Killed
		if s.Killed == "" {
			what = "error"
		}
		text(w, plotLeft+4, y+barH-2, "start", "", "11", what)
		return
	}
	end := x(s.Retained)
	width := max(end-plotLeft, 1)
	fmt.Fprintf(w, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s"/>`+"\n", plotLeft, y, width, barH, color)
	text(w, plotLeft+width+4, y+barH-2, "start", "", "11", formatBytes(s.Retained))
}

// chartRange returns the axis ends: 1 KiB and a factor of 32 above it that
// holds the largest value, at least 1 MiB.
func chartRange(rows []row) (lo, hi uint64) {
	lo, hi = chartFloorB, chartFloorB<<10
	for _, r := range rows {
		for _, s := range []side{r.Naive, r.Safeprim} {
			for s.completed() && s.Retained > hi && hi < 1<<60 {
				hi *= 32
			}
		}
	}
	return lo, hi
}

// tickLabel prints a power of two in whole KiB, MiB, GiB or TiB.
func tickLabel(v uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	u := 0
	for v >= 1024 && v%1024 == 0 {
		v /= 1024
		u++
	}
	return fmt.Sprintf("%d %s", v, units[u])
}

// text writes a <text> element with escaped content; empty weight or size
// keep the defaults.
func text(w io.Writer, x, y float64, anchor, weight, size, s string) {
	var attrs strings.Builder
	fmt.Fprintf(&attrs, `x="%.1f" y="%.1f" text-anchor="%s"`, x, y, anchor)
	if weight != "" {
		fmt.Fprintf(&attrs, ` font-weight="%s"`, weight)
	}
	if size != "" {
		fmt.Fprintf(&attrs, ` font-size="%s"`, size)
	}
	fmt.Fprintf(w, "<text %s>", attrs.String())
	xml.EscapeText(w, []byte(s))
	fmt.Fprintln(w, "</text>")
}
