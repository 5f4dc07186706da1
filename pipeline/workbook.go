package pipeline

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names and headers of coded.xlsx, as the contract fixes them.
const (
	sheetStatements = "Statements"
	sheetUncoded    = "Uncoded"
	sheetSummary    = "Summary"
	sheetFramework  = "Framework"
	sheetCases      = "Cases"
	sheetCodebook   = "Codebook"

	sheetCaseDetails = "Case details"
	sheetRedactions  = "Redactions"
)

// StatementsHeader is the header row of Statements and statements.csv:
// the contract's columns, then Time (for subtitle transcripts).
var StatementsHeader = []string{
	"Segment ID", "Source", "Line", "Participant", "Role", "Group", "YOT", "Speaker", "Text",
	"Code", "Code label", "Type", "Domain", "Polarity", "Cue", "Confidence", "Decision",
	"Reviewer note", "Time",
}

// UncodedHeader is the header row of Uncoded.
var UncodedHeader = append(slices.Clone(StatementsHeader[:9]), "Decision", "Reviewer note", "Time")

// maxRows is the most rows an Excel sheet holds: Statements and Uncoded
// continue in further sheets past it. A variable so that tests can split
// at a few rows.
var maxRows = 1_048_576

// bigWorkbook is the size of coded.xlsx past which a run warns that it may
// be hard to open.
const bigWorkbook = 100_000_000

// widths of the Statements columns, in characters.
var statementWidths = []float64{15, 28, 6, 12, 9, 10, 18, 12, 70, 7, 30, 10, 8, 9, 40, 11, 12, 30, 13}

// A workbook writes coded.xlsx, streaming the statement rows.
type workbook struct {
	f       *excelize.File
	header  int // style of header cells
	wrap    int // style of long text cells
	stmts   *sheetStream
	uncoded *sheetStream
	size    int64 // bytes of coded.xlsx, once saved
	// codes are the codebook's IDs, offered in the Decision dropdowns.
	codes []string
	// data holds the rows of every Statements and Uncoded sheet, by sheet.
	data map[string]*rowFile
	row  []cell // the row being written, reused
}

// A sheetStream is a sheet written row by row that continues in "NAME 2",
// "NAME 3" ... with the same header when it reaches maxRows.
type sheetStream struct {
	base   string
	header []string
	widths []float64
	sw     *excelize.StreamWriter // the current sheet's header and settings
	data   *rowFile               // the current sheet's other rows
	row    int                    // last row written in the current sheet
	part   int                    // 1 for the first sheet, 2 for "NAME 2", ...
	rows   int                    // rows written in all, headers not counted
}

func (st *sheetStream) sheet() string {
	if st.part == 1 {
		return st.base
	}
	return st.base + " " + strconv.Itoa(st.part)
}

func newWorkbook(codes []string) (*workbook, error) {
	f := excelize.NewFile()
	w := &workbook{f: f, codes: codes, data: map[string]*rowFile{}}
	var err error
	if err = f.SetSheetName("Sheet1", sheetStatements); err != nil {
		return nil, err
	}
	for _, name := range []string{sheetUncoded, sheetSummary, sheetFramework, sheetCases, sheetCodebook} {
		if _, err = f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	// Set now, while the sheets are empty: later, excelize would read
	// back every streamed row to set it.
	f.SetActiveSheet(0)
	w.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F0"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	if err != nil {
		return nil, err
	}
	w.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, err
	}
	w.stmts = &sheetStream{base: sheetStatements, header: StatementsHeader, widths: statementWidths, part: 1}
	w.uncoded = &sheetStream{base: sheetUncoded, header: UncodedHeader, widths: append(slices.Clone(statementWidths[:9]), 12, 30, 13), part: 1}
	for _, st := range []*sheetStream{w.stmts, w.uncoded} {
		if err := w.startStream(st); err != nil {
			w.discard()
			return nil, err
		}
	}
	return w, nil
}

// startStream starts st's current sheet: its header, and a file for its
// rows.
func (w *workbook) startStream(st *sheetStream) error {
	data, err := newRowFile()
	if err != nil {
		return err
	}
	w.data[st.sheet()] = data
	sw, err := w.startSheet(st.sheet(), st.header, st.widths)
	if err != nil {
		return err
	}
	st.sw, st.data, st.row = sw, data, 1
	return nil
}

// finishStream finishes st's current sheet.
func (w *workbook) finishStream(st *sheetStream) error {
	if err := st.data.finish(); err != nil {
		return fmt.Errorf("sheet %s: %w", st.sheet(), err)
	}
	return w.finishSheet(st.sw, st.sheet(), len(st.header), st.row)
}

// discard removes the workbook's temporary files, when it is not saved.
func (w *workbook) discard() {
	for _, d := range w.data {
		d.remove()
	}
	w.data = nil
	w.f.Close()
}

