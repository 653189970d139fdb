package leakwatch

import (
	"strings"
	"time"

	"github.com/safeprim/safeprim/internal/stacks"
)

// Poller exposes one poll of a watcher's goroutine, so that benchmarks can
// time a sample and fit without the ticker.
type Poller = poller

// NewPoller returns the poller Start would run for cfg, baseline read.
func NewPoller(cfg Config) *Poller { return newPoller(cfg.resolve()) }

// Poll runs one poll.
func (p *Poller) Poll() { p.poll() }

// Status returns what the poller has seen.
func (p *Poller) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status
}

// Point is a sample as the window keeps it: time since start and live heap.
type Point struct {
	At   time.Duration
	Heap float64
}

// FitWindow pushes the points, in order, into a window of the given span
// and returns the heap fit after each push.
func FitWindow(span time.Duration, points []Point) []Fit {
	w := window{span: span}
	out := make([]Fit, len(points))
	for i, p := range points {
		w.push(point{at: p.At, sec: p.At.Seconds(), heap: p.Heap})
		out[i] = w.fit().heap
	}
	return out
}

// ReadLeaked takes the goroutineleak profile and groups its leaked
// goroutines, as a goroutine alert does.
var ReadLeaked = readLeaked

// GroupLeaked groups the leaked goroutines of a dump in the debug=2 form.
func GroupLeaked(dump string) ([]LeakedGoroutines, error) {
	d, err := stacks.ParseDump(strings.NewReader(dump))
	if err != nil {
		return nil, err
	}
	return groupLeaked(d), nil
}
