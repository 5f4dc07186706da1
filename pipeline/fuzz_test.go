package pipeline

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"desist/data"
)

// FuzzReadXLSX reads arbitrary bytes as a workbook, seeded with real
// ones: it must not panic, and an error must name the file.
func FuzzReadXLSX(f *testing.F) {
	for _, p := range []string{"testdata/cases/libreoffice-cases.xlsx"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, p := range []string{"sample/participants.xlsx", "sample/cases.xlsx"} {
		if b, err := data.Sample.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tables, err := readTables("f.xlsx", b, ".xlsx", nil, "")
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "f.xlsx" {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, tb := range tables {
			switch {
			case isCaseTable(tb):
				readCases(tb)
			case isParticipantTable(tb):
				readParticipants(tb)
			}
		}
	})
}

// FuzzGold reads arbitrary text as a gold set.
func FuzzGold(f *testing.F) {
	cb, err := LoadCodebook("")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(goldSmall))
	f.Add([]byte("ID\tRole\tCodes\tContext\tSource\tText\nG1\tchild\tE1+ H9-\t\tx\ty\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		gold, err := parseGold("g.tsv", b, cb)
		for _, e := range unjoin(err) {
			var ie *InputError
			if !errors.As(e, &ie) || ie.File != "g.tsv" {
				t.Fatalf("error without the file: %v", e)
			}
		}
		for _, g := range gold {
			for id := range g.Codes {
				if _, ok := cb.Code(id); !ok {
					t.Fatalf("accepted unknown code %q", id)
				}
			}
		}
	})
}

// FuzzColumnMap reads arbitrary text as a column map.
func FuzzColumnMap(f *testing.F) {
	f.Add([]byte("Ref no: Case\nWDYT done?: Self-assessment completed\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cols, err := parseColumnMap("m.yaml", b)
		for _, e := range unjoin(err) {
			var ie *InputError
			if !errors.As(e, &ie) || ie.File != "m.yaml" {
				t.Fatalf("error without the file: %v", e)
			}
		}
		known := map[string]bool{}
		for _, c := range contractColumns() {
			known[c] = true
		}
		for _, to := range cols {
			if !known[to] {
				t.Fatalf("mapped to unknown column %q", to)
			}
		}
	})
}

// FuzzParseReview reads arbitrary bytes as a reviewed workbook, seeded
// with a small real one: it must not panic, errors must name the file, and
// whatever is read must apply to a statement without trouble.
func FuzzParseReview(f *testing.F) {
	cb, err := LoadCodebook("")
	if err != nil {
		f.Fatal(err)
	}
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", "Statements")
	wb.SetSheetRow("Statements", "A1", &[]any{"Segment ID", "Source", "Code", "Polarity", "Decision", "Reviewer note", "Text"})
	wb.SetSheetRow("Statements", "A2", &[]any{"S1", "a.txt", "E1", "present", "accept", "ok", "text"})
	wb.SetSheetRow("Statements", "A3", &[]any{"S2", "a.txt", "E2", "present", "H3", "", "text"})
	wb.NewSheet("Uncoded")
	wb.SetSheetRow("Uncoded", "A1", &[]any{"Segment ID", "Decision", "Reviewer note"})
	wb.SetSheetRow("Uncoded", "A2", &[]any{"S3", "E5", "n"})
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rv, bad, err := parseReview("r.xlsx", b, cb)
		for _, e := range append(bad, err) {
			if e == nil {
				continue
			}
			var ie *InputError
			if !errors.As(e, &ie) || ie.File != "r.xlsx" {
				t.Fatalf("error without the file: %v", e)
			}
		}
		if err != nil {
			return
		}
		for _, seg := range rv.segments() {
			s := &Statement{ID: seg, Source: "a.txt"}
			rv.apply(s, cb)
			s.rows()
			s.final()
		}
		rv.finish(map[string]bool{"a.txt": true})
	})
}
