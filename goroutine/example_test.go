package goroutine_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/safeprim/safeprim/goroutine"
)

// lookup stands for a slow call, such as a database query.
func lookup(ctx context.Context, key string) (string, error) {
	if err := goroutine.Sleep(ctx, 10*time.Millisecond); err != nil {
		return "", err
	}
	return strings.ToUpper(key), nil
}

// The naive handler starts a goroutine that sends its result to nobody once
// the handler has timed out, and blocks forever. With Send and Recv both
// sides give up with the request's context, and the Group owns the
// goroutine.
func Example() {
	var workers goroutine.Group // a server-lifetime group, waited for at shutdown
	handle := func(ctx context.Context, key string) (string, error) {
		ch := make(chan string)
		workers.Go(func() error {
			if v, err := lookup(ctx, key); err == nil {
				goroutine.Send(ctx, ch, v) // not ch <- v: nobody may be receiving
			}
			return nil // a timed-out request is not the server's failure
		})
		return goroutine.Recv(ctx, ch)
	}

	for _, timeout := range []time.Duration{time.Second, time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		v, err := handle(ctx, "key")
		fmt.Printf("timeout %v: %q, %v\n", timeout, v, err)
		cancel()
	}

	fmt.Println(workers.Wait(), goroutine.Running())
	// Output:
	// timeout 1s: "KEY", <nil>
	// timeout 1ms: "", context deadline exceeded
	// <nil> 0
}

func ExampleGroup() {
	keys := []string{"a", "b", "c"}
	results := make([]string, len(keys))
	var g goroutine.Group
	for i, key := range keys {
		g.Go(func() error {
			v, err := lookup(context.Background(), key)
			results[i] = v
			return err
		})
	}
	if err := g.Wait(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(results)
	// Output: [A B C]
}

func ExampleWithContext() {
	g, ctx := goroutine.WithContext(context.Background())
	g.Go(func() error {
		<-ctx.Done() // canceled by the sibling's failure
		fmt.Println("sibling stopped:", context.Cause(ctx))
		return nil
	})
	g.Go(func() error { return errors.New("disk full") })
	fmt.Println("Wait:", g.Wait())
	// Output:
	// sibling stopped: disk full
	// Wait: disk full
}

func ExampleGroup_SetLimit() {
	var g goroutine.Group
	g.SetLimit(2) // at most two lookups at a time
	for _, key := range []string{"a", "b", "c", "d"} {
		g.Go(func() error {
			_, err := lookup(context.Background(), key)
			return err
		})
	}
	fmt.Println(g.Wait())
	// Output: <nil>
}

func ExampleGroup_TryGo() {
	var g goroutine.Group
	g.SetLimit(1)
	release := make(chan struct{})
	fmt.Println(g.TryGo(func() error { <-release; return nil }))
	fmt.Println(g.TryGo(func() error { return nil })) // over the limit: not started
	close(release)
	fmt.Println(g.Wait())
	// Output:
	// true
	// false
	// <nil>
}

func ExampleGroup_SetName() {
	var g goroutine.Group
	g.SetName("example-fetch") // pprof label goroutine.group=example-fetch
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	g.Go(func() error { <-release; return nil })
	fmt.Println(goroutine.RunningByName()["example-fetch"])
	close(release)
	g.Wait()
	fmt.Println(goroutine.RunningByName()["example-fetch"])
	// Output:
	// 2
	// 0
}

func head(xs []int) int { return xs[0] }

func ExamplePanicError() {
	var g goroutine.Group
	g.Go(func() error {
		fmt.Println(head(nil)) // panics: index out of range
		return nil
	})
	err := g.Wait()
	var pe *goroutine.PanicError
	if errors.As(err, &pe) {
		fmt.Println("recovered:", pe.Value)
		fmt.Println("stack names the panicking function:", strings.Contains(string(pe.Stack), "goroutine_test.head"))
	}
	// Output:
	// recovered: runtime error: index out of range [0] with length 0
	// stack names the panicking function: true
}

func ExampleScope() {
	err := goroutine.Scope(context.Background(), func(ctx context.Context, g *goroutine.Group) error {
		g.Go(func() error {
			<-ctx.Done() // stops when fn returns its error
			return nil
		})
		return errors.New("bad request") // Scope cancels and joins the goroutine
	})
	fmt.Println(err, goroutine.Running())
	// Output: bad request 0
}

func ExampleSend() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	ch := make(chan int) // nobody receives
	fmt.Println(goroutine.Send(ctx, ch, 1))
	// Output: context deadline exceeded
}

func ExampleRecv() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	// Instead of for v := range ch, which waits forever if nobody closes ch:
	for {
		v, err := goroutine.Recv(context.Background(), ch)
		if errors.Is(err, goroutine.ErrClosed) {
			break
		}
		fmt.Println(v)
	}
	// Output:
	// 1
	// 2
}

