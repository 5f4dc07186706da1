package pipeline

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		in   string
		want answer
	}{
		{"yes", yes}, {"Yes", yes}, {" YES ", yes}, {"y", yes}, {"Y", yes}, {"true", yes}, {"TRUE", yes},
		{"1", yes}, {"sufficient", yes}, {"Sufficient", yes}, {"✓", yes}, {"✔", yes},
		{"no", no}, {"No", no}, {"n", no}, {"N", no}, {"false", no}, {"FALSE", no}, {"0", no},
		{"insufficient", no}, {"Insufficient", no}, {"✗", no}, {"✘", no},
		{"", unknown}, {"  ", unknown}, {"n/a", unknown}, {"N/A", unknown}, {"na", unknown}, {"NA", unknown},
		{"not applicable", unknown}, {"Not applicable", unknown}, {"unknown", unknown},
		{"maybe", invalid}, {"2", invalid}, {"yes!", invalid}, {"partly", invalid}, {"x", invalid},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			if got := parseAnswer(tt.in); got != tt.want {
				t.Errorf("parseAnswer(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// caseTable builds a table as a CSV file would give it.
func caseTable(t *testing.T, csv string) *table {
	t.Helper()
	tb, err := readCSV("cases.csv", []byte(csv), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

const fullHeader = "Case,YOT,Group,Self-assessment completed,Views reflected in plan,Learning styles completed,Learning style used,Compliance problems,Barriers assessed,Barriers plan,Court orders,Interventions repeated,Structural barriers supported,Working relationship,Assessment strengths,Planning strengths,Delivery strengths,Reviewing motivation\n"

// indicatorRows returns the Cases sheet's rows keyed by indicator ID.
func indicatorRows(cases []*Case) (map[string][]any, []string) {
	h, rows := casesTable(cases)
	out := map[string][]any{}
	for _, r := range rows {
		out[r[0].(string)] = r
	}
	return out, h
}

func TestIndicators(t *testing.T) {
	// Five hand-made cases, with the answers worked out by hand below.
	csv := fullHeader +
		"A1,North,desister,yes,yes,yes,yes,no,,,1,,yes,yes,yes,yes,yes,yes\n" +
		"A2,North,persister,yes,no,no,n/a,yes,yes,no,3,yes,no,no,no,no,no,no\n" +
		"A3,South,desister,no,no,yes,no,yes,no,yes,2,no,yes,yes,yes,no,yes,n/a\n" +
		"A4,South,persister,n/a,yes,,,yes,n/a,n/a,2,yes,yes,yes,yes,yes,no,yes\n" +
		"A5,South,reoffended,yes,yes,no,,no,,,,,,,,,,\n"
	cases, errs := readCases(caseTable(t, csv))
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	got, header := indicatorRows(cases)
	if header[2] != "All n" || header[5] != "desister n" || header[8] != "persister n" || header[11] != "North n" || header[14] != "South n" {
		t.Fatalf("header %q", header)
	}
	// want: indicator -> All n, All N, desister n, N, persister n, N.
	want := map[string][6]int{
		"C1":  {3, 4, 1, 2, 2, 2}, // A4 n/a is out
		"C2":  {3, 5, 1, 2, 2, 3}, //
		"C3":  {2, 3, 1, 1, 1, 2}, // among A1, A2, A5 (self-assessment yes)
		"C4":  {2, 4, 2, 2, 0, 2}, // A4 blank is out
		"C5":  {1, 2, 1, 2, 0, 0}, // among A1, A3; persisters: none completed, N 0
		"C6":  {3, 5, 1, 2, 2, 3}, //
		"C7":  {1, 2, 0, 1, 1, 1}, // among A2, A3, A4 with compliance problems; A4 n/a out
		"C8":  {1, 2, 1, 1, 0, 1}, //
		"C9":  {2, 3, 0, 1, 2, 2}, // among A2, A3, A4 (more than one order)
		"C10": {3, 4, 2, 2, 1, 2}, // A5 blank out
		"C11": {3, 4, 2, 2, 1, 2}, //
		"C12": {3, 4, 2, 2, 1, 2}, //
		"C13": {2, 4, 1, 2, 1, 2}, //
		"C14": {2, 4, 2, 2, 0, 2}, //
		"C15": {2, 3, 1, 1, 1, 2}, // A3 n/a out
	}
	for id, w := range want {
		t.Run(id, func(t *testing.T) {
			r := got[id]
			g := [6]int{r[2].(int), r[3].(int), r[5].(int), r[6].(int), r[8].(int), r[9].(int)}
			if g != w {
				t.Errorf("%s: got all %d/%d desister %d/%d persister %d/%d, want %v", id, g[0], g[1], g[2], g[3], g[4], g[5], w)
			}
		})
	}
	t.Run("percent", func(t *testing.T) {
		if p := got["C1"][4]; p != 75.0 {
			t.Errorf("C1 %% = %v, want 75", p)
		}
		if p := got["C5"][10]; p != "" {
			t.Errorf("C5 persister %% with N 0 = %v, want blank", p)
		}
		if p := got["C3"][4]; p != 66.7 {
			t.Errorf("C3 %% = %v, want 66.7", p)
		}
	})
	t.Run("no cases", func(t *testing.T) {
		h, rows := casesTable(nil)
		if len(h) != 11 || len(rows) != 15 {
			t.Fatalf("header %d columns, %d rows", len(h), len(rows))
		}
		for _, r := range rows {
			if r[2] != 0 || r[3] != 0 || r[4] != "" {
				t.Errorf("%s: %v, want 0, 0 and blank", r[0], r[2:5])
			}
		}
	})
}

func TestCaseHeaderAliases(t *testing.T) {
	for k, names := range caseHeaders {
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				for _, variant := range []string{name, strings.ToUpper(name), " " + strings.ReplaceAll(name, " ", "_") + " ", strings.ReplaceAll(name, "-", " ")} {
					tb := &table{header: []string{"x", variant}}
					tb.canon = canonical(tb.header, nil)
					if got := tb.column(caseHeaders[k]...); got != 1 {
						t.Errorf("header %q not found as %s", variant, caseHeaders[k][0])
					}
				}
			})
		}
	}
}

func TestBadCells(t *testing.T) {
	csv := fullHeader +
		"B1,North,desister,maybe,yes,no,,no,,,1,,yes,yes,yes,yes,yes,yes\n" +
		"B2,North,sometimes,yes,yes,no,,no,,,1.5,,yes,yes,yes,yes,yes,yes\n" +
		",North,desister,yes,yes,no,,no,,,1,,yes,yes,yes,yes,yes,yes\n"
	cases, errs := readCases(caseTable(t, csv))
	want := []string{
		`cases.csv: cell D2: "maybe" in column "Self-assessment completed" is not yes, no or n/a`,
		`cases.csv: cell C3: unknown group "sometimes"`,
		`cases.csv: cell K3: "1.5" in column "Court orders" is not a whole number`,
		`cases.csv: cell A4: row has no case ID`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if !strings.Contains(errs[i].Error(), w) {
			t.Errorf("error %d: %v, want %q", i, errs[i], w)
		}
		var ie *InputError
		if !errors.As(errs[i], &ie) || ie.Cell == "" {
			t.Errorf("error %d has no cell", i)
		}
	}
	if len(cases) != 2 {
		t.Fatalf("kept %d cases, want 2", len(cases))
	}
	got, _ := indicatorRows(cases)
	if r := got["C1"]; r[2] != 1 || r[3] != 1 {
		t.Errorf("C1 %v/%v: the bad cell's case should be out of C1 only", r[2], r[3])
	}
	if r := got["C2"]; r[3] != 2 {
		t.Errorf("C2 N %v: both cases should count", r[3])
	}
}

func TestMissingColumns(t *testing.T) {
	_, errs := readCases(caseTable(t, "Case,YOT,Group,Self-assessment completed\nX,N,desister,yes\n"))
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "missing column(s) Views reflected in plan") ||
		!strings.Contains(errs[0].Error(), "headers found: Case, YOT, Group, Self-assessment completed") {
		t.Fatalf("errors %v", errs)
	}
}

func TestHeaderRowFound(t *testing.T) {
	rows := [][]string{
		{"Case records 2016 (title merged across columns)"},
		{},
		{"Case ref", "Outcome", "WDYT completed"},
		{"Z1", "desisted", "✓"},
		{},
		{"Z2", "reoffended", "✗"},
	}
	tb := makeTable("f.xlsx", "S", rows, nil)
	if tb.headerRow != 3 || len(tb.rows) != 2 || tb.rowNums[1] != 6 {
		t.Fatalf("header row %d, %d rows, row numbers %v", tb.headerRow, len(tb.rows), tb.rowNums)
	}
	if !isCaseTable(tb) {
		t.Error("not taken for a case table")
	}
}

func TestColumnMap(t *testing.T) {
	cols, err := parseColumnMap("map.yaml", []byte("Ref no: Case\nWDYT done?: self assessment completed\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb := makeTable("f.csv", "", [][]string{{"Ref no", "WDYT done?"}, {"R1", "yes"}}, cols)
	if !isCaseTable(tb) || tb.column(caseHeaders[colSelfAssessment]...) != 1 {
		t.Fatalf("map not applied: canon %q", tb.canon)
	}
	_, err = parseColumnMap("map.yaml", []byte("Ref no: Case\nFoo: Colour\nRef no: YOT\n"))
	for _, w := range []string{`map.yaml:2: "Colour" is not a desist column`, `map.yaml:3: "Ref no" is mapped twice`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v, want %q", err, w)
		}
	}
}

func TestCSVDialects(t *testing.T) {
	tests := []struct{ name, src string }{
		{"comma", "Case,Group\nC1,desister\n"},
		{"semicolon", "Case;Group\nC1;desister\n"},
		{"BOM", "\xEF\xBB\xBFCase,Group\r\nC1,desister\r\n"},
		{"quoted", "\"Case\",\"Group\"\n\"C1\",\"desister\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := caseTable(t, tt.src)
			if !isCaseTable(tb) || len(tb.rows) != 1 || tb.cell(0, tb.column("Group")) != "desister" {
				t.Errorf("read %q / %q", tb.header, tb.rows)
			}
		})
	}
}

// FuzzCaseSheet reads arbitrary CSV as a case sheet: it must not panic,
// every error must name a place, and every answer read must be one of the
// four kinds.
func FuzzCaseSheet(f *testing.F) {
	f.Add(fullHeader + "A1,North,desister,yes,✓,no,n/a,Y,,,2,yes,TRUE,1,sufficient,insufficient,✗,0\n")
	f.Add("Case;Group\n;maybe\n")
	f.Add("\"Case\nX")
	f.Fuzz(func(t *testing.T, src string) {
		tb, err := readCSV("f.csv", []byte(src), nil)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("error without a file: %v", err)
			}
			return
		}
		if tb == nil || !isCaseTable(tb) {
			return
		}
		cases, errs := readCases(tb)
		for _, e := range errs {
			var ie *InputError
			if !errors.As(e, &ie) || ie.File != "f.csv" {
				t.Fatalf("error without a place: %v", e)
			}
		}
		for _, c := range cases {
			for _, a := range c.answers {
				if a < unknown || a > invalid {
					t.Fatalf("answer %d out of range", a)
				}
			}
		}
		casesTable(cases)
	})
}

