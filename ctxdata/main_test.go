package ctxdata_test

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// User is the request value of the tests and examples.
type User struct {
	Name string
}

// otherKey is a plain context key for values unrelated to the key under test.
type otherKey struct{}
