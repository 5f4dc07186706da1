package pipeline

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// An answer is a yes/no cell as read.
type answer int8

const (
	unknown answer = iota // blank, n/a or not applicable: out of the denominator
	yes
	no
	invalid // a value that is neither: reported, and out of the denominator
)

func (a answer) String() string {
	switch a {
	case yes:
		return "yes"
	case no:
		return "no"
	case invalid:
		return "invalid"
	}
	return ""
}

// parseAnswer reads a yes/no cell with the contract's vocabulary.
func parseAnswer(s string) answer {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "sufficient", "✓", "✔":
		return yes
	case "no", "n", "false", "0", "insufficient", "✗", "✘":
		return no
	case "", "n/a", "na", "not applicable", "unknown":
		return unknown
	}
	return invalid
}

// The case sheet's columns, by key, with the headers each accepts.
const (
	colCase = iota
	colYOT
	colGroup
	colSelfAssessment
	colViews
	colLSCompleted
	colLSUsed
	colCompliance
	colBarriersAssessed
	colBarriersPlan
	colCourtOrders
	colRepeated
	colStructural
	colRelationship
	colAssessment
	colPlanning
	colDelivery
	colReviewing
	numCaseCols
)

var caseHeaders = [numCaseCols][]string{
	colCase:             {"Case", "Case ID", "Case ref", "Case number", "Child ID"},
	colYOT:              yotCols,
	colGroup:            groupCols,
	colSelfAssessment:   {"Self-assessment completed", "WDYT completed", "What do you think completed"},
	colViews:            {"Views reflected in plan", "Child's views in plan"},
	colLSCompleted:      {"Learning styles completed", "Learning styles questionnaire completed"},
	colLSUsed:           {"Learning style used", "Learning style referenced in plan"},
	colCompliance:       {"Compliance problems", "Problems with compliance"},
	colBarriersAssessed: {"Barriers assessed", "Barriers to engagement assessed"},
	colBarriersPlan:     {"Barriers plan", "Plan to address barriers"},
	colCourtOrders:      {"Court orders", "Number of court orders", "Orders"},
	colRepeated:         {"Interventions repeated", "Same interventions repeated"},
	colStructural:       {"Structural barriers supported", "Supported with structural barriers"},
	colRelationship:     {"Working relationship", "Effective working relationship"},
	colAssessment:       {"Assessment strengths", "2.1.1c"},
	colPlanning:         {"Planning strengths", "2.2.1c"},
	colDelivery:         {"Delivery strengths", "2.3.1c"},
	colReviewing:        {"Reviewing motivation", "2.4.1c"},
}

// A Case is one row of a case sheet, parsed.
type Case struct {
	ID, YOT, Group string
	Source, Sheet  string
	Row            int
	answers        [numCaseCols]answer
	courtOrders    int // -1 when not known
	notes          []Attr
}

// An Indicator is one case-record indicator with its rule.
type Indicator struct {
	ID, Label string
	num       int                // the column counted
	base      func(c *Case) bool // whether the case is in the denominator, beyond num being known
}

func always(*Case) bool { return true }

func answered(col int) func(*Case) bool {
	return func(c *Case) bool { return c.answers[col] == yes }
}

// Indicators are C1..C15 of the codebook spec.
var Indicators = []Indicator{
	{"C1", "Self-assessment (What Do You Think?) completed", colSelfAssessment, always},
	{"C2", "Child's views reflected in the plan", colViews, always},
	{"C3", "Child's views reflected in the plan, where the self-assessment was completed", colViews, answered(colSelfAssessment)},
	{"C4", "Learning styles questionnaire completed", colLSCompleted, always},
	{"C5", "Learning style referenced in the plan or used, where the questionnaire was completed", colLSUsed, answered(colLSCompleted)},
	{"C6", "Problems with compliance", colCompliance, always},
	{"C7", "Barriers to engagement clearly assessed, where there were compliance problems", colBarriersAssessed, answered(colCompliance)},
	{"C8", "Plan to address barriers to engagement, where there were compliance problems", colBarriersPlan, answered(colCompliance)},
	{"C9", "Same or similar interventions repeated, where there was more than one court order", colRepeated, func(c *Case) bool { return c.courtOrders > 1 }},
	{"C10", "Supported to negotiate structural barriers", colStructural, always},
	{"C11", "Effective working relationship built and sustained", colRelationship, always},
	{"C12", "Assessment focuses on strengths and protective factors (2.1.1c)", colAssessment, always},
	{"C13", "Planning takes account of strengths and protective factors (2.2.1c)", colPlanning, always},
	{"C14", "Delivery builds on strengths and enhances protective factors (2.3.1c)", colDelivery, always},
	{"C15", "Reviewing considers motivation, engagement and barriers (2.4.1c)", colReviewing, always},
}

