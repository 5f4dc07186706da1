package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// A table is one sheet of a spreadsheet: its header and its rows of cell
// text, with the spreadsheet row number of each.
type table struct {
	file, sheet string // sheet is "" for CSV
	header      []string
	canon       []string // the header with the user's column map applied, normalised
	headerRow   int      // 1-based
	rows        [][]string
	rowNums     []int
	note        error // a warning from reading it, such as a sheet cut short
}

// A columnMap maps a user's header (normalised) to the contract's column
// name it stands for.
type columnMap map[string]string

// keyHeaders are the headers that mark a sheet's header row: a case or a
// participant column.
var keyHeaders = append(append([]string{}, caseHeaders[colCase]...), participantCols[0])

// headerScan is how many rows from the top are searched for the header row.
const headerScan = 30

// cellRef names the cell of column col (0-based) in row i of the table's
// rows, as a spreadsheet shows it ("E14").
func (t *table) cellRef(i, col int) string {
	name, err := excelize.CoordinatesToCellName(col+1, t.rowNums[i])
	if err != nil {
		return fmt.Sprintf("row %d column %d", t.rowNums[i], col+1)
	}
	return name
}

func (t *table) errAt(i, col int, err error) error {
	return &InputError{File: t.file, Sheet: t.sheet, Cell: t.cellRef(i, col), Err: err}
}

// normHeader makes a header comparable: lower case, without spaces or
// punctuation.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readTables reads every non-empty sheet of a spreadsheet (.xlsx or .csv);
// only, when only is not "", the sheet of that name.
func readTables(name string, data []byte, ext string, cols columnMap, only string) ([]*table, error) {
	switch ext {
	case ".csv":
		t, err := readCSV(name, data, cols)
		if err != nil {
			return nil, err
		}
		if t == nil {
			return nil, nil
		}
		return []*table{t}, nil
	case ".xlsx":
		return readXLSX(name, data, cols, only)
	}
	return nil, &InputError{File: name, Err: fmt.Errorf("not a spreadsheet (.xlsx or .csv)")}
}

// Limits on what a workbook may unpack to: a zip bomb (tiny on disk,
// gigabytes unpacked) is refused at once rather than read.
const (
	maxUnzipped    = 1 << 30   // all entries together
	maxUnzippedXML = 256 << 20 // one worksheet's XML
	maxCellRunes   = 32767     // Excel's own limit on a cell
)

// verifyZip reads every entry of a zip archive through archive/zip, which
// checks each entry's checksum, so that a corrupt workbook is refused
// instead of half read; and it refuses archives that unpack to more than
// maxUnzipped bytes.
func verifyZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("not a valid xlsx (zip) file: %w", err)
	}
	var total int64
	for _, f := range zr.File {
		total += int64(f.UncompressedSize64)
		if total > maxUnzipped {
			return fmt.Errorf("unpacks to more than %d MB (a zip bomb?); refused", maxUnzipped>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("entry %s: %w", f.Name, err)
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, maxUnzipped+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("entry %s is corrupt: %w", f.Name, err)
		}
		if n > int64(f.UncompressedSize64) {
			return fmt.Errorf("entry %s is larger than it says", f.Name)
		}
	}
	return nil
}

func readXLSX(name string, data []byte, cols columnMap, only string) ([]*table, error) {
	if err := verifyZip(data); err != nil {
		return nil, &InputError{File: name, Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, &InputError{File: name, Err: fmt.Errorf("cannot open as a workbook: %w", err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if only != "" {
		if !slices.Contains(sheets, only) {
			return nil, &InputError{File: name, Err: fmt.Errorf("no sheet %q (sheets: %s)", only, strings.Join(sheets, ", "))}
		}
		sheets = []string{only}
	}
	var tables []*table
	for _, sheet := range sheets {
		rows, err := sheetRows(f, sheet)
		var note error
		switch {
		case errors.Is(err, errBlankRun):
			note = &InputError{File: name, Sheet: sheet, Cell: fmt.Sprintf("A%d", len(rows)+maxBlankRun), Err: err}
		case err != nil:
			return nil, &InputError{File: name, Sheet: sheet, Err: err}
		}
		if t := makeTable(name, sheet, rows, cols); t != nil {
			t.note = note
			tables = append(tables, t)
		}
	}
	return tables, nil
}

// maxBlankRun is how many blank rows in a row end the reading of a sheet:
// a sheet formatted down to its millionth row is not read to the end.
const maxBlankRun = 10_000

// errBlankRun says a sheet was not read to its end.
var errBlankRun = fmt.Errorf("%d blank rows in a row; the rest of the sheet is not read", maxBlankRun)

// sheetRows reads a sheet's rows through excelize's row iterator. Runs of
// blank rows are kept as nil rows only while more data follows; after
// maxBlankRun of them it stops, returning the rows so far and errBlankRun.
func sheetRows(f *excelize.File, sheet string) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows [][]string
	blank := 0
	for it.Next() {
		row, err := it.Columns()
		if err != nil {
			return nil, err
		}
		if isBlankRow(row) {
			blank++
			if blank == maxBlankRun {
				return rows, errBlankRun
			}
			continue
		}
		for ; blank > 0; blank-- {
			rows = append(rows, nil)
		}
		rows = append(rows, row)
	}
	return rows, it.Error()
}

func readCSV(name string, data []byte, cols columnMap) (*table, error) {
	data, err := decodeText(data)
	if err != nil {
		return nil, &InputError{File: name, Err: err}
	}
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &InputError{File: name, Line: pe.Line, Err: pe.Err}
			}
			return nil, &InputError{File: name, Err: err}
		}
		rows = append(rows, rec)
	}
	return makeTable(name, "", rows, cols), nil
}

