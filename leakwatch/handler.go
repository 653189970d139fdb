package leakwatch

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/safeprim/safeprim/safepool"
)

// Handler returns an HTTP handler that serves the debug page: what the
// runtime and safeprim's primitives count, as a page in the manner of
// net/http/pprof's index (plain HTML, no script, no external asset), or as
// JSON with ?format=json, in the schema the package doc describes. Mount
// it at any path; its one link is relative:
//
//	mux.Handle("/debug/safeprim/", leakwatch.Handler())
//
// The page shows the goroutine counts by state (runtime/metrics
// /sched/goroutines figures, as many as the Go release has), the live heap
// and stack bytes, the goroutines running per named [goroutine.Group],
// ctxdata's released reads, overall and per named key, the named safepool
// pools with their Stats and hit ratio, and each running [Watcher] with its
// settings, fits and last alerts. Reading it does not stop the world: it
// reads runtime/metrics and the primitives' own counters, under no lock
// that their fast paths take (BenchmarkScrape measures it).
//
// The handler answers GET and HEAD; a format other than json or html is a
// bad request. It is safe for concurrent use.
func Handler() http.Handler { return handler{} }

type handler struct{}

func (handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "leakwatch: method "+r.Method+" not allowed; use GET", http.StatusMethodNotAllowed)
		return
	}
	var (
		body  []byte
		ctype string
		err   error
	)
	switch f := r.URL.Query().Get("format"); f {
	case "json":
		body, err = read().marshal("  ")
		body = append(body, '\n')
		ctype = "application/json"
	case "", "html":
		var b bytes.Buffer
		rep := read()
		err = page.Execute(&b, view{report: rep, States: rep.states, Pools: rep.pools})
		body, ctype = b.Bytes(), "text/html; charset=utf-8"
	default:
		http.Error(w, fmt.Sprintf("leakwatch: unknown format %q; use format=json, or none for the HTML page", f), http.StatusBadRequest)
		return
	}
	if err != nil {
		http.Error(w, "leakwatch: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(body)
}

// view is what the page's template reads: the report, and its figures in
// the page's order.
type view struct {
	*report
	States []goroutineState
	Pools  []poolRow
}

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"bytes":    formatBytes,
	"rate":     func(x any) string { return fmt.Sprintf("%.1f", number(x)) },
	"seconds":  func(s float64) string { return roundDuration(time.Duration(s * float64(time.Second))).String() },
	"hitRatio": formatHitRatio,
	"inc":      func(i int) int { return i + 1 },
}).Parse(pageHTML))

// formatBytes formats a byte count, or a slope in bytes per second, in
// B, KiB, MiB or GiB.
func formatBytes(x any) string {
	v := number(x)
	unit := "B"
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if v < 1024 && v > -1024 {
			break
		}
		v, unit = v/1024, u
	}
	if unit == "B" {
		return fmt.Sprintf("%.0f B", v)
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}

// number returns x, a uint64, a float64 or a non-nil *float64, as a float64.
func number(x any) float64 {
	switch x := x.(type) {
	case uint64:
		return float64(x)
	case float64:
		return x
	case *float64:
		return *x
	}
	panic(fmt.Sprintf("leakwatch: the page formats %T as a number", x))
}

func formatHitRatio(s safepool.Stats) string {
	ratio, ok := s.HitRatio()
	switch {
	case !s.Exact:
		return "not counted"
	case !ok:
		return "no gets yet"
	}
	return fmt.Sprintf("%.1f%%", 100*ratio)
}

// Text describes the alert on one line, as Alert.String does, without the
// package name and the leaked goroutines, which the page lists in a table.
func (a alertReport) Text() string {
	c := a.alert
	c.Leaked = nil
	return strings.TrimPrefix(c.String(), "leakwatch: ")
}
