package pipeline

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A rowFile holds the rows of one of the big sheets (Statements, Uncoded
// and their continuations) as worksheet XML in a temporary file, from the
// second row on, until the workbook is saved: then they are spliced into
// the sheet that excelize wrote with the header row and the sheet's
// settings alone.
//
// excelize's StreamWriter keeps up to 16 MB of every sheet it streams in
// memory, in a buffer that can grow to twice that, until the workbook is
// saved, so a run's memory grew by that much for each further sheet; and
// its work for each cell was about a sixth of a large run's CPU time.
type rowFile struct {
	f    *os.File
	w    *bufio.Writer
	line []byte // the row being built
	rows int    // rows written, the header not counted
}

func newRowFile() (*rowFile, error) {
	f, err := os.CreateTemp("", "desist-rows-*.xml")
	if err != nil {
		return nil, err
	}
	return &rowFile{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// cellColumns are the column letters of the big sheets' cells.
var cellColumns = func() []string {
	cols := make([]string, len(StatementsHeader))
	for i := range cols {
		cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return cols
}()

// add writes row number n (counting the header as 1) with the given cells,
// as excelize writes them: strings inline, numbers as values, nil and ""
// as no cell.
func (r *rowFile) add(n int, cells []any) error {
	if len(cells) > len(cellColumns) {
		return fmt.Errorf("row %d has %d cells, more than %d", n, len(cells), len(cellColumns))
	}
	num := strconv.Itoa(n)
	b := append(r.line[:0], `<row r="`...)
	b = append(b, num...)
	b = append(b, `">`...)
	for i, v := range cells {
		var s string
		text := false
		switch v := v.(type) {
		case nil:
			continue
		case string:
			if v == "" {
				continue
			}
			s, text = v, true
		case int:
			s = strconv.Itoa(v)
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			return fmt.Errorf("row %d, column %s: cannot write a %T", n, cellColumns[i], v)
		}
		b = append(b, `<c r="`...)
		b = append(b, cellColumns[i]...)
		b = append(b, num...)
		if !text {
			b = append(b, `"><v>`...)
			b = append(b, s...)
			b = append(b, `</v></c>`...)
			continue
		}
		b = append(b, `" t="inlineStr"><is><t`...)
		if keepsSpace(s) {
			b = append(b, ` xml:space="preserve"`...)
		}
		b = append(b, '>')
		b = appendCellText(b, s)
		b = append(b, `</t></is></c>`...)
	}
	b = append(b, `</row>`...)
	r.line = b
	r.rows++
	_, err := r.w.Write(b)
	return err
}

// maxCellUnits is the most UTF-16 units a cell holds.
const maxCellUnits = 32767

// keepsSpace reports whether s begins or ends with white space, which
// XML readers would drop without xml:space="preserve".
func keepsSpace(s string) bool {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

// appendCellText appends s as the text of an inline string: cut to a
// cell's most UTF-16 units, escaped for XML (a character XML cannot hold
// becomes U+FFFD, and a line break stays as it is), with a literal
// "_xHHHH_" escaped as "_x005F_xHHHH_" so that a spreadsheet does not read
// it as a character's code.
func appendCellText(b []byte, s string) []byte {
	if len(s) > maxCellUnits {
		s = cutUTF16(s, maxCellUnits)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '"':
				b = append(b, "&#34;"...)
			case c == '\'':
				b = append(b, "&#39;"...)
			case c == '\t':
				b = append(b, "&#x9;"...)
			case c == '\r':
				b = append(b, "&#xD;"...)
			case c == '\n':
				b = append(b, '\n')
			case c < 0x20:
				b = append(b, "\uFFFD"...)
			case c == '_' && isCharCode(s[i:]):
				b = append(b, "_x005F_"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

// isCharCode reports whether s begins with "_x", four hexadecimal digits
// and "_": the form a spreadsheet reads as a character's code.
func isCharCode(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// xmlChar reports whether XML 1.0 can hold r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// cutUTF16 cuts s to at most n UTF-16 units, at a character's start.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

// finish writes out what is buffered, so that the rows can be read back.
func (r *rowFile) finish() error {
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("sheet rows: %w", err)
	}
	return nil
}

// remove deletes the temporary file.
func (r *rowFile) remove() {
	r.f.Close()
	os.Remove(r.f.Name())
}

// spliceRows writes the worksheet XML sheet, that excelize wrote with the
// header row alone, to w with rows's rows after the header.
func spliceRows(w io.Writer, sheet []byte, rows *rowFile) error {
	end := bytes.LastIndex(sheet, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("sheet XML has no </sheetData>")
	}
	if _, err := w.Write(sheet[:end]); err != nil {
		return err
	}
	if _, err := rows.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(w, rows.f); err != nil {
		return err
	}
	_, err := w.Write(sheet[end:])
	return err
}

// sheetPaths maps each sheet's name to its part's name in an xlsx
// archive, from the workbook part and its relationships.
func sheetPaths(workbook, rels []byte) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(workbook, &wb); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	var rs struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	target := map[string]string{}
	for _, r := range rs.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = "xl/" + t
		}
		target[r.ID] = t
	}
	paths := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			paths[s.Name] = t
		}
	}
	return paths, nil
}
