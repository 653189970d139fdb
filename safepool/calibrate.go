package safepool

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"
)

// Calibration of BufferPool and SlicePool.
//
// Puts are sampled in windows: the first windowPuts Puts into a new pool, the
// next ones after a Get found the pool empty, and after every garbage
// collection (a cleanup re-armed each
// cycle, off the Get and Put paths). A sampled Put records the bytes its
// object was used for in a histogram of power-of-two classes, 64 bytes and
// up: the bytes written to a buffer, the length of a slice; or, for an object
// emptied before Put (a buffer drained by WriteTo, io.Copy or Read, or Reset;
// a slice cut to s[:0]), its capacity, which is what the use needed at most
// and, above the calibrated size, what it grew to. From the histogram the
// pool derives two sizes:
//
//   - new objects are made with the capacity that minimises the expected
//     cost of a use: the bytes allocated, for the first array and for every
//     doubling a larger use needs, plus allocCost per allocation. Most uses
//     then never grow their object, and a minority of small uses does not
//     make every new object large;
//   - objects whose capacity exceeds keepFactor times the class that covers
//     keepPercentile of Puts are dropped, so one huge buffer does not stay
//     in a pool that serves small ones (go.dev/issue/23199).
//
// Outside a window a Put costs the calibration one atomic load and one
// predictable branch: the capacity it keeps on its fast path is in limit,
// which a window sets to 0 so that every Put takes the slow path and is
// recorded (issue #12: recording every Put cost more than the rest of Put).
//
// valyala/bytebufferpool calibrates from the same kind of histogram, but
// starts new buffers at the most frequent class, so a spread workload whose
// mode is small grows most of its buffers again and again (its issue #15),
// and it keeps every buffer whatever its size until one class has seen 42000
// Puts. Here a new pool samples its first Puts: new objects are sized from
// the first one on, and until minSamples were seen objects over
// bootstrapKeep are dropped, the cap fmt uses for its buffers. Recent Puts weigh more: the histogram is halved whenever it holds
// more than histWindow Puts, so the sizes follow a workload that changes.
const (
	minClassBits   = 6 // the smallest class holds up to 64 bytes
	numClasses     = 27
	allocCost      = 256 // bytes worth of work one allocation costs
	keepPercentile = 95
	keepFactor     = 4
	bootstrapKeep  = 64 << 10
	windowPuts     = 1024
	minSamples     = 16
	histWindow     = 1 << 12
)

// sizeClass returns the class of an object used to n bytes.
func sizeClass(n int) int {
	if n <= 1<<minClassBits {
		return 0
	}
	c := bits.Len(uint(n-1) >> minClassBits)
	return min(c, numClasses-1)
}

// classSize returns the largest size in class c.
func classSize(c int) int64 {
	return 1 << (minClassBits + c)
}

// sizer holds the calibration of a BufferPool or SlicePool. Sizes are in
// bytes, except limit, which is in units of the pool's objects (bytes for
// buffers, elements for slices).
type sizer struct {
	limit   atomic.Int64 // largest capacity a Put keeps on its fast path; 0 while sampling
	rec     atomic.Int32 // Puts left to sample in the open window
	newSize atomic.Int64 // capacity of new objects; 0 before calibration
	maxSize atomic.Int64 // capacity above which objects are dropped
	unit    int64
	fresh   [numClasses]atomic.Uint64 // samples since the last calibration

	mu   sync.Mutex // held while calibrating
	hist [numClasses]uint64
}

// init prepares s for objects whose capacity counts units of unit bytes.
func (s *sizer) init(unit int) {
	s.unit = int64(unit)
	s.maxSize.Store(bootstrapKeep)
	s.open()
	armWindow(weak.Make(s))
}

// gcSentinel is allocated once per cycle and dropped at once: its cleanup
// runs after the next collection. It holds a pointer so that it is never
// placed in a tiny block, whose cleanups may be delayed.
type gcSentinel struct{ _ *byte }

