package main

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
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

// parseSVG checks that svg is well-formed XML and returns its root
// element, a count of each element and its text.
func parseSVG(t *testing.T, svg string) (root string, counts map[string]int, text string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	counts = map[string]int{}
	var texts []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, svg)
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
	return root, counts, strings.Join(texts, "|")
}

func TestChartWellFormed(t *testing.T) {
	var b strings.Builder
	writeChart(&b, chartRows())
	root, counts, all := parseSVG(t, b.String())
	if want := "http://www.w3.org/2000/svg svg"; root != want {
		t.Errorf("root element %q, want %q", root, want)
	}
	// Background, two legend swatches, and one bar per completed side.
	if got, want := counts["rect"], 3+5; got != want {
		t.Errorf("%d rect elements, want %d", got, want)
	}
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

func TestSpeedChart(t *testing.T) {
	rows := sampleReport().Speed.Results
	results := append(rows[:2:2], rows[4])       // two Pool rows and a BufferPool row, each with a naive ratio
	results[1].Runs, results[1].NaiveRuns = 0, 0 // not measured
	results[2].Ratio.Center, results[2].Ratio.Lo, results[2].Ratio.Hi = 0.8, 0.7, 0.9
	var b strings.Builder
	writeSpeedChart(&b, results)
	root, counts, all := parseSVG(t, b.String())
	if want := "http://www.w3.org/2000/svg svg"; root != want {
		t.Errorf("root element %q, want %q", root, want)
	}
	// Three legend marks and, per row, a target mark; an interval and a
	// median where measured; a naive ring where there is a naive ratio.
	if got, want := counts["circle"], 2+2+2; got != want {
		t.Errorf("%d circles, want %d", got, want)
	}
	if got, want := counts["line"], 1+3+2; got < want {
		t.Errorf("%d lines, want at least %d", got, want)
	}
	for _, want := range []string{"not measured", "1.50x", "0.80x", "PoolGetPut/mode=serial", "BufferPool vs sync.Pool by hand (safepool)", "1x", "0.5x", "1/16x"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart text does not contain %q: %s", want, all)
		}
	}
	if lo, hi := speedRange(results); lo > 0.0123 || hi < 2 || lo != math.Exp2(math.Floor(math.Log2(lo))) {
		t.Errorf("speedRange = %v, %v; want powers of two around 0.0123 and 2", lo, hi)
	}
}
