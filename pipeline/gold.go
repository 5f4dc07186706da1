package pipeline

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"desist/coding"
)

// A GoldStatement is one hand-coded statement of a gold set.
type GoldStatement struct {
	ID, Role, Context, Source, Text string
	File                            string                     // the gold file it was read from
	Codes                           map[string]coding.Polarity // none for a statement with no code
	Line                            int
	// Before is the row before's text when the same role said it (not
	// the interviewer), else empty: the sentence a run would most likely
	// give the statement as its context.
	Before string
}

// RunContext is the context a run gives the statement: a run gives each
// sentence the one before it in the same turn, so it is the statement's
// Context where the gold set gives one (the coder of the gold set wrote
// it where it matters for the codes), else the row before when the same
// speaker said it. The coder is trained and measured with it, so that
// it learns, and is measured, as it is used.
func (g GoldStatement) RunContext() string {
	if g.Context != "" {
		return g.Context
	}
	return g.Before
}

var goldHeader = []string{"ID", "Role", "Codes", "Context", "Source", "Text"}

// ReadGold reads a gold set: a tab-separated file with the header ID,
// Role, Codes, Context, Source, Text, where Codes is "-" or codes each
// followed by + (present) or - (absent), such as "E1+ H3+". Every bad line
// is reported and left out, so that a row is never counted with fewer
// codes than its coder gave it.
func ReadGold(path string, cb *coding.Codebook) ([]GoldStatement, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading gold set: %w", err)
	}
	return parseGold(path, src, cb)
}

func parseGold(path string, src []byte, cb *coding.Codebook) ([]GoldStatement, error) {
	src, err := decodeText(src)
	if err != nil {
		return nil, &InputError{File: path, Err: err}
	}
	var out []GoldStatement
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	seen := map[string]int{}
	var prevRole, prevText string // the row before, even when it is left out
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			if h := strings.Split(line, "\t"); !slices.Equal(h, goldHeader) {
				return nil, &InputError{File: path, Line: 1, Err: fmt.Errorf("header is %q, want %q (tab-separated)", h, goldHeader)}
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != len(goldHeader) {
			errs = append(errs, &InputError{File: path, Line: n, Err: fmt.Errorf("%d fields, want %d", len(f), len(goldHeader))})
			prevRole, prevText = "", ""
			continue
		}
		g := GoldStatement{ID: f[0], Role: f[1], Context: f[3], Source: f[4], Text: f[5], File: path, Line: n, Codes: map[string]coding.Polarity{}}
		if g.Role == prevRole && g.Role != "interviewer" {
			g.Before = prevText
		}
		prevRole, prevText = g.Role, g.Text
		before := len(errs)
		if prev, dup := seen[g.ID]; dup {
			errs = append(errs, &InputError{File: path, Line: n, Err: fmt.Errorf("ID %s already used at line %d", g.ID, prev)})
		} else {
			seen[g.ID] = n
		}
		if _, err := parseChoice(g.Role, roles, "role"); err != nil {
			errs = append(errs, &InputError{File: path, Line: n, Err: err})
		}
		if codes := strings.TrimSpace(f[2]); codes != "-" {
			for _, c := range strings.Fields(codes) {
				id, pol := c[:len(c)-1], coding.Polarity("")
				switch c[len(c)-1] {
				case '+':
					pol = coding.Present
				case '-':
					pol = coding.Absent
				}
				if _, ok := cb.Code(id); !ok || pol == "" {
					errs = append(errs, &InputError{File: path, Line: n, Err: fmt.Errorf("code %q is not a codebook ID followed by + or -", c)})
					continue
				}
				g.Codes[id] = pol
			}
		}
		if len(errs) == before {
			out = append(out, g)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &InputError{File: path, Line: n + 1, Err: err})
	}
	return out, errors.Join(errs...)
}

// A Disagreement is a gold statement the coder coded differently.
type Disagreement struct {
	Gold   GoldStatement
	Got    []coding.Assignment
	Missed []string // codes in the gold set the coder did not give
	Extra  []string // codes the coder gave that the gold set does not have
	Flip   []string // codes both gave, with different polarity
}