// isCaseTable reports whether a table is a case sheet.
func isCaseTable(t *table) bool { return t.column(caseHeaders[colCase]...) >= 0 }

// isParticipantTable reports whether a table is a participants sheet.
func isParticipantTable(t *table) bool { return t.column(participantCols[0]) >= 0 }

// readCases reads a case sheet. Every bad cell is reported; the case is
// kept, with that value left out.
func readCases(t *table) ([]*Case, []error) {
	var cols [numCaseCols]int
	var missing []string
	for k, names := range caseHeaders {
		cols[k] = t.column(names...)
		if cols[k] < 0 && k != colCase && k != colYOT && k != colGroup {
			missing = append(missing, names[0])
		}
	}
	var errs []error
	if len(missing) > 0 {
		errs = append(errs, &InputError{File: t.file, Sheet: t.sheet, Err: fmt.Errorf(
			"missing column(s) %s; headers found: %s", strings.Join(missing, ", "), strings.Join(t.header, ", "))})
	}
	known := map[int]bool{}
	for _, c := range cols {
		known[c] = true
	}
	var cases []*Case
	seen := map[string]bool{}
	for i := range t.rows {
		c := &Case{
			ID: t.cell(i, cols[colCase]), YOT: t.cell(i, cols[colYOT]),
			Source: t.file, Sheet: t.sheet, Row: t.rowNums[i], courtOrders: -1,
		}
		if c.ID == "" {
			errs = append(errs, t.errAt(i, cols[colCase], errors.New("row has no case ID; row skipped")))
			continue
		}
		if seen[c.ID] {
			errs = append(errs, t.errAt(i, cols[colCase], fmt.Errorf("case %s appears twice; both rows are counted", c.ID)))
		}
		seen[c.ID] = true
		g, err := parseGroup(t.cell(i, cols[colGroup]))
		if err != nil {
			errs = append(errs, t.errAt(i, cols[colGroup], err))
		}
		c.Group = g
		for k := colSelfAssessment; k < numCaseCols; k++ {
			if cols[k] < 0 {
				continue
			}
			v := t.cell(i, cols[k])
			if k == colCourtOrders {
				if strings.TrimSpace(v) == "" || parseAnswer(v) == unknown {
					continue
				}
				n, err := strconv.ParseFloat(v, 64)
				if err != nil || n < 0 || n != math.Trunc(n) {
					errs = append(errs, t.errAt(i, cols[k], fmt.Errorf("%q in column %q is not a whole number", v, t.header[cols[k]])))
					continue
				}
				c.courtOrders = int(n)
				continue
			}
			a := parseAnswer(v)
			if a == invalid {
				errs = append(errs, t.errAt(i, cols[k], fmt.Errorf("%q in column %q is not yes, no or n/a; the case is left out of this indicator", v, t.header[cols[k]])))
			}
			c.answers[k] = a
		}
		for col, h := range t.header {
			if known[col] || h == "" {
				continue
			}
			if v := t.cell(i, col); v != "" {
				c.notes = append(c.notes, Attr{Key: h, Value: v})
			}
		}
		cases = append(cases, c)
	}
	return cases, errs
}

// A Tally is an indicator's numerator and denominator for one breakdown.
type Tally struct {
	N, D int
}

// Percent is 100·N/D rounded to one decimal place, and false when D is 0.
func (t Tally) Percent() (float64, bool) {
	if t.D == 0 {
		return 0, false
	}
	return math.Round(1000*float64(t.N)/float64(t.D)) / 10, true
}

// count tallies one indicator over cases that pass keep.
func (ind Indicator) count(cases []*Case, keep func(*Case) bool) Tally {
	var t Tally
	for _, c := range cases {
		if !keep(c) || !ind.base(c) {
			continue
		}
		switch c.answers[ind.num] {
		case yes:
			t.N++
			t.D++
		case no:
			t.D++
		}
	}
	return t
}
