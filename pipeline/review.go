package pipeline

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"desist/coding"
)

// Reviewer decisions. A reviewer writes a Decision on a row of Statements
// (accept, reject, or the code or codes that apply instead) or of Uncoded
// (the code or codes the coder missed, or accept: no code applies), and
// may add a Reviewer note. A later run given that workbook with --review
// carries every decision and note to the same segment and code, matched by
// Segment ID, and keeps the ones it cannot place in Orphaned decisions.

// Decision values, as written back to the workbook. A code list ("E1",
// "E2- H3") is the other kind of value.
const (
	decAccept = "accept"
	decReject = "reject"
)

// A Decision is a reviewer's verdict on one row, and their note.
type Decision struct {
	Value string // "", accept, reject, or a code list
	Note  string
}

func (d Decision) empty() bool { return d.Value == "" && d.Note == "" }

// A reviewRec is one row of an earlier workbook that carries a decision
// or a note, or (for the agreement figures) a Statements row without one.
type reviewRec struct {
	Segment  string
	Code     string // the row's code; "" for a row of Uncoded
	Polarity coding.Polarity
	Decision
	// Where the row came from, kept whole for Orphaned decisions.
	Source, Line, Participant, Speaker, Text string
	at                                       string // "Statements!Q12", for messages
	orphan                                   bool   // read from Orphaned decisions
}

// The sheets a review adds to coded.xlsx.
const (
	sheetAgreement = "Agreement"
	sheetOrphaned  = "Orphaned decisions"
)

// OrphanedHeader is the header row of Orphaned decisions.
var OrphanedHeader = []string{"Segment ID", "Source", "Line", "Participant", "Speaker", "Text", "Code", "Decision", "Reviewer note", "Reason"}

// A review is the decisions read from an earlier workbook.
type review struct {
	file string
	// recs holds every row read that has a decision or a note, by
	// segment, in reading order.
	recs map[string][]*reviewRec
	// undecided holds, by segment, the codes of Statements rows with
	// neither: a code left undecided is not counted in agreement.
	undecided map[string][]string
	// placed records the segments met in this run.
	placed map[string]bool
	// orphans are decisions that found no place in this run, with why.
	orphans []orphan
}

type orphan struct {
	rec    *reviewRec
	reason string
}

// sheetKind tells the sheets of coded.xlsx that hold decisions: 's' for
// Statements and its continuations, 'u' for Uncoded and its
// continuations, 'o' for Orphaned decisions, 0 for any other.
func sheetKind(name string) byte {
	part := func(base string) bool {
		if name == base {
			return true
		}
		n, ok := strings.CutPrefix(name, base+" ")
		if !ok {
			return false
		}
		_, err := strconv.Atoi(n)
		return err == nil
	}
	switch {
	case part(sheetStatements):
		return 's'
	case part(sheetUncoded):
		return 'u'
	case name == sheetOrphaned:
		return 'o'
	}
	return 0
}

// readReview reads the decisions of the workbook at name. The error is
// for a workbook that cannot be read at all; problems with single cells
// (a decision that is not understood) are returned as the slice, and those
// rows are kept as orphans so that nothing the reviewer wrote is lost.
func readReview(name string, cb *coding.Codebook) (*review, []error, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, &InputError{File: name, Err: cleanPathError(err)}
	}
	return parseReview(name, raw, cb)
}

