package leakwatch

import (
	"cmp"
	"fmt"
	"math"
	"time"
)

// Defaults for the zero fields of a [Config].
const (
	defaultInterval           = 10 * time.Millisecond
	defaultWindow             = 5 * time.Second // or defaultWindowPolls intervals, if longer
	defaultWindowPolls        = 50
	defaultHeapThreshold      = 256 << 10 // bytes per second
	defaultGoroutineThreshold = 10        // goroutines per second
	defaultMinR2              = 0.8
	defaultHold               = 2 * time.Second
	defaultGCBudget           = 0.01 // of one core
)

// Values that turn a setting of a [Config] off. A zero field means its
// default, so "off" is said by name; each name is a value that means what
// it says.
const (
	// NoThreshold, as Config.HeapThreshold or Config.GoroutineThreshold,
	// turns that alert off: it is the largest float64, a slope no figure
	// reaches.
	NoThreshold = math.MaxFloat64

	// AnyR2, as Config.MinR2, turns the R² gate off: a slope above its
	// threshold counts whatever its R². It is the smallest positive
	// float64, below every R² but that of a figure that does not change.
	AnyR2 = math.SmallestNonzeroFloat64

	// Never, as Config.ForceGC, makes the watcher wait for ever for a GC
	// cycle: it never forces one, and samples only when the process
	// collects by itself.
	Never time.Duration = math.MaxInt64

	// Unlimited, as Config.GCBudget, puts no bound on the CPU time forced
	// cycles take: they come every ForceGC, however long they take.
	Unlimited = math.MaxFloat64
)

// minSamples is the fewest samples a fit needs before it can raise an alert.
// Four samples of a one-off step fit a line with R² 0.8; five or more, at
// most 0.75, which the default gate rejects.
const minSamples = 5

// Config configures a [Watcher]. The zero value of each field selects the
// default given in its comment, so the zero Config watches the running
// process with defaults that, in this package's tests, flag a 1 MiB/s leak
// 7 s after Start (in a process that never collects by itself, too) and
// stay quiet under replayed churn, a sawtooth, 64 MiB bursts and one-off
// steps. A setting is turned off by a named value ([NoThreshold], [AnyR2],
// [Never], [Unlimited]); no field may be negative or NaN.
type Config struct {
	// Interval is how often the watcher polls its Source; default 10 ms.
	// A poll that finds no new GC cycle costs one Source.Read. Samples
	// come at most one per poll.
	Interval time.Duration

	// Window is the stretch of most recent samples the slopes are fitted
	// over; default 5 s, or 50 intervals if that is longer (50 s at a 1 s
	// Interval), so that forced cycles (see ForceGC) come at most every
	// tenth poll. It must hold at least 5 intervals. A longer window finds
	// slower leaks and ignores longer bursts, and alerts later.
	Window time.Duration

	// HeapThreshold is the live-heap slope, in bytes per second, above
	// which growth counts as a leak; default 256 KiB/s. [NoThreshold]
	// turns the heap alert off.
	HeapThreshold float64

	// GoroutineThreshold is the goroutine-count slope, in goroutines per
	// second, above which growth counts as a leak; default 10/s.
	// [NoThreshold] turns the goroutine alert off.
	GoroutineThreshold float64

	// MinR2 is the least R² a slope must have to count; default 0.8. It is
	// what tells a leak (a line, R² near 1) from churn, bursts and one-off
	// steps. [AnyR2] turns the gate off. It must not exceed 1.
	MinR2 float64

	// Hold is how long a slope must stay above its threshold (and its R²
	// at or above MinR2) before the watcher raises an alert; default 2 s.
	Hold time.Duration

	// Warmup is how long after Start the watcher raises no alert, so that
	// a service filling its caches is not taken for a leak; default
	// Window, so that the first fit covers a whole window.
	Warmup time.Duration

	// ForceGC is how long the watcher waits for a GC cycle before it asks
	// the Source for one (Source.GC) and samples anyway, so that a leak in
	// a process that allocates too little to collect by itself is still
	// sampled; default Window/5 (1 s with the default Window), the longest
	// period that still gives the fit its 5 samples per window. The watcher
	// forces the cycle at the first poll at least ForceGC, less half an
	// Interval for timer jitter, after the last sample. [Never] turns
	// forcing off. RuntimeSource skips the cycle when nothing has been
	// allocated since the last, so an idle process stays idle. Otherwise a
	// forced cycle costs what any cycle does: mostly a fixed cost for a
	// small heap (BenchmarkPoll/sample=forced-gc measures it), growing with
	// the live heap, which GCBudget bounds. A process that allocates
	// enough gets its own cycles and none are forced.
	ForceGC time.Duration

	// GCBudget spaces forced cycles by what they cost, so that a large
	// heap is not marked every ForceGC; default 0.01, a hundredth of one
	// core. After a forced cycle that took d of wall time, the next waits
	// at least d × GOMAXPROCS / GCBudget as well as ForceGC: a heap whose
	// cycle takes 100 ms is forced at most every 20 s with 2 Ps. The
	// cycles of a small heap are short, and ForceGC decides. [Unlimited]
	// turns the spacing off.
	GCBudget float64

	// ProfileDir, if not empty, is a directory (created by Start if
	// missing) to which the watcher writes a heap and a goroutine profile
	// each time it raises an alert.
	ProfileDir string

	// OnAlert, if not nil, is called with each alert, on the watcher's
	// goroutine, after the profiles are written. Polling waits while it
	// runs. It must not call [Watcher.Stop], which would wait for it. A
	// figure that keeps growing raises one alert; it raises another only
	// after its slope has fallen below the threshold (or its R² below the
	// gate) and risen again for Hold.
	OnAlert func(Alert)

	// Source is where samples are read; nil means RuntimeSource(). A
	// custom Source is also the clock (see [Sample.Time]).
	Source Source
}

