// Package typepred holds the type predicates the safeprim analyzers share.
package typepred

import (
	"go/types"
)

// IsNamed reports whether t, with any alias removed, is the named type
// pkgPath.name (an instance of it, if generic).
func IsNamed(t types.Type, pkgPath, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// IsNamedOrPtr reports whether t is pkgPath.name or a pointer to it.
func IsNamedOrPtr(t types.Type, pkgPath, name string) bool {
	return IsNamed(Deref(t), pkgPath, name)
}

// Deref returns what t points to if t is a pointer, and t otherwise.
func Deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// PointerShaped reports whether a value of type t fits in an interface
// without an allocation because it is a single pointer: pointers, maps,
// channels, functions and unsafe.Pointer. Interfaces and type parameters
// report false: what they hold is not known.
func PointerShaped(t types.Type) bool {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	}
	return false
}

// HasPointers reports whether a value of type t holds a pointer the garbage
// collector follows: a pointer, slice, map, channel, function, interface or
// string, directly or in an element or field. Type parameters count as
// pointers, since an instance may be one.
func HasPointers(t types.Type) bool {
	return hasPointers(t, nil)
}

func hasPointers(t types.Type, seen map[types.Type]bool) bool {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0 || u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem(), seen)
	case *types.Struct:
		if seen[t] {
			return false
		}
		if seen == nil {
			seen = make(map[types.Type]bool)
		}
		seen[t] = true
		for i := range u.NumFields() {
			if hasPointers(u.Field(i).Type(), seen) {
				return true
			}
		}
		return false
	}
	return true
}

// IsByteSlice reports whether t is a slice of bytes.
func IsByteSlice(t types.Type) bool {
	s, ok := types.Unalias(t).Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := types.Unalias(s.Elem()).Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// SliceElem returns the element type of t if t is a slice.
func SliceElem(t types.Type) (types.Type, bool) {
	s, ok := types.Unalias(t).Underlying().(*types.Slice)
	if !ok {
		return nil, false
	}
	return s.Elem(), true
}

// IsMap reports whether t is a built-in map type.
func IsMap(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Map)
	return ok
}

// IsChan reports whether t is a channel type.
func IsChan(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Chan)
	return ok
}

// HasMethod reports whether values of type t (or of *t, when t is
// addressable, as pointer receivers are) have a method of the given name
// that takes no arguments. pkg is the package asking, which matters for an
// unexported name.
func HasMethod(t types.Type, pkg *types.Package, name string) bool {
	for _, tt := range []types.Type{t, types.NewPointer(Deref(t))} {
		obj, _, _ := types.LookupFieldOrMethod(tt, true, pkg, name)
		if fn, ok := obj.(*types.Func); ok && fn.Signature().Params().Len() == 0 {
			return true
		}
	}
	return false
}

// String returns t as the code of the package from would write it: types of
// that package unqualified, others qualified by package name.
func String(t types.Type, from *types.Package) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	})
}
