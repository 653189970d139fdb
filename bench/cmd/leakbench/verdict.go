package main

import (
	"fmt"
	"math"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// outcome is a scenario's two sides, measured for the same count.
type outcome struct {
	Scenario string `json:"scenario"`
	Source   string `json:"source"`
	Leak     string `json:"leak"`
	Fix      string `json:"fix"`
	Naive    side   `json:"naive"`
	Safeprim side   `json:"safeprim"`
}

// newOutcome pairs the two sides of s.
func newOutcome(s scenario.Scenario, naive, safeprim side) outcome {
	return outcome{Scenario: s.Name, Source: s.Source(), Leak: s.Leak, Fix: s.Fix, Naive: naive, Safeprim: safeprim}
}

// ratio returns the safeprim side's retained bytes divided by the naive
// side's, and false when there is no such figure: a side did not complete
// or the naive side retained nothing.
func (o outcome) ratio() (float64, bool) {
	if !o.Naive.completed() || !o.Safeprim.completed() || o.Naive.Retained == 0 {
		return math.NaN(), false
	}
	return float64(o.Safeprim.Retained) / float64(o.Naive.Retained), true
}

// policy decides when a safeprim side leaks.
//
// A side leaks when it leaves any goroutine running, or when it retains
// more than Floor bytes and more than MaxRatio times what the naive side
// retained (or more than Floor bytes at all, when the naive side has no
// figure because it was killed). The floor absorbs the few kilobytes a
// process's heap moves by between two settled readings; the ratio is the
// target every scenario is held to.
type policy struct {
	Floor    uint64  // bytes retained that never count as a leak
	MaxRatio float64 // safeprim retained / naive retained allowed above Floor
}

// defaultPolicy is the policy leakbench applies: 64 KiB, 1/10.
var defaultPolicy = policy{Floor: 64 << 10, MaxRatio: 0.1}

// check reports whether o's safeprim side failed under p: it leaked, or it
// did not complete. The reason says which figure crossed which bound.
func (p policy) check(o outcome) (failed bool, reason string) {
	s := o.Safeprim
	switch {
	case s.Killed != "":
		return true, "safeprim side was killed: " + s.Killed
	case s.Err != "":
		return true, "safeprim side failed: " + s.Err
	case s.GoroutinesLeft > 0:
		return true, fmt.Sprintf("safeprim side left %d goroutines running", s.GoroutinesLeft)
	case s.Retained <= p.Floor:
		return false, ""
	}
	if r, ok := o.ratio(); ok {
		if r > p.MaxRatio {
			return true, fmt.Sprintf("safeprim side retained %d B, %.3g of naive's %d B (limit %.3g)", s.Retained, r, o.Naive.Retained, p.MaxRatio)
		}
		return false, ""
	}
	return true, fmt.Sprintf("safeprim side retained %d B, over the %d B floor, with no naive figure to compare", s.Retained, p.Floor)
}
