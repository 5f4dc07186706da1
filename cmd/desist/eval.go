package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"desist/coding"
	"desist/pipeline"
)

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("desist eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cbPath := fs.String("codebook", "", "codebook `file` to evaluate; default: the built-in one")
	folds := fs.Int("folds", 0, "cross-validate: train the learned model on all but one of `K` folds of the gold set, code that fold, and pool")
	trainPath := fs.String("train", "", "train the learned model on this gold `file` and evaluate on the others (cues alone without it)")
	modelOut := fs.String("save-model", "", "with -train, also write the trained model to this `file` (JSON)")
	showErrors := fs.Bool("errors", false, "list every statement the coder coded differently from the gold set")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: desist eval [flags] GOLD.tsv ...

Codes a hand-coded gold set and compares the codes with the gold set's:
per code and overall, precision, recall, F1 and Cohen's kappa, and how often
the polarity (present or absent) is right where both gave the code.

A gold set is a tab-separated file with the header
  ID  Role  Codes  Context  Source  Text
where Role is child, parent, worker or interviewer, and Codes is "-" or the
codes that apply, each followed by + (present) or - (absent): "E1+ H3+".

Flags:
`)
		fs.PrintDefaults()
	}
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	cb, err := pipeline.LoadCodebook(*cbPath)
	if err != nil {
		fmt.Fprintf(stderr, "desist: %v\n", err)
		return exitUsage
	}
	var gold []pipeline.GoldStatement
	status := exitOK
	for _, path := range fs.Args() {
		g, err := pipeline.ReadGold(path, cb)
		if err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			status = exitRejected
		}
		gold = append(gold, g...)
	}
	if len(gold) == 0 {
		fmt.Fprintln(stderr, "desist: no gold statements read")
		return exitUsage
	}
	var ev *pipeline.Evaluation
	coder := coding.NewCoder(cb)
	switch {
	case *folds > 1:
		ev = pipeline.CrossValidate(cb, gold, *folds)
	case *trainPath != "":
		train, err := pipeline.ReadGold(*trainPath, cb)
		if err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			return exitUsage
		}
		model := pipeline.TrainModel(cb, train)
		if *modelOut != "" {
			b, err := json.Marshal(model)
			if err == nil {
				err = os.WriteFile(*modelOut, append(b, '\n'), 0o644)
			}
			if err != nil {
				fmt.Fprintf(stderr, "desist: writing model: %v\n", err)
				return exitRejected
			}
		}
		ev = pipeline.Evaluate(coder.WithModel(model), gold)
	default:
		ev = pipeline.Evaluate(coder, gold)
	}
	if *showErrors {
		printDisagreements(stdout, ev)
	}
	printEvaluation(stdout, ev)
	return status
}

func num(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.2f", f)
}

func printEvaluation(w io.Writer, ev *pipeline.Evaluation) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "code\tgold\tcoder\tboth\tprecision\trecall\tF1\tkappa\tpolarity\t")
	row := func(name string, c coding.Confusion) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n", name, c.Both+c.RefOnly, c.Both+c.CandOnly, c.Both,
			num(c.Precision()), num(c.Recall()), num(c.F1()), num(c.Kappa()), num(c.PolarityAccuracy()))
	}
	for _, c := range ev.Codes {
		row(c.ID, *ev.PerCode[c.ID])
	}
	row("factors", ev.Factors)
	row("all", ev.All)
	tw.Flush()
	fmt.Fprintf(w, "\n%d statements. \"factors\" and \"all\" are micro-averaged over E and H codes, and over every code;\n", ev.N)
	fmt.Fprintln(w, "kappa there is over statement-code pairs. polarity: share of codes given by both with the same polarity.")
	if len(ev.Folds) > 0 {
		var f1s []float64
		for i, f := range ev.Folds {
			fmt.Fprintf(w, "fold %d: factors F1 %s (precision %s, recall %s, %d statements)\n", i+1, num(f.F1()), num(f.Precision()), num(f.Recall()), f.N()/max(1, countFactors(ev)))
			f1s = append(f1s, f.F1())
		}
		m, sd := meanSD(f1s)
		fmt.Fprintf(w, "folds: factors F1 mean %.2f, sd %.2f; each fold coded by the cues and a model trained on the other folds\n", m, sd)
	}
}

func countFactors(ev *pipeline.Evaluation) int {
	n := 0
	for _, c := range ev.Codes {
		if c.IsFactor() {
			n++
		}
	}
	return n
}

func meanSD(xs []float64) (float64, float64) {
	var sum, sq float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	for _, x := range xs {
		sq += (x - m) * (x - m)
	}
	return m, math.Sqrt(sq / float64(len(xs)))
}

func printDisagreements(w io.Writer, ev *pipeline.Evaluation) {
	for _, d := range ev.Disagree {
		var parts []string
		if len(d.Missed) > 0 {
			parts = append(parts, "missed "+strings.Join(d.Missed, " "))
		}
		if len(d.Extra) > 0 {
			parts = append(parts, "extra "+strings.Join(d.Extra, " "))
		}
		if len(d.Flip) > 0 {
			parts = append(parts, "polarity "+strings.Join(d.Flip, " "))
		}
		fmt.Fprintf(w, "%s (line %d, %s): %s\n    %s\n", d.Gold.ID, d.Gold.Line, d.Gold.Role, strings.Join(parts, "; "), d.Gold.Text)
		for _, a := range d.Got {
			fmt.Fprintf(w, "    coder: %s %s: %s\n", a.Code.ID, a.Polarity, a.Cue)
		}
	}
	fmt.Fprintln(w)
}
