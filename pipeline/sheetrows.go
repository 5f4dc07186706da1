package pipeline

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
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
//
// The rows are deflated as they are written, so that the temporary files
// take about a tenth of the space (a run on 200 MB of transcripts would
// otherwise leave 2.4 GB in the temporary folder, which may be held in
// memory), into a deflate stream that is flushed but not ended: the
// sheet's entry in the archive is the deflated header, these rows and the
// deflated end, one after the other (see spliceEntry).
type rowFile struct {
	f    *os.File
	w    *bufio.Writer
	fw   *flate.Writer
	line []byte // the row being built
	crc  uint32 // CRC-32 of the rows' XML
	size int64  // bytes of the rows' XML
}

func newRowFile() (*rowFile, error) {
	f, err := os.CreateTemp("", "desist-rows-*.deflate")
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	fw, err := flate.NewWriter(w, zipLevel)
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &rowFile{f: f, w: w, fw: fw}, nil
}

// cellColumns are the column letters of the big sheets' cells.
var cellColumns = func() []string {
	cols := make([]string, len(StatementsHeader))
	for i := range cols {
		cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return cols
}()

// A cell is one cell of a big sheet's row, as the workbook builds rows
// without boxing every value: text, a whole number or a number. The zero
// cell, and empty text, is no cell.
type cell struct {
	kind cellKind
	text string
	n    int
	f    float64
}

type cellKind uint8

const (
	noCell cellKind = iota
	textCell
	intCell
	numCell
)

func textOf(s string) cell    { return cell{kind: textCell, text: s} }
func intOf(n int) cell        { return cell{kind: intCell, n: n} }
func numberOf(f float64) cell { return cell{kind: numCell, f: f} }

// add writes row number n (counting the header as 1) with the given cells,
// as excelize writes them: strings inline, numbers as values, nil and ""
// as no cell.
func (r *rowFile) add(n int, cells []any) error {
	cs, err := cellsOf(cells)
	if err != nil {
		return fmt.Errorf("row %d, %w", n, err)
	}
	return r.addCells(n, cs)
}

// cellsOf makes a row of nil, strings, ints and float64s cells.
func cellsOf(row []any) ([]cell, error) {
	cs := make([]cell, len(row))
	for i, v := range row {
		switch v := v.(type) {
		case nil:
		case string:
			cs[i] = textOf(v)
		case int:
			cs[i] = intOf(v)
		case float64:
			cs[i] = numberOf(v)
		default:
			return nil, fmt.Errorf("column %s: cannot write a %T", cellColumns[min(i, len(cellColumns)-1)], v)
		}
	}
	return cs, nil
}

// addCells is add for typed cells.
func (r *rowFile) addCells(n int, cells []cell) error {
	if len(cells) > len(cellColumns) {
		return fmt.Errorf("row %d has %d cells, more than %d", n, len(cells), len(cellColumns))
	}
	var num [20]byte
	rn := strconv.AppendInt(num[:0], int64(n), 10)
	b := append(r.line[:0], `<row r="`...)
	b = append(b, rn...)
	b = append(b, `">`...)
	for i, c := range cells {
		var s string
		text := false
		switch c.kind {
		case noCell:
			continue
		case textCell:
			if c.text == "" {
				continue
			}
			s, text = c.text, true
		case intCell:
			s = strconv.Itoa(c.n)
		case numCell:
			s, text = cellNumber(c.f)
		}
		b = append(b, `<c r="`...)
		b = append(b, cellColumns[i]...)
		b = append(b, rn...)
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
	r.crc = crc32.Update(r.crc, crc32.IEEETable, b)
	r.size += int64(len(b))
	_, err := r.fw.Write(b)
	return err
}

// cellNumber formats v as a cell's number, to Excel's 15 significant
// digits, or as text when it is not a number Excel holds (NaN, infinity).
func cellNumber(v float64) (s string, text bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64), true
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64), false
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
			case cellEscapes[c] != "":
				b = append(b, cellEscapes[c]...)
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

// cellEscapes is what each ASCII character that cannot stand as it is in a
// cell's text becomes: markup and quotes as entities, tab and carriage
// return as character references, and the control characters XML cannot
// hold as U+FFFD. A line break stands as it is.
var cellEscapes = func() (e [utf8.RuneSelf]string) {
	for c := range 0x20 {
		e[c] = "\uFFFD"
	}
	e['\n'] = ""
	e['\t'], e['\r'] = "&#x9;", "&#xD;"
	e['<'], e['>'], e['&'], e['"'], e['\''] = "&lt;", "&gt;", "&amp;", "&#34;", "&#39;"
	return e
}()

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

// finish writes out what is buffered, so that the rows can be read back:
// the deflate stream is flushed to a byte's end, not ended.
func (r *rowFile) finish() error {
	if err := r.fw.Flush(); err != nil {
		return fmt.Errorf("sheet rows: %w", err)
	}
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

// spliceEntry writes to zw the sheet entry f, that excelize wrote with the
// header row alone, with rows's rows after the header: the deflated
// header, the rows as they were deflated during the run, and the deflated
// rest of the sheet make one deflate stream, as only the last is ended.
func spliceEntry(zw *zip.Writer, f *zip.File, rows *rowFile) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	sheet, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	end := bytes.LastIndex(sheet, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("sheet XML has no </sheetData>")
	}
	head, tail := sheet[:end], sheet[end:]
	var dhead, dtail bytes.Buffer
	if err := deflate(&dhead, head, false); err != nil {
		return err
	}
	if err := deflate(&dtail, tail, true); err != nil {
		return err
	}
	info, err := rows.f.Stat()
	if err != nil {
		return err
	}
	crc := crc32Combine(crc32.ChecksumIEEE(head), rows.crc, rows.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	h := zip.FileHeader{
		Name: f.Name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(dhead.Len()) + uint64(info.Size()) + uint64(dtail.Len()),
		UncompressedSize64: uint64(len(head)) + uint64(rows.size) + uint64(len(tail)),
	}
	zipEpoch(&h)
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	if _, err := w.Write(dhead.Bytes()); err != nil {
		return err
	}
	if _, err := rows.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(w, rows.f); err != nil {
		return err
	}
	_, err = w.Write(dtail.Bytes())
	return err
}

// deflate writes p deflated to w: ended when last, otherwise flushed to a
// byte's end so that another deflate stream may follow it.
func deflate(w io.Writer, p []byte, last bool) error {
	fw, err := flate.NewWriter(w, zipLevel)
	if err != nil {
		return err
	}
	if _, err := fw.Write(p); err != nil {
		return err
	}
	if last {
		return fw.Close()
	}
	return fw.Flush()
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B, given A's
// CRC, B's CRC and B's length n. The CRC is linear over GF(2) once its
// start and end inversions are taken out: running A's CRC on over n zero
// bytes, and taking out what the same run does from 0, shifts it past B,
// and B's own CRC adds the rest.
func crc32Combine(crcA, crcB uint32, n int64) uint32 {
	zeros := make([]byte, min(n, 1<<20))
	a, z := crcA, uint32(0)
	for left := n; left > 0; {
		k := min(left, int64(len(zeros)))
		a = crc32.Update(a, crc32.IEEETable, zeros[:k])
		z = crc32.Update(z, crc32.IEEETable, zeros[:k])
		left -= k
	}
	return a ^ z ^ crcB
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
