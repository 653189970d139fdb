package trend

import "time"

// Fit is a least-squares line through the samples of one figure over a
// [Watcher]'s window.
type Fit struct {
	// Slope is the line's growth rate in the figure's unit per second:
	// bytes per second for the heap and stacks, goroutines per second.
	Slope float64

	// R2 is the coefficient of determination, from 0 to 1: the share of
	// the figure's variance over the window that the line explains. A
	// steady leak scores near 1; churn, a one-off step (at most 0.75) or a
	// burst score lower. It is 0 when the figure did not change.
	R2 float64

	// Samples is the number of samples fitted.
	Samples int

	// Span is the time from the first fitted sample to the last.
	Span time.Duration
}

// point is one sample as the window keeps it: its time since the watcher
// started and its figures as floats, ready for the fit.
type point struct {
	at                      time.Duration
	heap, goroutines, stack float64
}

// window is a ring of the points no older than span before the newest. It
// grows (doubling) only while every point it holds is still in the window,
// so it holds at most the points of one window. The zero window with a span
// is ready to use.
type window struct {
	span time.Duration
	buf  []point
	head int // index of the oldest point
	n    int
}

// push adds p, which must be no older than the newest point, and drops the
// points older than p.at-span.
func (w *window) push(p point) {
	if w.n > 0 {
		p.at = max(p.at, w.at(w.n-1).at) // a clock that went back
	}
	for w.n > 0 && w.buf[w.head].at < p.at-w.span {
		w.head = (w.head + 1) % len(w.buf)
		w.n--
	}
	if w.n == len(w.buf) {
		w.grow()
	}
	w.buf[(w.head+w.n)%len(w.buf)] = p
	w.n++
}

func (w *window) grow() {
	buf := make([]point, max(16, 2*len(w.buf)))
	for i := range w.n {
		buf[i] = w.buf[(w.head+i)%len(w.buf)]
	}
	w.buf, w.head = buf, 0
}

// at returns the i-th point, oldest first.
func (w *window) at(i int) *point { return &w.buf[(w.head+i)%len(w.buf)] }

// fits is a Fit for each figure a window holds.
type fits struct {
	heap, goroutines, stacks Fit
}

// fit returns the least-squares fit of each figure against time over the
// points in the window. It takes two passes (means, then centred sums),
// which keeps full precision for heaps of many gigabytes.
func (w *window) fit() fits {
	if w.n == 0 {
		return fits{}
	}
	n := float64(w.n)
	origin := w.at(0).at
	var mt, mh, mg, ms float64
	for i := range w.n {
		p := w.at(i)
		mt += (p.at - origin).Seconds()
		mh += p.heap
		mg += p.goroutines
		ms += p.stack
	}
	mt, mh, mg, ms = mt/n, mh/n, mg/n, ms/n
	var stt, sth, shh, stg, sgg, sts, sss float64
	for i := range w.n {
		p := w.at(i)
		dt := (p.at - origin).Seconds() - mt
		dh, dg, ds := p.heap-mh, p.goroutines-mg, p.stack-ms
		stt += dt * dt
		sth += dt * dh
		shh += dh * dh
		stg += dt * dg
		sgg += dg * dg
		sts += dt * ds
		sss += ds * ds
	}
	span := w.at(w.n-1).at - origin
	line := func(sty, syy float64) Fit {
		f := Fit{Samples: w.n, Span: span}
		if stt == 0 {
			return f
		}
		f.Slope = sty / stt
		if syy > 0 {
			f.R2 = min(1, sty*sty/(stt*syy))
		}
		return f
	}
	return fits{
		heap:       line(sth, shh),
		goroutines: line(stg, sgg),
		stacks:     line(sts, sss),
	}
}
