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
		c.rec = c.rec[:0]
		for _, v := range c.row {
			c.rec = append(c.rec, csvField(v))
		}
		if err := c.w.Write(c.rec); err != nil {
			return err
		}
	}
	return nil
}

// csvField is a cell as csvRecord writes the same value.
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
	for _, r := range rows {
		if err := cw.Write(csvRecord(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord turns cells into CSV fields. Text that a spreadsheet would
// take for a formula (starting with =, +, -, @, tab or carriage return)
// is given a leading apostrophe so that it opens as text.
func csvRecord(cells []any) []string {
	rec := make([]string, len(cells))
	for i, v := range cells {
		switch x := v.(type) {
		case string:
			rec[i] = csvText(x)
		case int:
			rec[i] = strconv.Itoa(x)
		case float64:
			rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			rec[i] = fmt.Sprint(x)
		}
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
