package leakwatch

import "time"

// alarm follows one figure's fit from sample to sample and says when it
// has stayed above the threshold long enough to raise an alert.
type alarm struct {
	metric    Metric
	threshold float64       // NoThreshold: off, as no slope exceeds it
	since     time.Duration // when the current run above threshold began
	on        bool          // in a run above threshold
	fired     bool          // this run has raised its alert
}

// update takes the fit at time at and reports how long the figure has been
// above the threshold and whether to raise an alert now.
func (a *alarm) update(at time.Duration, f Fit, ready bool, minR2 float64, hold time.Duration) (held time.Duration, fire bool) {
	if !ready || f.Samples < minSamples || f.Slope <= a.threshold || f.R2 < minR2 {
		a.on, a.fired = false, false
		return 0, false
	}
	if !a.on {
		a.on, a.since = true, at
	}
	held = at - a.since
	if a.fired || held < hold {
		return held, false
	}
	a.fired = true
	return held, true
}
