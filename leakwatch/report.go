package leakwatch

import (
	"cmp"
	"encoding/json"
	"math"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/safepool"
)

// reportVersion is the version of the JSON schema, in the package doc.
const reportVersion = 1

// report is what the debug page shows and Publish publishes. Its JSON is
// the schema documented in the package doc: every number sits at
// section.figure or section.figure.name, so that a Prometheus expvar
// collector with labels {section, figure} or {section, figure, name}
// reads them, and the watchers' details are in a list beside.
type report struct {
	Version    int               `json:"version"`
	Time       time.Time         `json:"time"`
	Goroutines map[string]uint64 `json:"goroutines"`
	Heap       struct {
		Live   uint64 `json:"live_bytes"`
		Stacks uint64 `json:"stacks_bytes"`
	} `json:"heap"`
	Groups struct {
		Running int64            `json:"running"`
		ByName  map[string]int64 `json:"by_name"`
	} `json:"groups"`
	Ctxdata struct {
		ReleasedReads uint64            `json:"released_reads"`
		ByKey         map[string]uint64 `json:"by_key"`
	} `json:"ctxdata"`
	Pools    poolColumns     `json:"pools"`
	Watchers []watcherReport `json:"watchers"`

	// For the HTML page only: the same figures in the page's order.
	states []goroutineState
	pools  []poolRow
}

// goroutineState is one /sched/goroutines figure of runtime/metrics.
type goroutineState struct {
	Key, Metric, Description string
	Value                    uint64
}

// poolRow is the pools of one name, as the HTML page lists them.
type poolRow struct {
	Name, Type string
	Count      int
	Stats      safepool.Stats
}

// poolColumns is the pools section: each figure, by pool name.
type poolColumns struct {
	Type     map[string]string  `json:"type"`
	Count    map[string]int     `json:"count"`
	Gets     map[string]uint64  `json:"gets"`
	News     map[string]uint64  `json:"news"`
	Puts     map[string]uint64  `json:"puts"`
	Drops    map[string]uint64  `json:"drops"`
	Exact    map[string]bool    `json:"exact"`
	HitRatio map[string]float64 `json:"hit_ratio"`
}

type watcherReport struct {
	Started            time.Time     `json:"started"`
	Interval           float64       `json:"interval_seconds"`
	Window             float64       `json:"window_seconds"`
	Hold               float64       `json:"hold_seconds"`
	HeapThreshold      *float64      `json:"heap_threshold"`      // null: NoThreshold
	GoroutineThreshold *float64      `json:"goroutine_threshold"` // null: NoThreshold
	MinR2              float64       `json:"min_r2"`
	Sample             sampleReport  `json:"sample"`
	Heap               fitReport     `json:"heap"`
	Goroutines         fitReport     `json:"goroutines"`
	Stacks             fitReport     `json:"stacks"`
	Polls              uint64        `json:"polls"`
	Samples            uint64        `json:"samples"`
	ForcedGCs          uint64        `json:"forced_gcs"`
	Alerts             uint64        `json:"alerts"`
	RecentAlerts       []alertReport `json:"recent_alerts"`
}

type sampleReport struct {
	Time       time.Time `json:"time"`
	GCCycles   uint64    `json:"gc_cycles"`
	LiveHeap   uint64    `json:"live_heap_bytes"`
	Goroutines uint64    `json:"goroutines"`
	Stacks     uint64    `json:"stacks_bytes"`
}

type fitReport struct {
	Slope   float64 `json:"slope"`
	R2      float64 `json:"r2"`
	Samples int     `json:"samples"`
	Span    float64 `json:"span_seconds"`
}

type alertReport struct {
	Time             time.Time      `json:"time"`
	Metric           string         `json:"metric"` // "heap" or "goroutines"
	Fit              fitReport      `json:"fit"`
	Threshold        float64        `json:"threshold"`
	Held             float64        `json:"held_seconds"`
	Stacks           fitReport      `json:"stacks"`
	Leaked           []leakedReport `json:"leaked"`
	HeapProfile      string         `json:"heap_profile"`
	GoroutineProfile string         `json:"goroutine_profile"`
	Error            string         `json:"error"`

	alert Alert // for the HTML page
}

