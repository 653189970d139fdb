package leakwatch_test

import (
	"context"
	"encoding/json"
	"expvar"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/leakwatch"
	"github.com/safeprim/safeprim/safepool"
)

// stwPauses returns how many times the world has been stopped for a reason
// other than a GC cycle.
func stwPauses() uint64 {
	s := []metrics.Sample{{Name: "/sched/pauses/total/other:seconds"}}
	metrics.Read(s)
	var n uint64
	for _, c := range s[0].Value.Float64Histogram().Counts {
		n += c
	}
	return n
}

// reportSTW runs read ten times more, after the timed loop, and reports
// the times it stopped the world per call as stw/op. (The timed loop would
// count the benchmark framework's own: its timer reads runtime.MemStats.)
func reportSTW(b *testing.B, read func()) {
	const calls = 10
	before := stwPauses()
	for range calls {
		read()
	}
	b.ReportMetric(float64(stwPauses()-before)/calls, "stw/op")
}

// readers are the ways of reading the figures: the naive dashboard,
// runtime.ReadMemStats, alone or as expvar's memstats variable encodes it
// for /debug/vars, which stop the world, and leakwatch's page, JSON and
// variable, which do not.
func readers() []struct {
	name string
	read func(testing.TB)
	stw  bool // stops the world
} {
	publish()
	page := leakwatch.Handler()
	return []struct {
		name string
		read func(testing.TB)
		stw  bool
	}{
		{"impl=runtime.ReadMemStats", func(testing.TB) {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
		}, true},
		{"impl=expvar-memstats", func(testing.TB) { _ = expvar.Get("memstats").String() }, true},
		{"impl=leakwatch-html", func(t testing.TB) { get(t, page, "/") }, false},
		{"impl=leakwatch-json", func(t testing.TB) { get(t, page, "/?format=json") }, false},
		{"impl=leakwatch-expvar", func(testing.TB) { _ = expvar.Get("safeprim").String() }, false},
	}
}

// TestScrapeNoStopTheWorld reads the page, its JSON and the published
// variable, and checks that none of them stopped the world, as
// runtime.ReadMemStats and expvar's memstats do.
func TestScrapeNoStopTheWorld(t *testing.T) {
	f := busy(t)
	defer f.done()
	for _, r := range readers() {
		t.Run(r.name, func(t *testing.T) {
			before := stwPauses()
			for range 20 {
				r.read(t)
			}
			if got := stwPauses() - before; (got > 0) != r.stw {
				t.Errorf("20 reads stopped the world %d times; want stopping the world %v", got, r.stw)
			}
		})
	}
}