// resolve returns c with defaults in place of zero fields, and panics if a
// field is out of range.
func (c Config) resolve() Config {
	for _, d := range []struct {
		name string
		v    *time.Duration
		zero string // what zero selects
	}{
		{"Interval", &c.Interval, fmt.Sprint("the default ", defaultInterval)},
		{"Window", &c.Window, fmt.Sprintf("the default %v or %d intervals", defaultWindow, defaultWindowPolls)},
		{"Hold", &c.Hold, fmt.Sprint("the default ", defaultHold)},
		{"Warmup", &c.Warmup, "Window"},
		{"ForceGC", &c.ForceGC, "Window/5, or leakwatch.Never to force no cycle"},
	} {
		if *d.v < 0 {
			panic(fmt.Sprintf("leakwatch: Start: Config.%s is negative (%v); use a positive duration, or zero for %s", d.name, *d.v, d.zero))
		}
	}
	for _, f := range []struct {
		name string
		v    float64
		use  string // what a positive value is, zero and off
	}{
		{"HeapThreshold", c.HeapThreshold, "a slope in bytes per second, zero for the default 256 KiB/s, or leakwatch.NoThreshold to turn the heap alert off"},
		{"GoroutineThreshold", c.GoroutineThreshold, "a slope in goroutines per second, zero for the default 10/s, or leakwatch.NoThreshold to turn the goroutine alert off"},
		{"MinR2", c.MinR2, fmt.Sprintf("a gate in (0, 1], zero for the default %v, or leakwatch.AnyR2 to turn the gate off", defaultMinR2)},
		{"GCBudget", c.GCBudget, fmt.Sprintf("a fraction of one core, zero for the default %v, or leakwatch.Unlimited not to space forced cycles", defaultGCBudget)},
	} {
		switch {
		case math.IsNaN(f.v):
			panic(fmt.Sprintf("leakwatch: Start: Config.%s is NaN; use %s", f.name, f.use))
		case f.v < 0:
			panic(fmt.Sprintf("leakwatch: Start: Config.%s is negative (%v); use %s", f.name, f.v, f.use))
		case f.name == "MinR2" && f.v > 1:
			panic(fmt.Sprintf("leakwatch: Start: Config.MinR2 is %v, above 1; use %s", f.v, f.use))
		}
	}
	c.Interval = cmp.Or(c.Interval, defaultInterval)
	c.Window = cmp.Or(c.Window, max(defaultWindow, defaultWindowPolls*c.Interval))
	if c.Window < minSamples*c.Interval {
		panic(fmt.Sprintf("leakwatch: Start: Config.Window %v holds fewer than %d polls of Config.Interval %v; make Window at least %v", c.Window, minSamples, c.Interval, minSamples*c.Interval))
	}
	c.Hold = cmp.Or(c.Hold, defaultHold)
	c.Warmup = cmp.Or(c.Warmup, c.Window)
	c.ForceGC = cmp.Or(c.ForceGC, c.Window/minSamples)
	c.GCBudget = cmp.Or(c.GCBudget, defaultGCBudget)
	c.HeapThreshold = cmp.Or(c.HeapThreshold, defaultHeapThreshold)
	c.GoroutineThreshold = cmp.Or(c.GoroutineThreshold, defaultGoroutineThreshold)
	switch c.MinR2 {
	case 0:
		c.MinR2 = defaultMinR2
	case AnyR2:
		c.MinR2 = 0 // every R² is at least 0, that of a flat figure too
	}
	if c.Source == nil {
		c.Source = RuntimeSource()
	}
	return c
}
