package safepool

// An Option configures a pool made by [New], [NewBufferPool] or
// [NewSlicePool]. The zero Option changes nothing; a later option of the same
// kind replaces an earlier one.
type Option struct {
	apply func(*config)
}

// config is what the options set. Its zero value is the configuration of a
// zero BufferPool or SlicePool.
type config struct {
	stats bool
	name  string
}

func configure(opts []Option) config {
	var c config
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithStats sets whether the pool counts every Get and Put ([Stats.Gets],
// [Stats.Puts] and so [Stats.HitRatio]). News and Drops are counted either
// way. Off by default, and on in debug mode whatever it says.
//
// Counting adds an atomic add to every Get and Put, on a counter striped by
// object so that goroutines running in parallel rarely share one.
// BenchmarkPoolGetPut/impl=safepool-stats and its BufferPool and SlicePool
// counterparts measure it.
func WithStats(on bool) Option {
	return Option{apply: func(c *config) { c.stats = on }}
}

// WithName names the pool, so that [Named] lists it with its Stats while it
// is reachable. Several pools may share a name. WithName("") leaves the pool
// unnamed and unlisted, as it is by default.
func WithName(name string) Option {
	return Option{apply: func(c *config) { c.name = name }}
}