// addRow writes a row to st, first moving on to its next sheet when the
// current one is full.
func (w *workbook) addRow(st *sheetStream, row []cell) error {
	if st.row >= maxRows {
		if err := w.finishStream(st); err != nil {
			return err
		}
		st.part++
		if _, err := w.f.NewSheet(st.sheet()); err != nil {
			return err
		}
		if err := w.startStream(st); err != nil {
			return err
		}
	}
	st.row++
	st.rows++
	for i := range row {
		if row[i].kind == textCell {
			row[i].text = fitText(row[i].text)
		}
	}
	if err := st.data.addCells(st.row, row); err != nil {
		return fmt.Errorf("sheet %s: %w", st.sheet(), err)
	}
	return nil
}

// tooBig says, when coded.xlsx is more than a spreadsheet opens
// comfortably (rows over several sheets, or a large file), how big it is;
// otherwise it returns nil.
func (w *workbook) tooBig() error {
	if w.stmts.part == 1 && w.uncoded.part == 1 && w.size <= bigWorkbook {
		return nil
	}
	return fmt.Errorf("coded.xlsx is %.0f MB, with %d rows in %d Statements sheets and %d in %d Uncoded sheets (a sheet holds %d); "+
		"Excel and LibreOffice may be slow to open it or run out of memory; statements.csv has every Statements row",
		float64(w.size)/1e6, w.stmts.rows, w.stmts.part, w.uncoded.rows, w.uncoded.part, maxRows-1)
}

// startSheet opens a stream on sheet and writes its header row, frozen,
// with column widths.
func (w *workbook) startSheet(sheet string, header []string, widths []float64) (*excelize.StreamWriter, error) {
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = excelize.Cell{StyleID: w.header, Value: h}
	}
	return sw, sw.SetRow("A1", row)
}

// finishSheet adds the filter over the header and rows written, and
// flushes the stream.
func (w *workbook) finishSheet(sw *excelize.StreamWriter, sheet string, cols, rows int) error {
	last, err := excelize.CoordinatesToCellName(cols, max(rows, 2))
	if err != nil {
		return err
	}
	// The stream writes the sheet's settings, the filter among them, when
	// it is flushed, so the filter set now covers every row.
	if err := w.f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	// So are the dropdowns: excelize drops, without an error, a data
	// validation added to a streamed sheet after its Flush.
	if err := w.addDecisionList(sheet); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	return sw.Flush()
}

// maxListFormula is the longest list Excel takes written into a data
// validation's formula.
const maxListFormula = 255

// addDecisionList gives the Decision column of a Statements or Uncoded
// sheet its dropdown: accept, reject and the code IDs in Statements;
// accept (no code applies) and the code IDs in Uncoded. Other values (a
// polarity, "E2-", or several codes, "E1 H3") are allowed after a warning.
func (w *workbook) addDecisionList(sheet string) error {
	var col int
	var values []string
	switch sheetKind(sheet) {
	case 's':
		col = slices.Index(StatementsHeader, "Decision") + 1
		values = append([]string{decAccept, decReject}, w.codes...)
	case 'u':
		col = slices.Index(UncodedHeader, "Decision") + 1
		values = append([]string{decAccept}, w.codes...)
	default:
		return nil
	}
	colName, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", colName, colName, maxRows)
	if len(strings.Join(values, ",")) > maxListFormula {
		// Too long for the formula: point at the Codebook sheet's IDs
		// instead (accept and reject are still allowed, after the warning).
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$A$2:$A$%d", sheetCodebook, len(w.codes)+1))
	} else if err := dv.SetDropList(values); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Decision",
		"Usually accept, reject, or the ID of the code that applies instead. Go on to keep this value (for example E2- for an absent code, or E1 H3 for two codes).")
	dv.SetInput("Decision", "accept, reject, or the code that applies instead")
	return w.f.AddDataValidation(sheet, dv)
}

// fitCell shortens text that would pass Excel's limit of 32,767
// characters in a cell, saying so, instead of letting it be cut silently;
// the CSV files keep the whole text.
func fitCell(v any) any {
	if s, ok := v.(string); ok {
		return fitText(s)
	}
	return v
}

// fitText is fitCell for text.
func fitText(s string) string {
	if len(s) <= maxCellRunes {
		return s
	}
	r := []rune(s)
	if len(r) <= maxCellRunes {
		return s
	}
	note := fmt.Sprintf(" [... cut: %d characters in all; the CSV file has the whole text]", len(r))
	return string(r[:maxCellRunes-len([]rune(note))]) + note
}

// addStatement writes s's rows: one per code in Statements, and one in
// Uncoded when the coder gave it none (a code the reviewer added still has
// its row in Statements).
func (w *workbook) addStatement(s *Statement) error {
	if len(s.Codes) == 0 {
		w.row = appendUncodedRow(w.row[:0], s)
		if err := w.addRow(w.uncoded, w.row); err != nil {
			return err
		}
	}
	for _, r := range s.rows() {
		w.row = appendStatementsRow(w.row[:0], s, r)
		if err := w.addRow(w.stmts, w.row); err != nil {
			return err
		}
	}
	return nil
}

