package b

// Key is another package's key; callers must use it as it is.
const Key = "b.key"

type ContextKey string

const Typed ContextKey = "typed"
