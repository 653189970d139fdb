// Package ctxkey defines an Analyzer that reports context.WithValue keys
// that other packages can make too.
//
// # Analyzer ctxkey
//
// ctxkey: report a context.WithValue key of a built-in or exported type
//
// The naive code:
//
//	ctx = context.WithValue(ctx, "user", u)
//	...
//	u := ctx.Value("user").(*User) // panics if absent or mistyped
//
// A key of a built-in type (a string, an int) or of an exported type can
// be made by any package, so two packages that pick the same key overwrite
// each other's values, and every read needs a type assertion. The context
// package says keys should be of an unexported type of their own. The fix is
// a typed key, made once:
//
//	var userKey = ctxdata.NewKey[*User]("user")
//
//	ctx = userKey.With(ctx, u)
//	u, ok := userKey.Value(ctx)
//
// Keys of interface type (the value is not known), pointers (each is
// unique), and keys declared in another package (the caller has to use
// them) are not reported. staticcheck's SA1029 reports built-in keys; this
// analyzer adds exported key types of the package itself.
package ctxkey
