package leakwatch_test

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/leakwatch"
	"github.com/safeprim/safeprim/safepool"
)

// busyCalls numbers the calls of busy, which name what they make after it:
// a pool or key of a previous call may not have been collected yet.
var busyCalls atomic.Int32

// fixture is what busy made, by name.
type fixture struct {
	pool, group, key string
	done             func() // undoes it all
}

// busy sets up what the page shows: a named pool with exact stats after
// three Gets and Puts, a named Group with two goroutines running, a named
// ctxdata key read twice after release, and a watcher that has raised a
// heap alert and runs on.
func busy(t testing.TB) fixture {
	t.Helper()
	n := strconv.Itoa(int(busyCalls.Add(1)))
	f := fixture{pool: "lwtestbuffers" + n, group: "lwtestgroup" + n, key: "lwtestkey" + n}
	pool := safepool.NewBufferPool(safepool.WithName(f.pool), safepool.WithStats(true))
	for range 3 {
		pool.Put(pool.Get())
	}

	release := make(chan struct{})
	var g goroutine.Group
	g.SetName(f.group)
	started := make(chan struct{})
	for range 2 {
		g.Go(func() error { started <- struct{}{}; <-release; return nil })
	}
	<-started
	<-started

	key := ctxdata.NewKey[int](f.key)
	ctx, end := ctxdata.Bind(context.Background(), key, 1)
	end()
	key.Value(ctx)
	key.Value(ctx)

	src := newLeakySource(100)
	w, err := leakwatch.Start(leakwatch.Config{
		Interval:           time.Millisecond,
		Source:             src,
		GoroutineThreshold: leakwatch.NoThreshold,
	})
	if err != nil {
		t.Fatal(err)
	}
	<-src.done
	for w.Status().Alerts == 0 { // the alert comes at the 70th of 100 cycles
		runtime.Gosched()
	}
	f.done = func() {
		w.Stop()
		close(release)
		if err := g.Wait(); err != nil {
			t.Error(err)
		}
		runtime.KeepAlive(pool)
		runtime.KeepAlive(key)
	}
	return f
}

// get serves target through h and returns the response.
func get(t testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// readJSON returns the JSON page, decoded.
func readJSON(t testing.TB) map[string]any {
	t.Helper()
	rec := get(t, leakwatch.Handler(), "/?format=json")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET ?format=json: status %d, want 200: %s", rec.Code, rec.Body)
	}
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("GET ?format=json: %v", err)
	}
	return v
}

// dynamic are the objects of the schema whose keys are names: of groups,
// keys and pools.
var dynamic = map[string]bool{
	"groups.by_name": true, "ctxdata.by_key": true,
	"pools.type": true, "pools.count": true, "pools.gets": true, "pools.news": true,
	"pools.puts": true, "pools.drops": true, "pools.exact": true, "pools.hit_ratio": true,
}

// paths adds the key paths of v to out: "a.b" for a key b of object a,
// "a[]" for the elements of list a, "a.*" for the names of a dynamic object.
func paths(v any, path string, out map[string]bool) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case map[string]any:
		if dynamic[path] {
			out[join("*")] = true
			return
		}
		for k, x := range v {
			out[join(k)] = true
			paths(x, join(k), out)
		}
	case []any:
		for _, x := range v {
			paths(x, path+"[]", out)
		}
	}
}

