package goroutine_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
)

func TestSleep(t *testing.T) {
	tests := []struct {
		name     string
		d        time.Duration
		cancelAt time.Duration // 0: never; <0: before Sleep
		want     error
		wantTook time.Duration
	}{
		{"full", time.Hour, 0, nil, time.Hour},
		{"canceled-midway", time.Hour, time.Minute, errA, time.Minute},
		{"canceled-before", time.Hour, -1, errA, 0},
		{"zero", 0, 0, nil, 0},
		{"negative-canceled", -time.Second, -1, errA, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancelCause(context.Background())
				defer cancel(nil)
				switch {
				case tt.cancelAt < 0:
					cancel(errA)
				case tt.cancelAt > 0:
					time.AfterFunc(tt.cancelAt, func() { cancel(errA) })
				}
				start := time.Now()
				if err := goroutine.Sleep(ctx, tt.d); err != tt.want {
					t.Errorf("Sleep = %v, want %v", err, tt.want)
				}
				if took := time.Since(start); took != tt.wantTook {
					t.Errorf("Sleep took %v, want %v", took, tt.wantTook)
				}
			})
		})
	}
}
