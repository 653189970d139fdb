package bench_test

import (
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench"
)

const mib = 1 << 20

var keep [][]byte

func TestMeasureRetained(t *testing.T) {
	tests := []struct {
		name     string
		keep     int // bytes the workload keeps reachable
		min, max uint64
	}{
		{name: "keeps=0", keep: 0, min: 0, max: mib},
		{name: "keeps=8MiB", keep: 8 * mib, min: 7 * mib, max: 9 * mib},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() { keep = nil }()
			r := bench.Measure(func() {
				for range 16 {
					_ = make([]byte, mib) // garbage, not retained
				}
				if tt.keep > 0 {
					keep = append(keep, make([]byte, tt.keep))
				}
			})
			if r.Retained < tt.min || r.Retained > tt.max {
				t.Errorf("Retained = %d, want in [%d, %d]", r.Retained, tt.min, tt.max)
			}
		})
	}
}

func TestMeasureGoroutinesLeft(t *testing.T) {
	tests := []struct {
		name    string
		blocked int // goroutines still blocked when run returns
		ending  int // goroutines told to return just before run returns
	}{
		{name: "none", blocked: 0, ending: 0},
		{name: "ending=8", blocked: 0, ending: 8},
		{name: "blocked=5", blocked: 5, ending: 0},
		{name: "blocked=3,ending=8", blocked: 3, ending: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Wait for every goroutine before the next case counts its own.
			var wg sync.WaitGroup
			hold := make(chan struct{})
			defer wg.Wait()
			defer close(hold)
			r := bench.Measure(func() {
				finish := make(chan struct{})
				for range tt.blocked {
					wg.Go(func() { <-hold })
				}
				for range tt.ending {
					wg.Go(func() { <-finish })
				}
				close(finish)
			}, bench.WithSettle(time.Second))
			if r.GoroutinesLeft != tt.blocked {
				t.Errorf("GoroutinesLeft = %d, want %d", r.GoroutinesLeft, tt.blocked)
			}
		})
	}
}

func TestMeasurePeak(t *testing.T) {
	defer func() { keep = nil }()
	work := func() { keep = append(keep, make([]byte, 32*mib)) }

	r := bench.Measure(work)
	if r.Peak < 31*mib {
		t.Errorf("Peak = %d with 32 MiB live at the end, want at least %d", r.Peak, 31*mib)
	}
	r = bench.Measure(work, bench.WithPeakSampling(bench.Never))
	if r.Peak != 0 {
		t.Errorf("Peak = %d with sampling off, want 0", r.Peak)
	}
}

func TestMeasureWithGCs(t *testing.T) {
	var pool sync.Pool
	fill := func() {
		// Under the race detector sync.Pool drops one Put in four at
		// random; 64 buffers leave plenty either way.
		for range 64 {
			pool.Put(new([128 << 10]byte))
		}
	}
	tests := []struct {
		name     string
		opts     []bench.Option
		min, max uint64
	}{
		{name: "settled", opts: nil, min: 0, max: mib},
		{name: "gcs=1", opts: []bench.Option{bench.WithGCs(1)}, min: 4 * mib, max: 9 * mib},
		{name: "gcs=2", opts: []bench.Option{bench.WithGCs(2)}, min: 0, max: mib},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A collection during fill would empty the pool before the
			// measurement looks; Measure collects explicitly.
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
			r := bench.Measure(fill, tt.opts...)
			if r.Retained < tt.min || r.Retained > tt.max {
				t.Errorf("Retained = %d, want in [%d, %d]", r.Retained, tt.min, tt.max)
			}
		})
	}
}

// coldEnv, set in the environment of a child test process, makes
// TestMeasureWarmGoroutines run its cold case: only a fresh process is sure
// never to have had 2000 goroutines at once before.
const coldEnv = "BENCH_TEST_COLD"

func TestMeasureWarmGoroutines(t *testing.T) {
	const n = 2000
	burst := func() {
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for range n {
			wg.Go(func() { <-gate })
		}
		close(gate)
		wg.Wait()
	}
	if os.Getenv(coldEnv) == "1" {
		// The first burst of n goroutines leaves n descriptors behind.
		if r := bench.Measure(burst); r.Retained < n*200 || r.Retained > n*2000 {
			t.Errorf("cold: Retained = %d, want in [%d, %d]", r.Retained, n*200, n*2000)
		}
		return
	}
	t.Run("cold", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMeasureWarmGoroutines$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), coldEnv+"=1")
		out, err := cmd.CombinedOutput()
		// -test.v: a child that ran no test would pass too.
		if err != nil || !strings.Contains(string(out), "--- PASS: TestMeasureWarmGoroutines") {
			t.Errorf("child test process: %v, want the cold case run and passed\n%s", err, out)
		}
	})
	t.Run("warm", func(t *testing.T) {
		if r := bench.Measure(burst, bench.WithWarmGoroutines(n)); r.Retained > n*50 {
			t.Errorf("warm: Retained = %d, want at most %d", r.Retained, n*50)
		}
	})
}
