package a

import "sync"

var bufs = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

func slices() {
	b := bufs.Get().([]byte)
	bufs.Put(b[:0]) // want `poolvalue: \[\]byte Put into bufs is not a pointer; each Put allocates to box it \(use safepool.SlicePool or safepool.Pool\[\[\]T\], which do not allocate\)`
}

type point struct{ x, y int }

var points sync.Pool

func structs(p point) {
	points.Put(p) // want `poolvalue: point Put into points is not a pointer; each Put allocates to box it \(use safepool.Pool\[T\] or a pool of \*T, which do not allocate\)`
}

var names sync.Pool

func strs(s string) {
	names.Put(s) // want `poolvalue: string Put into names is not a pointer`
}

type pools struct{ ints sync.Pool }

func (p *pools) put(xs []int) {
	p.ints.Put(xs) // want `poolvalue: \[\]int Put into p.ints is not a pointer`
}
