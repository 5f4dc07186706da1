package pipeline

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetsContinue runs the sample with a small row limit and checks
// that Statements and Uncoded continue in numbered sheets with the same
// header, that no row is lost or repeated, that statements.csv still has
// every row, and that the run warns.
func TestSheetsContinue(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		maxRows                 int
		splitCoded, splitUncode bool
	}{
		{"no split at Excel's limit", maxRows, false, false},
		{"both split at 200 rows", 200, true, true},
		{"Uncoded split at 1000 rows", 1000, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(n int) { maxRows = n }(maxRows)
			maxRows = tc.maxRows
			out := t.TempDir()
			var warnings []string
			res, err := Run(context.Background(), Config{Out: out, Warn: func(err error) { warnings = append(warnings, err.Error()) }})
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(filepath.Join(out, "coded.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, want := range []struct {
				base   string
				header []string
				rows   int
				split  bool
			}{
				{sheetStatements, StatementsHeader, res.Codes, tc.splitCoded},
				{sheetUncoded, UncodedHeader, res.Statements - res.Coded, tc.splitUncode},
			} {
				seen := map[string]bool{}
				total, parts := 0, 0
				for part := 1; ; part++ {
					name := want.base
					if part > 1 {
						name += " " + strconv.Itoa(part)
					}
					if idx, _ := f.GetSheetIndex(name); idx < 0 {
						break
					}
					parts++
					rows, err := f.GetRows(name)
					if err != nil {
						t.Fatal(err)
					}
					if len(rows) > tc.maxRows {
						t.Errorf("%s has %d rows, more than %d", name, len(rows), tc.maxRows)
					}
					if len(rows) == 0 || !slices.Equal(rows[0], want.header[:len(rows[0])]) {
						t.Fatalf("%s: header %q, want %q", name, rows[0], want.header)
					}
					for _, r := range rows[1:] {
						key := strings.Join(r, "\x00")
						if seen[key] {
							t.Errorf("%s: row %q repeated", name, r[0])
						}
						seen[key] = true
					}
					total += len(rows) - 1
				}
				if total != want.rows {
					t.Errorf("%s sheets hold %d rows, want %d", want.base, total, want.rows)
				}
				if split := parts > 1; split != want.split {
					t.Errorf("%s: %d sheets, split %v, want %v", want.base, parts, split, want.split)
				}
			}
			recs := readCSVFile(t, filepath.Join(out, "statements.csv"))
			if len(recs)-1 != res.Codes {
				t.Errorf("statements.csv has %d rows, want %d", len(recs)-1, res.Codes)
			}
			warned := slices.ContainsFunc(warnings, func(w string) bool { return strings.HasPrefix(w, "coded.xlsx is ") })
			if want := tc.splitCoded || tc.splitUncode; warned != want {
				t.Errorf("warnings %q: warned about size %v, want %v", warnings, warned, want)
			}
		})
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
