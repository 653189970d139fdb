package stacks

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Goroutine is one goroutine of a stack dump: the text [runtime.Stack]
// writes, and the debug=2 form of the goroutine and goroutineleak profiles.
// Unlike a [Record] of the debug=1 form, it says which go statement
// started the goroutine; it has no labels (the runtime prints them only
// under GODEBUG=tracebacklabels=1, and they are left out here).
type Goroutine struct {
	ID uint64

	// State is why the goroutine waits, as the runtime names it ("chan
	// receive", "select", "sync.Mutex.Lock"), or "running", "runnable",
	// "syscall".
	State string

	// Leaked reports that the goroutineleak profile's collection found
	// the goroutine blocked for ever: the runtime prints its state with
	// "(leaked)".
	Leaked bool

	// Stack is innermost call first, with the frames the runtime prints
	// (its own are hidden unless GOTRACEBACK asks for them). A deep stack
	// has its middle elided by the runtime.
	Stack []Frame

	// CreatedBy is the function that ran the go statement that started
	// the goroutine, with that statement's file and line; the zero Frame
	// for the main goroutine and for those the runtime does not say.
	CreatedBy Frame

	// Creator is the ID of the goroutine that ran that go statement, or 0
	// if the dump does not say.
	Creator uint64
}

// Entry returns the outermost frame: the function the goroutine was
// started with, unless the stack was cut. It is the zero Frame for an empty
// stack.
func (g *Goroutine) Entry() Frame {
	if len(g.Stack) == 0 {
		return Frame{}
	}
	return g.Stack[len(g.Stack)-1]
}

// Dump is a stack dump: the goroutines it lists, in its order.
type Dump struct {
	Goroutines []Goroutine

	// Cut reports that the dump did not fit its buffer and was cut: the
	// goroutines past the cut are missing.
	Cut bool
}

// maxDump is the size at which Stacks gives up growing its buffer and cuts
// the dump, as runtime/pprof's debug=2 writer does.
const maxDump = 64 << 20

// perGoroutine is the room Stacks makes for each goroutine at first: a
// stack of a dozen frames.
const perGoroutine = 1 << 10

// Stacks dumps every goroutine's stack with [runtime.Stack] and parses it.
//
// runtime.Stack stops the world while it writes the dump, for a time in
// proportion to the number of goroutines and the depth of their stacks.
// Stacks gives it room for a stack of a dozen frames per goroutine and, if
// the dump does not fit, repeats it with twice the room, up to 64 MiB,
// where it cuts the dump (and sets Cut).
func Stacks() (*Dump, error) { return dumpStacks(nil) }

// dumpStacks is Stacks, keeping only the goroutines for which keep, if not
// nil, returns true.
func dumpStacks(keep func(*Goroutine) bool) (*Dump, error) {
	size := min(max(runtime.NumGoroutine()*perGoroutine, 64<<10), maxDump)
	for {
		buf := make([]byte, size)
		n := runtime.Stack(buf, true)
		if n < len(buf) || size == maxDump {
			text, cut := buf[:n], n == len(buf)
			if cut {
				// Keep the goroutines before the one the cut went through.
				text = text[:bytes.LastIndex(text, []byte("\n\n"))+1]
			}
			d, err := parseDump(text, keep)
			if err != nil {
				return nil, err
			}
			d.Cut = cut
			return d, nil
		}
		size = min(2*size, maxDump)
	}
}

// ReadLeaked takes the goroutineleak profile and returns the goroutines it
// found leaked, blocked for ever, each with the go statement that started
// it: a Dump of those goroutines alone. It returns [ErrNoProfile] where the
// runtime has no such profile (see [HasLeakProfile]).
//
// It runs the profile's collection, a GC cycle that marks the leaked
// goroutines, and reads the profile in its debug=1 form, which does not
// stop the world; only if that lists a leaked goroutine does it read the
// marks and the go statements from a dump of every goroutine ([Stacks]),
// which does. (The debug=2 form of the profile is that dump, written after
// the collection, but repeated at every doubling of a buffer that starts
// at 1 MiB, and taken even when nothing leaked.) A goroutineleak profile
// taken by another goroutine between the two reads may clear the marks
// first, and the dump then shows fewer leaked goroutines.
func ReadLeaked() (*Dump, error) {
	p, err := Read("goroutineleak")
	if err != nil {
		return nil, err
	}
	// When a collection finds no leak, the runtime keeps the previous
	// collection's count and the profile lists that many goroutines with
	// no stack at all: look for a record with a named frame.
	if !slices.ContainsFunc(p.Records, func(r Record) bool { return r.Named() }) {
		return &Dump{}, nil
	}
	return dumpStacks(func(g *Goroutine) bool { return g.Leaked })
}

// Named reports whether a frame of r's stack names its function. The
// records a goroutineleak profile lists after a collection that found no
// leak (the previous collection's count, with no stack) are not named.
func (r *Record) Named() bool {
	return slices.ContainsFunc(r.Stack, func(f Frame) bool { return f.Function != "" })
}

