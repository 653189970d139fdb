package safemap_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/safeprim/safeprim/safemap"
)

func ExampleMap() {
	// The zero Map is ready to use, and safe for concurrent use.
	var hits safemap.Map[string, int]
	for _, path := range []string{"/", "/about", "/"} {
		hits.Compute(path, func(n int, _ bool) (int, safemap.ComputeOp) {
			return n + 1, safemap.UpdateOp
		})
	}
	n, ok := hits.Load("/")
	fmt.Println(n, ok, hits.Len())
	// Output: 2 true 2
}

func ExampleMap_interfaceKeys() {
	// Migrated from sync.Map: keys of an interface type are told apart by
	// ==, so a pointer key stays found while what it points to changes.
	type conn struct{ state int }
	var open safemap.Map[any, string]
	c := &conn{}
	open.Store(c, "client")
	open.Store(nil, "nil is a key too")
	c.state++
	fmt.Println(open.Load(c))
	open.Delete(c)
	fmt.Println(open.Len())
	// Output:
	// client true
	// 1
}

func ExampleNew() {
	// New is needed only for options: here a table sized for 10 000
	// entries that never shrinks below that.
	m := safemap.New[int, string](safemap.WithPresize(10_000))
	m.Store(1, "one")
	fmt.Println(m.Load(1))
	// Output: one true
}

func ExampleWithPresize() {
	m := safemap.New[string, []byte](safemap.WithPresize(1 << 16))
	m.Store("k", []byte("v"))
	fmt.Println(m.Len())
	// Output: 1
}

func ExampleWithShrinkPolicy() {
	// A map whose size swings back and forth can keep its table.
	sessions := safemap.New[string, int](safemap.WithShrinkPolicy(safemap.GrowOnly))
	for i := range 1000 {
		sessions.Store(fmt.Sprint(i), i)
	}
	for i := range 1000 {
		sessions.Delete(fmt.Sprint(i))
	}
	fmt.Println(sessions.Len())
	// Output: 0
}

func ExampleShrinkPolicy() {
	fmt.Println(safemap.ShrinkOnDelete, safemap.GrowOnly)
	// Output: ShrinkOnDelete GrowOnly
}

func ExampleOption() {
	// Options are values, so a list can be built from configuration.
	expected, steady := 5000, true
	var opts []safemap.Option
	if expected > 0 {
		opts = append(opts, safemap.WithPresize(expected))
	}
	if steady {
		opts = append(opts, safemap.WithShrinkPolicy(safemap.GrowOnly))
	}
	m := safemap.New[int, int](opts...)
	m.Store(1, 1)
	fmt.Println(m.Len())
	// Output: 1
}

func ExampleComputeOp() {
	var stock safemap.Map[string, int]
	stock.Store("apples", 1)
	take := func(old int, loaded bool) (int, safemap.ComputeOp) {
		switch {
		case !loaded:
			return 0, safemap.CancelOp // nothing to take: leave it missing
		case old == 1:
			return 0, safemap.DeleteOp // the last one
		default:
			return old - 1, safemap.UpdateOp
		}
	}
	fmt.Println(stock.Compute("apples", take))
	fmt.Println(stock.Compute("pears", take))
	fmt.Println(stock.Len())
	// Output:
	// 0 false
	// 0 false
	// 0
}

func ExampleComputeOp_String() {
	fmt.Println(safemap.CancelOp, safemap.UpdateOp, safemap.DeleteOp)
	// Output: CancelOp UpdateOp DeleteOp
}

func ExampleMap_Compute() {
	var m safemap.Map[string, []string]
	// Append under the bucket lock: concurrent appends are not lost.
	add := func(k, v string) {
		m.Compute(k, func(old []string, _ bool) ([]string, safemap.ComputeOp) {
			return append(slices.Clip(old), v), safemap.UpdateOp
		})
	}
	add("fruit", "apple")
	add("fruit", "pear")
	fmt.Println(m.Load("fruit"))
	// Output: [apple pear] true
}

func ExampleMap_LoadOrCompute() {
	var cache safemap.Map[string, string]
	build := func() string {
		fmt.Println("building")
		return strings.ToUpper("report")
	}
	fmt.Println(cache.LoadOrCompute("r", build))
	fmt.Println(cache.LoadOrCompute("r", build))
	// Output:
	// building
	// REPORT false
	// REPORT true
}

func ExampleMap_Load() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	fmt.Println(m.Load("a"))
	fmt.Println(m.Load("b"))
	// Output:
	// 1 true
	// 0 false
}

func ExampleMap_Store() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	m.Store("a", 2)
	fmt.Println(m.Load("a"))
	// Output: 2 true
}

func ExampleMap_LoadOrStore() {
	var m safemap.Map[string, int]
	fmt.Println(m.LoadOrStore("a", 1))
	fmt.Println(m.LoadOrStore("a", 2))
	// Output:
	// 1 false
	// 1 true
}

func ExampleMap_LoadAndDelete() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	fmt.Println(m.LoadAndDelete("a"))
	fmt.Println(m.LoadAndDelete("a"))
	// Output:
	// 1 true
	// 0 false
}

func ExampleMap_Delete() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	m.Delete("a")
	m.Delete("never stored")
	fmt.Println(m.Len())
	// Output: 0
}

func ExampleMap_Swap() {
	var m safemap.Map[string, int]
	fmt.Println(m.Swap("a", 1))
	fmt.Println(m.Swap("a", 2))
	// Output:
	// 0 false
	// 1 true
}

func ExampleMap_CompareAndSwap() {
	var m safemap.Map[string, int]
	m.Store("version", 1)
	fmt.Println(m.CompareAndSwap("version", 1, 2))
	fmt.Println(m.CompareAndSwap("version", 1, 3)) // lost the race: it is 2 now
	fmt.Println(m.CompareAndSwap("missing", 0, 1))
	// Output:
	// true
	// false
	// false
}

func ExampleMap_CompareAndDelete() {
	var m safemap.Map[string, string]
	m.Store("lock", "owner-a")
	fmt.Println(m.CompareAndDelete("lock", "owner-b"))
	fmt.Println(m.CompareAndDelete("lock", "owner-a"))
	// Output:
	// false
	// true
}

func ExampleMap_Range() {
	var m safemap.Map[int, string]
	for i, s := range []string{"zero", "one", "two", "three"} {
		m.Store(i, s)
	}
	// f may modify the map: here it deletes the odd keys.
	m.Range(func(k int, _ string) bool {
		if k%2 == 1 {
			m.Delete(k)
		}
		return true
	})
	fmt.Println(m.Len())
	// Output: 2
}

func ExampleMap_All() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	m.Store("b", 2)
	sum := 0
	for _, v := range m.All() {
		sum += v
	}
	fmt.Println(sum)
	// Output: 3
}

func ExampleMap_Keys() {
	var m safemap.Map[string, int]
	m.Store("b", 2)
	m.Store("a", 1)
	fmt.Println(slices.Sorted(m.Keys()))
	// Output: [a b]
}

func ExampleMap_Clear() {
	var m safemap.Map[string, int]
	m.Store("a", 1)
	m.Clear()
	_, ok := m.Load("a")
	fmt.Println(ok, m.Len())
	// Output: false 0
}

func ExampleMap_Len() {
	var m safemap.Map[int, int]
	for i := range 10 {
		m.Store(i, i)
	}
	fmt.Println(m.Len())
	// Output: 10
}
