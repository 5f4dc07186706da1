package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
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
	modelIn := fs.String("model", "builtin", "code with the cues and this learned model `file`: \"builtin\" for the one desist run uses by default, \"none\" for the cues alone")
	cues := fs.String("cues", "codebook", "code with the codebook's cues (\"codebook\"), or \"none\" to measure the learned model alone (which gives no domain codes)")
	byFile := fs.Bool("by-file", false, "leave one author out: for each GOLD file, train the learned model on the other files, code that file, and print each file's figures and the pooled ones (needs two files or more)")
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
	switch {
	case *cues == "none" && *modelIn == "none" && *trainPath == "" && *folds < 2 && !*byFile:
		fmt.Fprintln(stderr, "desist: -cues none with -model none leaves nothing to code with")
		return exitUsage
	case *cues == "none":
		cb = cb.WithoutCues()
	case *cues != "codebook":
		fmt.Fprintf(stderr, "desist: -cues is \"codebook\" or \"none\", not %q\n", *cues)
		return exitUsage
	}
	var gold []pipeline.GoldStatement
	var files []pipeline.GoldFile
	status := exitOK
	for _, path := range fs.Args() {
		g, err := pipeline.ReadGold(path, cb)
		if err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			status = exitRejected
		}
		gold = append(gold, g...)
		files = append(files, pipeline.GoldFile{Name: path, Statements: g})
	}
	if *byFile {
		if len(files) < 2 {
			fmt.Fprintln(stderr, "desist: -by-file needs two gold files or more: each is coded by a model trained on the others")
			return exitUsage
		}
		per, rules, model := pipeline.LeaveOneOut(cb, files)
		if *showErrors {
			printDisagreements(stdout, model)
		}
		printEvaluation(stdout, model)
		fmt.Fprintln(stdout)
		printByFile(stdout, per, rules, model, *cues != "none")
		return status
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
			b, err := model.File()
			if err == nil {
				err = os.WriteFile(*modelOut, b, 0o644)
			}
			if err != nil {
				fmt.Fprintf(stderr, "desist: writing model: %v\n", err)
				return exitRejected
			}
		}
		ev = pipeline.Evaluate(coder.WithModel(model), gold)
	case *modelIn != "" && *modelIn != "none":
		var m *coding.Model
		if *modelIn == "builtin" {
			m, err = pipeline.DefaultModel()
			for _, path := range fs.Args() {
				if slices.Contains(pipeline.ModelGold, filepath.Base(path)) {
					fmt.Fprintf(stderr, "desist: warning: the built-in model learned from %s, so its figures there flatter it\n", path)
				}
			}
		} else {
			m, err = pipeline.LoadModel(*modelIn)
		}
		if err != nil {
			fmt.Fprintf(stderr, "desist: %v\n", err)
			return exitUsage
		}
		ev = pipeline.Evaluate(coder.WithModel(m), gold)
	default:
		ev = pipeline.Evaluate(coder, gold)
	}
	if *showErrors {
		printDisagreements(stdout, ev)
	}
	printEvaluation(stdout, ev)
	return status
}

// printInterval prints the factors F1 over the statements whose factor
// counts are each, with its 95% bootstrap interval.
func printInterval(w io.Writer, each []coding.Confusion) {
	var factors coding.Confusion
	for _, c := range each {
		factors.Merge(c)
	}
	lo, hi := coding.F1Interval(each, 0.95, intervalResamples)
	fmt.Fprintf(w, "factors F1 %s, 95%% interval %s to %s: how far it could move on another set like this one\n", num(factors.F1()), num(lo), num(hi))
	fmt.Fprintf(w, "(percentile bootstrap, %d draws of the %d statements with replacement, fixed seed).\n", intervalResamples, len(each))
}

// intervalResamples is how many draws the bootstrap interval of the
// factors F1 takes.
const intervalResamples = 2000

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
	printInterval(w, ev.Each)
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

// printByFile prints leave-one-author-out figures: for each file and
// pooled, factors micro F1, precision and recall with the cues alone and
// with the cues and a model trained on the other files; without cues,
// with that model alone.
func printByFile(w io.Writer, per []pipeline.FileEvaluation, rules, model *pipeline.Evaluation, cues bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	if cues {
		fmt.Fprintln(tw, "held out\tstatements\tcues F1\tP\tR\t+model F1\tP\tR\tpolarity\t")
	} else {
		fmt.Fprintln(tw, "held out\tstatements\tmodel F1\tP\tR\tpolarity\t")
	}
	row := func(name string, n int, r, m coding.Confusion) {
		fmt.Fprintf(tw, "%s\t%d\t", name, n)
		if cues {
			fmt.Fprintf(tw, "%s\t%s\t%s\t", num(r.F1()), num(r.Precision()), num(r.Recall()))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", num(m.F1()), num(m.Precision()), num(m.Recall()), num(m.PolarityAccuracy()))
	}
	for _, f := range per {
		row(f.Name, f.Rules.N, f.Rules.Factors, f.Model.Factors)
	}
	row("pooled", rules.N, rules.Factors, model.Factors)
	tw.Flush()
	if cues {
		fmt.Fprintln(w, "Factors micro-averaged. Each file is coded by the cues alone, and by the cues with a model trained on the other files only.")
	} else {
		fmt.Fprintln(w, "Factors micro-averaged. Each file is coded by a model trained on the other files only, without the cues.")
	}
	fmt.Fprintln(w, "The table above it is the pooled figures with the model.")
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
