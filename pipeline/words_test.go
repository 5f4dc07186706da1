package pipeline

import (
	"regexp"
	"slices"
	"testing"
)

// wordPattern is what findWords finds, as a regular expression.
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