// An Evaluation compares the coder with a gold set.
type Evaluation struct {
	Codes    []*coding.Code
	PerCode  map[string]*coding.Confusion
	Factors  coding.Confusion   // micro-averaged over the factor codes
	All      coding.Confusion   // micro-averaged over every code
	Folds    []coding.Confusion // factors, per fold, when cross-validated
	Each     []coding.Confusion // factors, per statement, for intervals
	Disagree []Disagreement
	N        int
}

// Examples turns gold statements into training examples (the
// interviewer's are left out: they are never coded).
func Examples(gold []GoldStatement) []coding.Example {
	var out []coding.Example
	for _, g := range gold {
		if g.Role == "interviewer" {
			continue
		}
		out = append(out, example(g.Text, g.RunContext(), g.Codes))
	}
	return out
}

// example is a training example: a statement and the codes it carries,
// those described as missing listed again in Absent.
func example(text, context string, codes map[string]coding.Polarity) coding.Example {
	ex := coding.Example{Text: text, Context: context}
	for id, pol := range codes {
		ex.Codes = append(ex.Codes, id)
		if pol == coding.Absent {
			ex.Absent = append(ex.Absent, id)
		}
	}
	slices.Sort(ex.Codes)
	slices.Sort(ex.Absent)
	return ex
}

