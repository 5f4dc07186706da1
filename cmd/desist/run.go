package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"desist/pipeline"
)

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
)

const usage = `desist turns interview transcripts and case records into coded evidence.

Usage:
  desist run [flags] [PATH ...]   code transcripts and sheets; with no PATH, the embedded sample study
  desist codebook [flags]         print the codebook in use, or write it out to start your own
  desist eval [flags] GOLD.tsv    measure the coder against a hand-coded gold set
  desist agree [flags] A.xlsx B.xlsx
                                  agreement between two reviewers' workbooks of the same run
  desist help                     this text

Run "desist run -h", "desist codebook -h", "desist eval -h" or "desist agree -h"
for the flags.

Exit status: 0 all inputs processed; 1 some inputs rejected (the rest are written,
every rejection listed with its file and line or cell); 2 usage error, broken
codebook or no usable input.
`

// run is the whole command: it parses args, does the work and returns the
// exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runRun(ctx, args[1:], stderr)
	case "codebook":
		return runCodebook(args[1:], stdout, stderr)
	case "eval":
		return runEval(args[1:], stdout, stderr)
	case "agree":
		return runAgree(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "desist: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}

func runRun(ctx context.Context, args []string, stderr io.Writer) int {
	var cfg pipeline.Config
	var participants, cases multiFlag
	fs := flag.NewFlagSet("desist run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Out, "out", "desist-out", "`folder` for the outputs; created if missing")
	fs.StringVar(&cfg.Codebook, "codebook", "", "codebook `file` (YAML) to code with; default: the built-in one (see \"desist codebook\")")
	fs.Var(&participants, "participants", "participants sheet `file` (.xlsx or .csv with a Participant column); may be repeated")
	fs.Var(&cases, "cases", "case sheet `file` (.xlsx or .csv with a Case column), or FILE:SHEET for one sheet of a workbook; may be repeated")
	fs.StringVar(&cfg.Columns, "columns", "", "column map `file` (YAML lines \"your header: desist column\") for sheets whose headers desist does not know")
	fs.StringVar(&cfg.Review, "review", "", "an earlier coded.xlsx `file` whose reviewer decisions (Decision, Reviewer note) are carried into this run, matched by Segment ID")
	fs.BoolVar(&cfg.Learn, "learn", false, "with -review: learn from the reviewer's decisions, code with the learned model beside the cues, and write it to the output folder as "+pipeline.LearnedModelName)
	fs.StringVar(&cfg.Model, "model", "", "a learned model `file` (from -learn, or desist eval -save-model) to code with beside the cues, instead of the built-in one")
	fs.BoolVar(&cfg.NoModel, "no-model", false, "code with the codebook's cues alone, without the built-in learned model")
	fs.BoolVar(&cfg.NoRedact, "no-redact", false, "keep names of people in quotes (by default they become [Person 1], [Person 2], ...)")
	fs.StringVar(&cfg.Names, "names", "", "`file` of further names to redact, one per line (a line starting with ! names a place to keep)")
	fs.BoolVar(&cfg.RecogniseNames, "recognise-names", false, "also find names with prose's named-entity recogniser (slower; about 90 ms a transcript, and its ties may fall differently between runs)")
	fs.BoolVar(&cfg.Redactions, "redactions", false, "add a Redactions sheet listing each name and its placeholder (for the analyst's eyes only: do not share that workbook)")
	fs.IntVar(&cfg.Workers, "workers", 0, "how many files to read at once (default: one per CPU)")
	quiet := fs.Bool("quiet", false, "print only rejections and the summary line")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: desist run [flags] [PATH ...]

Reads interview transcripts (.txt, .md, .docx, .vtt, .srt) and sheets (.xlsx,
.csv: participants and case records), codes every statement against the
codebook and writes coded.xlsx, statements.csv, summary.csv, cases.csv,
report.html, charts/, codebook.qdc and project.qdpx to the output folder.
Names of people in quotes are redacted unless -no-redact is given. PATHs may
be files or folders (folders are searched). With no PATH, desist runs on its
built-in fictional sample study.

Flags:
`)
		fs.PrintDefaults()
	}
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	cfg.Paths = fs.Args()
	cfg.Participants, cfg.Cases = participants, cases
	var warnTo io.Writer = stderr
	finish := func() {}
	if !*quiet {
		cfg.Progress, warnTo, finish = progress(stderr)
	}
	cfg.Warn = func(err error) { fmt.Fprintf(warnTo, "desist: warning: %v\n", err) }

	res, err := pipeline.Run(ctx, cfg)
	finish()
	if res != nil {
		for _, r := range res.Rejected {
			fmt.Fprintf(stderr, "desist: %v\n", r)
		}
	}
	var ce *pipeline.ConfigError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitUsage
	case errors.Is(err, pipeline.ErrNothingUsable):
		fmt.Fprintf(stderr, "desist: nothing written: no transcript or case sheet could be read\n")
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitRejected
	}
	if cfg.Review != "" {
		fmt.Fprintf(stderr, "desist: review %s: %d reviewed statements carried", cfg.Review, res.Reviewed)
		if res.Orphaned > 0 {
			fmt.Fprintf(stderr, "; %d decisions found no segment and are kept in the sheet %q", res.Orphaned, "Orphaned decisions")
		}
		fmt.Fprintln(stderr)
	}
	fmt.Fprintf(stderr, "desist: %d transcripts, %d sheets (%d cases); %d statements, %d coded, %d codes given; %d rejected; outputs in %s\n",
		res.Transcripts, res.Sheets, res.Cases, res.Statements, res.Coded, res.Codes, len(res.Rejected), res.Out)
	if len(res.Rejected) > 0 {
		return exitRejected
	}
	return exitOK
}

// parseFlags parses args into fs. When it returns false the command ends
// with the status: 0 after -h (the usage was printed), 2 for a bad flag
// (the flag package has said what is wrong).
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	case err != nil:
		return exitUsage, false
	}
	return exitOK, true
}
