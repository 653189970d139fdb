//go:build !go1.27 && !goexperiment.goroutineleakprofile

package stacks

// HasLeakProfile reports whether the runtime has the goroutineleak
// profile: Go 1.27 and later have it, Go 1.26 only when built with
// GOEXPERIMENT=goroutineleakprofile.
const HasLeakProfile = false
