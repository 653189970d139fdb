package scenario_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// named returns the scenario of All called name, or panics.
func named(name string) scenario.Scenario {
	i := slices.IndexFunc(scenario.All, func(s scenario.Scenario) bool { return s.Name == name })
	if i < 0 {
		panic("no scenario " + name)
	}
	return scenario.All[i]
}

// TestAll checks every entry of the list: a unique source/pattern name
// from a known source, in order, with a positive count, both sides and a
// line for each.
func TestAll(t *testing.T) {
	sources := []string{"context", "goroutine", "http", "map", "pool", "slice"}
	seen := map[string]bool{}
	for i, s := range scenario.All {
		source, pattern, ok := strings.Cut(s.Name, "/")
		switch {
		case !ok || pattern == "" || strings.Contains(pattern, "/"):
			t.Errorf("All[%d]: name %q, want source/pattern", i, s.Name)
		case !slices.Contains(sources, source) || s.Source() != source:
			t.Errorf("%s: Source() = %q, want one of %q", s.Name, s.Source(), sources)
		case seen[s.Name]:
			t.Errorf("%s: listed twice", s.Name)
		case i > 0 && scenario.All[i-1].Name > s.Name:
			t.Errorf("%s: listed after %s, want All sorted by name", s.Name, scenario.All[i-1].Name)
		}
		seen[s.Name] = true
		if s.N < 1 {
			t.Errorf("%s: N = %d, want a positive operation count", s.Name, s.N)
		}
		if s.Naive == nil || s.Safeprim == nil {
			t.Errorf("%s: a nil side, want both Naive and Safeprim", s.Name)
		}
		if s.Leak == "" || s.Fix == "" {
			t.Errorf("%s: Leak %q, Fix %q; want a line for each", s.Name, s.Leak, s.Fix)
		}
		if s.WarmGoroutines < 0 {
			t.Errorf("%s: WarmGoroutines = %d, want 0 or more", s.Name, s.WarmGoroutines)
		}
	}
	for _, source := range sources {
		if !slices.ContainsFunc(scenario.All, func(s scenario.Scenario) bool { return s.Source() == source }) {
			t.Errorf("no %s scenario, want at least one per source", source)
		}
	}
}

func TestCount(t *testing.T) {
	s := scenario.Scenario{N: 1000}
	tests := []struct {
		scale float64
		want  int
	}{{1, 1000}, {0.1, 100}, {2.5, 2500}, {0.0001, 1}, {0, 1}}
	for _, tt := range tests {
		if got := s.Count(tt.scale); got != tt.want {
			t.Errorf("Count(%v) = %d, want %d", tt.scale, got, tt.want)
		}
	}
}
