package safepool

import (
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
)

// Calibration of BufferPool and SlicePool.
//
// Every Put records the size its object was used to (bytes written to a
// buffer, the length of a slice) in a histogram of power-of-two classes,
// 64 bytes and up. From the histogram of recent Puts the pool derives two
// sizes:
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
// valyala/bytebufferpool calibrates from the same kind of histogram, but
// starts new buffers at the most frequent class, so a spread workload whose
// mode is small grows most of its buffers again and again (its issue #15),
// and it keeps every buffer whatever its size until one class has seen 42000
// Puts. Here the first calibrations happen after a handful of Puts and keep
// repeating, and until the first one objects over bootstrapKeep are dropped,
// the cap fmt uses for its buffers. Recent Puts weigh more: the histogram is
// halved whenever it holds more than window Puts, so the sizes follow a
// workload that changes.
const (
	minClassBits   = 6 // the smallest class holds up to 64 bytes
	numClasses     = 27
	allocCost      = 256 // bytes worth of work one allocation costs
	keepPercentile = 95
	keepFactor     = 4
	bootstrapKeep  = 64 << 10
	calibrateEvery = 1024 // Puts of one class in one stripe between calibrations
	minSamples     = 16
	window         = 1 << 12
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

// sizedStripe is one shard of the counters of a calibrating pool, with its
// one-object cache and spare box (see cache.go). The Puts of each class
// double as the Puts counter.
type sizedStripe struct {
	gets, news, drops atomic.Uint64
	cache, spare      slot
	puts              [numClasses]atomic.Uint64
	_                 [256 - (5+numClasses)*8]byte
}

// sizer holds the counters and the calibrated sizes of a calibrating pool.
type sizer struct {
	stripes []sizedStripe
	mask    uint64
	newSize atomic.Int64 // capacity in bytes of new objects; 0 before calibration
	maxSize atomic.Int64 // capacity in bytes above which objects are dropped

	mu   sync.Mutex // held while calibrating
	seen [numClasses]uint64
	hist [numClasses]uint64
}

func (s *sizer) init() {
	n := stripeCount()
	s.stripes = make([]sizedStripe, n)
	s.mask = uint64(n - 1)
	emptyEachGC(s.stripes, func(st *sizedStripe) *slot { return &st.cache })
	s.maxSize.Store(bootstrapKeep)
}

func (s *sizer) local() *sizedStripe {
	return &s.stripes[stripeHash()&s.mask]
}

// record counts a Put of an object used to used bytes, and reports whether
// it is time to calibrate.
func (s *sizer) record(st *sizedStripe, used int) (calibrate bool) {
	n := st.puts[sizeClass(used)].Add(1)
	return n&(n-1) == 0 || n%calibrateEvery == 0
}

// fits reports whether an object of capacity bytes is worth keeping.
func (s *sizer) fits(capacity int) bool {
	return int64(capacity) <= s.maxSize.Load()
}

// calibrate derives newSize and maxSize from the Puts seen so far. Only one
// goroutine calibrates at a time; the others skip.
func (s *sizer) calibrate() {
	if !s.mu.TryLock() {
		return
	}
	defer s.mu.Unlock()
	var total uint64
	for c := range numClasses {
		var n uint64
		for i := range s.stripes {
			n += s.stripes[i].puts[c].Load()
		}
		s.hist[c] += n - s.seen[c]
		s.seen[c] = n
		total += s.hist[c]
	}
	if total > window {
		total = 0
		for c := range s.hist {
			s.hist[c] /= 2
			total += s.hist[c]
		}
	}
	if total < minSamples {
		return
	}
	newSize := classSize(s.cheapest())
	maxSize := keepFactor * classSize(s.percentile(total, keepPercentile))
	s.newSize.Store(newSize)
	s.maxSize.Store(maxSize)
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

func (s *sizer) stats() Stats {
	var st Stats
	for i := range s.stripes {
		sp := &s.stripes[i]
		st.Gets += sp.gets.Load()
		st.News += sp.news.Load()
		st.Drops += sp.drops.Load()
		for c := range sp.puts {
			st.Puts += sp.puts[c].Load()
		}
	}
	return st
}

// sizes returns the calibrated capacity of new objects and the largest
// capacity kept, in bytes.
func (s *sizer) sizes() (newSize, maxSize int) {
	return int(min(s.newSize.Load(), math.MaxInt)), int(min(s.maxSize.Load(), math.MaxInt))
}
