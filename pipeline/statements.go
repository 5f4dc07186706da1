package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

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
	var out []Statement
	seen := map[string]int{}
	for _, turn := range t.Turns {
		if turn.Interviewer || len(turn.Lines) == 0 {
			continue
		}
		// Join the turn's lines, remembering where each starts.
		var b strings.Builder
		starts := make([]int, len(turn.Lines))
		for i, l := range turn.Lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			starts[i] = b.Len()
			b.WriteString(l.Text)
		}
		text := b.String()
		prev := ""
		for _, sp := range Sentences(text) {
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
				Text:        strings.Join(strings.Fields(text[sp.Start:sp.End]), " "),
				Time:        l.Time,
				context:     prev,
			}
			prev = s.Text
			s.ID = segmentID(s.Source, s.Text, seen[s.Text])
			seen[s.Text]++
			out = append(out, s)
		}
	}
	return out
}

// segmentID derives a statement's ID from its source, its text and how
// many times the same text came before it in that source, so that it
// survives re-runs and edits elsewhere in the file.
func segmentID(source, text string, occurrence int) string {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(text)))
	h.Write([]byte{0, byte(occurrence), byte(occurrence >> 8), byte(occurrence >> 16)})
	return "S" + strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:11])
}
