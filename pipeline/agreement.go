package pipeline

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"desist/charts"
	"desist/coding"
	"desist/data"
)

// A verdict is one coder's codes for a reviewed statement: the codes given
// (with polarity) and the codes it left undecided.
type verdict struct {
	codes   map[string]coding.Polarity
	unknown map[string]bool
}

// An agreement counts, per code, how two coders agreed over the
// statements both reviewed: a reference (the reviewer, or reviewer A) and
// a candidate (the coder, or reviewer B). A code left undecided by either
// on a statement is not counted for that statement.
type agreement struct {
	cb        *coding.Codebook
	per       map[string]*coding.Confusion
	undecided map[string]int
	each      []coding.Confusion // the factor codes, per statement
}

func newAgreement(cb *coding.Codebook) *agreement {
	a := &agreement{cb: cb, per: map[string]*coding.Confusion{}, undecided: map[string]int{}}
	for _, c := range cb.Codes {
		a.per[c.ID] = &coding.Confusion{}
	}
	return a
}

// add counts one statement's two verdicts.
func (ag *agreement) add(ref, cand verdict) {
	var factors coding.Confusion
	for _, c := range ag.cb.Codes {
		if ref.unknown[c.ID] || cand.unknown[c.ID] {
			ag.undecided[c.ID]++
			continue
		}
		rp, r := ref.codes[c.ID]
		cp, k := cand.codes[c.ID]
		var one coding.Confusion
		one.Add(r, k)
		if r && k && rp == cp {
			one.PolarityOK++
		}
		ag.per[c.ID].Merge(one)
		if c.IsFactor() {
			factors.Merge(one)
		}
	}
	ag.each = append(ag.each, factors)
}

// An AgreeTable is how two coders agreed over the statements both
// decided on: desist agree's table.
type AgreeTable struct {
	Header []string
	Rows   [][]any
	Each   []coding.Confusion // the factor codes' counts, per statement compared, for intervals
}

// N is how many statements were compared.
func (t AgreeTable) N() int { return len(t.Each) }

// table is the agreement as desist agree shows it, with the two coders'
// column names.
func (ag *agreement) table(ref, cand string) AgreeTable {
	return AgreeTable{Header: agreementHeader(ref, cand), Rows: ag.rows(), Each: ag.each}
}

// any says whether any statement was counted.
func (ag *agreement) any() bool { return len(ag.each) > 0 }

// agreementHeader is the header row of the Agreement sheet, with the
// candidate's and the reference's column names: Coder and Reviewer there,
// the two reviewers in agree's table.
func agreementHeader(ref, cand string) []string {
	return []string{"Code", "Code label", "Statements", cand, ref, "Both", "Undecided",
		"Precision", "Recall", "F1", "Cohen's kappa", "Krippendorff's alpha", "Polarity agreement"}
}

// rows is the table: a row per code in codebook order, then the enabling
// and hindering factors together and all codes together (micro-averaged:
// every statement-code pair counted once).
func (ag *agreement) rows() [][]any {
	var out [][]any
	var factors, all coding.Confusion
	var undFactors, undAll int
	for _, c := range ag.cb.Codes {
		conf := *ag.per[c.ID]
		out = append(out, agreementRow(c.ID, c.Label, conf, ag.undecided[c.ID]))
		all.Merge(conf)
		undAll += ag.undecided[c.ID]
		if c.IsFactor() {
			factors.Merge(conf)
			undFactors += ag.undecided[c.ID]
		}
	}
	out = append(out,
		agreementRow("Factors", "enabling and hindering codes together", factors, undFactors),
		agreementRow("All", "every code together", all, undAll))
	return out
}

func agreementRow(id, label string, c coding.Confusion, undecided int) []any {
	return []any{id, label, c.N(), c.Both + c.CandOnly, c.Both + c.RefOnly, c.Both, undecided,
		figure(c.Precision()), figure(c.Recall()), figure(c.F1()), figure(c.Kappa()), figure(c.Alpha()), figure(c.PolarityAccuracy())}
}

// figure rounds a statistic to three places, and leaves it blank when it
// is undefined.
func figure(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return math.Round(x*1000) / 1000
}

// statementVerdicts is the coder's and the reviewer's verdicts on a
// statement of this run that the reviewer reviewed.
func statementVerdicts(s *Statement) (coder, reviewer verdict) {
	coder = verdict{codes: map[string]coding.Polarity{}, unknown: map[string]bool{}}
	reviewer = verdict{codes: map[string]coding.Polarity{}, unknown: map[string]bool{}}
	for _, a := range s.Codes {
		coder.codes[a.Code.ID] = a.Polarity
	}
	for _, a := range s.final() {
		reviewer.codes[a.Code.ID] = a.Polarity
	}
	for _, r := range s.rows() {
		if r.Value == "" {
			reviewer.unknown[r.Code.ID] = true
		}
	}
	return coder, reviewer
}

// segmentVerdict is a review's verdict on one segment, from the workbook's
// rows alone: what agree compares, and what learning learns from. ok is
// false when the segment carries no decision.
func (rv *review) segmentVerdict(seg string) (v verdict, text string, ok bool) {
	v = verdict{codes: map[string]coding.Polarity{}, unknown: map[string]bool{}}
	for _, r := range rv.recs[seg] {
		if text == "" {
			text = r.Text
		}
		if r.Value != "" {
			ok = true
		}
		switch {
		case r.Value == "" && r.Code != "":
			v.unknown[r.Code] = true // a note without a decision
		case r.Value == decAccept && r.Code != "":
			v.codes[r.Code] = r.Polarity
		case isCodeList(r.Value):
			ids, pols := codeList(r.Value)
			for i, id := range ids {
				v.codes[id] = pols[i]
			}
		}
	}
	for _, code := range rv.undecided[seg] {
		v.unknown[code] = true
	}
	// A code decided on one row is not undecided because a second row
	// (a kept or re-coded one) has no decision.
	for id := range v.codes {
		delete(v.unknown, id)
	}
	return v, text, ok
}

