package leakwatch

import (
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"
)

// poller is the state of a watcher's goroutine: one poll reads the source,
// takes a sample if a GC cycle completed (or, if none did for ForceGC,
// after asking the source for one), refits the window and raises the
// alerts that are due.
type poller struct {
	cfg        Config
	start      time.Time // baseline sample time; window times count from it
	lastCycles uint64
	lastSample time.Time
	nextForce  time.Time // no forced cycle before, after GCBudget
	win        window
	heap       alarm
	goroutines alarm
	leaks      bool // goroutine alerts carry the leaked goroutines

	mu     sync.Mutex // guards status and recent, which the Watcher's methods read
	status Status
	recent []Alert // the last alerts, oldest first, at most maxRecent
}

// maxRecent is how many alerts a watcher keeps for [Watcher.RecentAlerts]
// and the debug page.
const maxRecent = 8

func newPoller(cfg Config) *poller {
	p := &poller{
		cfg:        cfg,
		win:        window{span: cfg.Window},
		heap:       alarm{metric: Heap, threshold: cfg.HeapThreshold},
		goroutines: alarm{metric: Goroutines, threshold: cfg.GoroutineThreshold},
	}
	// A custom Source replays figures of another process, or of none: the
	// leak profile of this one would say nothing about them.
	_, p.leaks = cfg.Source.(*runtimeSource)
	s := p.read()
	p.start, p.lastSample, p.lastCycles = s.Time, s.Time, s.GCCycles
	p.status.Sample = s
	return p
}

func (p *poller) read() Sample {
	s := p.cfg.Source.Read()
	if s.Time.IsZero() {
		s.Time = time.Now()
	}
	return s
}

func (p *poller) poll() {
	s := p.read()
	forced := false
	if s.GCCycles == p.lastCycles {
		// Half an interval of slack: a forced sample is stamped after its
		// cycle, so the poll ForceGC later finds a little less than
		// ForceGC gone by.
		if p.cfg.ForceGC == Never || s.Time.Sub(p.lastSample) < p.cfg.ForceGC-p.cfg.Interval/2 || s.Time.Before(p.nextForce) {
			p.mu.Lock()
			p.status.Polls++
			p.mu.Unlock()
			return
		}
		// Sample after GC whether or not it ran a cycle: the goroutine
		// figures are sampled at least every ForceGC.
		before := s.Time
		p.cfg.Source.GC()
		s = p.read()
		forced = s.GCCycles != p.lastCycles
		if forced {
			// An Unlimited budget spaces cycles by nothing.
			cpu := float64(s.Time.Sub(before)) * float64(runtime.GOMAXPROCS(0))
			p.nextForce = s.Time.Add(time.Duration(cpu / p.cfg.GCBudget))
		}
	}
	p.lastCycles, p.lastSample = s.GCCycles, s.Time

	at := max(s.Time.Sub(p.start), 0)
	p.win.push(point{
		at:         at,
		sec:        at.Seconds(),
		heap:       float64(s.LiveHeap),
		goroutines: float64(s.Goroutines),
		stack:      float64(s.Stacks),
	})
	f := p.win.fit()

	var alerts [2]Alert
	n := 0
	ready := at >= p.cfg.Warmup
	for _, a := range []struct {
		alarm *alarm
		fit   Fit
	}{{&p.heap, f.heap}, {&p.goroutines, f.goroutines}} {
		held, fire := a.alarm.update(at, a.fit, ready, p.cfg.MinR2, p.cfg.Hold)
		if fire {
			alerts[n] = Alert{
				Metric:    a.alarm.metric,
				Fit:       a.fit,
				Threshold: a.alarm.threshold,
				Held:      held,
				Stacks:    f.stacks,
				Sample:    s,
			}
			n++
		}
	}

	p.mu.Lock()
	p.status.Polls++
	p.status.Samples++
	if forced {
		p.status.ForcedGCs++
	}
	p.status.Sample = s
	p.status.Heap, p.status.Goroutines, p.status.Stacks = f.heap, f.goroutines, f.stacks
	p.status.Alerts += uint64(n)
	seq := p.status.Alerts - uint64(n)
	p.mu.Unlock()

	for i := range alerts[:n] {
		seq++
		a := &alerts[i]
		var leakErr error
		if a.Metric == Goroutines && p.leaks {
			a.Leaked, leakErr = readLeaked()
		}
		if p.cfg.ProfileDir != "" {
			a.HeapProfile, a.GoroutineProfile, a.ProfileErr = writeProfiles(p.cfg.ProfileDir, a.Sample.Time, seq)
		}
		if leakErr != nil {
			a.ProfileErr = errors.Join(leakErr, a.ProfileErr)
		}
		p.keep(*a)
		if p.cfg.OnAlert != nil {
			// A copy of Leaked of its own: RecentAlerts shares the alert's.
			c := *a
			c.Leaked = slices.Clone(a.Leaked)
			p.cfg.OnAlert(c)
		}
	}
}

// keep adds a to the recent alerts, dropping the oldest past maxRecent.
func (p *poller) keep(a Alert) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.recent) == maxRecent {
		p.recent = slices.Delete(p.recent, 0, 1)
	}
	p.recent = append(p.recent, a)
}
