// Package safemap provides Map, a typed concurrent map with sync.Map's full
// method set.
package safemap
