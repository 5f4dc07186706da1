package coding

import (
	"slices"
	"testing"
)

func checkWords(t *testing.T, text string) {
	t.Helper()
	if got, want := Words(text), splitWords(nil, text, false); !slices.Equal(got, want) {
		t.Errorf("Words(%q) = %v, want %v", text, got, want)
	}
}

func TestWordsFastPath(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"plain", "she never listened to me, not once."},
		{"joined", "didn't one-to-one rock-'n'-roll"},
		{"capitals", "My YOT Worker"},
		{"mixed case inside", "yOt wOrKer"},
		{"curly apostrophe", "didn’t ‘cause"},
		{"joiner before capital", "don'T x-Ray"},
		{"joiner before non-ASCII", "caf'é naï-ve"},
		{"non-ASCII after plain", "cafe\u0301 naïve"},
		{"trailing joiners", "end- end' end’ -x 'x"},
		{"digits", "3rd 10am 2009-10"},
		{"invalid UTF-8", "a\xffb c\xe2\x80d"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkWords(t, tc.text) })
	}
}

func FuzzWords(f *testing.F) {
	f.Add("didn't one-to-one, My YOT worker’s")
	f.Add("caf'é x-Ray \xff")
	f.Fuzz(func(t *testing.T, text string) { checkWords(t, text) })
}
