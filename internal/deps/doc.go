// Package deps has no code: its test keeps the library's dependencies to
// the three the project names. Every package of the module outside bench
// and vet (the five primitives, leakwatch and internal) may import only the
// standard library, golang.org/x/sync and github.com/puzpuzpuz/xsync/v3,
// directly or not; what the tests, bench and vet compare against or build
// on (Prometheus, x/perf, x/tools) must not reach them.
package deps
