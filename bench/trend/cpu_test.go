package trend_test

import "github.com/safeprim/safeprim/internal/cputime"

// processCPU returns the CPU time (user and system) this process has used,
// and false where the system does not report it.
var processCPU = cputime.Process
