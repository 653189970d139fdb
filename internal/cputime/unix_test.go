//go:build unix

package cputime_test

// reported is whether Process reports CPU time on this system.
const reported = true