func parseReview(name string, raw []byte, cb *coding.Codebook) (*review, []error, error) {
	if err := verifyZip(raw); err != nil {
		return nil, nil, &InputError{File: name, Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, nil, &InputError{File: name, Err: fmt.Errorf("cannot open as a workbook: %w", err)}
	}
	defer f.Close()
	rv := &review{file: name, recs: map[string][]*reviewRec{}, undecided: map[string][]string{}, placed: map[string]bool{}}
	var bad []error
	found := false
	for _, sheet := range f.GetSheetList() {
		kind := sheetKind(sheet)
		if kind == 0 {
			continue
		}
		errs, ok, err := rv.readSheet(f, name, sheet, kind, cb)
		if err != nil {
			return nil, nil, &InputError{File: name, Sheet: sheet, Err: err}
		}
		bad = append(bad, errs...)
		found = found || ok
	}
	if !found {
		return nil, nil, &InputError{File: name, Err: errors.New("no Statements or Uncoded sheet with a Segment ID column: is it a coded.xlsx from desist?")}
	}
	return rv, bad, nil
}

// readSheet reads one sheet's decisions, row by row, finding its columns
// by their headers wherever a reviewer has moved them. ok is false when the
// sheet has no Segment ID column in its first rows.
func (rv *review) readSheet(f *excelize.File, file, sheet string, kind byte, cb *coding.Codebook) (bad []error, ok bool, err error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	hdr := -1
	col := map[string]int{}
	blank := 0
	for i := 0; it.Next(); i++ {
		row, err := it.Columns()
		if err != nil {
			return bad, hdr >= 0, err
		}
		if hdr < 0 {
			if i >= headerScan {
				return nil, false, nil
			}
			for j, h := range row {
				n := normHeader(h)
				if n == "segmentid" {
					hdr = i
				}
				if _, dup := col[n]; n != "" && !dup {
					col[n] = j
				}
			}
			if hdr < 0 {
				clear(col)
			}
			continue
		}
		if isBlankRow(row) {
			if blank++; blank == maxBlankRun {
				break
			}
			continue
		}
		blank = 0
		bad = append(bad, rv.readRow(file, sheet, kind, i, row, col, cb)...)
	}
	return bad, hdr >= 0, it.Error()
}

// readRow reads one row (0-based index i) of a sheet whose columns are col.
func (rv *review) readRow(file, sheet string, kind byte, i int, row []string, col map[string]int, cb *coding.Codebook) []error {
	cell := func(key string) string {
		j, ok := col[key]
		if !ok || j >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[j])
	}
	ref := func(key string) string {
		name, _ := excelize.CoordinatesToCellName(col[key]+1, i+1)
		return name
	}
	seg := cell("segmentid")
	raw, note := cell("decision"), cell("reviewernote")
	if seg == "" {
		if raw != "" || note != "" {
			return []error{&InputError{File: file, Sheet: sheet, Cell: ref("segmentid"), Err: errors.New("a row with a decision or note has no Segment ID; it cannot be carried")}}
		}
		return nil
	}
	if raw == "" && note == "" {
		if kind == 's' {
			code := cell("code")
			if c, ok := lookupCode(cb, code); ok {
				code = c.ID
			}
			rv.undecided[seg] = append(rv.undecided[seg], code)
		}
		return nil
	}
	r := &reviewRec{
		Segment: seg, Code: cell("code"), Polarity: coding.Polarity(cell("polarity")),
		Source: cell("source"), Line: cell("line"), Participant: cell("participant"),
		Speaker: cell("speaker"), Text: cell("text"),
		at: sheet + "!" + ref("decision"), orphan: kind == 'o',
	}
	if kind == 'u' {
		r.Code = ""
	}
	if r.Code != "" {
		if c, ok := lookupCode(cb, r.Code); ok {
			r.Code = c.ID
		}
	}
	if r.Polarity != coding.Absent {
		r.Polarity = coding.Present
	}
	r.Note = note
	v, err := parseDecision(raw, r.Code, r.Polarity, cb)
	if err != nil {
		// Kept whole, as an orphan, so that nothing is lost.
		r.Value = raw
		rv.orphans = append(rv.orphans, orphan{r, "not understood: " + err.Error()})
		return []error{&InputError{File: file, Sheet: sheet, Cell: ref("decision"), Err: err}}
	}
	r.Value = v
	rv.recs[seg] = append(rv.recs[seg], r)
	return nil
}

