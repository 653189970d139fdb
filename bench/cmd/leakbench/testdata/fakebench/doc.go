// Package fakebench has benchmarks in the shape of safeprim's comparison
// benchmarks, for leakbench's tests of its speed table.
package fakebench
