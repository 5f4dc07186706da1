package pipeline

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// A Transcript is one interview as read from a file: who was interviewed,
// and what each speaker said, line by line.
type Transcript struct {
	Source string // the file's path as given
	// Participant, Role, Group and YOT come from the front matter; the
	// participants sheet fills in what it leaves blank.
	Participant, Role, Group, YOT string
	Attrs                         []Attr // other front-matter keys, in file order
	Interviewers                  []string
	Turns                         []Turn
}

// An Attr is one attribute of a participant: a key and its value.
type Attr struct {
	Key, Value string
}

// A Turn is what one speaker said before the next speaker label.
type Turn struct {
	Speaker     string // the label as written ("" before the first label)
	Interviewer bool   // the interviewer's turns are context, not coded
	Lines       []Line
}

// A Line is one line of a turn's text, with its 1-based line number and
// the byte offset of its first byte in the file.
type Line struct {
	N      int
	Offset int
	Text   string
	Time   string // for subtitle cues: the cue's start time, such as "00:01:02.500"
}

// maxLineBytes is the longest line a transcript may have.
const maxLineBytes = 1 << 20

// checkLines refuses a transcript with a line longer than maxLineBytes,
// naming the line: a single line of many megabytes is not an interview.
func checkLines(name string, lines []Line) error {
	for _, l := range lines {
		if len(l.Text) > maxLineBytes {
			return &InputError{File: name, Line: l.N, Err: fmt.Errorf("line of %d MB is too long for a transcript (at most %d MB)", len(l.Text)>>20, maxLineBytes>>20)}
		}
	}
	return nil
}

// roles are the roles a transcript or participants sheet may give.
var roles = []string{"child", "parent", "worker", "interviewer"}

// interviewerLabels are the speaker labels always taken as the interviewer.
var interviewerLabels = map[string]bool{
	"interviewer": true, "int": true, "i": true, "q": true, "inspector": true,
	"interviewer 1": true, "interviewer 2": true, "researcher": true, "facilitator": true,
	"inspector 1": true, "inspector 2": true, "iv": true,
}

// speakerLine matches a line that starts a turn: a label of up to four
// words, each capitalised (or a bare short label such as "yp"), then a
// colon. Markdown bold around the label is allowed.
var speakerLine = regexp.MustCompile(`^\s*(?:\*\*)?([\p{L}][\p{L}\p{N}'.\-]*(?: [\p{L}\p{N}][\p{L}\p{N}'.\-]*){0,3})(?:\*\*)?\s*:(?:\*\*)?(?:\s+|$)`)

// speakerLabel is speakerLine's submatch indices in text, or nil. Only a
// line with a colon can match, and most lines of a transcript that do not
// start a turn have none.
func speakerLabel(text string) []int {
	if strings.IndexByte(text, ':') < 0 {
		return nil
	}
	return speakerLine.FindStringSubmatchIndex(text)
}

// ParseTranscript reads a transcript's text. name is the file's path as
// given, used in Source and in errors; markdown says whether Markdown
// headings are to be skipped. The text must already be UTF-8.
func ParseTranscript(name string, text []byte, markdown bool) (*Transcript, error) {
	t := &Transcript{Source: name}
	lines := splitLines(text)
	if err := checkLines(name, lines); err != nil {
		return nil, err
	}
	body := 0
	if len(lines) > 0 && strings.TrimSpace(lines[0].Text) == "---" {
		end := -1
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i].Text) == "---" {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, &InputError{File: name, Line: 1, Err: fmt.Errorf("front matter opened with --- is never closed")}
		}
		if err := t.frontMatter(name, lines[1:end]); err != nil {
			return nil, err
		}
		body = end + 1
	}
	var cur *Turn
	broken := false // a heading interrupted the current turn
	for _, l := range lines[body:] {
		text := l.Text
		trimmed := strings.TrimSpace(text)
		if markdown && strings.HasPrefix(trimmed, "#") {
			broken = true // a Markdown heading is not speech
			continue
		}
		if m := speakerLabel(text); m != nil && isLabel(text[m[2]:m[3]]) {
			label := text[m[2]:m[3]]
			t.Turns = append(t.Turns, Turn{Speaker: label, Interviewer: t.isInterviewer(label)})
			cur = &t.Turns[len(t.Turns)-1]
			broken = false
			rest := text[m[1]:]
			if strings.TrimSpace(rest) != "" {
				cur.Lines = append(cur.Lines, Line{N: l.N, Offset: l.Offset + m[1], Text: rest})
			}
			continue
		}
		if trimmed == "" && cur == nil {
			continue
		}
		switch {
		case cur == nil:
			// Text before the first label is the participant's.
			t.Turns = append(t.Turns, Turn{})
			cur = &t.Turns[len(t.Turns)-1]
		case broken:
			// The same speaker goes on after a heading, in a new turn so
			// that no sentence spans the heading.
			t.Turns = append(t.Turns, Turn{Speaker: cur.Speaker, Interviewer: cur.Interviewer})
			cur = &t.Turns[len(t.Turns)-1]
			broken = false
		}
		cur.Lines = append(cur.Lines, l)
	}
	return t, nil
}