// lookupCode finds a code by ID, ignoring case.
func lookupCode(cb *coding.Codebook, id string) (*coding.Code, bool) {
	if c, ok := cb.Code(id); ok {
		return c, true
	}
	for _, c := range cb.Codes {
		if strings.EqualFold(c.ID, id) {
			return c, true
		}
	}
	return nil, false
}

// parseDecision reads a Decision cell into its canonical value: accept,
// reject, or a code list in codebook order ("E1 H3", with a sign where the
// reviewer gave one). On a row of Uncoded (code ""), accept or none means
// that no code applies, and reject is refused: the reviewer must name the
// code the coder missed. A list that is just the row's own code, with its
// polarity or none, is accept.
func parseDecision(raw, code string, pol coding.Polarity, cb *coding.Codebook) (string, error) {
	v := strings.TrimSpace(raw)
	switch strings.ToLower(v) {
	case "":
		return "", nil
	case "accept", "accepted", "ok", "yes", "y", "agree", "correct", "✓", "✔":
		return decAccept, nil
	case "reject", "rejected", "no", "n", "wrong", "✗", "✘":
		if code == "" {
			return "", fmt.Errorf("decision %q on a row of Uncoded: name the code the coder missed (or accept: no code applies)", raw)
		}
		return decReject, nil
	case "none", "-", "no code":
		if code == "" {
			return decAccept, nil
		}
		return decReject, nil
	}
	type item struct {
		idx  int
		text string
	}
	var items []item
	seen := map[string]bool{}
	for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '/' || r == ' ' || r == '\t' }) {
		sign := ""
		id := tok
		if n := len(tok); n > 1 && (tok[n-1] == '+' || tok[n-1] == '-') {
			id, sign = tok[:n-1], tok[n-1:]
		}
		c, ok := lookupCode(cb, id)
		if !ok {
			return "", fmt.Errorf("decision %q: %q is not accept, reject or a code of the codebook", raw, tok)
		}
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		items = append(items, item{slices.Index(cb.Codes, c), c.ID + sign})
	}
	if len(items) == 0 {
		return "", fmt.Errorf("decision %q is not accept, reject or a code of the codebook", raw)
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.idx, b.idx) })
	if len(items) == 1 && code != "" {
		id, sign := splitSign(items[0].text)
		if id == code && (sign == "" || signOf(pol) == sign) {
			return decAccept, nil
		}
	}
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.text
	}
	return strings.Join(texts, " "), nil
}

// splitSign splits "E2-" into "E2" and "-".
func splitSign(s string) (string, string) {
	if n := len(s); n > 1 && (s[n-1] == '+' || s[n-1] == '-') {
		return s[:n-1], s[n-1:]
	}
	return s, ""
}

func signOf(p coding.Polarity) string {
	if p == coding.Absent {
		return "-"
	}
	return "+"
}

// codeList reads a canonical code-list value into code IDs and the
// polarity each is given (present unless signed "-").
func codeList(v string) ([]string, []coding.Polarity) {
	var ids []string
	var pols []coding.Polarity
	for _, tok := range strings.Fields(v) {
		id, sign := splitSign(tok)
		ids = append(ids, id)
		if sign == "-" {
			pols = append(pols, coding.Absent)
		} else {
			pols = append(pols, coding.Present)
		}
	}
	return ids, pols
}

// isCodeList says whether a canonical value is a code list.
func isCodeList(v string) bool { return v != "" && v != decAccept && v != decReject }

// A codeRow is one row of Statements: a code given to a statement, by the
// coder or by the reviewer, and the reviewer's decision on it.
type codeRow struct {
	coding.Assignment
	reviewer bool // the reviewer's, not the coder's: no confidence
	Decision
}

