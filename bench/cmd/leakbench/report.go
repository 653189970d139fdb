package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Files written to -out.
const (
	reportFile     = "report.md"
	chartFile      = "leakbench.svg" // the leak chart
	speedChartFile = "speed.svg"
	speedRawFile   = "speed.txt" // every benchmark's output, for benchstat
)

// report is one leakbench run.
type report struct {
	Command  string
	Date     time.Time
	Machine  machine
	Scale    float64
	Policy   policy
	Profiled bool          // the runtime had the goroutineleak profile
	Elapsed  time.Duration // the leak scenarios
	Rows     []row         // the leak scenarios
	Speed    *speedRun     // nil when the speed table was not asked for
}

// row is one scenario's outcome and verdict.
type row struct {
	outcome
	N      int
	Fatal  string // the fatal error the naive side was expected to die of
	Failed bool
	Why    string
}

func (r report) failures() int {
	n := 0
	for _, row := range r.Rows {
		if row.Failed {
			n++
		}
	}
	return n
}

// write writes the Markdown report and the charts to dir, and returns the
// files it wrote.
func (r report) write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	type file struct {
		name string
		data []byte
	}
	var md strings.Builder
	writeMarkdown(&md, r)
	files := []file{{reportFile, []byte(md.String())}}
	if len(r.Rows) > 0 {
		var svg strings.Builder
		writeChart(&svg, r.Rows)
		files = append(files, file{chartFile, []byte(svg.String())})
	}
	if r.Speed != nil {
		var svg strings.Builder
		writeSpeedChart(&svg, r.Speed.Results)
		files = append(files, file{speedChartFile, []byte(svg.String())}, file{speedRawFile, r.Speed.Raw})
	}
	var wrote []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return wrote, err
		}
		wrote = append(wrote, path)
	}
	return wrote, nil
}

// machine describes where the figures were measured.
type machine struct {
	OS, Arch, CPU, Go string
	CPUs              int
	// Load is the one-minute load average when the run started, -1 where
	// the system does not say: figures from a busy machine are noisier.
	Load float64
}

func thisMachine() machine {
	return machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPU: cpuModel(), Go: runtime.Version(), CPUs: runtime.NumCPU(), Load: loadAverage()}
}

func (m machine) String() string {
	s := fmt.Sprintf("%s/%s, %d CPUs", m.OS, m.Arch, m.CPUs)
	if m.CPU != "" {
		s += " (" + m.CPU + ")"
	}
	s += ", " + m.Go
	if m.Load >= 0 {
		s += fmt.Sprintf(", load average %.2f", m.Load)
	}
	return s
}

// short is the machine as a block's marker names it: "linux/amd64, 2
// CPUs, AMD EPYC".
func (m machine) short() string {
	s := fmt.Sprintf("%s/%s, %d CPUs", m.OS, m.Arch, m.CPUs)
	if m.CPU != "" {
		s += ", " + m.CPU
	}
	return s
}

// loadAverage returns the one-minute load average on Linux, -1 elsewhere.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b) + " x")[0], 64)
	if err != nil {
		return -1
	}
	return f
}

