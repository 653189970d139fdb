package leakwatch

import (
	"expvar"
	"fmt"
)

// Publish publishes the debug page's figures through expvar under name, so
// that /debug/vars (expvar.Handler) shows them, as the JSON that [Handler]
// serves with ?format=json (the schema is in the package doc). Each read of
// the variable gathers the figures anew, without stopping the world.
//
// Publish panics, as [expvar.Publish] does, if name is already published,
// and if it is empty.
func Publish(name string) {
	if name == "" {
		panic("leakwatch: Publish: empty name; pass the name /debug/vars should show the figures under, such as \"safeprim\"")
	}
	if expvar.Get(name) != nil {
		panic(fmt.Sprintf("leakwatch: Publish: name %q is already published; publish the figures once, under a name of their own", name))
	}
	expvar.Publish(name, expvar.Func(func() any { return read() }))
}
