// Package bench is part of safeprim, a library of leak-safe primitives.
package bench
