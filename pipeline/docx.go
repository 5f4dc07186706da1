package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// docxMaxXML is the most that word/document.xml may unpack to. A real
// interview is well under 1 MB; the limit stops a zip bomb.
const docxMaxXML = 64 << 20

// The WordprocessingML namespaces: the usual (transitional) one and the
// ISO strict one, which Word writes when asked for "Strict Open XML".
const (
	docxWordNS   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	docxStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	docxMCNS     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// ParseDocx reads a Word (.docx) transcript. Each paragraph of the body,
// table-cell paragraphs included, is numbered from 1 in document order,
// and that number is the Line.N of its text; Line.Offset is 0, since a
// .docx has no byte offsets that mean anything to a reader. A line break
// (Shift+Enter) splits a paragraph into lines with the same number, and a
// tab reads as a space.
//
// Speaker turns are found as in text files: a paragraph that starts with
// a label and a colon starts a turn. A bold label before a colon is taken
// as a label even when it would not be in plain text (in lower case, for
// example), because the bold says so. A table of two or three columns
// with a speaker column (by its header, Speaker, Name or Who, or because
// its cells are short labels) and a text column, as transcription
// services write, is read row by row as turns; a time column gives
// Line.Time. Any other table is read paragraph by paragraph. The `---`
// front matter of text files may open the document. Paragraphs in a
// heading or title style are not speech and are skipped.
//
// Only the document body is read: headers, footers, comments, footnotes,
// text boxes and tracked deletions are not; tracked insertions are.
// Errors are *InputError; in front matter their Line is the paragraph's
// number.
func ParseDocx(name string, data []byte) (*Transcript, error) {
	return parseDocx(name, data, docxMaxXML)
}

func parseDocx(name string, data []byte, limit int64) (*Transcript, error) {
	fail := func(err error) (*Transcript, error) {
		return nil, &InputError{File: name, Err: err}
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return fail(errors.New("not a .docx file: it is a password-protected document or an old Word .doc; save it from Word as .docx without a password"))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fail(fmt.Errorf("not a .docx file: %w", err))
	}
	part := docxMainPart(zr)
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == part {
			doc = f
			break
		}
	}
	if doc == nil {
		return fail(fmt.Errorf("not a .docx file: the zip archive has no %s", part))
	}
	tooBig := fmt.Errorf("%s unpacks to more than %d MB, too much for a transcript (a damaged file or a zip bomb)", part, limit>>20)
	if doc.UncompressedSize64 > uint64(limit) {
		return fail(tooBig)
	}
	rc, err := doc.Open()
	if err != nil {
		return fail(fmt.Errorf("opening %s: %w", part, err))
	}
	defer rc.Close()
	body, err := readDocxBody(&docxLimitReader{r: rc, limit: limit})
	if errors.Is(err, errDocxTooBig) {
		return fail(tooBig)
	}
	if err != nil {
		return fail(fmt.Errorf("%s is damaged: %w", part, err))
	}
	t := &Transcript{Source: name}
	b := &docxBuilder{t: t}
	blocks, err := b.frontMatter(name, body)
	if err != nil {
		return nil, err
	}
	for _, blk := range blocks {
		if blk.table != nil {
			b.table(blk.table)
		} else {
			b.paragraph(blk.para)
		}
	}
	return t, nil
}

// docxMainPart names the part holding the document body: the target of
// the package's officeDocument relationship, which is word/document.xml
// in files from Word, LibreOffice and python-docx.
func docxMainPart(zr *zip.Reader) string {
	const fallback = "word/document.xml"
	for _, f := range zr.File {
		if f.Name != "_rels/.rels" || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fallback
		}
		defer rc.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels) != nil {
			return fallback
		}
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") && r.Target != "" {
				return path.Clean(strings.TrimPrefix(r.Target, "/"))
			}
		}
	}
	return fallback
}

// A docxLimitReader fails once more than limit bytes have been read, so
// that a zip entry whose header lies about its size is still stopped.
type docxLimitReader struct {
	r     io.Reader
	read  int64
	limit int64
}

