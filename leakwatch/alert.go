package leakwatch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
)

// Metric names a figure a [Watcher] raises an [Alert] on.
type Metric int

const (
	// Heap is the live heap after GC, /gc/heap/live:bytes, in bytes.
	Heap Metric = iota + 1
	// Goroutines is the goroutine count, /sched/goroutines:goroutines.
	Goroutines
)

// String returns "live heap" or "goroutines".
func (m Metric) String() string {
	switch m {
	case Heap:
		return "live heap"
	case Goroutines:
		return "goroutines"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Alert reports a figure that kept growing: its slope over the window stayed
// above the threshold, with an R² at or above the gate, for the hold time.
type Alert struct {
	// Metric is the figure that grew.
	Metric Metric

	// Fit is the Metric's line over the window at the sample that raised
	// the alert: its slope, R², sample count and span.
	Fit Fit

	// Threshold is the slope, per second, that Fit.Slope exceeded.
	Threshold float64

	// Held is how long the slope had stayed above Threshold (with R² at or
	// above the gate) when the alert was raised: Config.Hold or a little
	// more.
	Held time.Duration

	// Stacks is the fit of goroutine stack bytes over the same window.
	// Stacks are not part of the live heap: with a goroutine leak, their
	// slope is the larger share of the memory it costs.
	Stacks Fit

	// Sample is the sample that raised the alert.
	Sample Sample

	// Leaked, for a Goroutines alert of a watcher that reads the running
	// process (RuntimeSource), lists the goroutines the runtime's
	// goroutineleak profile found leaked, blocked for ever, grouped by the
	// go statement that started them, largest group first. It is nil
	// where the runtime has no such profile (Go 1.26 built without
	// GOEXPERIMENT=goroutineleakprofile), for a Heap alert and for a
	// custom Source. It is taken once per alert, before the profiles are
	// written: a GC cycle that looks for leaked goroutines and, if it
	// finds some, a dump of every goroutine's stack with the world
	// stopped, for a time that grows with the number of goroutines
	// (BenchmarkLeakProfile measures both).
	Leaked []LeakedGoroutines

	// HeapProfile and GoroutineProfile are the paths of the profiles
	// written to Config.ProfileDir (gzipped protobuf, for go tool pprof),
	// or empty if none was asked for or writing failed.
	HeapProfile, GoroutineProfile string

	// ProfileErr is why writing the profiles, or reading the leaked
	// goroutines, failed, or nil.
	ProfileErr error
}

// maxLeakedInString is how many groups of Leaked String names.
const maxLeakedInString = 3

// String describes the alert on one line, for a log, with durations
// rounded to the millisecond and the largest groups of leaked goroutines,
// if any.
func (a Alert) String() string {
	s := fmt.Sprintf("leakwatch: %s growing %s (R² %.2f over %v, %d samples) for %v",
		a.Metric, a.rate(), a.Fit.R2, roundDuration(a.Fit.Span), a.Fit.Samples, roundDuration(a.Held))
	if len(a.Leaked) == 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s)
	b.WriteString("; leaked: ")
	for i, l := range a.Leaked[:min(len(a.Leaked), maxLeakedInString)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(l.String())
	}
	switch more := len(a.Leaked) - maxLeakedInString; {
	case more == 1:
		b.WriteString(" and 1 more site")
	case more > 1:
		fmt.Fprintf(&b, " and %d more sites", more)
	}
	return b.String()
}

// roundDuration rounds d to the millisecond, or to the microsecond below
// 10 ms, for a reader.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func (a Alert) rate() string {
	if a.Metric != Heap {
		return fmt.Sprintf("%.1f/s", a.Fit.Slope)
	}
	v, unit := a.Fit.Slope, "B"
	for _, u := range []string{"KiB", "MiB", "GiB"} {
		if v < 1024 && v > -1024 {
			break
		}
		v, unit = v/1024, u
	}
	return fmt.Sprintf("%.1f %s/s", v, unit)
}

// writeProfiles writes a heap and a goroutine profile to dir, naming them
// after the time t and the alert's sequence number, and returns the paths
// of those it wrote and why the others failed.
func writeProfiles(dir string, t time.Time, seq uint64) (heap, goroutine string, err error) {
	stamp := t.UTC().Format("20060102T150405.000Z")
	write := func(kind string) (string, error) {
		name := filepath.Join(dir, fmt.Sprintf("%s-%s-%d.pb.gz", kind, stamp, seq))
		if err := writeProfile(kind, name); err != nil {
			return "", err
		}
		return name, nil
	}
	heap, herr := write("heap")
	goroutine, gerr := write("goroutine")
	return heap, goroutine, errors.Join(herr, gerr)
}

func writeProfile(kind, name string) (err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("leakwatch: writing %s profile: %w", kind, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("leakwatch: writing %s profile: %w", kind, cerr)
		}
	}()
	if err := pprof.Lookup(kind).WriteTo(f, 0); err != nil {
		return fmt.Errorf("leakwatch: writing %s profile: %w", kind, err)
	}
	return nil
}
