package stacks_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/internal/stacks"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// sample is a goroutine profile written by pprof with debug=1, with its
// tabwriter's padding: the profile's own goroutine, two goroutines with
// labels, one the runtime could not name a frame of, and one not yet run.
const sample = "goroutine profile: total 5\n" +
	"1 @ 0x4c8771 0x4dc085 0x44ca75 0x483e41\n" +
	"#\t0x4c8770\truntime/pprof.writeRuntimeProfile+0xb0\t/usr/local/go/src/runtime/pprof/pprof.go:851\n" +
	"#\t0x4dc084\tmain.main+0x104\t\t\t\t/tmp/exp/main.go:19\n" +
	"#\t0x44ca74\truntime.main+0x2d4\t\t\t/usr/local/go/src/runtime/proc.go:290\n" +
	"\n" +
	"2 @ 0x47d92e 0x4158ee 0x4dc139 0x483e41\n" +
	"# labels: {\"a\":\"b\", \"k\":\"v\\tx, \\\"y\\\"\"}\n" +
	"#\t0x4dc138\tmain.(*T).blocked[...]+0x18\t/tmp/exp/main.go:10\n" +
	"#\t0x4dc17c\tmain.main.func1.1+0x1c\t\t/tmp/exp/main.go:16\n" +
	"\n" +
	"1 @ 0x47d92e 0x4dc17d\n" +
	"#\t0x47d92d\n" +
	"#\t0x4dc17c\tmain.worker+0x1c\t/tmp/dir with space/w.go:7\n" +
	"\n" +
	"1 @ 0x483e41\n" +
	"# labels: {}\n" +
	"\n"

func TestParse(t *testing.T) {
	tests := []struct {
		name, text string
		want       *stacks.Profile
	}{
		{"goroutine", sample, &stacks.Profile{Name: "goroutine", Total: 5, Records: []stacks.Record{
			{Count: 1, Stack: []stacks.Frame{
				{"runtime/pprof.writeRuntimeProfile", "/usr/local/go/src/runtime/pprof/pprof.go", 851},
				{"main.main", "/tmp/exp/main.go", 19},
				{"runtime.main", "/usr/local/go/src/runtime/proc.go", 290},
			}},
			{Count: 2, Labels: map[string]string{"a": "b", "k": "v\tx, \"y\""}, Stack: []stacks.Frame{
				{"main.(*T).blocked[...]", "/tmp/exp/main.go", 10},
				{"main.main.func1.1", "/tmp/exp/main.go", 16},
			}},
			{Count: 1, Stack: []stacks.Frame{
				{},
				{"main.worker", "/tmp/dir with space/w.go", 7},
			}},
			{Count: 1, Labels: map[string]string{}},
		}}},
		{"goroutineleak-empty", "goroutineleak profile: total 0\n", &stacks.Profile{Name: "goroutineleak"}},
		{"goroutineleak", "goroutineleak profile: total 3\n" +
			"3 @ 0x47d92e 0x4dc139 0x483e41\n" +
			"#\t0x4dc138\tmain.send+0x18\t/src/main.go:10\n",
			&stacks.Profile{Name: "goroutineleak", Total: 3, Records: []stacks.Record{
				{Count: 3, Stack: []stacks.Frame{{"main.send", "/src/main.go", 10}}},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stacks.Parse(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const header = "goroutine profile: total 1\n"
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "stacks: empty profile"},
		{"header", "heap profile: 1: 2 [3: 4] @ heap/1048576\n", "stacks: line 1: not a profile header"},
		{"total", "goroutine profile: total x\n", "stacks: line 1: bad total"},
		{"record-header", header + "one @ 0x1\n", "stacks: line 2: bad record header"},
		{"frame-outside", header + "#\t0x1\tmain.f+0x1\t/m.go:1\n", "stacks: line 2: frame outside a record"},
		{"labels-outside", header + "# labels: {}\n", "stacks: line 2: labels outside a record's header"},
		{"labels-after-frame", header + "1 @ 0x1\n#\t0x1\n# labels: {}\n", "stacks: line 4: labels outside a record's header"},
		{"labels-twice", header + "1 @ 0x1\n# labels: {}\n# labels: {}\n", "stacks: line 4: labels outside a record's header"},
		{"labels-brace", header + "1 @ 0x1\n# labels: \"a\":\"b\"\n", "stacks: line 3: labels do not start with {"},
		{"labels-quote", header + "1 @ 0x1\n# labels: {a:\"b\"}\n", "stacks: line 3: label not quoted"},
		{"labels-colon", header + "1 @ 0x1\n# labels: {\"a\" \"b\"}\n", "stacks: line 3: no : after label key \"a\""},
		{"labels-end", header + "1 @ 0x1\n# labels: {\"a\":\"b\"\n", "stacks: line 3: no , or } after label \"a\""},
		{"frame-fields", header + "1 @ 0x1\n#\t0x1\tmain.f+0x1\n", "stacks: line 3: bad frame"},
		{"frame-line", header + "1 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:x\n", "stacks: line 3: bad frame"},
		{"frame-colon", header + "1 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go\n", "stacks: line 3: bad frame"},
		{"header-in-record", header + "1 @ 0x1\n1 @ 0x2\n", "stacks: line 3: record header inside a record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stacks.Parse(strings.NewReader(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want one starting with %q", err, tt.want)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	r := stacks.Record{Count: 1, Stack: []stacks.Frame{
		{"main.blocked", "/m.go", 10},
		{"main.middle", "/m.go", 20},
		{"main.worker", "/m.go", 30},
	}}
	if got, want := r.Blocked(), r.Stack[0]; got != want {
		t.Errorf("Blocked: got %v, want %v", got, want)
	}
	if got, want := r.Entry(), r.Stack[2]; got != want {
		t.Errorf("Entry: got %v, want %v", got, want)
	}
	for _, tt := range []struct {
		function string
		want     bool
	}{{"main.blocked", true}, {"main.middle", true}, {"main.worker", true}, {"main.other", false}, {"main", false}} {
		if got := r.Calls(tt.function); got != tt.want {
			t.Errorf("Calls(%q): got %v, want %v", tt.function, got, tt.want)
		}
	}
	if got, want := r.Blocked().String(), "main.blocked /m.go:10"; got != want {
		t.Errorf("Frame.String: got %q, want %q", got, want)
	}
	var empty stacks.Record
	if empty.Blocked() != (stacks.Frame{}) || empty.Entry() != (stacks.Frame{}) {
		t.Errorf("Blocked and Entry of an empty stack: got %v and %v, want zero Frames", empty.Blocked(), empty.Entry())
	}
	phantom := stacks.Record{Count: 3, Stack: []stacks.Frame{{}}}
	if !r.Named() || empty.Named() || phantom.Named() {
		t.Errorf("Named: got %v, %v, %v for a stack, an empty one and one unnamed frame; want true, false, false", r.Named(), empty.Named(), phantom.Named())
	}
}