var errDocxTooBig = errors.New("too big")

func (l *docxLimitReader) Read(p []byte) (int, error) {
	if l.read > l.limit {
		return 0, errDocxTooBig
	}
	if room := l.limit + 1 - l.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if l.read > l.limit {
		return n, errDocxTooBig
	}
	return n, err
}

// A docxRun is a stretch of a paragraph's text, bold or not. Line breaks
// are "\n" in the text.
type docxRun struct {
	text string
	bold bool
}

// A docxPara is one paragraph: its number in the document, its runs,
// and whether it is in a heading style.
type docxPara struct {
	n       int
	runs    []docxRun
	heading bool
}

// text returns the paragraph's text, line breaks included.
func (p *docxPara) text() string {
	var b strings.Builder
	for _, r := range p.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

// lines splits the paragraph at its line breaks, each line keeping its
// runs.
func (p *docxPara) lines() [][]docxRun {
	out := [][]docxRun{nil}
	for _, r := range p.runs {
		parts := strings.Split(r.text, "\n")
		for i, s := range parts {
			if i > 0 {
				out = append(out, nil)
			}
			if s != "" {
				out[len(out)-1] = append(out[len(out)-1], docxRun{text: s, bold: r.bold})
			}
		}
	}
	return out
}

// A docxTable is a table: rows of cells, each cell its paragraphs. The
// paragraphs of a table nested in a cell belong to that cell.
type docxTable struct {
	rows [][][]*docxPara
}

// A docxBlock is a paragraph or a table of the body.
type docxBlock struct {
	para  *docxPara
	table *docxTable
}

func isWordNS(n xml.Name) bool { return n.Space == docxWordNS || n.Space == docxStrictNS }

// docxSkipped are elements whose content is not read: tracked deletions
// and moves away, field instructions, drawings and text boxes, and the
// section's properties (which name the headers and footers).
var docxSkipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true, "instrText": true,
	"drawing": true, "pict": true, "object": true, "txbxContent": true, "sectPr": true,
	"background": true, "sdtPr": true, "sdtEndPr": true, "tblPr": true, "tblGrid": true,
	"trPr": true, "tcPr": true, "tblPrEx": true, "footnoteReference": true, "endnoteReference": true,
}

