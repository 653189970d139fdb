package leakwatch

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Watcher watches a process for leaks: it samples the live heap once per GC
// cycle, with the goroutine count and stack bytes, fits a least-squares
// line to each over a sliding window and raises an [Alert] when the heap or
// goroutine slope stays above its threshold, with an R² at or above the
// gate, for the hold time. See [Config] for the settings.
//
// A Watcher is made by [Start] and owns one goroutine until [Watcher.Stop].
// The zero Watcher watches nothing; its Stop returns at once. Its methods
// are safe for concurrent use. A Watcher must not be copied.
//
// While it runs, a Watcher keeps its Config (with the Source and the OnAlert
// function), one window of samples (40 bytes each) and its last eight
// alerts reachable, and the debug page ([Handler]) lists it. Stop ends its
// goroutine; the caller must call it. As a safety net, a Watcher that
// becomes unreachable without Stop is stopped after a later GC cycle, unless
// OnAlert or the Source keeps it reachable.
type Watcher struct {
	stop *stopper
	p    *poller
}

// stopper closes ch once. It is separate from the Watcher so that the
// watcher's goroutine does not keep the Watcher reachable.
type stopper struct {
	once sync.Once
	ch   chan struct{} // closed to stop the goroutine
	done chan struct{} // closed by the goroutine when it returns
}

func (s *stopper) close() { s.once.Do(func() { close(s.ch) }) }

// Start checks cfg, takes a first reading from its Source (the baseline: the
// first sample is taken at the next GC cycle) and starts the watcher's
// goroutine, which polls every cfg.Interval until [Watcher.Stop].
//
// Start panics if a field of cfg is out of range (see [Config]). It returns
// an error if cfg.ProfileDir cannot be created.
func Start(cfg Config) (*Watcher, error) {
	cfg = cfg.resolve()
	if cfg.ProfileDir != "" {
		if err := os.MkdirAll(cfg.ProfileDir, 0o755); err != nil {
			return nil, fmt.Errorf("leakwatch: Start: %w", err)
		}
	}
	p := newPoller(cfg)
	s := &stopper{ch: make(chan struct{}), done: make(chan struct{})}
	w := &Watcher{stop: s, p: p}
	running.add(p)
	go run(s, p, cfg.Interval)
	runtime.AddCleanup(w, (*stopper).close, s)
	return w, nil
}

// run is the watcher's goroutine. It must not refer to the Watcher.
func run(s *stopper, p *poller, interval time.Duration) {
	defer close(s.done)
	defer running.remove(p) // before done: a watcher is listed until Stop returns
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.ch:
			return
		case <-t.C:
			p.poll()
		}
	}
}

// Stop stops the watcher and waits for its goroutine to return, which it
// does after the poll (and OnAlert call) in progress, if any. After Stop,
// no OnAlert call is running or will start. Stop may be called more than
// once and from several goroutines; every call returns after the goroutine
// has. It must not be called from OnAlert, which runs on that goroutine:
// Stop would wait for itself forever.
func (w *Watcher) Stop() {
	if w == nil || w.stop == nil {
		return
	}
	w.stop.close()
	<-w.stop.done
}

// Status is what a [Watcher] has seen so far.
type Status struct {
	// Sample is the newest sample taken, or the baseline before the first.
	Sample Sample

	// Heap, Goroutines and Stacks are the fits over the window at the
	// newest sample.
	Heap, Goroutines, Stacks Fit

	// Polls counts the polls of the Source, Samples the samples taken,
	// ForcedGCs the samples whose cycle the watcher asked for (see
	// Config.ForceGC) and Alerts the alerts raised.
	Polls, Samples, ForcedGCs, Alerts uint64
}

// Status returns what the watcher has seen so far. It is safe to call
// while the watcher runs and after Stop; the zero Watcher returns a zero
// Status.
func (w *Watcher) Status() Status {
	if w == nil || w.p == nil {
		return Status{}
	}
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.status
}

// RecentAlerts returns the last alerts the watcher raised, oldest first: up
// to eight, the alerts the debug page shows (see [Handler]). It is safe to
// call while the watcher runs and after Stop; the zero Watcher returns nil.
func (w *Watcher) RecentAlerts() []Alert {
	if w == nil || w.p == nil {
		return nil
	}
	return w.p.recentAlerts()
}

func (p *poller) recentAlerts() []Alert {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Clone(p.recent)
	for i := range out {
		out[i].Leaked = slices.Clone(out[i].Leaked)
	}
	return out
}

// running lists the watchers from Start until their goroutine returns, at
// Stop or when an unreachable Watcher is cleaned up, for the debug page.
var running watchers

type watchers struct {
	mu   sync.Mutex
	list []*poller // in the order they started
}

func (ws *watchers) add(p *poller) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.list = append(ws.list, p)
}

func (ws *watchers) remove(p *poller) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.list = slices.DeleteFunc(ws.list, func(x *poller) bool { return x == p })
}

// snapshot returns the watchers running now.
func (ws *watchers) snapshot() []*poller {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return slices.Clone(ws.list)
}