// schemaV1 is every key path of version 1 of the JSON schema, with the
// goroutine figures of Go 1.26 and 1.27.
var schemaV1 = []string{
	"ctxdata", "ctxdata.by_key", "ctxdata.by_key.*", "ctxdata.released_reads",
	"goroutines", "goroutines.created", "goroutines.not-in-go", "goroutines.runnable",
	"goroutines.running", "goroutines.total", "goroutines.waiting",
	"groups", "groups.by_name", "groups.by_name.*", "groups.running",
	"heap", "heap.live_bytes", "heap.stacks_bytes",
	"pools", "pools.count", "pools.count.*", "pools.drops", "pools.drops.*",
	"pools.exact", "pools.exact.*", "pools.gets", "pools.gets.*",
	"pools.hit_ratio", "pools.hit_ratio.*", "pools.news", "pools.news.*",
	"pools.puts", "pools.puts.*", "pools.type", "pools.type.*",
	"time", "version",
	"watchers",
	"watchers[].alerts", "watchers[].forced_gcs",
	"watchers[].goroutine_threshold",
	"watchers[].goroutines", "watchers[].goroutines.r2", "watchers[].goroutines.samples",
	"watchers[].goroutines.slope", "watchers[].goroutines.span_seconds",
	"watchers[].heap", "watchers[].heap.r2", "watchers[].heap.samples",
	"watchers[].heap.slope", "watchers[].heap.span_seconds",
	"watchers[].heap_threshold", "watchers[].hold_seconds", "watchers[].interval_seconds",
	"watchers[].min_r2", "watchers[].polls",
	"watchers[].recent_alerts",
	"watchers[].recent_alerts[].error",
	"watchers[].recent_alerts[].fit", "watchers[].recent_alerts[].fit.r2",
	"watchers[].recent_alerts[].fit.samples", "watchers[].recent_alerts[].fit.slope",
	"watchers[].recent_alerts[].fit.span_seconds",
	"watchers[].recent_alerts[].goroutine_profile", "watchers[].recent_alerts[].heap_profile",
	"watchers[].recent_alerts[].held_seconds", "watchers[].recent_alerts[].leaked",
	"watchers[].recent_alerts[].metric",
	"watchers[].recent_alerts[].stacks", "watchers[].recent_alerts[].stacks.r2",
	"watchers[].recent_alerts[].stacks.samples", "watchers[].recent_alerts[].stacks.slope",
	"watchers[].recent_alerts[].stacks.span_seconds",
	"watchers[].recent_alerts[].threshold", "watchers[].recent_alerts[].time",
	"watchers[].sample", "watchers[].sample.gc_cycles", "watchers[].sample.goroutines",
	"watchers[].sample.live_heap_bytes", "watchers[].sample.stacks_bytes", "watchers[].sample.time",
	"watchers[].samples", "watchers[].stacks", "watchers[].stacks.r2",
	"watchers[].stacks.samples", "watchers[].stacks.slope", "watchers[].stacks.span_seconds",
	"watchers[].started", "watchers[].window_seconds",
}

// leakedV1 are the keys of an element of an alert's leaked list.
var leakedV1 = []string{"count", "created_by", "function", "site"}

// TestHandlerJSONSchema is the golden test of the JSON's keys: a change to
// them is a change of the schema, which must keep to version 1 or bump it.
func TestHandlerJSONSchema(t *testing.T) {
	f := busy(t)
	v := readJSON(t)
	f.done()

	got := make(map[string]bool)
	paths(v, "", got)
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, schemaV1) {
		t.Errorf("key paths:\ngot  %q\nwant %q", keys, schemaV1)
	}
	if got, want := v["version"], 1.0; got != want {
		t.Errorf("version = %v, want %v", got, want)
	}
}

// TestHandlerJSONFigures checks the JSON's figures against what busy did.
func TestHandlerJSONFigures(t *testing.T) {
	f := busy(t)
	v := readJSON(t)
	f.done()

	at := func(path string) any {
		var x any = v
		for k := range strings.SplitSeq(path, ".") {
			m, _ := x.(map[string]any)
			x = m[k]
		}
		return x
	}
	for _, tt := range []struct {
		path string
		want any
	}{
		{"pools.type." + f.pool, "BufferPool"},
		{"pools.count." + f.pool, 1.0},
		{"pools.gets." + f.pool, 3.0},
		{"pools.puts." + f.pool, 3.0},
		{"pools.exact." + f.pool, true},
		{"groups.by_name." + f.group, 2.0},
		{"ctxdata.by_key." + f.key, 2.0},
	} {
		if got := at(tt.path); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.path, got, tt.want)
		}
	}
	if news := at("pools.news." + f.pool).(float64); news < 1 || news > 3 {
		t.Errorf("pools.news.%s = %v, want 1 to 3", f.pool, news)
	}
	if r, want := at("pools.hit_ratio."+f.pool), (3-at("pools.news."+f.pool).(float64))/3; r != want {
		t.Errorf("pools.hit_ratio.%s = %v, want %v, (gets-news)/gets", f.pool, r, want)
	}
	for _, path := range []string{"goroutines.total", "heap.stacks_bytes", "groups.running", "ctxdata.released_reads"} {
		if n, _ := at(path).(float64); n < 1 {
			t.Errorf("%s = %v, want a positive number", path, at(path))
		}
	}

	ws, _ := v["watchers"].([]any)
	if len(ws) != 1 {
		t.Fatalf("%d watchers listed, want 1", len(ws))
	}
	w := ws[0].(map[string]any)
	if got := w["goroutine_threshold"]; got != nil {
		t.Errorf("goroutine_threshold = %v, want null for NoThreshold", got)
	}
	if got, want := w["heap_threshold"], 256.0*1024; got != want {
		t.Errorf("heap_threshold = %v, want %v", got, want)
	}
	if got, want := w["window_seconds"], 5.0; got != want {
		t.Errorf("window_seconds = %v, want %v", got, want)
	}
	alerts, _ := w["recent_alerts"].([]any)
	if len(alerts) != 1 {
		t.Fatalf("%d recent alerts, want 1", len(alerts))
	}
	a := alerts[0].(map[string]any)
	fit := a["fit"].(map[string]any)
	if a["metric"] != "heap" || math.Abs(fit["slope"].(float64)-10<<20) > 1 || fit["r2"].(float64) < 0.99 || a["held_seconds"] != 2.0 {
		t.Errorf("recent alert %v, want a heap alert with a slope of 10 MiB/s, R² 1, held 2 s", a)
	}
	if l, ok := a["leaked"].([]any); !ok || len(l) != 0 {
		t.Errorf("leaked = %v, want [] for a heap alert", a["leaked"])
	}
}

