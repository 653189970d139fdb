// Package ctxdata gives request-scoped data typed keys, one binding per
// request, and a release when the request ends.
package ctxdata