// readDocxBody reads the body of word/document.xml into paragraphs and
// tables, numbering the paragraphs.
func readDocxBody(r io.Reader) ([]docxBlock, error) {
	dec := xml.NewDecoder(r)
	var (
		blocks     []docxBlock
		n          int             // paragraphs so far
		para       *docxPara       // the paragraph being read
		paraDepth  int             // nesting of w:p (only the outermost counts)
		run        strings.Builder // the text of the run being read
		bold       bool            // whether that run is bold
		table      *docxTable      // the outermost table being read
		tableDepth int
		sawBody    bool
	)
	addText := func(s string) {
		if para != nil {
			run.WriteString(s)
		}
	}
	// endRun adds the run read so far to the paragraph.
	endRun := func() {
		if para != nil && run.Len() > 0 {
			para.runs = append(para.runs, docxRun{text: run.String(), bold: bold})
		}
		run.Reset()
		bold = false
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space == docxMCNS && tok.Name.Local == "Fallback" {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			if !isWordNS(tok.Name) {
				continue // read through: markup compatibility, custom XML
			}
			if docxSkipped[tok.Name.Local] {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			switch tok.Name.Local {
			case "body":
				sawBody = true
			case "tbl":
				tableDepth++
				if tableDepth == 1 {
					table = &docxTable{}
				}
			case "tr":
				if tableDepth == 1 && table != nil {
					table.rows = append(table.rows, nil)
				}
			case "tc":
				if tableDepth == 1 && table != nil && len(table.rows) > 0 {
					row := &table.rows[len(table.rows)-1]
					*row = append(*row, nil)
				}
			case "p":
				paraDepth++
				if paraDepth > 1 {
					continue
				}
				n++
				para = &docxPara{n: n}
				run.Reset()
				bold = false
			case "pPr":
				var pPr struct {
					Style struct {
						Val string `xml:"val,attr"`
					} `xml:"pStyle"`
				}
				if err := dec.DecodeElement(&pPr, &tok); err != nil {
					return nil, err
				}
				if para != nil {
					s := strings.ToLower(pPr.Style.Val)
					para.heading = strings.HasPrefix(s, "heading") || s == "title" || s == "subtitle"
				}
			case "r":
				endRun()
			case "rPr":
				var rPr struct {
					B *struct {
						Val string `xml:"val,attr"`
					} `xml:"b"`
				}
				if err := dec.DecodeElement(&rPr, &tok); err != nil {
					return nil, err
				}
				if rPr.B != nil {
					switch strings.ToLower(rPr.B.Val) {
					case "0", "false", "off":
					default:
						bold = true
					}
				}
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &tok); err != nil {
					return nil, err
				}
				addText(s)
			case "tab", "ptab":
				addText(" ")
			case "br", "cr":
				addText("\n")
			case "noBreakHyphen":
				addText("-")
			}
		case xml.EndElement:
			if !isWordNS(tok.Name) {
				continue
			}
			switch tok.Name.Local {
			case "r":
				endRun()
			case "p":
				paraDepth--
				if paraDepth > 0 || para == nil {
					paraDepth = max(paraDepth, 0)
					continue
				}
				endRun()
				switch {
				case tableDepth > 0 && table != nil:
					if len(table.rows) == 0 {
						table.rows = append(table.rows, nil)
					}
					row := &table.rows[len(table.rows)-1]
					if len(*row) == 0 {
						*row = append(*row, nil)
					}
					cell := &(*row)[len(*row)-1]
					*cell = append(*cell, para)
				default:
					blocks = append(blocks, docxBlock{para: para})
				}
				para = nil
			case "tbl":
				if tableDepth == 0 {
					continue
				}
				tableDepth--
				if tableDepth == 0 && table != nil {
					blocks = append(blocks, docxBlock{table: table})
					table = nil
				}
			}
		}
	}
	if !sawBody {
		return nil, errors.New("no document body (w:body) found: this is not a Word document")
	}
	return blocks, nil
}

// docxBuilder turns paragraphs and tables into turns, as ParseTranscript
// does lines.
type docxBuilder struct {
	t      *Transcript
	cur    *Turn
	broken bool // a heading interrupted the current turn
}

// frontMatter reads the `---` block if the body opens with one (after
// any empty paragraphs) and returns the blocks after it.
func (b *docxBuilder) frontMatter(name string, blocks []docxBlock) ([]docxBlock, error) {
	type fmLine struct {
		block int
		line  Line
	}
	var lines []fmLine
	for i, blk := range blocks {
		if blk.table != nil {
			break
		}
		for _, runs := range blk.para.lines() {
			lines = append(lines, fmLine{i, Line{N: blk.para.n, Text: docxRunsText(runs)}})
		}
	}
	first := -1
	for i, l := range lines {
		if strings.TrimSpace(l.line.Text) != "" {
			first = i
			break
		}
	}
	if first < 0 || strings.TrimSpace(lines[first].line.Text) != "---" {
		return blocks, nil
	}
	for j := first + 1; j < len(lines); j++ {
		if strings.TrimSpace(lines[j].line.Text) != "---" {
			continue
		}
		var fm []Line
		for _, l := range lines[first+1 : j] {
			l.line.Text = docxQuotes.Replace(l.line.Text)
			fm = append(fm, l.line)
		}
		if err := b.t.frontMatter(name, fm); err != nil {
			return nil, err
		}
		// Lines after the closing --- in the same paragraph (after a line
		// break) are read as a paragraph of their own.
		end := lines[j].block
		rest := blocks[end+1:]
		if tail := lines[j+1:]; len(tail) > 0 && tail[0].block == end {
			p := *blocks[end].para
			p.runs = nil
			for k, l := range tail {
				if l.block != end {
					break
				}
				if k > 0 {
					p.runs = append(p.runs, docxRun{text: "\n"})
				}
				p.runs = append(p.runs, docxRun{text: l.line.Text})
			}
			rest = append([]docxBlock{{para: &p}}, rest...)
		}
		return rest, nil
	}
	return nil, &InputError{File: name, Line: lines[first].line.N, Err: errors.New("front matter opened with --- is never closed")}
}

