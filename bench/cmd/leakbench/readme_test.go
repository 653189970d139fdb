package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// blockOpen matches a block's opening marker and its four fields: the
// command, the date, the Go version and the machine.
var blockOpen = regexp.MustCompile(`^<!-- leakbench:(\w+) (go run \./bench/cmd/leakbench[^|]*) \| (\d{4}-\d{2}-\d{2}) \| (go1\.[^ |]+) \| (\w+/\w+, \d+ CPUs[^|]*) -->$`)

// blockColumns are the columns of each kind of block's table.
var blockColumns = map[string][]string{"leaks": columns, "speed": speedColumns}

// checkBlocks checks every block of leakbench figures in the Markdown md:
// its opening marker names the command, date, Go version and machine; its
// first line repeats the command and the date; it holds one table with
// the report's columns, every row with as many cells; a closing marker
// ends it. It returns the blocks' kinds in order.
func checkBlocks(t *testing.T, md string) []string {
	t.Helper()
	var kinds []string
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "<!-- leakbench:") && !strings.HasPrefix(lines[i], "<!-- /leakbench:") {
			continue
		}
		if strings.HasPrefix(lines[i], "<!-- /leakbench:") {
			t.Errorf("line %d: %q closes no block", i+1, lines[i])
			continue
		}
		m := blockOpen.FindStringSubmatch(lines[i])
		if m == nil {
			t.Errorf("line %d: %q is not an opening marker <!-- leakbench:KIND COMMAND | DATE | GOVERSION | MACHINE -->", i+1, lines[i])
			continue
		}
		kind, command, date := m[1], strings.TrimSpace(m[2]), m[3]
		kinds = append(kinds, kind)
		cols, ok := blockColumns[kind]
		if !ok {
			t.Errorf("line %d: block kind %q, want leaks or speed", i+1, kind)
		}
		if _, err := time.Parse(markerDate, date); err != nil {
			t.Errorf("line %d: date %q: %v", i+1, date, err)
		}
		closing := "<!-- /leakbench:" + kind + " -->"
		end := i + 1
		for end < len(lines) && lines[end] != closing {
			if strings.HasPrefix(lines[end], "<!-- ") {
				break
			}
			end++
		}
		if end == len(lines) || lines[end] != closing {
			t.Errorf("line %d: %s block has no %s", i+1, kind, closing)
			continue
		}
		body := lines[i+1 : end]
		if len(body) == 0 || !strings.HasPrefix(body[0], "`"+command+"` on "+date+" ") {
			t.Errorf("line %d: %s block does not start with its command and date, `%s` on %s:\n%s", i+1, kind, command, date, strings.Join(body, "\n"))
		}
		var table []string
		for _, l := range body {
			if strings.HasPrefix(l, "|") {
				table = append(table, l)
			}
		}
		if want := "| " + strings.Join(cols, " | ") + " |"; len(table) < 3 || table[0] != want {
			t.Errorf("line %d: %s block's table header is not\n%s\ngot %q", i+1, kind, want, table)
			i = end
			continue
		}
		for _, l := range table[1:] {
			if n := strings.Count(l, " | ") + 1; n != len(cols) && !strings.Contains(l, "|---") && !strings.Contains(l, "|:---") {
				t.Errorf("line %d: %s row has %d cells, want %d: %s", i+1, kind, n, len(cols), l)
			}
		}
		i = end
	}
	return kinds
}

// TestREADMEBlocks checks the README's figures: a leaks block and a speed
// block pasted from a report, each with its header and the report's
// columns.
func TestREADMEBlocks(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := checkBlocks(t, string(b))
	if strings.Join(kinds, " ") != "leaks speed" {
		t.Errorf("README blocks %q, want a leaks block, then a speed block", kinds)
	}
}

// TestReportBlocks checks that report.md's blocks pass the check the
// README's copies must pass.
func TestReportBlocks(t *testing.T) {
	var md strings.Builder
	writeMarkdown(&md, sampleReport())
	if kinds := checkBlocks(t, md.String()); strings.Join(kinds, " ") != "leaks speed" {
		t.Errorf("report.md blocks %q, want leaks speed:\n%s", kinds, md.String())
	}
}
