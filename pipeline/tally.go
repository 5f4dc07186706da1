package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"desist/coding"
)

// groupNames are the Summary's groups, in order; "ungrouped" is for
// participants with no group and appears only when there are some.
var groupNames = []string{"desister", "persister", "ungrouped"}

func groupOf(g string) string {
	if g == "" {
		return "ungrouped"
	}
	return g
}

// A tally counts what the Summary, the Framework and the charts need, as
// statements stream past.
type tally struct {
	cb           *coding.Codebook
	participants map[string]*participantTally // by participant ID
	order        []string                     // participant IDs in first-seen order
	perCode      map[string]*codeTally
	statements   int
	coded        int
	rows         int
	yots         map[string]bool
}

type participantTally struct {
	ID, Role, Group, YOT string
	statements, coded    int
	quotes               map[string][]string // code ID -> quotes for the Framework, as many as fit a cell
	quoteLen             map[string]int      // code ID -> bytes of quotes kept
	dropped              map[string]int      // code ID -> quotes that did not fit
}

type codeTally struct {
	statements   map[string]int             // group -> rows
	participants map[string]map[string]bool // group -> participant IDs
	present      int
	absent       int
}

func newTally(cb *coding.Codebook) *tally {
	t := &tally{cb: cb, participants: map[string]*participantTally{}, perCode: map[string]*codeTally{}, yots: map[string]bool{}}
	for _, c := range cb.Codes {
		t.perCode[c.ID] = &codeTally{statements: map[string]int{}, participants: map[string]map[string]bool{}}
	}
	return t
}

// maxCell is the most characters an Excel cell holds.
const maxCell = 32767

func (t *tally) add(s *Statement) {
	p, ok := t.participants[s.Participant]
	if !ok {
		p = &participantTally{ID: s.Participant, Role: s.Role, Group: s.Group, YOT: s.YOT,
			quotes: map[string][]string{}, quoteLen: map[string]int{}, dropped: map[string]int{}}
		t.participants[s.Participant] = p
		t.order = append(t.order, s.Participant)
	}
	if s.YOT != "" {
		t.yots[s.YOT] = true
	}
	p.statements++
	t.statements++
	// Counts are of the codes after review: the coder's, less those the
	// reviewer rejected, and those the reviewer gave.
	codes := s.final()
	t.rows += len(s.rows())
	if len(codes) > 0 {
		p.coded++
		t.coded++
	}
	g := groupOf(s.Group)
	for _, a := range codes {
		ct := t.perCode[a.Code.ID]
		ct.statements[g]++
		if ct.participants[g] == nil {
			ct.participants[g] = map[string]bool{}
		}
		ct.participants[g][s.Participant] = true
		if a.Polarity == coding.Present {
			ct.present++
		} else {
			ct.absent++
		}
		q := fmt.Sprintf("%s:%d [%s] %s", s.Source, s.Line, a.Polarity, s.Text)
		if p.quoteLen[a.Code.ID]+len(q)+2 < maxCell-200 {
			p.quotes[a.Code.ID] = append(p.quotes[a.Code.ID], q)
			p.quoteLen[a.Code.ID] += len(q) + 2
		} else {
			p.dropped[a.Code.ID]++
		}
	}
}

// groups returns the groups present, in Summary order, and the number of
// participants in each.
func (t *tally) groups() ([]string, map[string]int) {
	size := map[string]int{}
	for _, p := range t.participants {
		size[groupOf(p.Group)]++
	}
	var gs []string
	for _, g := range groupNames {
		if g != "ungrouped" || size[g] > 0 {
			gs = append(gs, g)
		}
	}
	return gs, size
}

// summaryHeader is the Summary's header row.
func (t *tally) summaryHeader() []string {
	h := []string{"Code", "Code label", "Type", "Domain"}
	gs, _ := t.groups()
	for _, g := range gs {
		h = append(h, g+" statements", g+" participants", g+" %")
	}
	return append(h, "Present", "Absent")
}

// summaryRows is the Summary: one row per code.
func (t *tally) summaryRows() [][]any {
	gs, size := t.groups()
	var rows [][]any
	for _, c := range t.cb.Codes {
		ct := t.perCode[c.ID]
		row := []any{c.ID, c.Label, string(c.Type), c.Domain}
		for _, g := range gs {
			n := len(ct.participants[g])
			row = append(row, ct.statements[g], n, percent(n, size[g]))
		}
		rows = append(rows, append(row, ct.present, ct.absent))
	}
	return rows
}

// percent is 100·n/d to one decimal place, or "" when d is 0.
func percent(n, d int) any {
	if d == 0 {
		return ""
	}
	return math.Round(1000*float64(n)/float64(d)) / 10
}

// participantIDs returns the participant IDs sorted.
func (t *tally) participantIDs() []string {
	ids := slices.Clone(t.order)
	slices.Sort(ids)
	return ids
}

// frameworkHeader is the Framework's header row.
func (t *tally) frameworkHeader() []string {
	h := []string{"Participant", "Role", "Group", "YOT", "Statements", "Coded"}
	for _, c := range t.cb.Codes {
		h = append(h, c.ID+" "+c.Label)
	}
	return h
}

// frameworkRows is the framework matrix: a row per participant, a column
// per code, each cell that participant's quotes for the code.
func (t *tally) frameworkRows() [][]any {
	var rows [][]any
	for _, id := range t.participantIDs() {
		p := t.participants[id]
		row := []any{p.ID, p.Role, p.Group, p.YOT, p.statements, p.coded}
		for _, c := range t.cb.Codes {
			cell := strings.Join(p.quotes[c.ID], "\n\n")
			if dropped := p.dropped[c.ID]; dropped > 0 {
				cell += fmt.Sprintf("\n\n(%d more in Statements)", dropped)
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return rows
}