// A segmentReview is what the review says about one statement of this run.
type segmentReview struct {
	decisions []Decision // the reviewer's, on each of the coder's codes
	added     []codeRow  // codes the reviewer gave or kept that the coder did not
	uncoded   Decision   // on the statement's row of Uncoded
	reviewed  bool       // some decision (not just a note) is about it
}

// rows is the statement's rows of Statements: the coder's codes, then the
// reviewer's.
func (s *Statement) rows() []codeRow {
	rows := make([]codeRow, 0, len(s.Codes))
	for i, a := range s.Codes {
		r := codeRow{Assignment: a}
		if s.review != nil {
			r.Decision = s.review.decisions[i]
		}
		rows = append(rows, r)
	}
	if s.review != nil {
		rows = append(rows, s.review.added...)
	}
	return rows
}

// final is the statement's codes after review: the coder's codes that
// were not rejected or re-coded, and the codes the reviewer gave.
func (s *Statement) final() []coding.Assignment {
	if s.review == nil {
		return s.Codes
	}
	var out []coding.Assignment
	for _, r := range s.rows() {
		switch {
		case r.Value == "":
			if !r.reviewer {
				out = append(out, r.Assignment)
			}
		case r.Value == decAccept:
			out = append(out, r.Assignment)
		case isCodeList(r.Value):
			ids, pols := codeList(r.Value)
			if i := slices.Index(ids, r.Code.ID); i >= 0 {
				a := r.Assignment
				a.Polarity = pols[i]
				out = append(out, a)
			}
		}
	}
	return out
}