// segments lists the review's segments in a fixed order.
func (rv *review) segments() []string {
	segs := make([]string, 0, len(rv.recs))
	for s := range rv.recs {
		segs = append(segs, s)
	}
	slices.Sort(segs)
	return segs
}

// Agree compares two reviewers' decisions on the same run's workbooks:
// reviewer A (the reference) against reviewer B, over the statements both
// reviewed.
func Agree(a, b string, cb *coding.Codebook) (t AgreeTable, bad []error, err error) {
	ra, badA, err := readReview(a, cb)
	if err != nil {
		return AgreeTable{}, nil, err
	}
	rb, badB, err := readReview(b, cb)
	if err != nil {
		return AgreeTable{}, nil, err
	}
	bad = append(badA, badB...)
	ag := newAgreement(cb)
	for _, seg := range ra.segments() {
		va, _, okA := ra.segmentVerdict(seg)
		vb, _, okB := rb.segmentVerdict(seg)
		if okA && okB {
			ag.add(va, vb)
		}
	}
	return ag.table("Reviewer A", "Reviewer B"), bad, nil
}

// AgreeGold compares two hand-codings of the same statements: gold sets
// (see ReadGold) whose rows are matched by ID. Coder A is the reference.
// A row in one file and not the other (or that ReadGold could not read),
// or whose Text differs between them, is reported and left out; the rest
// are counted.
func AgreeGold(a, b string, cb *coding.Codebook) (t AgreeTable, bad []error, err error) {
	ga, errA := ReadGold(a, cb)
	gb, errB := ReadGold(b, cb)
	if ga == nil && errA != nil {
		return AgreeTable{}, nil, errA
	}
	if gb == nil && errB != nil {
		return AgreeTable{}, nil, errB
	}
	bad = append(unjoin(errA), unjoin(errB)...)
	inB := make(map[string]*GoldStatement, len(gb))
	for i := range gb {
		inB[gb[i].ID] = &gb[i]
	}
	ag := newAgreement(cb)
	for _, sa := range ga {
		sb, ok := inB[sa.ID]
		if !ok {
			bad = append(bad, &InputError{File: b, Err: fmt.Errorf("no usable row %s (%s line %d)", sa.ID, a, sa.Line)})
			continue
		}
		delete(inB, sa.ID)
		if sa.Text != sb.Text {
			bad = append(bad, &InputError{File: b, Line: sb.Line, Err: fmt.Errorf("row %s has other text than %s line %d", sa.ID, a, sa.Line)})
			continue
		}
		ag.add(goldVerdict(sa), goldVerdict(*sb))
	}
	for _, sb := range gb {
		if _, left := inB[sb.ID]; left {
			bad = append(bad, &InputError{File: a, Err: fmt.Errorf("no usable row %s (%s line %d)", sb.ID, b, sb.Line)})
		}
	}
	return ag.table("Coder A", "Coder B"), bad, nil
}

// goldVerdict is a gold statement's codes as a verdict: a gold set
// decides every code.
func goldVerdict(g GoldStatement) verdict {
	return verdict{codes: g.Codes, unknown: map[string]bool{}}
}

// examples is what the review teaches: every segment with a decision and
// no code left undecided, with the codes the reviewer settled on.
func (rv *review) examples() []coding.Example {
	var out []coding.Example
	for _, seg := range rv.segments() {
		v, text, ok := rv.segmentVerdict(seg)
		if !ok || len(v.unknown) > 0 || text == "" {
			continue
		}
		out = append(out, example(text, "", v.codes))
	}
	return out
}

// LearnedModelName is the file in the output folder that --learn writes
// the model to.
const LearnedModelName = "learned-model.json"

// minLearn is the fewest fully reviewed statements --learn learns from.
const minLearn = 20

// LoadModel reads a learned model file.
func LoadModel(name string) (*coding.Model, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", cleanPathError(err))
	}
	return parseModel(name, raw)
}

// parseModel reads a model file's bytes; name is for the error.
func parseModel(name string, raw []byte) (*coding.Model, error) {
	var m coding.Model
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	return &m, nil
}

// DefaultModel returns the built-in model (data/model.json), trained on
// the development gold files.
func DefaultModel() (*coding.Model, error) {
	return parseModel(data.ModelName, data.Model)
}

// writeModel writes a model in its file form (one weight a line,
// heaviest first), so that a reader can see which words weigh for each
// code.
func writeModel(w io.Writer, m *coding.Model) error {
	b, err := m.File()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// report is the agreement table as the report shows it, and a line for
// its method section.
func (ag *agreement) report() (*charts.Table, string) {
	header := agreementHeader("Reviewer", "Coder")
	t := &charts.Table{Header: header}
	var all []any
	for _, r := range ag.rows() {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = fmt.Sprint(v)
		}
		t.Rows = append(t.Rows, cells)
		all = r
	}
	text := func(i int) string {
		if s := fmt.Sprint(all[i]); s != "" {
			return s
		}
		return "n/a"
	}
	return t, fmt.Sprintf("%d statements carried a reviewer's decision. Over all codes, the coder's F1 against the reviewer is %s, Cohen's kappa %s and Krippendorff's alpha %s (the table above gives each code).",
		len(ag.each), text(9), text(10), text(11))
}
