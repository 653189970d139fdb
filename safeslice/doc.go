// Package safeslice is part of safeprim, a library of leak-safe primitives.
package safeslice
