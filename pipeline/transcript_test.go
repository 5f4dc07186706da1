package pipeline

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// turnsOf renders a transcript's turns as "Speaker(I)@line: text | ...".
func turnsOf(t *Transcript) string {
	var parts []string
	for _, turn := range t.Turns {
		var lines []string
		for _, l := range turn.Lines {
			lines = append(lines, fmt.Sprintf("%d:%s", l.N, l.Text))
		}
		who := turn.Speaker
		if turn.Interviewer {
			who += "(I)"
		}
		parts = append(parts, who+"="+strings.Join(lines, "/"))
	}
	return strings.Join(parts, " | ")
}

func TestParseTranscript(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		markdown bool
		want     string
	}{
		{"labels and continuation", "Interviewer: How was it?\nYP: Good.\nReally good.\n",
			false, "Interviewer(I)=1:How was it? | YP=2:Good./3:Really good."},
		{"interviewer labels", "Q: a\nA: b\nInt: c\nI: d\nInspector: e\nJordan: f\n",
			false, "Q(I)=1:a | A=2:b | Int(I)=3:c | I(I)=4:d | Inspector(I)=5:e | Jordan=6:f"},
		{"blank line inside a turn", "YP: one\n\ntwo\n", false, "YP=1:one/2:/3:two"},
		{"colon in a sentence is not a label", "YP: she said: go home\nthen she said: fine\n",
			false, "YP=1:she said: go home/2:then she said: fine"},
		{"text before any label is the participant's", "Some notes\nYP: hi\n", false, "=1:Some notes | YP=2:hi"},
		{"CRLF line ends", "Q: a\r\nYP: b\r\nc\r\n", false, "Q(I)=1:a | YP=2:b/3:c"},
		{"CR line ends", "Q: a\rYP: b\r", false, "Q(I)=1:a | YP=2:b"},
		{"markdown heading skipped", "# Interview\nQ: a\n## Part two\nA: b\n", true, "Q(I)=2:a | A=4:b"},
		{"markdown heading kept in text files", "# 1\nQ: a\n", false, "=1:# 1 | Q(I)=2:a"},
		{"markdown bold label", "**Interviewer:** hello\n**Sam**: hi\n", true, "Interviewer(I)=1:hello | Sam=2:hi"},
		{"front matter lines counted", "---\nparticipant: YP01\n---\nQ: a\nYP: b\n", false, "Q(I)=4:a | YP=5:b"},
		{"interviewer named in front matter", "---\ninterviewer: Alex\n---\nAlex: so?\nYP: yes\n", false, "Alex(I)=4:so? | YP=5:yes"},
		{"label alone on its line", "YP:\nwell I dunno\n", false, "YP=2:well I dunno"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseTranscript("t.txt", []byte(tt.text), tt.markdown)
			if err != nil {
				t.Fatal(err)
			}
			if got := turnsOf(tr); got != tt.want {
				t.Errorf("turns:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFrontMatter(t *testing.T) {
	src := "---\nparticipant: YP07\nrole: Child\ngroup: reoffended\nyot: Northbridge YOT\nage: 16\norder: \"referral order\"\n---\nYP: hi\n"
	tr, err := ParseTranscript("YP07.txt", []byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Participant != "YP07" || tr.Role != "child" || tr.Group != "persister" || tr.YOT != "Northbridge YOT" {
		t.Errorf("got participant %q role %q group %q yot %q", tr.Participant, tr.Role, tr.Group, tr.YOT)
	}
	want := []Attr{{"age", "16"}, {"order", "referral order"}}
	if fmt.Sprint(tr.Attrs) != fmt.Sprint(want) {
		t.Errorf("attrs %v, want %v", tr.Attrs, want)
	}
}

func TestParseTranscriptErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unclosed front matter", "---\nparticipant: x\nQ: a\n", "t.txt:1: front matter opened with --- is never closed"},
		{"bad role", "---\nrole: judge\n---\n", `t.txt:2: unknown role "judge"`},
		{"bad group", "---\nparticipant: x\ngroup: maybe\n---\n", `t.txt:3: unknown group "maybe"`},
		{"not key value", "---\njust words\n---\n", `t.txt:2: front matter line "just words" is not "key: value"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTranscript("t.txt", []byte(tt.text), false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line == 0 {
				t.Errorf("error %v does not carry a line", err)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"utf-8", []byte("café £5"), "café £5"},
		{"utf-8 with BOM", []byte("\xEF\xBB\xBFcafé"), "café"},
		{"utf-16 LE with BOM", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, "hi"},
		{"utf-16 BE with BOM", []byte{0xFE, 0xFF, 0, 'h', 0, 'i'}, "hi"},
		{"windows-1252", []byte("caf\xe9 \xa35 \x93quoted\x94"), "café £5 “quoted”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("binary rejected", func(t *testing.T) {
		if _, err := decodeText([]byte("PK\x03\x04\x00\x00")); !errors.Is(err, errNotText) {
			t.Errorf("error %v, want errNotText", err)
		}
	})
}

func TestSplitLinesAndOffsets(t *testing.T) {
	src := "---\nparticipant: P\n---\nQ: So?\r\nYP: I dunno. She was\r\n  alright, yeah.\r\n\r\nAnyway.\r\n"
	tr, err := ParseTranscript("p.txt", []byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	stmts := split(tr)
	want := []struct {
		line int
		text string
	}{{5, "I dunno."}, {5, "She was alright, yeah."}, {8, "Anyway."}}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements, want %d: %+v", len(stmts), len(want), stmts)
	}
	for i, w := range want {
		s := stmts[i]
		if s.Line != w.line || s.Text != w.text {
			t.Errorf("statement %d: line %d %q, want line %d %q", i, s.Line, s.Text, w.line, w.text)
		}
		if got := strings.Join(strings.Fields(src[s.Offset:s.End]), " "); got != s.Text {
			t.Errorf("statement %d: offsets select %q, want %q", i, got, s.Text)
		}
	}
}

func TestSegmentIDStable(t *testing.T) {
	a := "YP: I dunno. Yeah. I dunno.\n"
	b := "Q: new question first\nYP: Something new.\nYP: I dunno. Yeah. I dunno.\n"
	ta, _ := ParseTranscript("x.txt", []byte(a), false)
	tb, _ := ParseTranscript("x.txt", []byte(b), false)
	sa, sb := split(ta), split(tb)
	if sa[0].ID == sa[2].ID {
		t.Errorf("repeated text got the same ID %s", sa[0].ID)
	}
	for i := range sa {
		if sa[i].ID != sb[i+1].ID {
			t.Errorf("statement %q: ID %s, then %s after an edit elsewhere", sa[i].Text, sa[i].ID, sb[i+1].ID)
		}
	}
	tc, _ := ParseTranscript("y.txt", []byte(a), false)
	if split(tc)[0].ID == sa[0].ID {
		t.Errorf("same text in another source got the same ID")
	}
}

func FuzzParseTranscript(f *testing.F) {
	f.Add([]byte("---\nparticipant: YP01\nrole: child\n---\nInterviewer: How was it?\nYP: Good. Really good!\n\nYeah.\n"), false)
	f.Add([]byte("# Notes\n**Sam:** hi. Mr. Jones said so.\r\nQ: ok\r"), true)
	f.Add([]byte("---\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, markdown bool) {
		text, err := decodeText(data)
		if err != nil {
			return
		}
		tr, err := ParseTranscript("f.txt", text, markdown)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		nlines := len(splitLines(text))
		prev := 0
		for _, turn := range tr.Turns {
			for _, l := range turn.Lines {
				if l.N <= prev || l.N > nlines {
					t.Fatalf("line %d out of order or range (prev %d, %d lines)", l.N, prev, nlines)
				}
				prev = l.N
			}
		}
		for _, s := range split(tr) {
			if s.Text == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("bad statement text %q", s.Text)
			}
			if s.Offset < 0 || s.End > len(text) || s.Offset >= s.End {
				t.Fatalf("statement %q has range [%d,%d) in %d bytes", s.Text, s.Offset, s.End, len(text))
			}
			if got := strings.Join(strings.Fields(string(text[s.Offset:s.End])), " "); got != s.Text {
				t.Fatalf("offsets select %q, text is %q", got, s.Text)
			}
		}
	})
}
