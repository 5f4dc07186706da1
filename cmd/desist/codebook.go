package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"desist/coding"
	"desist/pipeline"
)

func runCodebook(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("desist codebook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("codebook", "", "codebook `file` to check and print; default: the built-in one")
	out := fs.String("o", "", "write the codebook to this `file` as a starting point for your own (it must not exist yet)")
	list := fs.Bool("list", false, "print a table of the codes instead of the YAML")
	try := fs.String("try", "", "code this `statement` with the codebook and show which cues fired")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: desist codebook [flags]

Prints the codebook in use (the built-in one, or the file given with
-codebook after checking it), or writes it to a file to edit as your own:

  desist codebook -o my-codebook.yaml
  desist codebook -codebook my-codebook.yaml -try "She never judged me."
  desist run -codebook my-codebook.yaml transcripts/

Flags:
`)
		fs.PrintDefaults()
	}
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "desist codebook: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cb, err := pipeline.LoadCodebook(*path)
	if err != nil {
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitUsage
	}
	switch {
	case *try != "":
		as := coding.NewCoder(cb).Code(*try)
		if len(as) == 0 {
			fmt.Fprintln(stdout, "no code")
		}
		for _, a := range as {
			fmt.Fprintf(stdout, "%s %s (%s, %.2f): %s\n", a.Code.ID, a.Code.Label, a.Polarity, a.Confidence, a.Cue)
		}
	case *out != "":
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			return exitUsage
		}
		if _, err := f.Write(cb.Source); err != nil {
			f.Close()
			fmt.Fprintf(stderr, "desist: writing %s: %v\n", *out, err)
			return exitRejected
		}
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "desist: writing %s: %v\n", *out, err)
			return exitRejected
		}
		fmt.Fprintf(stderr, "desist: wrote %s (%d codes); edit it, then use it with: desist run -codebook %s\n", *out, len(cb.Codes), *out)
	case *list:
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tTYPE\tDOMAIN\tCUES\tLABEL")
		for _, c := range cb.Codes {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", c.ID, c.Type, c.Domain, len(c.Cues), c.Label)
		}
		if err := tw.Flush(); err != nil {
			return exitRejected
		}
	default:
		if _, err := stdout.Write(cb.Source); err != nil {
			return exitRejected
		}
	}
	return exitOK
}
