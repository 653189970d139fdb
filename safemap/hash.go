package safemap

import (
	"hash/maphash"
	"reflect"

	"github.com/puzpuzpuz/xsync/v3"
)

// Keys of an interface type (any, error, io.Closer, ...) are hashed by value
// with maphash.Comparable, as sync.Map and the built-in map hash them
// (issue #13). xsync v3's default hasher takes an interface key's data word
// to point at the value; for a pointer-shaped dynamic type (a pointer, a
// channel, a struct or array holding one pointer) the word is the value, so
// v3 hashes the memory the key points to instead of the key. Such a key is
// lost once its pointee changes (Delete cannot remove it: a leak), nil and
// typed-nil keys dereference nil, and a key pointing outside the Go heap can
// fault. xsync v4 hashes every key with maphash.Comparable; v3 lets us pass
// the same hasher to NewMapOfWithHasher. Concrete key types keep v3's
// default hasher, which hashes them correctly: it calls the runtime's hash
// for the key's own type, interface fields of a struct key included.

// newInner returns an xsync map configured by c, hashing keys as the
// comment above says. It is called once per table: when a Map is made, on
// the first store into a zero Map, and by Clear.
func newInner[K comparable, V any](c config) *xsync.MapOf[K, V] {
	var opts []func(*xsync.MapConfig)
	if c.presize > 0 {
		opts = append(opts, xsync.WithPresize(c.presize))
	}
	if c.shrink == GrowOnly {
		opts = append(opts, xsync.WithGrowOnly())
	}
	if reflect.TypeFor[K]().Kind() == reflect.Interface {
		// A seed of its own for each table this makes; xsync's per-table
		// seed, the second argument, would add nothing to it.
		seed := maphash.MakeSeed()
		hash := func(key K, _ uint64) uint64 { return maphash.Comparable(seed, key) }
		return xsync.NewMapOfWithHasher[K, V](hash, opts...)
	}
	return xsync.NewMapOf[K, V](opts...)
}

// checkSeed seeds the hashes that checkKey computes and throws away.
var checkSeed = maphash.MakeSeed()

// checkKey panics, with the runtime's error, if key cannot be hashed: an
// interface key (or an interface in a struct or array key) holding a slice,
// map or func. A Map with a table panics so when its hasher meets such a
// key, as sync.Map does; a zero Map that was never stored to has no table,
// and its reading methods call checkKey to panic in the same way.
func checkKey[K comparable](key K) {
	maphash.Comparable(checkSeed, key)
}
