package coding

import (
	"strings"
	"testing"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		text    string
		want    string // the words matched, or "" for no match
	}{
		{"plain word", "listen", "She listens.", "listens"},
		{"past tense", "listen", "She listened to me", "listened"},
		{"ing form", "listen", "She was listening", "listening"},
		{"dropped e", "believe ... in me", "Believing in me, that was it", "Believing in me"},
		{"doubled consonant", "stop", "I stopped going out", "stopped"},
		{"y to ies", "carry", "He carries on", "carries"},
		{"no partial word", "listen", "The listener said", ""},
		{"prefix", "judg*", "she never judged me", "judged"},
		{"prefix longer", "judg*", "not judgemental at all", "judgemental"},
		{"exact refuses inflection", "=care", "they cared", ""},
		{"exact", "=care", "they don't care", "care"},
		{"alternatives", "mum|nan|dad stood by me", "My nan stood by me", "nan stood by me"},
		{"parenthesised alternatives", "talk to (her|him) about anything", "I could talk to him about anything", "talk to him about anything"},
		{"gap", "listen ... to me", "she actually listened properly to me", "listened properly to me"},
		{"gap of zero", "listen ... to me", "listened to me", "listened to me"},
		{"gap too long", "listen ... to me", "listened and then one two three four to me", ""},
		{"case insensitive", "yot worker", "My YOT Worker came", "YOT Worker"},
		{"curly apostrophe", "didn't care", "they didn’t care", "didn’t care"},
		{"punctuation ignored", "kept changing", "they kept... changing", "kept... changing"},
		{"hyphenated", "one-to-one", "we did one-to-one sessions", "one-to-one"},
		{"order matters", "to me listen", "listen to me", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := CompilePattern(tt.pattern)
			if err != nil {
				t.Fatalf("CompilePattern(%q): %v", tt.pattern, err)
			}
			words := Words(tt.text)
			m, ok := p.Find(words, 0)
			got := ""
			if ok {
				got = tt.text[words[m.Start].Start:words[m.End-1].End]
			}
			if got != tt.want {
				t.Errorf("%q in %q matched %q, want %q", tt.pattern, tt.text, got, tt.want)
			}
		})
	}
}

func TestCompilePatternErrors(t *testing.T) {
	tests := []struct {
		name, pattern, want string
	}{
		{"empty", "  ", "empty pattern"},
		{"leading gap", "... me", `cannot start with "..."`},
		{"trailing gap", "listen ...", `cannot end with "..."`},
		{"double gap", "listen ... ... me", `two "..." in a row`},
		{"empty alternative", "mum||dad", "empty alternative"},
		{"bad character", "listen+", `character '+' not allowed`},
		{"regex", "list[e]n", `character '[' not allowed`},
		{"star inside", "li*sten", `character '*' not allowed`},
		{"unbalanced", "(mum|dad", "unbalanced parenthesis"},
		{"bare star", "*", "empty alternative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CompilePattern(tt.pattern)
			if err == nil {
				t.Fatalf("CompilePattern(%q) succeeded, want error containing %q", tt.pattern, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CompilePattern(%q) error %q, want it to contain %q", tt.pattern, err, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	text := "I didn't, like — go to the one-to-one. 'Cos she's ace"
	var got []string
	var breaks []bool
	for _, w := range Words(text) {
		got = append(got, w.Text)
		breaks = append(breaks, w.Break)
		if text[w.Start:w.End] == "" {
			t.Errorf("word %q has an empty span", w.Text)
		}
	}
	want := []string{"i", "didn't", "like", "go", "to", "the", "one-to-one", "cos", "she's", "ace"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Words = %q, want %q", got, want)
	}
	wantBreaks := []bool{false, false, true, true, false, false, false, true, false, false}
	for i := range wantBreaks {
		if breaks[i] != wantBreaks[i] {
			t.Errorf("word %d (%q): break %v, want %v", i, got[i], breaks[i], wantBreaks[i])
		}
	}
}

func TestStepOnly(t *testing.T) {
	p, err := CompilePattern("didn't|don't care ... could|couldn't talk*")
	if err != nil {
		t.Fatal(err)
	}
	neg := func(w string) bool { return strings.Contains(w, "n't") }
	for k, want := range []bool{true, false, false, false, false} {
		if got := p.StepOnly(k, neg); got != want {
			t.Errorf("StepOnly(%d) = %v, want %v", k, got, want)
		}
	}
	m, ok := p.MatchAt(Words("didn't care and could talk"), 0)
	if !ok || len(m.Steps) != 4 || m.Steps[3] != 4 {
		t.Errorf("MatchAt = %+v, %v", m, ok)
	}
}
