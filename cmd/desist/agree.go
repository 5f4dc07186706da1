package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"desist/pipeline"
)

func runAgree(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("desist agree", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cbPath := fs.String("codebook", "", "codebook `file` the run used; default: the built-in one")
	asCSV := fs.Bool("csv", false, "print the table as CSV")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: desist agree [flags] A.xlsx B.xlsx
       desist agree [flags] A.tsv B.tsv

Compares two reviewers' decisions on copies of the same run's coded.xlsx
(inter-coder agreement). Each reviewer's codes for a statement are the
codes they accepted, re-coded to or added; a statement counts when both
reviewers decided on it, and a code is left out for a statement where a
reviewer left its row undecided. Per code and overall it prints how many
statements each reviewer and both gave the code, B's precision, recall and
F1 against A, Cohen's kappa, Krippendorff's alpha (nominal) and polarity
agreement.

Given two gold sets instead (tab-separated, as desist eval reads; any file
that is not a workbook is read as one, whatever its name), it compares two
people's hand-coding of the same statements, matched by ID: every row of
both counts, and a row missing from one file or with other text is
reported and left out.

Flags:
`)
		fs.PrintDefaults()
	}
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "desist agree: give two workbooks (A.xlsx B.xlsx) or two gold sets (A.tsv B.tsv)")
		fs.Usage()
		return exitUsage
	}
	cb, err := pipeline.LoadCodebook(*cbPath)
	if err != nil {
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitUsage
	}
	a, b := fs.Arg(0), fs.Arg(1)
	gold := isGoldFile(a)
	agree, what, both := pipeline.Agree, "workbooks", "decided by both"
	switch {
	case gold && isGoldFile(b):
		agree, what, both = pipeline.AgreeGold, "gold sets", "in both"
	case gold != isGoldFile(b):
		fmt.Fprintln(stderr, "desist agree: give two workbooks (.xlsx) or two gold sets (.tsv), not one of each")
		fs.Usage()
		return exitUsage
	}
	t, bad, err := agree(a, b, cb)
	if err != nil {
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitUsage
	}
	for _, e := range bad {
		fmt.Fprintf(stderr, "desist: %v\n", e)
	}
	if *asCSV {
		w := csv.NewWriter(stdout)
		_ = w.Write(t.Header)
		for _, r := range t.Rows {
			_ = w.Write(cells(r))
		}
		w.Flush()
		if err := w.Error(); err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			return exitRejected
		}
	} else {
		fmt.Fprintf(stdout, "A: %s\nB: %s\n%d statements %s.\n\n", a, b, t.N(), both)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		for i, h := range t.Header {
			if i == 1 {
				continue // the label, too wide for a terminal
			}
			fmt.Fprintf(tw, "%s\t", h)
		}
		fmt.Fprintln(tw)
		for _, r := range t.Rows {
			for i, c := range cells(r) {
				if i == 1 {
					continue
				}
				if c == "" {
					c = "-"
				}
				fmt.Fprintf(tw, "%s\t", c)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		if t.N() > 0 {
			fmt.Fprintln(stdout)
			printInterval(stdout, t.Each)
		}
	}
	if t.N() == 0 {
		fmt.Fprintf(stderr, "desist: the two %s have no statement in common that both decided on\n", what)
		return exitRejected
	}
	if len(bad) > 0 {
		return exitRejected
	}
	return exitOK
}

// isGoldFile says whether a file is a gold set rather than a workbook. A
// workbook is a zip archive, so a file that does not start as one is read
// as a gold set, whatever its name ("gold.txt"). A file that cannot be
// read, or is empty, is judged by its name, and its reader reports why.
func isGoldFile(path string) bool {
	byName := strings.EqualFold(filepath.Ext(path), ".tsv")
	f, err := os.Open(path)
	if err != nil {
		return byName
	}
	defer f.Close()
	head := make([]byte, len(zipMagic))
	n, _ := io.ReadFull(f, head)
	if n == 0 {
		return byName
	}
	return !bytes.Equal(head[:n], zipMagic)
}

// zipMagic is how a zip archive, and so an .xlsx workbook, starts.
var zipMagic = []byte("PK\x03\x04")

// cells turns a table row into text.
func cells(r []any) []string {
	out := make([]string, len(r))
	for i, v := range r {
		switch v := v.(type) {
		case string:
			out[i] = v
		case int:
			out[i] = strconv.Itoa(v)
		case float64:
			out[i] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}
