package leakwatch_test

import (
	"fmt"
	"log"
	"runtime"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/safeprim/safeprim/safepool"
)

// Publishing the figures through expvar, and collecting them with
// Prometheus's expvar collector: every number of the report sits at
// section.figure, or at section.figure.name for a named pool, Group or
// key, so two descriptions with those labels collect them all.
func ExamplePublish() {
	publish() // leakwatch.Publish("safeprim"), once, as main does

	pool := safepool.NewBufferPool(safepool.WithName("example"), safepool.WithStats(true))
	pool.Put(pool.Get())
	pool.Put(pool.Get())

	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewExpvarCollector(map[string]*prometheus.Desc{
			"safeprim": prometheus.NewDesc("safeprim", "safeprim's figures, by section and figure.",
				[]string{"section", "figure"}, nil),
		}),
		collectors.NewExpvarCollector(map[string]*prometheus.Desc{
			"safeprim": prometheus.NewDesc("safeprim_named", "safeprim's figures of named pools, Groups and keys.",
				[]string{"section", "figure", "name"}, nil),
		}),
	)
	families, err := reg.Gather()
	if err != nil {
		log.Fatal(err)
	}
	for _, mf := range families {
		for _, m := range mf.GetMetric() {
			var labels []string
			name := ""
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
				if l.GetName() == "name" {
					name = l.GetValue()
				}
			}
			switch {
			case mf.GetName() == "safeprim":
				fmt.Printf("%s{%s}\n", mf.GetName(), strings.Join(labels, ","))
			case name == "example" && !strings.Contains(strings.Join(labels, ","), "figure=news") &&
				!strings.Contains(strings.Join(labels, ","), "figure=hit_ratio"): // vary with the GC
				fmt.Printf("%s{%s} %v\n", mf.GetName(), strings.Join(labels, ","), m.GetUntyped().GetValue())
			}
		}
	}
	runtime.KeepAlive(pool)
	// Unordered output:
	// safeprim{figure=released_reads,section=ctxdata}
	// safeprim{figure=created,section=goroutines}
	// safeprim{figure=not-in-go,section=goroutines}
	// safeprim{figure=runnable,section=goroutines}
	// safeprim{figure=running,section=goroutines}
	// safeprim{figure=total,section=goroutines}
	// safeprim{figure=waiting,section=goroutines}
	// safeprim{figure=running,section=groups}
	// safeprim{figure=live_bytes,section=heap}
	// safeprim{figure=stacks_bytes,section=heap}
	// safeprim_named{figure=count,name=example,section=pools} 1
	// safeprim_named{figure=drops,name=example,section=pools} 0
	// safeprim_named{figure=exact,name=example,section=pools} 1
	// safeprim_named{figure=gets,name=example,section=pools} 2
	// safeprim_named{figure=puts,name=example,section=pools} 2
}
