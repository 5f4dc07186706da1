package pipeline

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// findWords returns the byte ranges of the words eachWord finds.
func findWords(text string) [][2]int {
	var out [][2]int
	eachWord(text, func(start, end int) { out = append(out, [2]int{start, end}) })
	return out
}

// wordPattern is what eachWord finds, as a regular expression.
var wordPattern = regexp.MustCompile(`\p{L}[\p{L}\p{M}]*(?:['’\-][\p{L}\p{M}]+)*`)

func checkFindWords(t *testing.T, text string) {
	t.Helper()
	var want [][2]int
	for _, m := range wordPattern.FindAllStringIndex(text, -1) {
		want = append(want, [2]int{m[0], m[1]})
	}
	if got := findWords(text); !slices.Equal(got, want) {
		t.Errorf("findWords(%q) = %v, want %v", text, got, want)
	}
}

func TestFindWords(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"plain", "She actually listened to me."},
		{"apostrophes and hyphens", "Dylan's step-dad didn't ’cause it's rock-'n'-roll - ok' 'quoted'"},
		{"curly possessive", "Jayden’s mum’s car"},
		{"marks", "naïve e\u0301te cafe\u0301 \u0301x"},
		{"digits and symbols", "YP07: 3 times, £5 @ 10am — [Person 2]"},
		{"invalid UTF-8", "a\xffb c\xe2\x80d"},
		{"non-Latin", "Ђорђе 東京 مرحبا"},
		{"trailing joiners", "rock- roll' end-"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkFindWords(t, tc.text) })
	}
}

func FuzzFindWords(f *testing.F) {
	f.Add("Dylan's step-dad didn't go.")
	f.Add("naïve e\u0301te \xff’s")
	f.Fuzz(func(t *testing.T, text string) { checkFindWords(t, text) })
}

// normNameRef is normName without its fast path for plain lower-case
// ASCII.
func normNameRef(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// isAcronymRef is isAcronym without its fast path for a lower-case
// first letter.
func isAcronymRef(w string) bool {
	w = strings.TrimSuffix(w, "s")
	return utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

func checkWordForms(t *testing.T, s string) {
	t.Helper()
	if got, want := normName(s), normNameRef(s); got != want {
		t.Errorf("normName(%q) = %q, want %q", s, got, want)
	}
	if got, want := isAcronym(s), isAcronymRef(s); got != want {
		t.Errorf("isAcronym(%q) = %v, want %v", s, got, want)
	}
}

func TestWordForms(t *testing.T) {
	for _, s := range []string{"", "yot", "YOT", "YOTs", "Yot", "dad's", "Jayden’s", "a b", "tab\there", "x\n", "ÉLAN", "élan", "s", "AS", "aS", "1AB"} {
		t.Run(s, func(t *testing.T) { checkWordForms(t, s) })
	}
}

func FuzzWordForms(f *testing.F) {
	f.Add("YOTs")
	f.Add("Jayden’s mum")
	f.Fuzz(func(t *testing.T, s string) { checkWordForms(t, s) })
}