type leakedReport struct {
	Count     int    `json:"count"`
	Function  string `json:"function"`
	CreatedBy string `json:"created_by"`
	Site      string `json:"site"`
}

// Names of the runtime/metrics a report reads besides the goroutine figures.
const (
	goroutinesPrefix = "/sched/goroutines"
	goroutinesUnit   = ":goroutines"
)

// goroutineMetrics lists the runtime's /sched/goroutines figures, as many
// as the Go release has, with the key each goes under in a report:
// "total" for /sched/goroutines:goroutines, the rest of the name for the
// others ("created", "running", "not-in-go").
var goroutineMetrics = sync.OnceValue(func() []goroutineState {
	var states []goroutineState
	for _, d := range metrics.All() {
		rest, ok := strings.CutPrefix(d.Name, goroutinesPrefix)
		rest, unit := strings.CutSuffix(rest, goroutinesUnit)
		if !ok || !unit || d.Kind != metrics.KindUint64 {
			continue
		}
		key := cmp.Or(strings.TrimLeft(rest, "/-"), "total")
		states = append(states, goroutineState{Key: key, Metric: d.Name, Description: d.Description})
	}
	// The total first, then as the runtime lists them.
	slices.SortStableFunc(states, func(a, b goroutineState) int {
		return cmp.Compare(boolInt(a.Key != "total"), boolInt(b.Key != "total"))
	})
	return states
})

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// read gathers a report. It reads runtime/metrics and the primitives'
// counters, none of which stops the world.
func read() *report {
	r := &report{Version: reportVersion, Time: time.Now().UTC()}

	states := slices.Clone(goroutineMetrics())
	samples := make([]metrics.Sample, len(states)+2)
	for i, s := range states {
		samples[i].Name = s.Metric
	}
	samples[len(states)].Name = metricLiveHeap
	samples[len(states)+1].Name = metricStacks
	metrics.Read(samples)
	r.Goroutines = make(map[string]uint64, len(states))
	for i := range states {
		states[i].Value = samples[i].Value.Uint64()
		r.Goroutines[states[i].Key] = states[i].Value
	}
	r.states = states
	r.Heap.Live = samples[len(states)].Value.Uint64()
	r.Heap.Stacks = samples[len(states)+1].Value.Uint64()

	r.Groups.Running = goroutine.Running()
	r.Groups.ByName = goroutine.RunningByName()
	r.Ctxdata.ReleasedReads = ctxdata.ReleasedReads()
	r.Ctxdata.ByKey = ctxdata.ReleasedReadsByKey()
	r.pools, r.Pools = readPools()

	r.Watchers = []watcherReport{}
	for _, p := range running.snapshot() {
		r.Watchers = append(r.Watchers, p.report())
	}
	return r
}

