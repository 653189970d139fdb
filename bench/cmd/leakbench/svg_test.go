package main

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func chartRows() []row {
	retained := func(impl scenario.Impl, b uint64) side {
		return side{Impl: impl, Retained: b}
	}
	return []row{
		{outcome: outcome{Scenario: "a/big", Naive: retained(scenario.Naive, 3<<30), Safeprim: retained(scenario.Safeprim, 0)}},
		{outcome: outcome{Scenario: "b/<&>", Naive: retained(scenario.Naive, 5<<20), Safeprim: retained(scenario.Safeprim, 300)}},
		{outcome: outcome{Scenario: "map/concurrent-writes",
			Naive:    side{Impl: scenario.Naive, Killed: "fatal error: concurrent map writes"},
			Safeprim: retained(scenario.Safeprim, 2048)}},
	}
}

func TestChartWellFormed(t *testing.T) {
	var b strings.Builder
	writeChart(&b, chartRows())
	dec := xml.NewDecoder(strings.NewReader(b.String()))
	var root string
	counts := map[string]int{}
	var texts []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, b.String())
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Space + " " + tok.Name.Local
			}
			counts[tok.Name.Local]++
		case xml.CharData:
			texts = append(texts, string(tok))
		}
	}
	if want := "http://www.w3.org/2000/svg svg"; root != want {
		t.Errorf("root element %q, want %q", root, want)
	}
	// Background, two legend swatches, and one bar per completed side.
	if got, want := counts["rect"], 3+5; got != want {
		t.Errorf("%d rect elements, want %d", got, want)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"b/<&>", "killed: fatal error: concurrent map writes", "3.00 GiB", "0 B", "1 KiB", "32 GiB"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart text does not contain %q: %s", want, all)
		}
	}
}

func TestChartRange(t *testing.T) {
	tests := []struct {
		max  uint64
		want uint64
	}{{0, 1 << 20}, {1 << 20, 1 << 20}, {1<<20 + 1, 32 << 20}, {3 << 30, 32 << 30}}
	for _, tt := range tests {
		rows := []row{{outcome: outcome{Naive: side{Retained: tt.max}}}}
		if lo, hi := chartRange(rows); lo != 1<<10 || hi != tt.want {
			t.Errorf("chartRange(max %d) = %d, %d; want %d, %d", tt.max, lo, hi, 1<<10, tt.want)
		}
	}
}