// TestLibreOfficeSheet reads a case sheet written by LibreOffice Calc 7.4
// (see testdata/cases/README.md): a merged title above the header, a blank
// row among the cases, boolean cells, formulas with cached values, whole
// numbers, and a second sheet without a Case column. The expected figures
// were worked out by hand in that README.
func TestLibreOfficeSheet(t *testing.T) {
	raw, err := os.ReadFile("testdata/cases/libreoffice-cases.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := readTables("libreoffice-cases.xlsx", raw, ".xlsx", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var cases []*Case
	for _, tb := range tables {
		if !isCaseTable(tb) {
			if tb.sheet != "Lookup" {
				t.Errorf("sheet %q not read as a case sheet", tb.sheet)
			}
			continue
		}
		cs, errs := readCases(tb)
		if len(errs) > 0 {
			t.Fatalf("errors: %v", errs)
		}
		cases = append(cases, cs...)
	}
	if len(cases) != 8 {
		t.Fatalf("read %d cases, want 8", len(cases))
	}
	if cases[4].Row != 9 {
		t.Errorf("LO-5 at row %d, want 9 (after the blank row)", cases[4].Row)
	}
	got, _ := indicatorRows(cases)
	want := map[string][2]int{
		"C1": {5, 7}, "C2": {4, 6}, "C3": {3, 4}, "C4": {4, 7}, "C5": {3, 4}, "C6": {5, 8}, "C7": {3, 5},
		"C8": {2, 5}, "C9": {3, 5}, "C10": {4, 7}, "C11": {5, 8}, "C12": {5, 8}, "C13": {4, 8}, "C14": {5, 8}, "C15": {4, 7},
	}
	for id, w := range want {
		if r := got[id]; r[2] != w[0] || r[3] != w[1] {
			t.Errorf("%s: %v/%v, want %d/%d", id, r[2], r[3], w[0], w[1])
		}
	}
}
