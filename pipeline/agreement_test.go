package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgreeGold compares two hand-codings of the same statements: the
// counts per code and overall, and the rows it cannot pair, each reported
// with the file (and line) that has the trouble.
func TestAgreeGold(t *testing.T) {
	const head = "ID\tRole\tCodes\tContext\tSource\tText\n"
	a := head +
		"T1\tchild\tE1+\t\tfictional\tMy worker listened.\n" +
		"T2\tchild\tH3+\t\tfictional\tI had four workers in a year.\n" +
		"T3\tinterviewer\t-\t\tfictional\tHow was the group?\n" +
		"T4\tchild\tH1+\t\tfictional\tThe group was boring.\n"
	cb := defaultCodebook(t)
	tests := []struct {
		name string
		b    string
		// want, per row of the table: Coder B, Coder A, Both (the
		// counts) for the codes named.
		want    map[string][3]int
		n       int
		bad     []string // each a substring of one reported error, in order
		polarOK map[string]int
	}{
		{
			name: "the same codes",
			b:    a,
			want: map[string][3]int{"E1": {1, 1, 1}, "H1": {1, 1, 1}, "Factors": {3, 3, 3}},
			n:    4,
		},
		{
			name: "one code more, one fewer, one flipped",
			b: head +
				"T1\tchild\tE1- E3+\t\tfictional\tMy worker listened.\n" +
				"T2\tchild\t-\t\tfictional\tI had four workers in a year.\n" +
				"T3\tinterviewer\t-\t\tfictional\tHow was the group?\n" +
				"T4\tchild\tH1+\t\tfictional\tThe group was boring.\n",
			want:    map[string][3]int{"E1": {1, 1, 1}, "E3": {1, 0, 0}, "H3": {0, 1, 0}, "Factors": {3, 3, 2}},
			n:       4,
			polarOK: map[string]int{"E1": 0, "H1": 1},
		},
		{
			name: "rows missing, added, and with other text",
			b: head +
				"T1\tchild\tE1+\t\tfictional\tMy worker listened.\n" +
				"T2\tchild\tH3+\t\tfictional\tI had five workers in a year.\n" +
				"T4\tchild\tH1+\t\tfictional\tThe group was boring.\n" +
				"T9\tchild\t-\t\tfictional\tSomething else.\n",
			want: map[string][3]int{"E1": {1, 1, 1}, "H3": {0, 0, 0}, "Factors": {2, 2, 2}},
			n:    2,
			bad:  []string{"b.tsv:3: row T2 has other text", "b.tsv: no usable row T3 (", "a.tsv: no usable row T9 ("},
		},
		{
			name: "a bad line is reported and the rest counted",
			b: head +
				"T1\tchild\tE1+\t\tfictional\tMy worker listened.\n" +
				"T2\tchild\tX9+\t\tfictional\tI had four workers in a year.\n" +
				"T3\tinterviewer\t-\t\tfictional\tHow was the group?\n" +
				"T4\tchild\tH1+\t\tfictional\tThe group was boring.\n",
			want: map[string][3]int{"E1": {1, 1, 1}, "H3": {0, 0, 0}, "Factors": {2, 2, 2}},
			n:    3,
			bad:  []string{`b.tsv:3: code "X9+"`, "b.tsv: no usable row T2 (a.tsv line 3)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			pa, pb := filepath.Join(dir, "a.tsv"), filepath.Join(dir, "b.tsv")
			write(t, pa, a)
			write(t, pb, tt.b)
			tab, bad, err := AgreeGold(pa, pb, cb)
			header, rows, n := tab.Header, tab.Rows, tab.N()
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.n {
				t.Errorf("%d statements, want %d", n, tt.n)
			}
			if header[3] != "Coder B" || header[4] != "Coder A" {
				t.Errorf("header %q", header)
			}
			byCode := map[string][]any{}
			for _, r := range rows {
				byCode[r[0].(string)] = r
			}
			for code, w := range tt.want {
				r := byCode[code]
				if got := [3]int{r[3].(int), r[4].(int), r[5].(int)}; got != w {
					t.Errorf("%s: B, A, both = %v, want %v", code, got, w)
				}
			}
			for code, ok := range tt.polarOK {
				if got := byCode[code][12]; got != float64(ok) {
					t.Errorf("%s polarity agreement %v, want %d", code, got, ok)
				}
			}
			if len(bad) != len(tt.bad) {
				t.Fatalf("errors %q, want %d", bad, len(tt.bad))
			}
			for i, e := range bad {
				if msg := strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), ""); !strings.Contains(msg, tt.bad[i]) {
					t.Errorf("error %d is %q, want it to have %q", i, msg, tt.bad[i])
				}
			}
		})
	}
	t.Run("a file that cannot be read", func(t *testing.T) {
		dir := t.TempDir()
		pa := filepath.Join(dir, "a.tsv")
		write(t, pa, a)
		if _, _, err := AgreeGold(pa, filepath.Join(dir, "none.tsv"), cb); err == nil || !strings.Contains(err.Error(), "none.tsv") {
			t.Errorf("error %v, want one naming none.tsv", err)
		}
	})
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSecondCoding holds the two blind second codings of the test set
// (coding/testdata/gold/second) to the test set they code: every row
// paired, and the agreement the gold set's README quotes. A test set
// edited without its second codings fails here.
func TestSecondCoding(t *testing.T) {
	const gold = "../coding/testdata/gold/"
	cb := defaultCodebook(t)
	tests := []struct {
		file   string
		wantF1 float64 // factors, as the gold README quotes it
	}{
		{"second/test-a.tsv", 0.983},
		{"second/test-b.tsv", 0.986},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tab, bad, err := AgreeGold(gold+"test.tsv", gold+tt.file, cb)
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Fatalf("rows that do not pair: %q", bad)
			}
			if tab.N() != 378 {
				t.Errorf("%d statements, want 378", tab.N())
			}
			got := any(nil)
			for _, r := range tab.Rows {
				if r[0] == "Factors" {
					got = r[9]
				}
			}
			if got != tt.wantF1 {
				t.Errorf("factors F1 %v, want %v", got, tt.wantF1)
			}
		})
	}
}
