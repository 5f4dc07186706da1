// Desist turns a thematic inspection's interview transcripts and case
// records into coded evidence: every statement a participant made, coded
// against the enabling and hindering factors of desistance and the eight
// inspection domains, with the case-record indicators.
//
// Usage:
//
//	desist run [flags] [PATH ...]   code transcripts and sheets; with no PATH, the sample study
//	desist codebook [flags]         print or write the codebook in use
//	desist eval [flags] GOLD.tsv    measure the coder against a hand-coded gold set
//	desist help                     this text
//
// Run "desist run -h", "desist codebook -h" or "desist eval -h" for the flags.
//
// Exit status: 0 when every input was processed; 1 when some inputs were
// rejected (the rest are processed and written, and every rejection is
// listed on standard error with its file and line or cell); 2 for a usage
// error, a broken codebook, or no usable input.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
)

// memoryLimit is the Go runtime's soft memory limit for a run, unless
// GOMEMLIMIT sets another: the garbage collector works harder as the heap
// nears it rather than letting a large run's heap grow to twice what is
// live.
const memoryLimit = 768 << 20

// gcPercent is the garbage collector's target for a run, unless GOGC sets
// another: a run's live heap is small (the summaries, and the files in
// hand), so letting the heap grow to five times it, within memoryLimit,
// saves about a sixth of the CPU time that the default of 100 spends (50 MB
// corpus, bench/run.sh).
const gcPercent = 400

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
