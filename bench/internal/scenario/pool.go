package scenario

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/safeprim/safeprim/safepool"
)

type user struct {
	name    string
	profile [16 << 10]byte
}

type reqState struct {
	id   int
	user *user
	tags []string
}

// serveBatch has n requests in flight at once, each with a state from get
// and a freshly loaded user, then returns every state with put.
func serveBatch(n int, get func() *reqState, put func(*reqState)) {
	states := make([]*reqState, n)
	for i := range states {
		st := get()
		st.id = i
		st.user = &user{name: "user"}
		st.user.profile[0] = byte(i)
		st.tags = append(st.tags, "a", "b")
		states[i] = st
	}
	for i, st := range states {
		put(st)
		states[i] = nil
	}
}

func naiveNoReset(n int) func() {
	pool := &sync.Pool{New: func() any { return new(reqState) }}
	serveBatch(n, func() *reqState { return pool.Get().(*reqState) }, func(st *reqState) {
		pool.Put(st) // no reset: st.user stays reachable from the pool
	})
	return func() { runtime.KeepAlive(pool) }
}

func safeNoReset(n int) func() {
	pool := safepool.New(
		func() *reqState { return new(reqState) },
		func(st *reqState) (*reqState, bool) {
			*st = reqState{tags: st.tags[:0]}
			return st, true
		},
	)
	serveBatch(n, pool.Get, pool.Put)
	return func() { runtime.KeepAlive(pool) }
}

const (
	smallResponse = 1 << 10
	hugeResponse  = 16 << 20
)

// respond writes the i-th of n responses into buffers from get and put:
// all 1 KiB but the one in the middle, 16 MiB.
func respond(n int, get func() *bytes.Buffer, put func(*bytes.Buffer)) {
	chunk := bytes.Repeat([]byte{'x'}, smallResponse)
	for i := range n {
		b := get()
		size := smallResponse
		if i == n/2 {
			size = hugeResponse
		}
		for b.Len() < size {
			b.Write(chunk)
		}
		put(b)
	}
}

func naiveOversized(n int) func() {
	pool := &sync.Pool{New: func() any { return new(bytes.Buffer) }}
	respond(n, func() *bytes.Buffer { return pool.Get().(*bytes.Buffer) }, func(b *bytes.Buffer) {
		b.Reset()
		pool.Put(b)
	})
	return func() { runtime.KeepAlive(pool) }
}

func safeOversized(n int) func() {
	var pool safepool.BufferPool
	respond(n, pool.Get, pool.Put)
	return func() { runtime.KeepAlive(&pool) }
}
