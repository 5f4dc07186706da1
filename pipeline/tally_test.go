package pipeline

import (
	"fmt"
	"slices"
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

// TestQuoteCell checks that a Framework cell gives back the places of
// its quotes as they were added, far apart, empty and close together.
func TestQuoteCell(t *testing.T) {
	tests := []struct {
		name string
		refs []quoteRef
	}{
		{"none", nil},
		{"one", []quoteRef{{off: 0, n: 12}}},
		{"adjacent", []quoteRef{{off: 0, n: 5}, {off: 5, n: 7}, {off: 12, n: 1}}},
		{"far apart", []quoteRef{{off: 100, n: 300}, {off: 1 << 40, n: 32767}, {off: 1<<40 + 1<<20, n: 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c quoteCell
			for _, q := range tt.refs {
				c.add(q)
			}
			var got []quoteRef
			if err := c.each(func(q quoteRef) error { got = append(got, q); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.refs) {
				t.Errorf("got %v, want %v", got, tt.refs)
			}
		})
	}
	t.Run("cut short", func(t *testing.T) {
		c := quoteCell{refs: []byte{0x80}}
		if err := c.each(func(quoteRef) error { return nil }); err == nil {
			t.Error("a cut list gave no error")
		}
	})
}