// isLabel reports whether a candidate label looks like a speaker rather
// than the start of a sentence with a colon in it.
func isLabel(label string) bool {
	if interviewerLabels[strings.ToLower(label)] {
		return true
	}
	for _, w := range strings.Fields(label) {
		r := []rune(w)[0]
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return len(label) <= 30
}

func (t *Transcript) isInterviewer(label string) bool {
	l := strings.ToLower(label)
	if interviewerLabels[l] {
		return true
	}
	for _, name := range t.Interviewers {
		if strings.EqualFold(name, l) {
			return true
		}
	}
	return false
}

func (t *Transcript) frontMatter(name string, lines []Line) error {
	for _, l := range lines {
		s := strings.TrimSpace(l.Text)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		k, v, ok := strings.Cut(s, ":")
		if !ok {
			return &InputError{File: name, Line: l.N, Err: fmt.Errorf("front matter line %q is not \"key: value\"", s)}
		}
		key := strings.ToLower(strings.TrimSpace(k))
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch key {
		case "participant":
			t.Participant = v
		case "role":
			r, err := parseChoice(v, roles, "role")
			if err != nil {
				return &InputError{File: name, Line: l.N, Err: err}
			}
			t.Role = r
		case "group":
			g, err := parseGroup(v)
			if err != nil {
				return &InputError{File: name, Line: l.N, Err: err}
			}
			t.Group = g
		case "yot":
			t.YOT = v
		case "interviewer", "interviewers":
			for _, n := range strings.Split(v, ",") {
				if n = strings.TrimSpace(n); n != "" {
					t.Interviewers = append(t.Interviewers, n)
				}
			}
		default:
			if key == "" {
				return &InputError{File: name, Line: l.N, Err: fmt.Errorf("front matter line %q has no key", s)}
			}
			t.Attrs = append(t.Attrs, Attr{Key: strings.TrimSpace(k), Value: v})
		}
	}
	return nil
}

func parseChoice(v string, choices []string, what string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(v))
	if l == "" {
		return "", nil
	}
	for _, c := range choices {
		if l == c {
			return c, nil
		}
	}
	switch what {
	case "role":
		switch l {
		case "young person", "yp", "child or young person", "young people":
			return "child", nil
		case "carer", "parent or carer", "parent/carer", "guardian", "mum", "dad":
			return "parent", nil
		case "case manager", "case worker", "caseworker", "yot worker", "key worker", "practitioner":
			return "worker", nil
		}
	}
	return "", fmt.Errorf("unknown %s %q (expected %s)", what, v, strings.Join(choices, ", "))
}

// parseGroup reads a group, accepting the case sheets' other spellings.
func parseGroup(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return "", nil
	case "desister", "desisted", "not reoffended", "desisting", "desisters":
		return "desister", nil
	case "persister", "persisted", "reoffended", "persisting", "persisters":
		return "persister", nil
	}
	return "", fmt.Errorf("unknown group %q (expected desister or persister)", v)
}

// splitLines splits text into lines, accepting LF, CRLF and CR line ends,
// numbering them from 1 as an editor does.
func splitLines(text []byte) []Line {
	var lines []Line
	n, start := 1, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '\n' && c != '\r' {
			continue
		}
		lines = append(lines, Line{N: n, Offset: start, Text: string(text[start:i])})
		if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		n++
		start = i + 1
	}
	if start < len(text) {
		lines = append(lines, Line{N: n, Offset: start, Text: string(text[start:])})
	}
	return lines
}