// docxQuotes undoes Word's smart quotes in front matter values.
var docxQuotes = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'")

func docxRunsText(runs []docxRun) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.text)
	}
	return b.String()
}

// paragraph adds a body paragraph: each of its lines may start a turn.
func (b *docxBuilder) paragraph(p *docxPara) {
	if p.heading {
		b.broken = true
		return
	}
	for _, runs := range p.lines() {
		text := docxRunsText(runs)
		if label, rest, ok := docxLabel(runs, text); ok {
			b.startTurn(label)
			if strings.TrimSpace(rest) != "" {
				b.cur.Lines = append(b.cur.Lines, Line{N: p.n, Text: rest})
			}
			continue
		}
		if strings.TrimSpace(text) == "" && b.cur == nil {
			continue
		}
		b.continueTurn()
		b.cur.Lines = append(b.cur.Lines, Line{N: p.n, Text: text})
	}
}

// docxLabel finds a speaker label at the start of a line of a paragraph:
// one that speakerLine and isLabel accept, or any that speakerLine
// accepts when the label is in bold.
func docxLabel(runs []docxRun, text string) (label, rest string, ok bool) {
	m := speakerLine.FindStringSubmatchIndex(text)
	if m == nil {
		return "", "", false
	}
	label = text[m[2]:m[3]]
	if isLabel(label) {
		return label, text[m[1]:], true
	}
	var bold strings.Builder
	for _, r := range runs {
		if !r.bold {
			if strings.TrimSpace(r.text) == "" && bold.Len() == 0 {
				continue
			}
			break
		}
		bold.WriteString(r.text)
	}
	if strings.TrimSuffix(strings.TrimSpace(bold.String()), ":") == label {
		return label, text[m[1]:], true
	}
	return "", "", false
}

func (b *docxBuilder) startTurn(label string) {
	b.t.Turns = append(b.t.Turns, Turn{Speaker: label, Interviewer: b.t.isInterviewer(label)})
	b.cur = &b.t.Turns[len(b.t.Turns)-1]
	b.broken = false
}

// continueTurn makes sure there is a turn for text without a label: the
// current one, a new one for the same speaker after a heading, or a turn
// with no speaker at the start.
func (b *docxBuilder) continueTurn() {
	switch {
	case b.cur == nil:
		b.t.Turns = append(b.t.Turns, Turn{})
		b.cur = &b.t.Turns[len(b.t.Turns)-1]
	case b.broken:
		b.t.Turns = append(b.t.Turns, Turn{Speaker: b.cur.Speaker, Interviewer: b.cur.Interviewer})
		b.cur = &b.t.Turns[len(b.t.Turns)-1]
	}
	b.broken = false
}

// Header words of transcript tables' columns.
var (
	docxSpeakerHeads = map[string]bool{"speaker": true, "speakers": true, "name": true, "who": true, "person": true, "speaker name": true}
	docxTextHeads    = map[string]bool{"text": true, "utterance": true, "transcript": true, "transcription": true, "speech": true, "what was said": true, "said": true, "words": true, "dialogue": true, "content": true, "response": true}
	docxTimeHeads    = map[string]bool{"time": true, "timestamp": true, "time stamp": true, "start": true, "start time": true, "timecode": true, "time code": true}
)

// docxTimeCell matches a time such as 00:01:02, 1:02 or 00:01:02.500.
var docxTimeCell = regexp.MustCompile(`^\[?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?\]?$`)