// factorIDs lists the codebook's factor codes.
func factorIDs(cb *coding.Codebook) []string {
	var ids []string
	for _, c := range cb.Codes {
		if c.IsFactor() {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// ModelGold names the gold files in coding/testdata/gold that the built-in
// model (data/model.json) learns from: the development parts only.
var ModelGold = []string{"dev.tsv", "dev2.tsv", "dev3.tsv", "dev4.tsv", "dev5.tsv", "dev6.tsv", "dev7.tsv", "dev8.tsv", "dev9.tsv", "dev10.tsv", "dev11.tsv", "dev12.tsv", "dev13.tsv", "dev14.tsv", "dev15.tsv", "dev16.tsv", "dev17.tsv", "dev18.tsv", "dev19.tsv", "dev20.tsv", "dev21.tsv", "dev22.tsv", "dev23.tsv", "dev24.tsv", "dev25.tsv",
	"dev26.tsv", "dev27.tsv", "dev28.tsv", "dev29.tsv", "dev30.tsv", "dev31.tsv", "dev32.tsv", "dev33.tsv"}

// TrainOptions are the options TrainModel trains with; experiments may
// change them.
var TrainOptions = coding.TrainOptions{}

// TrainModel fits the learned complement to the cues on gold statements.
func TrainModel(cb *coding.Codebook, gold []GoldStatement) *coding.Model {
	opt := TrainOptions
	opt.Rules = coding.NewCoder(cb)
	return coding.Train(Examples(gold), factorIDs(cb), opt)
}

// Evaluate codes every gold statement with coder (the interviewer's are
// never coded, as in a run) and compares the codes with the gold set's.
func Evaluate(coder *coding.Coder, gold []GoldStatement) *Evaluation {
	cb := coder.Codebook()
	ev := &Evaluation{Codes: cb.Codes, PerCode: map[string]*coding.Confusion{}, N: len(gold)}
	for _, c := range cb.Codes {
		ev.PerCode[c.ID] = &coding.Confusion{}
	}
	for _, g := range gold {
		ev.add(coder, g)
	}
	return ev
}

// CrossValidate splits gold into folds (statement i in fold i mod folds);
// for each, it trains a model on the other folds, codes the fold with the
// cues and that model, and pools the comparisons. Folds gives each fold's
// factor figures.
func CrossValidate(cb *coding.Codebook, gold []GoldStatement, folds int) *Evaluation {
	ev := &Evaluation{Codes: cb.Codes, PerCode: map[string]*coding.Confusion{}, N: len(gold), Folds: make([]coding.Confusion, folds)}
	for _, c := range cb.Codes {
		ev.PerCode[c.ID] = &coding.Confusion{}
	}
	rules := coding.NewCoder(cb)
	for k := range folds {
		var train, held []GoldStatement
		for i, g := range gold {
			if i%folds == k {
				held = append(held, g)
			} else {
				train = append(train, g)
			}
		}
		coder := rules.WithModel(TrainModel(cb, train))
		before := ev.Factors
		for _, g := range held {
			ev.add(coder, g)
		}
		f := ev.Factors
		f.Both -= before.Both
		f.RefOnly -= before.RefOnly
		f.CandOnly -= before.CandOnly
		f.Neither -= before.Neither
		f.PolarityOK -= before.PolarityOK
		ev.Folds[k] = f
	}
	return ev
}

// A GoldFile is one author's gold set, for leave-one-author-out
// evaluation.
type GoldFile struct {
	Name       string
	Statements []GoldStatement
}

// A FileEvaluation is one gold file coded by the cues alone and by the
// cues with a model trained on the other files.
type FileEvaluation struct {
	Name         string
	Rules, Model *Evaluation
}

// LeaveOneOut evaluates each file with a model trained on the other files
// only, so that no author's wording is both learned from and measured: the
// honest figure for a new author's statements. It returns each file's
// evaluations and the pooled ones (rules alone, and rules with the model).
//
// The files are evaluated GOMAXPROCS at a time, and the results pooled in
// the files' order, so that they are the same as one at a time.
func LeaveOneOut(cb *coding.Codebook, files []GoldFile) (per []FileEvaluation, rules, model *Evaluation) {
	rulesCoder := coding.NewCoder(cb)
	per = make([]FileEvaluation, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var train []GoldStatement
			for j, o := range files {
				if j != k {
					train = append(train, o.Statements...)
				}
			}
			fe := FileEvaluation{Name: f.Name, Rules: Evaluate(rulesCoder, f.Statements)}
			fe.Model = Evaluate(rulesCoder.WithModel(TrainModel(cb, train)), f.Statements)
			per[k] = fe
		}()
	}
	wg.Wait()
	rules, model = newEvaluation(cb), newEvaluation(cb)
	for _, fe := range per {
		rules.merge(fe.Rules)
		model.merge(fe.Model)
	}
	return per, rules, model
}

func newEvaluation(cb *coding.Codebook) *Evaluation {
	ev := &Evaluation{Codes: cb.Codes, PerCode: map[string]*coding.Confusion{}}
	for _, c := range cb.Codes {
		ev.PerCode[c.ID] = &coding.Confusion{}
	}
	return ev
}

// merge adds another evaluation's counts and disagreements to ev.
func (ev *Evaluation) merge(o *Evaluation) {
	for id, c := range o.PerCode {
		ev.PerCode[id].Merge(*c)
	}
	ev.Factors.Merge(o.Factors)
	ev.All.Merge(o.All)
	ev.Disagree = append(ev.Disagree, o.Disagree...)
	ev.Each = append(ev.Each, o.Each...)
	ev.N += o.N
}

// add codes one gold statement and counts the comparison.
func (ev *Evaluation) add(coder *coding.Coder, g GoldStatement) {
	var got []coding.Assignment
	if g.Role != "interviewer" {
		got = coder.CodeIn(g.Text, g.RunContext())
	}
	gave := map[string]coding.Polarity{}
	for _, a := range got {
		gave[a.Code.ID] = a.Polarity
	}
	d := Disagreement{Gold: g, Got: got}
	var factors coding.Confusion
	for _, c := range ev.Codes {
		refPol, ref := g.Codes[c.ID]
		candPol, cand := gave[c.ID]
		var one coding.Confusion
		one.Add(ref, cand)
		switch {
		case ref && cand && refPol == candPol:
			one.PolarityOK = 1
		case ref && cand:
			d.Flip = append(d.Flip, c.ID)
		case ref:
			d.Missed = append(d.Missed, c.ID)
		case cand:
			d.Extra = append(d.Extra, c.ID)
		}
		ev.PerCode[c.ID].Merge(one)
		ev.All.Merge(one)
		if c.IsFactor() {
			factors.Merge(one)
		}
	}
	ev.Factors.Merge(factors)
	ev.Each = append(ev.Each, factors)
	if len(d.Missed)+len(d.Extra)+len(d.Flip) > 0 {
		ev.Disagree = append(ev.Disagree, d)
	}
}