func ExampleFirst() {
	replica := func(name string, delay time.Duration) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			if err := goroutine.Sleep(ctx, delay); err != nil {
				return "", err // canceled: another replica answered
			}
			return name, nil
		}
	}
	v, err := goroutine.First(context.Background(),
		replica("slow", time.Second),
		replica("fast", time.Millisecond),
	)
	fmt.Println(v, err, goroutine.Running()) // the slow replica was canceled and joined
	// Output: fast <nil> 0
}

func ExampleSleep() {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("shutting down"))
	// Instead of time.Sleep, which keeps the goroutine for the full pause:
	fmt.Println(goroutine.Sleep(ctx, time.Hour))
	// Output: shutting down
}

func ExampleRunning() {
	var g goroutine.Group
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	fmt.Println(goroutine.Running())
	close(release)
	g.Wait()
	fmt.Println(goroutine.Running())
	// Output:
	// 1
	// 0
}

func ExampleRunningByName() {
	var a, b goroutine.Group
	a.SetName("example-a")
	b.SetName("example-b")
	release := make(chan struct{})
	a.Go(func() error { <-release; return nil })
	b.Go(func() error { <-release; return nil })
	b.Go(func() error { <-release; return nil })
	m := goroutine.RunningByName()
	for _, name := range slices.Sorted(maps.Keys(m)) {
		fmt.Println(name, m[name])
	}
	close(release)
	a.Wait()
	b.Wait()
	// Output:
	// example-a 1
	// example-b 2
}

// exampleT stands in for the *testing.T of a test: it prints failures,
// without the stack frames' file paths, which vary by machine, and runs the
// functions passed to Cleanup when the test ends. In a test, pass t.
type exampleT struct{ cleanups []func() }

func (*exampleT) Helper()      {}
func (*exampleT) Name() string { return "TestHandler" }
func (*exampleT) Errorf(format string, args ...any) {
	for line := range strings.Lines(fmt.Sprintf(format+"\n", args...)) {
		if !strings.HasPrefix(line, "\t") {
			fmt.Print(line)
		}
	}
}
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// end runs the cleanups, as testing does when the test has returned.
func (t *exampleT) end() {
	for _, f := range slices.Backward(t.cleanups) {
		f()
	}
}

func ExampleVerifyNone() {
	t := new(exampleT)
	var g goroutine.Group
	g.SetName("example-leaky")
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil }) // outlives the "test"

	goroutine.VerifyNone(t) // in a test: defer goroutine.VerifyNone(t)

	close(release)
	g.Wait()
	// Output:
	// goroutine: 1 goroutines started through package goroutine are still running: group "example-leaky": 1; call Wait on every Group, or make the goroutines return (see Group.SetName to name them)
}

// waitForever is a worker whose channel nobody closes.
func waitForever(jobs <-chan int) {
	for range jobs {
	}
}

func ExampleCheckLeaks() {
	t := new(exampleT)
	goroutine.CheckLeaks(t) // at the top of TestHandler

	jobs := make(chan int)
	go waitForever(jobs) // a plain go statement: CheckLeaks sees it

	t.end() // TestHandler returns; its cleanups run
	close(jobs)
	// Output:
	// goroutine: CheckLeaks: test TestHandler left 1 goroutine running; make each return before the test ends (cancel its context, close its channel, wait for it), or ignore it with IgnoreTopFunction or IgnoreAnyFunction
	// 1 running github.com/safeprim/safeprim/goroutine_test.waitForever, blocked in github.com/safeprim/safeprim/goroutine_test.waitForever:
}

// janitor stands for a cache's janitor, which outlives the tests; it too
// blocks in waitForever.
func janitor(jobs <-chan int) {
	waitForever(jobs)
}

func ExampleIgnoreTopFunction() {
	t := new(exampleT)
	goroutine.CheckLeaks(t, goroutine.IgnoreTopFunction("github.com/safeprim/safeprim/goroutine_test.waitForever"))

	jobs := make(chan int)
	go waitForever(jobs)
	go janitor(jobs) // blocked in waitForever as well: ignored too

	t.end()
	close(jobs)
	fmt.Println("no failure")
	// Output: no failure
}

func ExampleIgnoreAnyFunction() {
	t := new(exampleT)
	goroutine.CheckLeaks(t, goroutine.IgnoreAnyFunction("github.com/safeprim/safeprim/goroutine_test.janitor"))

	jobs := make(chan int)
	go waitForever(jobs) // reported
	go janitor(jobs)     // ignored: janitor is in its stack

	t.end()
	close(jobs)
	// Output:
	// goroutine: CheckLeaks: test TestHandler left 1 goroutine running; make each return before the test ends (cancel its context, close its channel, wait for it), or ignore it with IgnoreTopFunction or IgnoreAnyFunction
	// 1 running github.com/safeprim/safeprim/goroutine_test.waitForever, blocked in github.com/safeprim/safeprim/goroutine_test.waitForever:
}