// makeTable finds the header row, the first of the top rows with a case
// or participant column, or else the first non-blank row, so that a title
// above the table (merged across columns, say) is passed over. The rows
// below it are the data, blank rows skipped. It returns nil for an empty
// sheet.
func makeTable(file, sheet string, rows [][]string, cols columnMap) *table {
	t := &table{file: file, sheet: sheet}
	head := -1
	for i, row := range rows[:min(len(rows), headerScan)] {
		if canon := canonical(row, cols); slices.ContainsFunc(keyHeaders, func(k string) bool { return slices.Contains(canon, normHeader(k)) }) {
			head = i
			break
		}
	}
	if head < 0 {
		head = slices.IndexFunc(rows, func(r []string) bool { return !isBlankRow(r) })
		if head < 0 {
			return nil
		}
	}
	t.header, t.headerRow = trimAll(rows[head]), head+1
	t.canon = canonical(t.header, cols)
	for i, row := range rows[head+1:] {
		if isBlankRow(row) {
			continue
		}
		t.rows = append(t.rows, trimAll(row))
		t.rowNums = append(t.rowNums, head+i+2)
	}
	return t
}

// canonical normalises a header row, mapping the user's headers to the
// contract's names.
func canonical(header []string, cols columnMap) []string {
	out := make([]string, len(header))
	for i, h := range header {
		n := normHeader(h)
		if to, ok := cols[n]; ok {
			n = normHeader(to)
		}
		out[i] = n
	}
	return out
}

func isBlankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimAll(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// column returns the index of the first header that matches one of
// names (compared with normHeader), or -1.
func (t *table) column(names ...string) int {
	for i, h := range t.canon {
		if h == "" {
			continue
		}
		for _, n := range names {
			if h == normHeader(n) {
				return i
			}
		}
	}
	return -1
}

// cell returns row i's value in column col, or "" when the row is short.
func (t *table) cell(i, col int) string {
	if col < 0 || col >= len(t.rows[i]) {
		return ""
	}
	return t.rows[i][col]
}

// A Participant is one row of a participants sheet.
type Participant struct {
	ID, Role, Group, YOT string
	Attrs                []Attr
}

var (
	participantCols = []string{"Participant", "Participant ID", "ID"}
	roleCols        = []string{"Role"}
	groupCols       = []string{"Group", "Outcome", "Desistance"}
	yotCols         = []string{"YOT", "Youth offending team", "YOS", "Youth justice service", "Service", "Team"}
)

// readParticipants reads a participants table. Bad rows are reported and
// skipped; the rest are returned.
func readParticipants(t *table) (map[string]Participant, []error) {
	idc := t.column(participantCols...)
	rc, gc, yc := t.column(roleCols...), t.column(groupCols...), t.column(yotCols...)
	out := map[string]Participant{}
	var errs []error
	for i := range t.rows {
		id := t.cell(i, idc)
		if id == "" {
			errs = append(errs, t.errAt(i, idc, errors.New("row has no participant ID")))
			continue
		}
		if _, dup := out[id]; dup {
			errs = append(errs, t.errAt(i, idc, fmt.Errorf("participant %s appears twice; the first row is used", id)))
			continue
		}
		p := Participant{ID: id, YOT: t.cell(i, yc)}
		role, err := parseChoice(t.cell(i, rc), roles, "role")
		if err != nil {
			errs = append(errs, t.errAt(i, rc, err))
		}
		group, err := parseGroup(t.cell(i, gc))
		if err != nil {
			errs = append(errs, t.errAt(i, gc, err))
		}
		p.Role, p.Group = role, group
		for col, h := range t.header {
			if col == idc || col == rc || col == gc || col == yc || h == "" {
				continue
			}
			if v := t.cell(i, col); v != "" {
				p.Attrs = append(p.Attrs, Attr{Key: h, Value: v})
			}
		}
		out[id] = p
	}
	return out, errs
}