// appendStatementCells appends the first nine columns of s's rows.
func appendStatementCells(row []cell, s *Statement) []cell {
	return append(row, textOf(s.ID), textOf(s.Source), intOf(s.Line), textOf(s.Participant), textOf(s.Role),
		textOf(s.Group), textOf(s.YOT), textOf(s.Speaker), textOf(s.Text))
}

// appendStatementsRow appends s's row of Statements (and statements.csv)
// for the code r.
func appendStatementsRow(row []cell, s *Statement, r codeRow) []cell {
	conf := numberOf(r.Confidence)
	if r.reviewer {
		conf = cell{} // the reviewer's code has no confidence
	}
	return append(appendStatementCells(row, s),
		textOf(r.Code.ID), textOf(r.Code.Label), textOf(string(r.Code.Type)), textOf(r.Code.Domain), textOf(string(r.Polarity)),
		textOf(r.Cue), conf, textOf(r.Value), textOf(r.Note), textOf(s.Time))
}

// appendUncodedRow appends s's row of Uncoded.
func appendUncodedRow(row []cell, s *Statement) []cell {
	var d Decision
	if s.review != nil {
		d = s.review.uncoded
	}
	return append(appendStatementCells(row, s), textOf(d.Value), textOf(d.Note), textOf(s.Time))
}

// writeTable writes a whole small sheet: header, rows, frozen header,
// filter and widths.
func (w *workbook) writeTable(sheet string, header []string, rows [][]any, widths []float64) error {
	return w.writeRows(sheet, header, widths, func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeRows is writeTable for rows that each gives to its yield one at a
// time, so that they need not all be in memory.
func (w *workbook) writeRows(sheet string, header []string, widths []float64, each func(yield func([]any) error) error) error {
	sw, err := w.startSheet(sheet, header, widths)
	if err != nil {
		return err
	}
	n := 0
	err = each(func(r []any) error {
		n++
		cells := make([]any, len(r))
		for j, v := range r {
			v = fitCell(v)
			if s, ok := v.(string); ok && len(s) > 60 {
				cells[j] = excelize.Cell{StyleID: w.wrap, Value: s}
				continue
			}
			cells[j] = v
		}
		return sw.SetRow("A"+strconv.Itoa(n+1), cells)
	})
	if err != nil {
		return err
	}
	return w.finishSheet(sw, sheet, len(header), n+1)
}

// save closes the statement streams and writes the workbook to path, with
// its zip entries in a fixed order so that the same inputs give the same
// bytes.
func (w *workbook) save(out *outputs, name string) error {
	for _, st := range []*sheetStream{w.stmts, w.uncoded} {
		if err := w.finishStream(st); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp("", "desist-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	// excelize's WriteTo builds the whole archive in memory before
	// writing it; given this zip writer, it writes to the file instead.
	w.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newZipWriter(tmp) })
	if _, err := w.f.WriteTo(io.Discard); err != nil {
		return err
	}
	if err := w.f.Close(); err != nil {
		return err
	}
	return out.write(name, func(dst io.Writer) error {
		cw := &countingWriter{w: dst}
		err := sortZip(tmp, cw, w.data)
		w.size = cw.n
		return err
	})
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sortZip copies the zip archive in src to out with its entries sorted by
// name ([Content_Types].xml first), unchanged and without timestamps, but
// for the sheets named in rows, whose rows it adds after their header.
func sortZip(src *os.File, out io.Writer, rows map[string]*rowFile) error {
	info, err := src.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(src, info.Size())
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		ac, bc := a.Name == "[Content_Types].xml", b.Name == "[Content_Types].xml"
		switch {
		case ac && !bc:
			return -1
		case bc && !ac:
			return 1
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	spliced, err := rowsByPart(zr, rows)
	if err != nil {
		return err
	}
	zw := newZipWriter(out)
	for _, f := range files {
		if data, ok := spliced[f.Name]; ok {
			if err := spliceEntry(zw, f, data); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			continue
		}
		r, err := f.OpenRaw()
		if err != nil {
			return err
		}
		h := f.FileHeader
		zipEpoch(&h)
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
	}
	return zw.Close()
}

// rowsByPart gives, by the name of its part in the archive zr, the rows
// of each sheet named in rows.
func rowsByPart(zr *zip.Reader, rows map[string]*rowFile) (map[string]*rowFile, error) {
	read := func(name string) ([]byte, error) {
		f, err := zr.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	paths, err := sheetPaths(wb, rels)
	if err != nil {
		return nil, err
	}
	byPart := map[string]*rowFile{}
	for sheet, data := range rows {
		p, ok := paths[sheet]
		if !ok {
			return nil, fmt.Errorf("sheet %s is not in the workbook", sheet)
		}
		byPart[p] = data
	}
	return byPart, nil
}
