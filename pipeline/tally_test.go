package pipeline

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"desist/coding"
)

// TestFrameworkCellCapped checks that a Framework cell keeps within
// Excel's limit and says how many quotes it leaves out.
func TestFrameworkCellCapped(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	e1, ok := cb.Code("E1")
	if !ok {
		t.Fatal("no E1 in the built-in codebook")
	}
	for _, tc := range []struct {
		name        string
		quotes, len int
		wantDropped bool
	}{
		{"few short quotes", 3, 50, false},
		{"many long quotes", 500, 900, true},
		{"one quote near the limit, then more", 40, 30000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := newTally(cb)
			for i := range tc.quotes {
				tl.add(&Statement{Source: "a.txt", Line: i + 1, Participant: "YP01", Text: strings.Repeat("é", tc.len),
					Codes: []coding.Assignment{{Code: e1, Polarity: coding.Present}}})
			}
			defer tl.discard()
			var rows [][]any
			if err := tl.frameworkRows(func(r []any) error { rows = append(rows, r); return nil }); err != nil {
				t.Fatal(err)
			}
			col := 6 + 0 // E1 is the first code
			cell := rows[0][col].(string)
			if n := utf8.RuneCountInString(cell); n > maxCell {
				t.Fatalf("cell has %d characters, more than %d", n, maxCell)
			}
			kept := strings.Count(cell, "a.txt:")
			dropped := tc.quotes - kept
			note := fmt.Sprintf("(%d more in Statements)", dropped)
			switch {
			case tc.wantDropped && (dropped == 0 || !strings.HasSuffix(cell, note)):
				t.Errorf("kept %d of %d quotes; cell ends %q, want it to end %q", kept, tc.quotes, cell[max(0, len(cell)-40):], note)
			case !tc.wantDropped && dropped != 0:
				t.Errorf("kept %d of %d quotes, want all", kept, tc.quotes)
			}
		})
	}
}
