package stacks

// ParseLeaked parses a dump as ReadLeaked does, keeping the leaked
// goroutines only.
func ParseLeaked(text string) (*Dump, error) {
	return parseDump([]byte(text), func(g *Goroutine) bool { return g.Leaked })
}
