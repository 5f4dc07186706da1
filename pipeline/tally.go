package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
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
	// The Framework's quotes wait in a temporary file, spool, so that
	// memory holds only where each is: the text of a large study's
	// quotes would not fit. err is the first error writing it.
	spool     *os.File
	bw        *bufio.Writer
	spoolSize int64
	err       error
}

type participantTally struct {
	ID, Role, Group, YOT string
	statements, coded    int
	cells                map[string]*quoteCell // code ID -> the Framework cell's quotes
}

// A quoteCell is where a Framework cell's quotes are in the tally's spool,
// as many as fit the cell, with how many did not. It holds each quote's
// place as two varints, its offset's distance from the end of the quote
// before and its length, since a large study keeps a cell for every code
// of every participant: a few bytes a quote rather than sixteen.
type quoteCell struct {
	refs    []byte
	end     int64 // where the last quote kept ends
	size    int   // bytes of the quotes kept, with their separators
	dropped int
}

// add notes where a quote kept is.
func (c *quoteCell) add(q quoteRef) {
	c.refs = binary.AppendUvarint(c.refs, uint64(q.off-c.end))
	c.refs = binary.AppendUvarint(c.refs, uint64(q.n))
	c.end = q.off + int64(q.n)
}

// each calls fn with where each quote kept is, in order.
func (c *quoteCell) each(fn func(quoteRef) error) error {
	b, end := c.refs, int64(0)
	for len(b) > 0 {
		d, k := binary.Uvarint(b)
		n, j := binary.Uvarint(b[k:])
		if k <= 0 || j <= 0 {
			return errors.New("a Framework cell's quote list is cut short")
		}
		b = b[k+j:]
		q := quoteRef{off: end + int64(d), n: int(n)}
		end = q.off + int64(q.n)
		if err := fn(q); err != nil {
			return err
		}
	}
	return nil
}

// A quoteRef is where a Framework quote is in the tally's spool.
type quoteRef struct {
	off int64
	n   int
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
		p = &participantTally{ID: s.Participant, Role: s.Role, Group: s.Group, YOT: s.YOT, cells: map[string]*quoteCell{}}
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
		cell := p.cells[a.Code.ID]
		if cell == nil {
			cell = &quoteCell{}
			p.cells[a.Code.ID] = cell
		}
		if cell.size+len(q)+2 < maxCell-200 {
			cell.add(t.keep(q))
			cell.size += len(q) + 2
		} else {
			cell.dropped++
		}
	}
}

// keep writes a quote to the spool and returns where it is.
func (t *tally) keep(q string) quoteRef {
	if t.err != nil {
		return quoteRef{}
	}
	if t.spool == nil {
		if t.spool, t.err = os.CreateTemp("", "desist-framework-*"); t.err != nil {
			return quoteRef{}
		}
		t.bw = bufio.NewWriterSize(t.spool, 1<<16)
	}
	ref := quoteRef{off: t.spoolSize, n: len(q)}
	_, t.err = t.bw.WriteString(q)
	t.spoolSize += int64(len(q))
	return ref
}

// discard removes the spool.
func (t *tally) discard() {
	if t.spool != nil {
		t.spool.Close()
		os.Remove(t.spool.Name())
		t.spool = nil
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

// frameworkRows gives yield the framework matrix, a row at a time: a row
// per participant, a column per code, each cell that participant's quotes
// for the code, read back from the spool.
func (t *tally) frameworkRows(yield func([]any) error) error {
	if t.err != nil {
		return fmt.Errorf("keeping the Framework's quotes in a temporary file: %w", t.err)
	}
	if t.bw != nil {
		if err := t.bw.Flush(); err != nil {
			return fmt.Errorf("keeping the Framework's quotes in a temporary file: %w", err)
		}
	}
	var buf []byte
	for _, id := range t.participantIDs() {
		p := t.participants[id]
		row := []any{p.ID, p.Role, p.Group, p.YOT, p.statements, p.coded}
		for _, c := range t.cb.Codes {
			var b strings.Builder
			if cell := p.cells[c.ID]; cell != nil {
				i := 0
				err := cell.each(func(q quoteRef) error {
					if i > 0 {
						b.WriteString("\n\n")
					}
					i++
					buf = slices.Grow(buf[:0], q.n)[:q.n]
					if _, err := t.spool.ReadAt(buf, q.off); err != nil && err != io.EOF {
						return fmt.Errorf("reading back the Framework's quotes: %w", err)
					}
					b.Write(buf)
					return nil
				})
				if err != nil {
					return err
				}
				if cell.dropped > 0 {
					fmt.Fprintf(&b, "\n\n(%d more in Statements)", cell.dropped)
				}
			}
			row = append(row, b.String())
		}
		if err := yield(row); err != nil {
			return err
		}
	}
	return nil
}