// cpuModel returns the CPU's model name on Linux, "" elsewhere.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func commandLine(args []string) string {
	parts := []string{"go run ./bench/cmd/leakbench"}
	for _, a := range args {
		if strings.ContainsAny(a, " \t'\"$*?[]()|&;<>\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// formatBytes prints n in B, KiB, MiB or GiB with three significant digits.
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	if n%unit == 0 && n < unit*unit {
		return fmt.Sprintf("%d KiB", n/unit)
	}
	f := float64(n)
	for _, u := range []string{"KiB", "MiB", "GiB"} {
		f /= unit
		if f < unit || u == "GiB" {
			switch {
			case f < 10:
				return fmt.Sprintf("%.2f %s", f, u)
			case f < 100:
				return fmt.Sprintf("%.1f %s", f, u)
			default:
				return fmt.Sprintf("%.0f %s", f, u)
			}
		}
	}
	panic("unreachable")
}

// formatFraction prints f as "1/N" when it is the inverse of a whole
// number, else as a decimal.
func formatFraction(f float64) string {
	if inv := 1 / f; f > 0 && inv == math.Trunc(inv) {
		return fmt.Sprintf("1/%.0f", inv)
	}
	return fmt.Sprintf("%g", f)
}

// formatRatio prints safeprim/naive as "1/N", "0" or "N.Nx".
func formatRatio(o outcome) string {
	r, ok := o.ratio()
	switch {
	case !ok:
		return "-"
	case r == 0:
		return "0"
	case r < 1:
		return fmt.Sprintf("1/%.0f", 1/r)
	default:
		return fmt.Sprintf("%.2fx", r)
	}
}

// retainedCell is a side's retained heap, or what happened instead.
func retainedCell(s side) string {
	switch {
	case s.Killed != "":
		return "killed"
	case s.Err != "":
		return "error"
	}
	return formatBytes(s.Retained)
}

func goroutinesCell(s side) string {
	if !s.completed() {
		return "-"
	}
	return fmt.Sprint(s.GoroutinesLeft)
}

func nsCell(s side) string {
	if !s.completed() {
		return "-"
	}
	switch {
	case s.NsPerOp < 10:
		return fmt.Sprintf("%.2f", s.NsPerOp)
	case s.NsPerOp < 100:
		return fmt.Sprintf("%.1f", s.NsPerOp)
	}
	return fmt.Sprintf("%.0f", s.NsPerOp)
}

func verdictCell(r row) string {
	if r.Failed {
		return "LEAK"
	}
	return "ok"
}

// notes lists what a table cannot show: sides that died or failed, failed
// verdicts, and what the runtime's goroutineleak profile found.
func notes(r report) []string {
	var out []string
	for _, row := range r.Rows {
		for _, s := range []side{row.Naive, row.Safeprim} {
			switch {
			case s.Killed != "":
				out = append(out, fmt.Sprintf("%s: the %s side was killed by the runtime: `%s`", row.Scenario, s.Impl, s.Killed))
			case s.Err != "":
				out = append(out, fmt.Sprintf("%s: the %s side failed: %s", row.Scenario, s.Impl, s.Err))
			}
		}
		if row.Fatal != "" && row.Naive.completed() {
			out = append(out, fmt.Sprintf("%s: the naive side completed %d runs without `%s`: the runtime detects this misuse only when the writes overlap in time",
				row.Scenario, fatalTries, row.Fatal))
		}
		if row.Failed {
			out = append(out, fmt.Sprintf("%s: LEAK: %s", row.Scenario, row.Why))
		}
	}
	if !r.Profiled {
		return out
	}
	for _, row := range r.Rows {
		if !leakedAny(row.Naive) && !leakedAny(row.Safeprim) {
			continue
		}
		out = append(out, fmt.Sprintf("%s: runtime goroutineleak profile: naive %s; safeprim %s",
			row.Scenario, profileCell(row.Naive), profileCell(row.Safeprim)))
	}
	return out
}

// leakedAny reports whether a side left goroutines by either count.
func leakedAny(s side) bool {
	return s.GoroutinesLeft > 0 || (s.LeakProfile != nil && s.LeakProfile.Count > 0)
}

// profileCell is what the runtime's profile found on a side, and whether
// it agrees with the goroutines-left count.
func profileCell(s side) string {
	switch {
	case !s.completed():
		return "not read"
	case s.LeakProfile == nil:
		return "no profile"
	case s.LeakProfile.Count == s.GoroutinesLeft:
		return s.LeakProfile.String() + " (agrees with goroutines left)"
	}
	return fmt.Sprintf("%s (goroutines left: %d)", s.LeakProfile, s.GoroutinesLeft)
}
