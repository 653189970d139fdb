package goroutine_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/goroutine"
)

// Task outcomes of the model test.
const (
	outcomeOK = iota
	outcomeError
	outcomePanic
	outcomeGoexit
	numOutcomes
)

// modelFailure is the naive reference: the tasks run one after another in
// the caller's goroutine, and the first failure in call order wins.
func modelFailure(outcomes []byte) (kind int, index int) {
	for i, o := range outcomes {
		if k := int(o % numOutcomes); k != outcomeOK {
			return k, i
		}
	}
	return outcomeOK, -1
}

type taskError int

func (e taskError) Error() string { return fmt.Sprintf("task %d failed", int(e)) }

// failureOf classifies what Wait returned, with the index of the failing
// task (-1 for Goexit, whose error carries none).
func failureOf(err error) (kind int, index int) {
	var te taskError
	var pe *goroutine.PanicError
	switch {
	case err == nil:
		return outcomeOK, -1
	case errors.As(err, &pe):
		return outcomePanic, pe.Value.(int)
	case errors.As(err, &te):
		return outcomeError, int(te)
	case err == goroutine.ErrGoexit:
		return outcomeGoexit, -1
	}
	return -1, -1
}

// FuzzGroupModel drives a Group with random limits and task outcomes and
// checks it against modelFailure: with a limit of 1 the tasks run in order
// and Wait must return exactly the model's failure; without, Wait must
// return one of the failures, and nil only when there is none. In every
// case the context's cause is Wait's error, no more than limit tasks run at
// once, and no goroutine is left running.
func FuzzGroupModel(f *testing.F) {
	f.Add(byte(1), []byte{0, 0, 1, 2, 3})
	f.Add(byte(1), []byte{0, 3, 1})
	f.Add(byte(0), []byte{2, 2, 2, 0, 1})
	f.Add(byte(2), []byte{0, 0, 0, 0})
	f.Add(byte(3), []byte{1, 0, 2, 0, 3, 0})
	f.Fuzz(func(t *testing.T, limitByte byte, outcomes []byte) {
		if len(outcomes) > 64 {
			outcomes = outcomes[:64]
		}
		limit := int(limitByte%4) - 1 // -1 (none) to 2
		if limit == 0 {
			limit = -1 // a zero limit admits no task at all
		}
		g, ctx := goroutine.WithContext(context.Background())
		g.SetLimit(limit)
		var active, peak atomic.Int32
		for i, o := range outcomes {
			g.Go(func() error {
				n := active.Add(1)
				defer active.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				switch int(o % numOutcomes) {
				case outcomeError:
					return taskError(i)
				case outcomePanic:
					panic(i)
				case outcomeGoexit:
					runtime.Goexit()
				}
				return nil
			})
		}
		err := g.Wait()
		gotKind, gotIndex := failureOf(err)
		wantKind, wantIndex := modelFailure(outcomes)
		if limit == 1 {
			if gotKind != wantKind || (gotIndex != wantIndex && wantKind != outcomeGoexit) {
				t.Errorf("Wait = %v, want the failure of task %d (kind %d)", err, wantIndex, wantKind)
			}
		} else if (err == nil) != (wantKind == outcomeOK) || gotKind == -1 {
			t.Errorf("Wait = %v, want nil exactly when no task fails (first failing task %d)", err, wantIndex)
		} else if gotIndex >= 0 && int(outcomes[gotIndex]%numOutcomes) != gotKind {
			t.Errorf("Wait = %v, but task %d did not fail that way", err, gotIndex)
		}
		if err != nil && context.Cause(ctx) != err {
			t.Errorf("context.Cause = %v, want Wait's error %v", context.Cause(ctx), err)
		}
		if p := peak.Load(); limit > 0 && int(p) > limit {
			t.Errorf("%d tasks ran at once, want at most %d", p, limit)
		}
		if n := goroutine.Running(); n != 0 {
			t.Errorf("Running after Wait = %d, want 0", n)
		}
	})
}
