package stacks

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
)

// ErrNoProfile is the error of [Read] for a profile the binary does not
// have, such as goroutineleak on Go 1.26 built without
// GOEXPERIMENT=goroutineleakprofile.
var ErrNoProfile = errors.New("stacks: no such profile")

// Read takes the named profile of this process, "goroutine" or
// "goroutineleak", and parses it.
//
// Both stop the world for a moment. The goroutineleak profile also runs a
// full garbage collection, which finds the goroutines blocked for ever.
func Read(name string) (*Profile, error) {
	prof := pprof.Lookup(name)
	if prof == nil {
		return nil, fmt.Errorf("%w: %q", ErrNoProfile, name)
	}
	var b bytes.Buffer
	if err := prof.WriteTo(&b, 1); err != nil {
		return nil, err
	}
	return Parse(&b)
}

// selfMu keeps every goroutine but one out of readSelf, so that the stack
// that calls it identifies the caller in the profile.
var selfMu sync.Mutex

// ReadSelf takes the goroutine profile and returns the calling goroutine's
// record, whose Labels are the caller's own [runtime/pprof] labels, apart
// from the profile of all the others. The runtime offers no other way to
// read a goroutine's labels.
//
// ReadSelf calls are serialized.
func ReadSelf() (self Record, others *Profile, err error) {
	selfMu.Lock()
	defer selfMu.Unlock()
	return readSelf()
}

// readSelf is ReadSelf's body: the one goroutine with this function in its
// stack is the caller, since selfMu is held.
//
//go:noinline
func readSelf() (Record, *Profile, error) {
	pc, _, _, _ := runtime.Caller(0)
	me := runtime.FuncForPC(pc).Name()
	p, err := Read("goroutine")
	if err != nil {
		return Record{}, nil, err
	}
	for i := range p.Records {
		if r := p.Records[i]; r.Calls(me) {
			p.Records = slices.Delete(p.Records, i, i+1)
			p.Total -= r.Count
			return r, p, nil
		}
	}
	return Record{}, nil, fmt.Errorf("stacks: ReadSelf: no goroutine calling %s in the profile", me)
}