// table adds a table: as turns if it is a transcript table, else
// paragraph by paragraph.
func (b *docxBuilder) table(tb *docxTable) {
	spk, txt, tm, header := docxTranscriptColumns(tb)
	if spk < 0 {
		for _, row := range tb.rows {
			b.cellsAsParagraphs(row)
		}
		return
	}
	ncols := len(tb.rows[0])
	for i, row := range tb.rows {
		if i == 0 && header {
			continue
		}
		if len(row) != ncols {
			b.cellsAsParagraphs(row)
			continue
		}
		text := row[txt]
		if docxCellText(text) == "" {
			continue
		}
		if label := strings.TrimSuffix(docxCellText(row[spk]), ":"); label != "" {
			b.startTurn(strings.TrimSpace(label))
		} else {
			b.continueTurn()
		}
		var when string
		if tm >= 0 {
			when = strings.Trim(docxCellText(row[tm]), "[]")
		}
		for _, p := range text {
			if p.heading {
				continue
			}
			for _, runs := range p.lines() {
				if s := docxRunsText(runs); strings.TrimSpace(s) != "" {
					b.cur.Lines = append(b.cur.Lines, Line{N: p.n, Text: s, Time: when})
				}
			}
		}
	}
}

func (b *docxBuilder) cellsAsParagraphs(row [][]*docxPara) {
	for _, cell := range row {
		for _, p := range cell {
			b.paragraph(p)
		}
	}
}

// docxCellText is a cell's text on one line, trimmed.
func docxCellText(cell []*docxPara) string {
	var parts []string
	for _, p := range cell {
		parts = append(parts, p.text())
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// docxTranscriptColumns finds a transcript table's speaker, text and time
// columns (-1 when there is none) and whether its first row is a header.
// spk is -1 when the table is not a transcript table.
func docxTranscriptColumns(tb *docxTable) (spk, txt, tm int, header bool) {
	spk, txt, tm = -1, -1, -1
	if len(tb.rows) < 2 {
		return
	}
	ncols := len(tb.rows[0])
	if ncols < 2 || ncols > 3 {
		return
	}
	// By the header row.
	for c, cell := range tb.rows[0] {
		h := strings.ToLower(strings.TrimSuffix(docxCellText(cell), ":"))
		switch {
		case docxSpeakerHeads[h] && spk < 0:
			spk = c
		case docxTextHeads[h] && txt < 0:
			txt = c
		case docxTimeHeads[h] && tm < 0:
			tm = c
		}
	}
	if spk >= 0 {
		if txt < 0 {
			for c := range ncols {
				if c != spk && c != tm {
					if txt >= 0 {
						return -1, -1, -1, false // two candidates: unclear
					}
					txt = c
				}
			}
		}
		return spk, txt, tm, txt >= 0
	}
	// By the cells: the text column holds the most text, the speaker
	// column only short labels, a time column only times.
	spk, txt, tm = -1, -1, -1
	rows := tb.rows
	longest := -1
	kind := make([]string, ncols)
	for c := range ncols {
		total, labels, times, filled := 0, 0, 0, 0
		for _, row := range rows {
			if len(row) != ncols {
				continue
			}
			s := docxCellText(row[c])
			if s == "" {
				continue
			}
			filled++
			total += len(s)
			l := strings.TrimSuffix(s, ":")
			if !strings.ContainsAny(l, "?!,") && isLabel(l) && speakerLine.MatchString(l+":") {
				labels++
			}
			if docxTimeCell.MatchString(s) {
				times++
			}
		}
		switch {
		case filled > 0 && times == filled:
			kind[c] = "time"
		case filled > 0 && labels == filled:
			kind[c] = "label"
		}
		if kind[c] != "time" && total > longest {
			longest, txt = total, c
		}
	}
	for c, k := range kind {
		switch {
		case c == txt:
		case k == "label" && spk < 0:
			spk = c
		case k == "time" && tm < 0:
			tm = c
		}
	}
	if spk < 0 || txt < 0 {
		return -1, -1, -1, false
	}
	if ncols == 3 && tm < 0 {
		return -1, -1, -1, false // a third column we cannot place
	}
	return spk, txt, tm, false
}
