package pipeline

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRow is the XML that excelize's StreamWriter writes for cells as
// row 2 of a sheet: what rowFile.add must write.
func excelizeRow(t testing.TB, cells []any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A2", cells); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<row r="2">.*</row>`).Find(b)
	if m == nil {
		t.Fatalf("no row 2 in %s", b)
	}
	return string(m)
}

// ourRow is the XML rowFile.add writes for cells as row 2.
func ourRow(t testing.TB, cells []any) string {
	t.Helper()
	r, err := newRowFile()
	if err != nil {
		t.Fatal(err)
	}
	defer r.remove()
	if err := r.add(2, cells); err != nil {
		t.Fatal(err)
	}
	return string(r.line)
}

// TestRowFileMatchesExcelize checks that the big sheets' rows are written
// as excelize writes them, so that coded.xlsx is what it was when excelize
// wrote every row.
func TestRowFileMatchesExcelize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []any
	}{
		{"plain text and numbers", []any{"S-001-0001", "interviews/a.txt", 12, "Aidan", nil, "desister", "Northton", "CHILD", "She listened to me.", "E1", 0.85}},
		{"markup characters", []any{`a<b & "c" 'd' >e`}},
		{"tabs, line breaks and carriage returns", []any{"one\ttwo\nthree\r\nfour"}},
		{"space at either end", []any{" leading", "trailing ", "\nbreak first", "tab last\t"}},
		{"control characters", []any{"bell\x07 and nul\x00 here"}},
		{"invalid UTF-8", []any{"bad \xff\xfe bytes"}},
		{"non-ASCII", []any{"Zoë’s café — “quoted” 😀"}},
		{"noncharacters", []any{"\uFFFE and \uFFFF"}},
		{"character codes", []any{"_x0041_ and _x005F_ and _x005F_x0041_ and _xZZZZ_ and _x12"}},
		{"empty cells left out", []any{"", nil, "x", "", 0, 0.5}},
		{"last of the 19 columns", []any{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "00:01:02"}},
		{"cell cut at Excel's limit", []any{strings.Repeat("é", 40000)}},
		{"cell cut at a surrogate pair", []any{strings.Repeat("a", 32700) + strings.Repeat("😀", 60)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// As the workbook writes them: "" as nil, long text cut.
			cells := fitRow(slices.Clone(tc.cells))
			if got, want := ourRow(t, cells), excelizeRow(t, cells); got != want {
				t.Errorf("row XML differs\n got %.300q\nwant %.300q", got, want)
			}
		})
	}
}

// TestCellNumber checks how numbers are written: as Go writes them, to
// Excel's 15 significant digits, and as text when Excel has no such
// number.
func TestCellNumber(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    float64
		want string
		text bool
	}{
		{"a confidence", 0.85, "0.85", false},
		{"a whole number", 3, "3", false},
		{"more digits than Excel keeps", 0.1 + 0.2, "0.3", false},
		{"large", 123456789012345678, "123456789012346000", false},
		{"negative", -2.5, "-2.5", false},
		{"not a number", math.NaN(), "NaN", true},
		{"infinity", math.Inf(-1), "-Inf", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, text := cellNumber(tc.v)
			if got != tc.want || text != tc.text {
				t.Errorf("cellNumber(%v) = %q, %v; want %q, %v", tc.v, got, text, tc.want, tc.text)
			}
		})
	}
}

// TestRowFileRejects checks the cells a row cannot hold.
func TestRowFileRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []any
		want  string
	}{
		{"a type not written", []any{"a", true}, "row 2, column B: cannot write a bool"},
		{"too many cells", make([]any, 20), "row 2 has 20 cells, more than 19"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := newRowFile()
			if err != nil {
				t.Fatal(err)
			}
			defer r.remove()
			err = r.add(2, tc.cells)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCharacterCodesReadBack checks that text looking like a character's
// code ("_x0041_") reads back from the workbook as written, where excelize
// escapes it differently or drops it ("_xD800_").
func TestCharacterCodesReadBack(t *testing.T) {
	texts := []string{"_x0041_", "a_x005F_b", "_x005F_x0041_", "__x0041__", "_xD800_ and _xdfff_", "_x00411_"}
	rows := make([][]any, len(texts))
	for i, s := range texts {
		rows[i] = []any{s}
	}
	dir := t.TempDir()
	saveSheet(t, filepath.Join(dir, "a.xlsx"), rows)
	f, err := excelize.OpenFile(filepath.Join(dir, "a.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(sheetUncoded)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		t.Run(s, func(t *testing.T) {
			if len(got) <= i+1 || len(got[i+1]) == 0 || got[i+1][0] != s {
				t.Errorf("read back %q, want %q", got[i+1:min(i+2, len(got))], s)
			}
		})
	}
}

// saveSheet writes a workbook whose Uncoded sheet has the given rows.
func saveSheet(t testing.TB, path string, rows [][]any) {
	t.Helper()
	w, err := newWorkbook([]string{"E1"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.discard()
	for _, r := range rows {
		cells, err := cellsOf(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.addRow(w.uncoded, cells); err != nil {
			t.Fatal(err)
		}
	}
	out := &outputs{dir: filepath.Dir(path)}
	if err := w.save(out, filepath.Base(path)); err != nil {
		t.Fatal(err)
	}
	if err := out.commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// FuzzRowFile checks that any text is written as excelize writes it, but
// for text with a character code in it (TestCharacterCodesReadBack).
func FuzzRowFile(f *testing.F) {
	for _, s := range []string{"plain", "a<b", " x", "\x00", "\xff", "é😀", "_x0041_", "line\r\nbreak"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || strings.Contains(s, "_x") {
			return
		}
		cells := []any{s, 3, s}
		if got, want := ourRow(t, cells), excelizeRow(t, cells); got != want {
			t.Errorf("row XML differs for %q\n got %q\nwant %q", s, got, want)
		}
	})
}

// TestCRC32Combine checks the CRC of two parts joined against the CRC of
// the whole.
func TestCRC32Combine(t *testing.T) {
	long := strings.Repeat("<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>", 100000)
	for _, tc := range []struct{ name, a, b string }{
		{"both empty", "", ""},
		{"first empty", "", "abc"},
		{"second empty", "abc", ""},
		{"short", "<sheetData>", "</sheetData>"},
		{"second longer than a megabyte", "head", long},
		{"first longer than a megabyte", long, "tail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := crc32Combine(crc32.ChecksumIEEE([]byte(tc.a)), crc32.ChecksumIEEE([]byte(tc.b)), int64(len(tc.b)))
			if want := crc32.ChecksumIEEE([]byte(tc.a + tc.b)); got != want {
				t.Errorf("got %08x, want %08x", got, want)
			}
		})
	}
}

// fitRow is, for excelize's API, what the workbook does to a row before
// writing it: long text cut by fitCell, and empty text left out (excelize
// writes no cell for nil, where "" would cost 40 bytes of XML a cell, and
// a spreadsheet reads both as an empty cell).
func fitRow(row []any) []any {
	for i := range row {
		if s, ok := row[i].(string); ok && s == "" {
			row[i] = nil
			continue
		}
		row[i] = fitCell(row[i])
	}
	return row
}
