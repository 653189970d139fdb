// Package stacks parses the runtime's goroutine profiles, goroutine and
// goroutineleak, into records of goroutines that share a stack and a set of
// [runtime/pprof] labels.
//
// It reads the text form that [pprof.Profile.WriteTo] writes with debug=1,
// the only form that carries the labels of every goroutine on every
// supported Go version: the debug=2 dump prints labels only under
// GODEBUG=tracebacklabels=1 (off by default on Go 1.26, and on Go 1.27 for
// a module that says go 1.26), and the proto form would need a protobuf
// decoder.
//
// A dump of every goroutine, as runtime.Stack writes it and as the debug=2
// form of the profiles is, is the only text that says which go statement
// started each goroutine; [Stacks], [ReadLeaked] and [ParseDump] read it
// into a [Goroutine] per goroutine.
package stacks

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Profile is a goroutine profile: how many goroutines it counts, grouped by
// stack and labels.
type Profile struct {
	Name    string // "goroutine" or "goroutineleak"
	Total   int    // goroutines counted, the sum of the records' counts
	Records []Record
}

// Record is a group of goroutines with the same stack and the same labels.
type Record struct {
	Count  int
	Labels map[string]string // nil when the goroutines have none

	// Stack is innermost call first. As pprof prints it, the runtime's own
	// frames on top (runtime.gopark, runtime.chanrecv, ...) are left out,
	// unless the goroutine has no other frames, and so is runtime.goexit at
	// the bottom. A stack deeper than the profiler's limit is cut at its
	// outer end.
	Stack []Frame
}

// Frame is one call in a goroutine's stack.
type Frame struct {
	// Function is the function's full name, as in "net/http.(*conn).serve"
	// or "example.com/pkg.Handler.func1"; "" when the runtime could not
	// name it.
	Function string
	File     string
	Line     int
}

// String returns "function file:line".
func (f Frame) String() string {
	return fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line)
}

// Blocked returns the innermost frame: where the goroutines are blocked,
// or running when the profile was taken. It is the zero Frame for an empty
// stack.
func (r *Record) Blocked() Frame {
	if len(r.Stack) == 0 {
		return Frame{}
	}
	return r.Stack[0]
}

// Entry returns the outermost frame: the function the goroutines were
// started with, unless the stack was cut. It is the zero Frame for an empty
// stack.
func (r *Record) Entry() Frame {
	if len(r.Stack) == 0 {
		return Frame{}
	}
	return r.Stack[len(r.Stack)-1]
}

// Calls reports whether function is one of the frames of the stack.
func (r *Record) Calls(function string) bool {
	for _, f := range r.Stack {
		if f.Function == function {
			return true
		}
	}
	return false
}

// Parse reads a goroutine or goroutineleak profile written by
// [pprof.Profile.WriteTo] with debug=1:
//
//	goroutine profile: total 3
//	2 @ 0x47d92e 0x4158ee 0x4dc139 0x483e41
//	# labels: {"goroutine.test":"TestX#1"}
//	#	0x4dc138	main.blocked+0x18	/src/main.go:10
//	...
func Parse(r io.Reader) (*Profile, error) {
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var (
		p   *Profile
		rec *Record
		n   int // line number
	)
	for line := range bytes.Lines(text) {
		n++
		l := strings.TrimSuffix(string(line), "\n")
		bad := func(what string) error {
			return fmt.Errorf("stacks: line %d: %s: %q", n, what, l)
		}
		switch {
		case p == nil:
			name, total, ok := strings.Cut(l, " profile: total ")
			if !ok {
				return nil, bad("not a profile header")
			}
			count, err := strconv.Atoi(total)
			if err != nil {
				return nil, bad("bad total")
			}
			p = &Profile{Name: name, Total: count}
		case l == "":
			rec = nil
		case strings.HasPrefix(l, "# labels: "):
			if rec == nil || rec.Labels != nil || len(rec.Stack) != 0 {
				return nil, bad("labels outside a record's header")
			}
			labels, err := parseLabels(strings.TrimPrefix(l, "# labels: "))
			if err != nil {
				return nil, bad(err.Error())
			}
			rec.Labels = labels
		case strings.HasPrefix(l, "#\t"):
			if rec == nil {
				return nil, bad("frame outside a record")
			}
			f, ok := parseFrame(l)
			if !ok {
				return nil, bad("bad frame")
			}
			rec.Stack = append(rec.Stack, f)
		default:
			if rec != nil {
				return nil, bad("record header inside a record")
			}
			count, _, ok := strings.Cut(l, " @")
			c, err := strconv.Atoi(count)
			if !ok || err != nil {
				return nil, bad("bad record header")
			}
			p.Records = append(p.Records, Record{Count: c})
			rec = &p.Records[len(p.Records)-1]
		}
	}
	if p == nil {
		return nil, fmt.Errorf("stacks: empty profile")
	}
	return p, nil
}

// parseFrame parses "#\t0x4dc138\tmain.blocked+0x18\t/src/main.go:10", whose
// fields are separated by one tab or more (pprof aligns them with a
// tabwriter), or "#\t0x4dc138" for a frame the runtime could not name.
func parseFrame(l string) (Frame, bool) {
	fields := strings.FieldsFunc(l[len("#\t"):], func(r rune) bool { return r == '\t' })
	switch len(fields) {
	case 1:
		return Frame{}, true
	case 3:
	default:
		return Frame{}, false
	}
	name, fileLine := fields[1], fields[2]
	if i := strings.LastIndex(name, "+0x"); i >= 0 {
		name = name[:i]
	}
	i := strings.LastIndexByte(fileLine, ':')
	if i < 0 {
		return Frame{}, false
	}
	line, err := strconv.Atoi(fileLine[i+1:])
	if err != nil {
		return Frame{}, false
	}
	return Frame{Function: name, File: fileLine[:i], Line: line}, true
}

// parseLabels parses a label set as pprof prints it: {"k":"v", "k2":"v2"},
// keys and values quoted with %q.
func parseLabels(s string) (map[string]string, error) {
	rest, ok := strings.CutPrefix(s, "{")
	if !ok {
		return nil, fmt.Errorf("labels do not start with {")
	}
	labels := make(map[string]string)
	for rest != "}" {
		key, after, err := unquotePrefix(rest)
		if err != nil {
			return nil, err
		}
		after, ok := strings.CutPrefix(after, ":")
		if !ok {
			return nil, fmt.Errorf("no : after label key %q", key)
		}
		value, after, err := unquotePrefix(after)
		if err != nil {
			return nil, err
		}
		labels[key] = value
		switch {
		case strings.HasPrefix(after, ", "):
			rest = after[len(", "):]
		case after == "}":
			rest = after
		default:
			return nil, fmt.Errorf("no , or } after label %q", key)
		}
	}
	return labels, nil
}

// unquotePrefix unquotes the Go string literal at the start of s and
// returns what follows it.
func unquotePrefix(s string) (value, rest string, err error) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", fmt.Errorf("label not quoted: %w", err)
	}
	value, err = strconv.Unquote(q)
	return value, s[len(q):], err
}
