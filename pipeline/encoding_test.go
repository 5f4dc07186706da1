package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncodingFixtures reads the same transcript saved in each encoding
// and line-end style (made with iconv; see testdata/encodings/README.md).
func TestEncodingFixtures(t *testing.T) {
	want := "It cost me £5 and she said “don’t worry” – proper kind."
	for _, name := range []string{"utf8.txt", "utf8-bom.txt", "utf16.txt", "utf16be-bom.txt", "cp1252.txt", "crlf.txt", "cr.txt"} {
		t.Run(name, func(t *testing.T) {
			r := readTranscript(input{name: name, path: filepath.Join("testdata", "encodings", name), ext: ".txt"}, true)
			if r.err != nil {
				t.Fatal(r.err)
			}
			if len(r.statements) != 1 {
				t.Fatalf("got %d statements, want 1", len(r.statements))
			}
			s := r.statements[0]
			if s.Text != want || s.Line != 2 || s.Speaker != "YP" {
				t.Errorf("got line %d speaker %q text %q", s.Line, s.Speaker, s.Text)
			}
		})
	}
	t.Run("interviewer line kept as context", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join("testdata", "encodings", "cp1252.txt"))
		if err != nil {
			t.Fatal(err)
		}
		text, err := decodeText(raw)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := ParseTranscript("cp1252.txt", text, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Turns[0].Lines[0].Text; got != "How was the café?" {
			t.Errorf("interviewer line %q", got)
		}
	})
}

func TestCSVFormulaInjection(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+44 7700 900000", "'+44 7700 900000"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"plain text", "plain text"},
		{"", ""},
		{3, "3"},
		{-2.5, "-2.5"},
		{nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			rec, err := csvRecord([]any{tt.in})
			if err != nil || rec[0] != tt.want {
				t.Errorf("csvRecord(%q) = %q, %v; want %q", tt.in, rec, err, tt.want)
			}
		})
	}
	t.Run("a value no sheet takes", func(t *testing.T) {
		if rec, err := csvRecord([]any{"x", true}); err == nil || !strings.Contains(err.Error(), "column B") {
			t.Errorf("csvRecord with a bool = %q, %v; want an error naming column B", rec, err)
		}
	})
}