// readPools reads the named pools, those that share a name summed as one.
func readPools() ([]poolRow, poolColumns) {
	var rows []poolRow
	for _, info := range safepool.Named() { // sorted by name, then type
		if n := len(rows); n > 0 && rows[n-1].Name == info.Name {
			r := &rows[n-1]
			if !strings.Contains(", "+r.Type+", ", ", "+info.Type+", ") {
				r.Type += ", " + info.Type
			}
			r.Count++
			r.Stats.Gets += info.Stats.Gets
			r.Stats.News += info.Stats.News
			r.Stats.Puts += info.Stats.Puts
			r.Stats.Drops += info.Stats.Drops
			r.Stats.Exact = r.Stats.Exact && info.Stats.Exact
			continue
		}
		rows = append(rows, poolRow{Name: info.Name, Type: info.Type, Count: 1, Stats: info.Stats})
	}
	c := poolColumns{
		Type:     make(map[string]string, len(rows)),
		Count:    make(map[string]int, len(rows)),
		Gets:     make(map[string]uint64, len(rows)),
		News:     make(map[string]uint64, len(rows)),
		Puts:     make(map[string]uint64, len(rows)),
		Drops:    make(map[string]uint64, len(rows)),
		Exact:    make(map[string]bool, len(rows)),
		HitRatio: make(map[string]float64, len(rows)),
	}
	for _, r := range rows {
		c.Type[r.Name] = r.Type
		c.Count[r.Name] = r.Count
		c.Gets[r.Name] = r.Stats.Gets
		c.News[r.Name] = r.Stats.News
		c.Puts[r.Name] = r.Stats.Puts
		c.Drops[r.Name] = r.Stats.Drops
		c.Exact[r.Name] = r.Stats.Exact
		if ratio, ok := r.Stats.HitRatio(); ok {
			c.HitRatio[r.Name] = ratio
		}
	}
	return rows, c
}

// report returns the watcher's part of a report.
func (p *poller) report() watcherReport {
	p.mu.Lock()
	st := p.status
	recent := slices.Clone(p.recent)
	p.mu.Unlock()

	c := &p.cfg
	w := watcherReport{
		Started:            p.start.UTC(),
		Interval:           c.Interval.Seconds(),
		Window:             c.Window.Seconds(),
		Hold:               c.Hold.Seconds(),
		HeapThreshold:      threshold(c.HeapThreshold),
		GoroutineThreshold: threshold(c.GoroutineThreshold),
		MinR2:              c.MinR2,
		Sample: sampleReport{
			Time:       st.Sample.Time.UTC(),
			GCCycles:   st.Sample.GCCycles,
			LiveHeap:   st.Sample.LiveHeap,
			Goroutines: st.Sample.Goroutines,
			Stacks:     st.Sample.Stacks,
		},
		Heap:         fitOf(st.Heap),
		Goroutines:   fitOf(st.Goroutines),
		Stacks:       fitOf(st.Stacks),
		Polls:        st.Polls,
		Samples:      st.Samples,
		ForcedGCs:    st.ForcedGCs,
		Alerts:       st.Alerts,
		RecentAlerts: make([]alertReport, 0, len(recent)),
	}
	for i := len(recent) - 1; i >= 0; i-- { // newest first
		w.RecentAlerts = append(w.RecentAlerts, alertOf(recent[i]))
	}
	return w
}

// threshold returns t, or nil for NoThreshold.
func threshold(t float64) *float64 {
	if t == NoThreshold {
		return nil
	}
	return &t
}

func fitOf(f Fit) fitReport {
	return fitReport{Slope: finite(f.Slope), R2: finite(f.R2), Samples: f.Samples, Span: f.Span.Seconds()}
}

// finite returns f, or 0 for a NaN or an infinity, which JSON cannot hold.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

func alertOf(a Alert) alertReport {
	r := alertReport{
		Time:             a.Sample.Time.UTC(),
		Metric:           "heap",
		Fit:              fitOf(a.Fit),
		Threshold:        a.Threshold,
		Held:             a.Held.Seconds(),
		Stacks:           fitOf(a.Stacks),
		Leaked:           make([]leakedReport, len(a.Leaked)),
		HeapProfile:      a.HeapProfile,
		GoroutineProfile: a.GoroutineProfile,
		alert:            a,
	}
	if a.Metric == Goroutines {
		r.Metric = "goroutines"
	}
	for i, l := range a.Leaked {
		r.Leaked[i] = leakedReport(l)
	}
	if a.ProfileErr != nil {
		r.Error = a.ProfileErr.Error()
	}
	return r
}

// marshal returns the report's JSON, indented by indent ("" for none).
func (r *report) marshal(indent string) ([]byte, error) {
	if indent == "" {
		return json.Marshal(r)
	}
	return json.MarshalIndent(r, "", indent)
}
