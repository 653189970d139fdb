package leakwatch_test

import (
	"encoding/json"
	"expvar"
	"testing"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/leakwatch"
)

func TestPublish(t *testing.T) {
	publish()
	v := expvar.Get("safeprim")
	if v == nil {
		t.Fatal(`expvar.Get("safeprim") = nil after Publish("safeprim")`)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(v.String()), &r); err != nil {
		t.Fatalf("the variable is not JSON: %v", err)
	}
	if r["version"] != 1.0 || r["goroutines"] == nil || r["watchers"] == nil {
		t.Errorf("the variable holds %v, want the report, version 1", r)
	}
}

func TestPublishPanics(t *testing.T) {
	publish()
	if expvar.Get("lwtestint") == nil {
		expvar.NewInt("lwtestint")
	}
	tests := []struct {
		name, arg, want string
	}{
		{"empty", "", "leakwatch: Publish: empty name; pass the name /debug/vars should show the figures under"},
		{"published", "safeprim", `leakwatch: Publish: name "safeprim" is already published; publish the figures once`},
		{"published-by-expvar", "lwtestint", `leakwatch: Publish: name "lwtestint" is already published`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panictest.Want(t, tt.want, func() { leakwatch.Publish(tt.arg) })
		})
	}
}
