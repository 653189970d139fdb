package leakwatch

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
// started, as a duration and in seconds, and its figures as floats, ready
// for the fit.
type point struct {
	at                      time.Duration
	sec                     float64
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

// push adds p and drops the points older than p.at-span. A p older than
// the newest point (a clock that went back) is taken as of the newest.
func (w *window) push(p point) {
	if w.n > 0 {
		if last := w.at(w.n - 1); p.at < last.at {
			p.at, p.sec = last.at, last.sec
		}
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
	a, b := w.segments()
	copy(buf[copy(buf, a):], b)
	w.buf, w.head = buf, 0
}

// at returns the i-th point, oldest first.
func (w *window) at(i int) *point { return &w.buf[(w.head+i)%len(w.buf)] }

// segments returns the points, oldest first, as the two runs of the ring.
func (w *window) segments() (a, b []point) {
	end := w.head + w.n
	if end <= len(w.buf) {
		return w.buf[w.head:end], nil
	}
	return w.buf[w.head:], w.buf[:end-len(w.buf)]
}

// fits is a Fit for each figure a window holds.
type fits struct {
	heap, goroutines, stacks Fit
}

// sums are the centred sums of squares and products of a fit.
type sums struct {
	mt, mh, mg, ms                    float64 // means
	stt, sth, shh, stg, sgg, sts, sss float64
}

func (s *sums) addMeans(ps []point) {
	for i := range ps {
		p := &ps[i]
		s.mt += p.sec
		s.mh += p.heap
		s.mg += p.goroutines
		s.ms += p.stack
	}
}

func (s *sums) addSquares(ps []point) {
	for i := range ps {
		p := &ps[i]
		dt := p.sec - s.mt
		dh, dg, ds := p.heap-s.mh, p.goroutines-s.mg, p.stack-s.ms
		s.stt += dt * dt
		s.sth += dt * dh
		s.shh += dh * dh
		s.stg += dt * dg
		s.sgg += dg * dg
		s.sts += dt * ds
		s.sss += ds * ds
	}
}

// fit returns the least-squares fit of each figure against time over the
// points in the window. It takes two passes (means, then centred sums),
// which keeps full precision for heaps of many gigabytes.
func (w *window) fit() fits {
	if w.n == 0 {
		return fits{}
	}
	a, b := w.segments()
	var s sums
	s.addMeans(a)
	s.addMeans(b)
	n := float64(w.n)
	s.mt, s.mh, s.mg, s.ms = s.mt/n, s.mh/n, s.mg/n, s.ms/n
	s.addSquares(a)
	s.addSquares(b)
	span := w.at(w.n-1).at - w.at(0).at
	line := func(sty, syy float64) Fit {
		f := Fit{Samples: w.n, Span: span}
		if s.stt == 0 {
			return f
		}
		f.Slope = sty / s.stt
		if syy > 0 {
			f.R2 = min(1, sty*sty/(s.stt*syy))
		}
		return f
	}
	return fits{
		heap:       line(s.sth, s.shh),
		goroutines: line(s.stg, s.sgg),
		stacks:     line(s.sts, s.sss),
	}
}