// armWindow opens a window on the sizer after the next collection, and
// re-arms itself there, for as long as the sizer is reachable: it holds the
// sizer only weakly.
func armWindow(w weak.Pointer[sizer]) {
	runtime.AddCleanup(new(gcSentinel), func(w weak.Pointer[sizer]) {
		if s := w.Value(); s != nil {
			s.open()
			armWindow(w)
		}
	}, w)
}

// open starts a window, unless one is open: the next windowPuts Puts are
// sampled.
func (s *sizer) open() {
	if s.rec.Load() <= 0 {
		s.rec.Store(windowPuts)
		s.limit.Store(0)
	}
}

// observe is the slow path of a Put of an object of capacity units used to
// used units. It samples the Put if a window is open, and reports whether
// the pool keeps the object.
func (s *sizer) observe(used, capacity int) (keep bool) {
	if s.rec.Load() > 0 {
		s.sample(int64(used) * s.unit)
	}
	return int64(capacity)*s.unit <= s.maxSize.Load()
}

// sample records one use of n bytes and calibrates when enough were seen.
func (s *sizer) sample(n int64) {
	left := s.rec.Add(-1)
	if left < 0 {
		return // the window closed under us
	}
	s.fresh[sizeClass(int(min(n, math.MaxInt)))].Add(1)
	switch seen := windowPuts - left; {
	case left == 0: // the window's last sample: calibrate and close it
		s.mu.Lock()
		s.calibrate()
		s.mu.Unlock()
	case seen&(seen-1) == 0: // early, for a fresh pool
		if s.mu.TryLock() {
			s.calibrate()
			s.mu.Unlock()
		}
	}
}

// calibrate derives newSize and maxSize from the samples so far, and closes
// the window if it has run out. s.mu is held.
func (s *sizer) calibrate() {
	var total uint64
	for c := range numClasses {
		s.hist[c] += s.fresh[c].Swap(0)
		total += s.hist[c]
	}
	if total > histWindow {
		total = 0
		for c := range s.hist {
			s.hist[c] /= 2
			total += s.hist[c]
		}
	}
	if total > 0 {
		s.newSize.Store(classSize(s.cheapest()))
	}
	if total >= minSamples {
		s.maxSize.Store(keepFactor * classSize(s.percentile(total, keepPercentile)))
	}
	if s.rec.Load() <= 0 {
		s.limit.Store(s.maxSize.Load() / s.unit)
	}
}

// cheapest returns the class whose size, given to new objects, minimises
// the cost of the uses in the histogram. A use of class u in an object of
// class d < u grows it by doubling through every class up to u: it
// allocates u-d+1 arrays of 2*size(u)-size(d) bytes in all.
func (s *sizer) cheapest() int {
	best, bestCost := 0, math.Inf(1)
	for d := range numClasses {
		var cost float64
		for u, n := range s.hist {
			if n == 0 {
				continue
			}
			bytes, allocs := classSize(d), int64(1)
			if u > d {
				bytes, allocs = 2*classSize(u)-classSize(d), int64(u-d+1)
			}
			cost += float64(n) * float64(bytes+allocs*allocCost)
		}
		if cost < bestCost {
			best, bestCost = d, cost
		}
	}
	return best
}

// percentile returns the smallest class that covers pct percent of the
// total Puts in the histogram.
func (s *sizer) percentile(total uint64, pct uint64) int {
	want := (total*pct + 99) / 100
	var sum uint64
	for c, n := range s.hist {
		sum += n
		if sum >= want {
			return c
		}
	}
	return numClasses - 1
}

// sizes returns the calibrated capacity of new objects and the largest
// capacity kept, in bytes.
func (s *sizer) sizes() (newSize, maxSize int) {
	return int(min(s.newSize.Load(), math.MaxInt)), int(min(s.maxSize.Load(), math.MaxInt))
}
