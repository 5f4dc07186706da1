// Package coding decides which codes of a codebook a statement earns.
//
// It holds the codebook (loading and validating it), the cue patterns, and
// the coder, which reads each statement's words for cues, negation and
// hypotheticals and gives each code a polarity, a confidence and the cue
// that fired. Everything here is a pure function over plain values: no
// files, no goroutines.
package coding
