package safeslice

// BufferSpare returns the part of b's backing array past its length, which
// must hold only zero values.
func BufferSpare[E any](b *Buffer[E]) []E {
	return b.s[len(b.s):cap(b.s)]
}

// QueueFree returns copies of the slots of q's backing array that hold no
// element, which must hold only zero values.
func QueueFree[E any](q *Queue[E]) []E {
	var free []E
	for i := q.n; i < len(q.buf); i++ {
		free = append(free, q.buf[(q.head+i)&(len(q.buf)-1)])
	}
	return free
}