// ParseDump reads a stack dump as [runtime.Stack] writes it, and as the
// goroutine and goroutineleak profiles write it with debug=2:
//
//	goroutine 7 [chan send (leaked)]:
//	main.leak.func1()
//		/src/main.go:11 +0x1e
//	created by main.leak in goroutine 1
//		/src/main.go:11 +0x5f
//
// An empty dump has no goroutines.
func ParseDump(r io.Reader) (*Dump, error) {
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parseDump(text, nil)
}

// parseDump is ParseDump, keeping only the goroutines for which keep, if
// not nil, returns true; the lines of the others are not converted to
// strings, so that looking for a few goroutines among many is cheap.
func parseDump(text []byte, keep func(*Goroutine) bool) (*Dump, error) {
	var (
		d        Dump
		g        *Goroutine // the goroutine being read
		function string     // a frame's function, waiting for its file line
		created  bool       // function is the creator, from "created by"
		skip     bool       // in a goroutine not kept, or an ancestor's stack (GODEBUG=tracebackancestors)
		n        int        // line number
	)
	for line := range bytes.Lines(text) {
		n++
		if skip && len(line) > 1 { // not the blank line that ends the goroutine
			continue
		}
		l := strings.TrimSuffix(string(line), "\n")
		bad := func(what string) error {
			return fmt.Errorf("stacks: line %d: %s: %q", n, what, l)
		}
		switch {
		case l == "":
			if function != "" {
				return nil, bad("frame without its file line")
			}
			g, skip = nil, false
		case skip:
		case g == nil:
			h, err := parseHeader(l)
			if err != nil {
				return nil, bad(err.Error())
			}
			if keep != nil && !keep(&h) {
				skip = true
				continue
			}
			d.Goroutines = append(d.Goroutines, h)
			g = &d.Goroutines[len(d.Goroutines)-1]
		case function != "":
			f, ok := parseFileLine(l)
			if !ok {
				return nil, bad("bad file line")
			}
			f.Function = function
			if created {
				g.CreatedBy = f
			} else {
				g.Stack = append(g.Stack, f)
			}
			function, created = "", false
		case strings.HasPrefix(l, "\t"):
			return nil, bad("file line without its function")
		case strings.HasPrefix(l, "..."): // ...additional frames elided... and ...N frames elided...
		case strings.HasPrefix(l, "[originating from goroutine "):
			skip = true
		case strings.HasPrefix(l, "created by "):
			name, creator, _ := strings.Cut(l[len("created by "):], " in goroutine ")
			if creator != "" {
				id, err := strconv.ParseUint(creator, 10, 64)
				if err != nil {
					return nil, bad("bad creator goroutine")
				}
				g.Creator = id
			}
			function, created = name, true
		default:
			function = trimArgs(l)
			if function == "" {
				return nil, bad("bad frame")
			}
		}
	}
	if function != "" {
		return nil, fmt.Errorf("stacks: line %d: frame without its file line at the end of the dump", n)
	}
	return &d, nil
}

// parseHeader parses "goroutine 7 [chan send (leaked), 2 minutes]:", with
// the gp=, m= fields that GOTRACEBACK=system adds before the bracket and
// the labels GODEBUG=tracebacklabels=1 adds after it.
func parseHeader(l string) (Goroutine, error) {
	rest, ok := strings.CutPrefix(l, "goroutine ")
	if !ok || !strings.HasSuffix(l, ":") {
		return Goroutine{}, fmt.Errorf("not a goroutine header")
	}
	id, rest, _ := strings.Cut(rest, " ")
	g := Goroutine{}
	var err error
	if g.ID, err = strconv.ParseUint(id, 10, 64); err != nil {
		return Goroutine{}, fmt.Errorf("bad goroutine id")
	}
	_, status, ok := strings.Cut(rest, "[")
	status, _, ok2 := strings.Cut(status, "]")
	if !ok || !ok2 {
		return Goroutine{}, fmt.Errorf("no [state]")
	}
	state, _, _ := strings.Cut(status, ", ")
	state, g.Leaked = strings.CutSuffix(strings.TrimSuffix(state, " (scan)"), " (leaked)")
	g.State = state
	return g, nil
}

// parseFileLine parses "\t/src/main.go:11 +0x1e", where the offset is
// missing for an inlined call and GOTRACEBACK=system adds fp=, sp= and pc=
// after it.
func parseFileLine(l string) (Frame, bool) {
	l, ok := strings.CutPrefix(l, "\t")
	if !ok {
		return Frame{}, false
	}
	if i := strings.LastIndex(l, " +0x"); i >= 0 {
		l = l[:i]
	} else if i := strings.Index(l, " fp=0x"); i >= 0 {
		l = l[:i]
	}
	i := strings.LastIndexByte(l, ':')
	if i < 0 {
		return Frame{}, false
	}
	line, err := strconv.Atoi(l[i+1:])
	if err != nil {
		return Frame{}, false
	}
	return Frame{File: l[:i], Line: line}, true
}

// trimArgs returns the function name of a frame line, "main.(*T).m(0x1,
// {0x2, 0x3})" less its argument list, or "" if it has none.
func trimArgs(l string) string {
	if !strings.HasSuffix(l, ")") {
		return ""
	}
	depth := 0
	for i := len(l) - 1; i >= 0; i-- {
		switch l[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				return l[:i]
			}
		}
	}
	return ""
}
