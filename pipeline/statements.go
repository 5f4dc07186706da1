package pipeline

import (
	"crypto/sha256"
	"sort"
	"strings"
	"unicode/utf8"

	"desist/coding"
)

// A Statement is one sentence said by a participant, with where it came
// from and the codes it was given.
type Statement struct {
	ID          string // Segment ID: stable while the text and source are unchanged
	Source      string
	Line        int // 1-based line where the statement starts
	Offset, End int // byte range of the statement in the decoded file text
	Participant string
	Role        string
	Group       string
	YOT         string
	Speaker     string
	Text        string
	Time        string // for subtitles: when the statement's first line was said
	Codes       []coding.Assignment
	// context is the sentence before, in the same turn: it tells the
	// coder who a pronoun stands for.
	context string
	// review is what an earlier workbook's reviewer decided about it; nil
	// without one.
	review *segmentReview
	// redaction is the redaction planned for it by a worker, if any.
	redaction *statementPlan
}

// split turns a transcript's non-interviewer turns into statements, one
// per sentence.
func split(t *Transcript) []Statement {
	// The turns' texts and sentences first, so that the statements are
	// allocated once.
	type turnText struct {
		turn   *Turn
		text   string
		starts []int // where each line starts in text
		sents  []Span
	}
	var turns []turnText
	n := 0
	for k := range t.Turns {
		turn := &t.Turns[k]
		if turn.Interviewer || len(turn.Lines) == 0 {
			continue
		}
		tt := turnText{turn: turn, text: turn.Lines[0].Text, starts: []int{0}}
		if len(turn.Lines) > 1 {
			// Join the turn's lines, remembering where each starts.
			var b strings.Builder
			tt.starts = tt.starts[:0]
			for i, l := range turn.Lines {
				if i > 0 {
					b.WriteByte('\n')
				}
				tt.starts = append(tt.starts, b.Len())
				b.WriteString(l.Text)
			}
			tt.text = b.String()
		}
		tt.sents = Sentences(tt.text)
		n += len(tt.sents)
		turns = append(turns, tt)
	}
	if n == 0 {
		return nil
	}
	out := make([]Statement, 0, n)
	seen := map[string]int{}
	var ids idMaker
	for _, tt := range turns {
		turn, text, starts := tt.turn, tt.text, tt.starts
		prev := ""
		for _, sp := range tt.sents {
			i := sort.Search(len(starts), func(i int) bool { return starts[i] > sp.Start }) - 1
			j := sort.Search(len(starts), func(j int) bool { return starts[j] >= sp.End }) - 1
			l, lastLine := turn.Lines[i], turn.Lines[j]
			s := Statement{
				Source:      t.Source,
				Line:        l.N,
				Offset:      l.Offset + sp.Start - starts[i],
				End:         lastLine.Offset + sp.End - starts[j],
				Participant: t.Participant,
				Role:        t.Role,
				Group:       t.Group,
				YOT:         t.YOT,
				Speaker:     turn.Speaker,
				Text:        collapseSpaces(text[sp.Start:sp.End]),
				Time:        l.Time,
				context:     prev,
			}
			prev = s.Text
			k := seen[s.Text]
			s.ID = ids.id(s.Source, s.Text, k)
			seen[s.Text] = k + 1
			out = append(out, s)
		}
	}
	return out
}

// collapseSpaces is strings.Join(strings.Fields(s), " "), without a copy
// when s has nothing to collapse.
func collapseSpaces(s string) string {
	space := true // before the first character, as a leading space would be
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.Join(strings.Fields(s), " ")
		}
		if c == ' ' {
			if space {
				return strings.Join(strings.Fields(s), " ")
			}
			space = true
			continue
		}
		if '\t' <= c && c <= '\r' {
			return strings.Join(strings.Fields(s), " ")
		}
		space = false
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// segmentID derives a statement's ID from its source, its text and how
// many times the same text came before it in that source, so that it
// survives re-runs and edits elsewhere in the file.
func segmentID(source, text string, occurrence int) string {
	var m idMaker
	return m.id(source, text, occurrence)
}

// An idMaker makes segment IDs, reusing its buffer.
type idMaker struct {
	buf []byte
}

// id is segmentID(source, text, occurrence): "S" and the first 11 hex
// digits, in upper case, of the SHA-256 of the source, a zero byte, the
// text in lower case, a zero byte and the occurrence in three bytes.
func (m *idMaker) id(source, text string, occurrence int) string {
	b := append(m.buf[:0], source...)
	b = append(b, 0)
	if ascii(text) {
		for i := 0; i < len(text); i++ {
			c := text[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	} else {
		b = append(b, strings.ToLower(text)...)
	}
	b = append(b, 0, byte(occurrence), byte(occurrence>>8), byte(occurrence>>16))
	m.buf = b
	sum := sha256.Sum256(b)
	const digits = "0123456789ABCDEF"
	var id [12]byte
	id[0] = 'S'
	for k := 0; k < 11; k++ {
		d := sum[k/2]
		if k%2 == 0 {
			d >>= 4
		}
		id[k+1] = digits[d&0xf]
	}
	return string(id[:])
}

// ascii reports whether s is ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