func TestHandlerHTML(t *testing.T) {
	f := busy(t)
	// Beside busy's, a watcher with the other threshold off.
	w, err := leakwatch.Start(leakwatch.Config{Source: newLeakySource(0), HeapThreshold: leakwatch.NoThreshold})
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, leakwatch.Handler(), "/")
	w.Stop()
	f.done()

	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /: status %d, Content-Type %q; want 200, text/html", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		"<h2>Goroutines</h2>", "/sched/goroutines:goroutines", "<h2>Memory</h2>",
		"<td>" + f.group + "</td><td class=\"n\">2</td>",
		"<td>" + f.key + "</td><td class=\"n\">2</td>",
		"<td>" + f.pool + "</td><td>BufferPool</td><td class=\"n\">1</td><td class=\"n\">3</td>",
		"live heap growing 10.0 MiB/s (R² 1.00 over 5s, 51 samples) for 2s",
		"<a href=\"?format=json\">",
		"<td class=\"n\">256.0 KiB/s</td></tr>", // busy's heap threshold
		"<td class=\"n\">10.0/s</td></tr>",      // the other's goroutine threshold
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not contain %q", want)
		}
	}
	for _, bad := range []string{"<script", "src=", "url(", "%!"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page contains %q: want no script, no external asset and no formatting error", bad)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[1], "?") {
			t.Errorf("link %q is not relative to the page", m[1])
		}
	}
}

func TestHandlerRequests(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/debug/safeprim/", leakwatch.Handler())
	tests := []struct {
		name, method, target string
		code                 int
		ctype                string
	}{
		{"html", http.MethodGet, "/debug/safeprim/", 200, "text/html; charset=utf-8"},
		{"format=html", http.MethodGet, "/debug/safeprim/?format=html", 200, "text/html; charset=utf-8"},
		{"format=json", http.MethodGet, "/debug/safeprim/?format=json", 200, "application/json"},
		{"head", http.MethodHead, "/debug/safeprim/", 200, "text/html; charset=utf-8"},
		{"format=xml", http.MethodGet, "/debug/safeprim/?format=xml", 400, "text/plain; charset=utf-8"},
		{"post", http.MethodPost, "/debug/safeprim/", 405, "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			if rec.Code != tt.code || rec.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("%s %s: status %d, Content-Type %q; want %d, %q", tt.method, tt.target,
					rec.Code, rec.Header().Get("Content-Type"), tt.code, tt.ctype)
			}
			if tt.code == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q, want GET, HEAD", rec.Header().Get("Allow"))
			}
		})
	}
}

// TestWatchersListed checks that the page lists a watcher from Start to
// Stop, and no longer after.
func TestWatchersListed(t *testing.T) {
	count := func() int { return len(readJSON(t)["watchers"].([]any)) }
	before := count()
	w1, err1 := leakwatch.Start(leakwatch.Config{Source: newLeakySource(0)})
	w2, err2 := leakwatch.Start(leakwatch.Config{Source: newLeakySource(0)})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if got := count(); got != before+2 {
		t.Errorf("%d watchers listed after two Starts, want %d", got, before+2)
	}
	w1.Stop()
	if got := count(); got != before+1 {
		t.Errorf("%d watchers listed after one Stop, want %d", got, before+1)
	}
	w2.Stop()
	if got := count(); got != before {
		t.Errorf("%d watchers listed after both Stops, want %d", got, before)
	}
}
