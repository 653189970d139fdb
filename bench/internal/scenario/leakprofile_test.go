package scenario

import (
	"reflect"
	"testing"
)

// An internal test: the profile exists only in binaries built with
// GOEXPERIMENT=goroutineleakprofile, so its text is parsed from a sample.
func TestParseLeakProfile(t *testing.T) {
	const text = `goroutineleak profile: total 5
2 @ 0x47e08e 0x4158ee 0x415432 0x4d9ef9 0x484561
#	0x4d9ef8	example.com/app.send.func1+0x18	/src/app/send.go:11

3 @ 0x47e08e 0x4158ee 0x415432 0x4d9ef9 0x484561
#	0x4d9ef8	example.com/app.worker+0x2c	/src/app/worker.go:42
#	0x4d9ef9	example.com/app.start+0x10	/src/app/worker.go:20

`
	got, err := parseLeakProfile([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := &LeakProfile{Count: 5, Stacks: []LeakStack{
		{Count: 3, Func: "app.worker", Where: "worker.go:42"},
		{Count: 2, Func: "app.send.func1", Where: "send.go:11"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseLeakProfile = %+v, want %+v", got, want)
	}
	if s, want := got.String(), "5 leaked: 3× app.worker (worker.go:42), 2× app.send.func1 (send.go:11)"; s != want {
		t.Errorf("String = %q, want %q", s, want)
	}
	for _, bad := range []string{"", "goroutine profile: total 1\n", "goroutineleak profile: total x\n"} {
		if _, err := parseLeakProfile([]byte(bad)); err == nil {
			t.Errorf("parseLeakProfile(%q) succeeded, want an error", bad)
		}
	}
}
