package main

import (
	"math"
	"time"

	"golang.org/x/perf/benchmath"
)

// jsonReport is what -json prints: both tables.
type jsonReport struct {
	Command string        `json:"command"`
	Date    time.Time     `json:"date"`
	Machine machine       `json:"machine"`
	Scale   float64       `json:"scale"`
	Leaks   []jsonOutcome `json:"leaks"`
	Speed   *jsonSpeed    `json:"speed,omitempty"`
}

func (r report) json() jsonReport {
	j := jsonReport{Command: r.Command, Date: r.Date, Machine: r.Machine, Scale: r.Scale, Leaks: r.outcomes()}
	if r.Speed != nil {
		j.Speed = r.Speed.json()
	}
	return j
}

func (r report) outcomes() []jsonOutcome {
	out := make([]jsonOutcome, len(r.Rows))
	for i, row := range r.Rows {
		ratio, ok := row.ratio()
		out[i] = jsonOutcome{outcome: row.outcome, N: row.N, Leaks: row.Failed, Why: row.Why}
		if ok {
			out[i].Ratio = &ratio
		}
	}
	return out
}

// jsonOutcome is a row as -json prints it.
type jsonOutcome struct {
	outcome
	N     int      `json:"n"`
	Ratio *float64 `json:"ratio,omitempty"` // safeprim retained / naive retained
	Leaks bool     `json:"safeprim_leaks"`
	Why   string   `json:"why,omitempty"`
}

// jsonSpeed is the speed table as -json prints it.
type jsonSpeed struct {
	Count     int            `json:"count"`
	Benchtime string         `json:"benchtime"`
	Seconds   float64        `json:"seconds"`
	Rows      []jsonSpeedRow `json:"rows"`
	Errors    []string       `json:"errors,omitempty"`
}

// jsonSpeedRow is a speed row as -json prints it. Ratios are safeprim
// (or naive) time per op over the counterpart's.
type jsonSpeedRow struct {
	Comparison   string             `json:"comparison"`
	Package      string             `json:"package"`
	Benchmark    string             `json:"benchmark"` // the safeprim case's full name
	Safeprim     string             `json:"safeprim"`
	Counterpart  string             `json:"counterpart"`
	Naive        string             `json:"naive,omitempty"`
	Target       *float64           `json:"target,omitempty"`
	TargetStrict bool               `json:"target_strict,omitempty"` // the ratio must be below Target
	Verdict      string             `json:"verdict,omitempty"`
	Ratio        *jsonSummary       `json:"ratio,omitempty"`
	NaiveRatio   *jsonSummary       `json:"naive_ratio,omitempty"`
	NsPerOp      map[string]float64 `json:"ns_per_op"`     // median, by impl
	AllocsPerOp  map[string]float64 `json:"allocs_per_op"` // median, by impl
	Missing      []string           `json:"missing,omitempty"`
}

// jsonSummary is a median of paired ratios and its interval; Lo and Hi
// are absent when there were too few runs for one.
type jsonSummary struct {
	Runs       int      `json:"runs"`
	Median     float64  `json:"median"`
	Lo         *float64 `json:"lo,omitempty"`
	Hi         *float64 `json:"hi,omitempty"`
	Confidence float64  `json:"confidence,omitempty"`
}

func newJSONSummary(runs int, s benchmath.Summary) *jsonSummary {
	if runs == 0 || math.IsNaN(s.Center) {
		return nil
	}
	j := &jsonSummary{Runs: runs, Median: s.Center}
	if hasCI(s) {
		lo, hi := s.Lo, s.Hi
		j.Lo, j.Hi, j.Confidence = &lo, &hi, s.Confidence
	}
	return j
}

func (sr speedRun) json() *jsonSpeed {
	j := &jsonSpeed{Count: sr.Count, Benchtime: sr.Benchtime.String(), Seconds: sr.Elapsed.Seconds(), Errors: sr.Errors, Rows: []jsonSpeedRow{}}
	for _, r := range sr.Results {
		row := jsonSpeedRow{
			Comparison: r.What, Package: r.Pkg, Benchmark: r.Bench,
			Safeprim: r.Safeprim(), Counterpart: r.Counterpart, Naive: r.Naive,
			Verdict: r.verdict(), Ratio: newJSONSummary(r.Runs, r.Ratio),
			NsPerOp: r.NsPerOp, AllocsPerOp: r.AllocsPerOp, Missing: r.Missing,
		}
		if r.Naive != "" {
			row.NaiveRatio = newJSONSummary(r.NaiveRuns, r.NaiveRatio)
		}
		if r.Target.Max > 0 {
			t := r.Target.Max
			row.Target, row.TargetStrict = &t, r.Target.Strict
		}
		j.Rows = append(j.Rows, row)
	}
	return j
}