// apply carries the review's decisions on s's segment to s, whose codes
// the coder has given. Decisions that cannot be placed on s become
// orphans with the reason.
func (rv *review) apply(s *Statement, cb *coding.Codebook) {
	recs := rv.recs[s.ID]
	if rv.placed[s.ID] {
		// The same segment twice in one run cannot happen (the ID counts
		// repeats); if it does, the first takes the decisions.
		return
	}
	rv.placed[s.ID] = true
	var live []*reviewRec
	for _, r := range recs {
		if !r.empty() {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	// Rows read from the sheets come before orphans read back, so that a
	// decision on a row wins over an older one.
	slices.SortStableFunc(live, func(a, b *reviewRec) int {
		return cmp.Compare(boolInt(a.orphan), boolInt(b.orphan))
	})
	sr := &segmentReview{decisions: make([]Decision, len(s.Codes))}
	s.review = sr
	byCode := map[string]*reviewRec{}
	var uncodedRecs []*reviewRec
	for _, r := range live {
		if r.Value != "" {
			sr.reviewed = true
		}
		if r.Code == "" {
			uncodedRecs = append(uncodedRecs, r)
			continue
		}
		if first, dup := byCode[r.Code]; dup {
			if first.Decision != r.Decision {
				rv.orphans = append(rv.orphans, orphan{r, fmt.Sprintf("another decision on this segment and code came first (%s)", first.at)})
			}
			continue
		}
		byCode[r.Code] = r
	}
	coderHas := map[string]int{}
	for i, a := range s.Codes {
		coderHas[a.Code.ID] = i
		if r, ok := byCode[a.Code.ID]; ok {
			sr.decisions[i] = r.Decision
		}
	}
	// The codes the reviewer gives by naming them, and where from.
	type given struct {
		pol  coding.Polarity
		from string // the code re-coded from; "" when added in Uncoded
	}
	gives := map[string]given{}
	for _, r := range live {
		if !isCodeList(r.Value) {
			continue
		}
		ids, pols := codeList(r.Value)
		for k, id := range ids {
			if id == r.Code {
				continue
			}
			if g, ok := gives[id]; !ok || (g.from == "" && r.Code != "") {
				gives[id] = given{pols[k], r.Code}
			}
		}
	}
	if len(s.Codes) == 0 {
		if len(uncodedRecs) > 0 {
			sr.uncoded = uncodedRecs[0].Decision
			for _, r := range uncodedRecs[1:] {
				if r.Decision != sr.uncoded {
					rv.orphans = append(rv.orphans, orphan{r, fmt.Sprintf("another decision on this segment's row of Uncoded came first (%s)", uncodedRecs[0].at)})
				}
			}
		}
	} else {
		var ids []string
		for _, a := range s.Codes {
			ids = append(ids, a.Code.ID)
		}
		for _, r := range uncodedRecs {
			rv.orphans = append(rv.orphans, orphan{r, fmt.Sprintf("the coder now gives this segment %s, so it has no row in Uncoded; the codes this decision names are still given", strings.Join(ids, ", "))})
		}
	}
	// A code the reviewer names that the coder also gives is accepted,
	// unless the reviewer decided on that row.
	for id, g := range gives {
		if i, ok := coderHas[id]; ok && sr.decisions[i].Value == "" {
			sr.decisions[i].Value = decAccept
			if g.pol != s.Codes[i].Polarity {
				sr.decisions[i].Value = id + signOf(g.pol)
			}
		}
	}
	// Rows for the codes the coder did not give: those with a decision of
	// their own, and those the reviewer named elsewhere.
	for _, c := range cb.Codes {
		if _, ok := coderHas[c.ID]; ok {
			continue
		}
		r, hasRow := byCode[c.ID]
		g, named := gives[c.ID]
		if !hasRow && !named {
			continue
		}
		row := codeRow{reviewer: true, Assignment: coding.Assignment{Code: c, Polarity: coding.Present}}
		switch {
		case named && g.from != "":
			row.Cue = "re-coded by the reviewer from " + g.from
		case named:
			row.Cue = "added by the reviewer"
		default:
			row.Cue = "not given by the coder in this run; kept for the reviewer's decision"
		}
		if hasRow {
			row.Decision = r.Decision
			row.Polarity = r.Polarity
		} else {
			row.Value = decAccept
			row.Polarity = g.pol
		}
		sr.added = append(sr.added, row)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// finish makes orphans of the decisions on segments this run did not
// have, and returns every orphan in a fixed order. sources are the files
// this run read.
func (rv *review) finish(sources map[string]bool) []orphan {
	for seg, recs := range rv.recs {
		if rv.placed[seg] {
			continue
		}
		for _, r := range recs {
			if r.empty() {
				continue
			}
			reason := "no statement in this run has this Segment ID: its text or its file's name changed"
			if src := r.Source; src != "" && !sources[src] {
				reason = fmt.Sprintf("the file %s was not read in this run", src)
			}
			rv.orphans = append(rv.orphans, orphan{r, reason})
		}
	}
	slices.SortFunc(rv.orphans, func(a, b orphan) int {
		x, y := a.rec, b.rec
		xl, _ := strconv.Atoi(x.Line)
		yl, _ := strconv.Atoi(y.Line)
		return cmp.Or(cmp.Compare(x.Source, y.Source), cmp.Compare(xl, yl), cmp.Compare(x.Segment, y.Segment),
			cmp.Compare(x.Code, y.Code), cmp.Compare(x.Value, y.Value), cmp.Compare(x.Note, y.Note), cmp.Compare(a.reason, b.reason))
	})
	return slices.CompactFunc(rv.orphans, func(a, b orphan) bool {
		return a.rec.Segment == b.rec.Segment && a.rec.Code == b.rec.Code && a.rec.Decision == b.rec.Decision && a.reason == b.reason
	})
}

// orphanRows is the Orphaned decisions sheet's rows.
func orphanRows(orphans []orphan) [][]any {
	rows := make([][]any, 0, len(orphans))
	for _, o := range orphans {
		r := o.rec
		var line any = r.Line
		if n, err := strconv.Atoi(r.Line); err == nil {
			line = n
		}
		rows = append(rows, []any{r.Segment, r.Source, line, r.Participant, r.Speaker, r.Text, r.Code, r.Value, r.Note, o.reason})
	}
	return rows
}
