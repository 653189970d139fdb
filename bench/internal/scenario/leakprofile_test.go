package scenario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/internal/stacks"
)

// An internal test: the profile's text is parsed from a sample, so that the
// summary is checked on every toolchain, with or without the profile.
func TestLeakProfileOf(t *testing.T) {
	const text = `goroutineleak profile: total 6
2 @ 0x47e08e 0x4158ee 0x415432 0x4d9ef9 0x484561
#	0x4d9ef8	example.com/app.send.func1+0x18	/src/app/send.go:11

3 @ 0x47e08e 0x4158ee 0x415432 0x4d9ef9 0x484561
#	0x4d9ef8	example.com/app.worker+0x2c	/src/app/worker.go:42
#	0x4d9ef9	example.com/app.start+0x10	/src/app/worker.go:20

1 @
#	0x0

`
	p, err := stacks.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	got := leakProfileOf(p)
	want := &LeakProfile{Count: 5, Stacks: []LeakStack{
		{Count: 3, Func: "app.worker", Where: "worker.go:42"},
		{Count: 2, Func: "app.send.func1", Where: "send.go:11"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("leakProfileOf = %+v, want %+v", got, want)
	}
	if s, want := got.String(), "5 leaked: 3× app.worker (worker.go:42), 2× app.send.func1 (send.go:11)"; s != want {
		t.Errorf("String = %q, want %q", s, want)
	}
}