// TestScrapeUnderLoad scrapes the page, its JSON and the published variable
// from several goroutines while pools, groups and request values are busy
// and watchers start, alert and stop, for the race detector and goleak. The
// counters each scraper reads must never go back.
func TestScrapeUnderLoad(t *testing.T) {
	const (
		rounds  = 300 // of work, per worker
		scrapes = 30  // per scraper
		perKind = 2   // scrapers of each kind
	)
	// A name of its own: a pool or key of a previous run may not have been
	// collected yet, and would count with this run's until it is.
	name := "lwload" + strconv.Itoa(int(busyCalls.Add(1)))
	pool := safepool.New(func() *[]byte { b := make([]byte, 0, 64); return &b },
		func(b *[]byte) (*[]byte, bool) { *b = (*b)[:0]; return b, true },
		safepool.WithName(name), safepool.WithStats(true))
	key := ctxdata.NewKey[int](name)
	var work, scraping sync.WaitGroup

	for range 2 { // pools
		work.Go(func() {
			for range rounds {
				b := pool.Get()
				*b = append(*b, 1)
				pool.Put(b)
			}
		})
	}
	work.Go(func() { // groups
		for range rounds / 10 {
			var g goroutine.Group
			g.SetName(name)
			for range 10 {
				g.Go(func() error { runtime.Gosched(); return nil })
			}
			if err := g.Wait(); err != nil {
				t.Error(err)
			}
		}
	})
	work.Go(func() { // request values read after release
		for i := range rounds {
			ctx, release := ctxdata.Bind(context.Background(), key, i)
			release()
			key.Value(ctx)
		}
	})
	work.Go(func() { // watchers that start, alert and stop
		for range 5 {
			src := newLeakySource(100)
			w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Source: src})
			if err != nil {
				t.Error(err)
				return
			}
			<-src.done
			w.Stop()
		}
	})
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Window: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	page, vars := leakwatch.Handler(), expvar.Handler()
	publish()
	kinds := []struct {
		name string
		read func() ([]byte, bool) // the JSON, whether it is the report itself
	}{
		{"json", func() ([]byte, bool) { return get(t, page, "/?format=json").Body.Bytes(), true }},
		{"html", func() ([]byte, bool) { return get(t, page, "/").Body.Bytes(), false }},
		{"expvar.Var", func() ([]byte, bool) { return []byte(expvar.Get("safeprim").String()), true }},
		{"expvar.Handler", func() ([]byte, bool) { return get(t, vars, "/debug/vars").Body.Bytes(), false }},
	}
	for _, s := range kinds {
		for i := range perKind {
			scraping.Go(func() {
				var last figures
				for range scrapes {
					body, isReport := s.read()
					var f figures
					switch {
					case isReport:
						f = decode(t, s.name, name, body)
					case s.name == "expvar.Handler":
						var vs map[string]json.RawMessage
						if err := json.Unmarshal(body, &vs); err != nil {
							t.Errorf("%s #%d: %v", s.name, i, err)
							return
						}
						f = decode(t, s.name, name, vs["safeprim"])
					default:
						if len(body) == 0 {
							t.Errorf("%s #%d: empty page", s.name, i)
						}
						continue
					}
					if f.gets < last.gets || f.releasedReads < last.releasedReads || f.created < last.created {
						t.Errorf("%s #%d: counters went back from %+v to %+v", s.name, i, last, f)
					}
					last = f
				}
			})
		}
	}
	work.Wait()
	scraping.Wait()
	if f := decode(t, "after the work", name, get(t, page, "/?format=json").Body.Bytes()); f.gets != 2*rounds || f.releasedReads != rounds {
		t.Errorf("after the work: %d gets, %d released reads; want %d and %d", f.gets, f.releasedReads, 2*rounds, rounds)
	}
	runtime.KeepAlive(pool)
	runtime.KeepAlive(key)
}

// figures are the counters a scraper follows; each only ever grows.
type figures struct {
	gets, releasedReads, created uint64
}

// decode decodes the report in body and returns the figures of the pool
// and the key named name.
func decode(t testing.TB, scraper, name string, body []byte) figures {
	t.Helper()
	var r struct {
		Version    int               `json:"version"`
		Goroutines map[string]uint64 `json:"goroutines"`
		Ctxdata    struct {
			ByKey map[string]uint64 `json:"by_key"`
		} `json:"ctxdata"`
		Pools struct {
			Gets map[string]uint64 `json:"gets"`
		} `json:"pools"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Version != 1 {
		t.Errorf("%s: version %d, error %v; want version 1", scraper, r.Version, err)
	}
	return figures{gets: r.Pools.Gets[name], releasedReads: r.Ctxdata.ByKey[name], created: r.Goroutines["created"]}
}

// BenchmarkScrape measures a read of the figures: the naive dashboard
// (runtime.ReadMemStats, and expvar's memstats variable) against
// leakwatch's page, its JSON and its expvar variable, with a watcher, a
// named pool, a named Group and a named key to show. stw/op counts the
// times a read stopped the world.
func BenchmarkScrape(b *testing.B) {
	f := busy(b)
	defer f.done()
	for _, r := range readers() {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.read(b)
			}
			reportSTW(b, func() { r.read(b) })
		})
	}
}
