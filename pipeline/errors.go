package pipeline

import (
	"errors"
	"fmt"
	"strings"
)

// An InputError is a problem with one input: a file, and where known the
// line, or the sheet and cell, where it is.
type InputError struct {
	File  string
	Line  int    // 1-based; 0 when not known or not a text file
	Sheet string // for spreadsheets
	Cell  string // for spreadsheets, such as "E14"
	Err   error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Cell != "" {
		if e.Sheet == "" {
			b.WriteString(":")
		}
		fmt.Fprintf(&b, " cell %s", e.Cell)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// unjoin lists the errors an errors.Join made, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// ErrNothingUsable is returned when a run found no input it could use.
var ErrNothingUsable = errors.New("no usable input")

// A ConfigError is a problem with the run's settings rather than its
// inputs: a missing codebook file, a broken codebook, an output folder
// that cannot be made.
type ConfigError struct {
	Err error
}

func (e *ConfigError) Error() string { return e.Err.Error() }

func (e *ConfigError) Unwrap() error { return e.Err }
