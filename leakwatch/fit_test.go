package leakwatch_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/safeprim/safeprim/leakwatch"
)

// series returns n points spaced every step, with heap value f(i).
func series(n int, step time.Duration, f func(i int) float64) []leakwatch.Point {
	ps := make([]leakwatch.Point, n)
	for i := range ps {
		ps[i] = leakwatch.Point{At: time.Duration(i) * step, Heap: f(i)}
	}
	return ps
}

func TestFit(t *testing.T) {
	const sec = time.Second
	tests := []struct {
		name      string
		span      time.Duration
		points    []leakwatch.Point
		slope, r2 float64
		samples   int
	}{
		{"empty-window/one-point", sec, series(1, sec, func(int) float64 { return 5 }), 0, 0, 1},
		{"line", 10 * sec, series(11, sec, func(i int) float64 { return 1e9 + 3*float64(i) }), 3, 1, 11},
		{"falling-line", 10 * sec, series(11, sec, func(i int) float64 { return 100 - 2*float64(i) }), -2, 1, 11},
		{"flat", 10 * sec, series(11, sec, func(int) float64 { return 7 }), 0, 0, 11},
		// A step halfway through the window fits a line with R² 0.75 at
		// most; five samples of it reach exactly that.
		{"step/n=5", 10 * sec, series(5, sec, func(i int) float64 { return float64(i / 3) }), 0.3, 0.75, 5},
		// Four samples of a step reach 0.8, which is why a fit needs five.
		{"step/n=4", 10 * sec, series(4, sec, func(i int) float64 { return float64(i / 2) }), 0.4, 0.8, 4},
		// Only the points no older than span before the newest count: the
		// window keeps the last 3 of 10 (the jump at i=5 falls outside).
		{"evicts-old", 2 * sec, series(10, sec, func(i int) float64 {
			if i < 5 {
				return 1e6
			}
			return float64(i)
		}), 1, 1, 3},
		// More points than the ring starts with, all in the window.
		{"grows", time.Hour, series(100, time.Millisecond, func(i int) float64 { return float64(4 * i) }), 4000, 1, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fits := leakwatch.FitWindow(tt.span, tt.points)
			got := fits[len(fits)-1]
			if !near(got.Slope, tt.slope) || !near(got.R2, tt.r2) || got.Samples != tt.samples {
				t.Errorf("fit = slope %v, R² %v, %d samples; want slope %v, R² %v, %d samples",
					got.Slope, got.R2, got.Samples, tt.slope, tt.r2, tt.samples)
			}
		})
	}
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// naiveFit is the reference model: keep every point, select the window by
// scanning all of them, and fit with the textbook formulas.
func naiveFit(span time.Duration, points []leakwatch.Point) leakwatch.Fit {
	last := points[len(points)-1].At
	var in []leakwatch.Point
	for _, p := range points {
		if p.At >= last-span {
			in = append(in, p)
		}
	}
	f := leakwatch.Fit{Samples: len(in), Span: in[len(in)-1].At - in[0].At}
	n := float64(len(in))
	var st, sy float64
	for _, p := range in {
		st += p.At.Seconds()
		sy += p.Heap
	}
	mt, my := st/n, sy/n
	var stt, sty, syy float64
	for _, p := range in {
		dt, dy := p.At.Seconds()-mt, p.Heap-my
		stt += dt * dt
		sty += dt * dy
		syy += dy * dy
	}
	if stt == 0 {
		return f
	}
	f.Slope = sty / stt
	if syy > 0 {
		f.R2 = math.Min(1, sty*sty/(stt*syy))
	}
	return f
}

// FuzzFit checks the sliding window's fit against naiveFit on arbitrary
// sample sequences: each 4 bytes are a time step (ms) and a heap change.
func FuzzFit(f *testing.F) {
	f.Add([]byte{10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3, 10, 0, 0, 4})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 1, 0, 128, 0})
	f.Add([]byte{100, 1, 200, 7, 3, 0, 1, 1, 250, 3, 9, 9, 7, 0, 0, 0, 8, 0, 4, 4, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		const span = 500 * time.Millisecond
		var points []leakwatch.Point
		at, heap := time.Duration(0), float64(1<<30)
		for ; len(data) >= 4; data = data[4:] {
			at += time.Duration(binary.LittleEndian.Uint16(data)) * time.Millisecond / 64
			heap += float64(int16(binary.LittleEndian.Uint16(data[2:]))) * 1024
			points = append(points, leakwatch.Point{At: at, Heap: heap})
		}
		fits := leakwatch.FitWindow(span, points)
		for i, got := range fits {
			want := naiveFit(span, points[:i+1])
			if got.Samples != want.Samples || got.Span != want.Span ||
				!approx(got.Slope, want.Slope, want.Slope) || !approx(got.R2, want.R2, 1) {
				t.Fatalf("after %d points: fit = %+v, want %+v", i+1, got, want)
			}
		}
	})
}

// approx reports whether got is within a relative 1e-6 of want, scaled by
// scale where want is near 0.
func approx(got, want, scale float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Max(math.Abs(scale), 1)
}
