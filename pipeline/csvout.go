package pipeline

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
)

// statementsCSV streams statements.csv to a temporary file while the run
// goes on; copyTo then writes it to its place.
type statementsCSV struct {
	f   *os.File
	bw  *bufio.Writer
	w   *csv.Writer
	row []cell   // the row being written, reused
	rec []string // and its fields
}

func newStatementsCSV() (*statementsCSV, error) {
	f, err := os.CreateTemp("", "desist-statements-*.csv")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	c := &statementsCSV{f: f, bw: bw, w: csv.NewWriter(bw)}
	return c, c.w.Write(StatementsHeader)
}

// add writes s's rows of Statements, one per code.
func (c *statementsCSV) add(s *Statement) error {
	for _, r := range s.rows() {
		c.row = appendStatementsRow(c.row[:0], s, r)
		c.rec = appendCSVFields(c.rec[:0], c.row)
		if err := c.w.Write(c.rec); err != nil {
			return err
		}
	}
	return nil
}

// csvField is a cell as a CSV field: text guarded against being taken
// for a formula, numbers in full, an empty cell empty.
func csvField(v cell) string {
	switch v.kind {
	case textCell:
		return csvText(v.text)
	case intCell:
		return strconv.Itoa(v.n)
	case numCell:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	}
	return ""
}

func (c *statementsCSV) copyTo(w io.Writer) error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	if err := c.bw.Flush(); err != nil {
		return err
	}
	if _, err := c.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, c.f)
	return err
}

// discard removes the temporary file.
func (c *statementsCSV) discard() {
	c.f.Close()
	os.Remove(c.f.Name())
}

// writeCSV writes a header and rows as CSV.
func writeCSV(w io.Writer, header []string, rows [][]any) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, r := range rows {
		rec, err := csvRecord(r)
		if err != nil {
			return fmt.Errorf("row %d, %w", i+2, err)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord turns a row of values (nil, strings, ints and float64s, as
// the workbook takes them) into CSV fields, each as csvField writes it.
func csvRecord(row []any) ([]string, error) {
	cells, err := cellsOf(row)
	if err != nil {
		return nil, err
	}
	return appendCSVFields(nil, cells), nil
}

// appendCSVFields appends the CSV fields of cells to rec.
func appendCSVFields(rec []string, cells []cell) []string {
	for _, c := range cells {
		rec = append(rec, csvField(c))
	}
	return rec
}

// csvText is text as a CSV field: with a leading apostrophe when a
// spreadsheet would take it for a formula.
func csvText(x string) string {
	if x != "" && isFormulaStart(x[0]) {
		return "'" + x
	}
	return x
}

func isFormulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
