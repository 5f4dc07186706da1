package pipeline

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"desist/coding"
)

// The REFI-QDA exchange files (https://www.qdasoftware.org), version 1.0:
//
//   - codebook.qdc is a Codebook document (namespace urn:QDA-XML:codebook:1.0):
//     the codes under three parents that cannot be coded, "Enabling factors",
//     "Hindering factors" and "Domains".
//   - project.qdpx is a zip holding project.qde, a Project document (namespace
//     urn:QDA-XML:project:1.0) with the same codes, and sources/<guid>.txt,
//     one UTF-8 text per input source.
//
// A source's text is not the input file but its statements as the other
// outputs show them (redacted), one per line, joined with "\n". Every coded
// statement is a PlainTextSelection over its line, with a Coding per code.
// Positions count Unicode code points (characters, not bytes) from 0; the
// end is exclusive, so the selection is text[startPosition:endPosition] in
// characters.
//
// Nothing carries a date (the schemas make every date optional) and every
// GUID is derived from a stable name, so the same inputs give the same bytes.

// refiUser is the name of the one user, the coder, who creates every
// coding.
const refiUser = "desist"

// refiNamespace is the namespace of desist's name-based GUIDs: the UUID v5
// of "urn:desist:refi-qda" in the URL namespace of RFC 9562. Changing it
// changes every GUID.
var refiNamespace = [16]byte{0x9d, 0x74, 0xe5, 0xf6, 0xba, 0x70, 0x58, 0x9b, 0xa1, 0x24, 0x2a, 0x83, 0x5a, 0xfe, 0xf1, 0x5d}

// refiGUID is the UUID v5 (SHA-1, RFC 9562) of name in refiNamespace, in
// the schemas' GUID form: 8-4-4-4-12 upper-case hex digits, no braces.
func refiGUID(name string) string {
	h := sha1.New()
	h.Write(refiNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	x := strings.ToUpper(hex.EncodeToString(u[:]))
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// A refiType is the parent code of the codes of one type.
type refiType struct {
	typ         coding.Type
	name, color string
	description string
}

// refiTypes are the parent codes, one per code type, in the order they
// are written, with their colour.
var refiTypes = []refiType{
	{coding.Enabling, "Enabling factors", "#117733", "Factors that helped the child stop offending."},
	{coding.Hindering, "Hindering factors", "#CC6677", "Factors that got in the way of the child stopping offending."},
	{coding.DomainT, "Domains", "#332288", "The inspection's domains, for statements that speak to a domain but to none of its factors."},
}

// refiPalette is Paul Tol's "muted" qualitative palette, made to be told
// apart by readers with colour-blindness. The codes of each type take its
// colours in codebook order, starting again after the ninth.
var refiPalette = []string{"#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"}

// A refiExport gathers the statements of a run, by source, for the
// REFI-QDA exchange files codebook.qdc and project.qdpx. The statements go
// to a temporary file as they come (the export holds every coded segment,
// which would not fit in memory for a large corpus); what it keeps in
// memory is per source and per participant.
type refiExport struct {
	spool  *os.File
	bw     *bufio.Writer
	size   int64                                 // bytes written to the spool
	chunks map[string][]refiChunk                // source -> its runs of statements in the spool, in output order
	last   string                                // source of the statement written last
	cases  map[string]map[string]*refiCaseValues // participant -> source -> first values given
	attrs  map[string][]Attr                     // participant -> attributes, already redacted
	err    error                                 // the first error writing the spool
	body   []byte                                // the record being encoded, reused
	br     *bufio.Reader                         // reads the spool back, reused
}

// A refiChunk is a run of one source's statements in the spool.
type refiChunk struct {
	off, n int64 // bytes
}

// refiCaseValues are the first non-empty role, group and YOT a
// participant's statements give in one source.
type refiCaseValues struct {
	role, group, yot string
}

// attributes records a participant's attributes (front matter and
// participants sheet), which become the case's variables.
func (e *refiExport) attributes(participant string, attrs []Attr) {
	if e.attrs == nil {
		e.attrs = map[string][]Attr{}
	}
	for _, a := range attrs {
		key := variableName(a.Key)
		if key != "" && !slices.ContainsFunc(e.attrs[participant], func(b Attr) bool { return b.Key == key }) {
			e.attrs[participant] = append(e.attrs[participant], Attr{Key: key, Value: xmlClean(a.Value)})
		}
	}
}

// variableName makes an attribute's key a variable's name, the same for
// "age" in front matter and "Age" in a participants sheet: underscores as
// spaces, the first letter a capital, the rest lower case.
func variableName(key string) string {
	k := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(xmlClean(key), "_", " ")))
	r, size := utf8.DecodeRuneInString(k)
	if size == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + k[size:]
}

// add is called for every statement, coded or not, in output order, after
// redaction. It writes the statement to the spool as a record: its length,
// then the statement's ID, speaker and text (one line of valid XML
// characters), the text's length in code points, and per code given its
// ID, polarity, confidence and cue, strings with their length before them.
func (e *refiExport) add(s *Statement) {
	if e.err != nil {
		return
	}
	if e.spool == nil {
		if e.spool, e.err = os.CreateTemp("", "desist-refiqda-*"); e.err != nil {
			return
		}
		e.bw = bufio.NewWriterSize(e.spool, 1<<16)
		e.chunks = map[string][]refiChunk{}
		e.cases = map[string]map[string]*refiCaseValues{}
	}
	source, participant := xmlClean(s.Source), xmlClean(s.Participant)
	bySource := e.cases[participant]
	if bySource == nil {
		bySource = map[string]*refiCaseValues{}
		e.cases[participant] = bySource
	}
	v := bySource[source]
	if v == nil {
		v = &refiCaseValues{}
		bySource[source] = v
	}
	// The first value given wins; a participant's statements normally
	// agree.
	if v.role == "" {
		v.role = xmlClean(s.Role)
	}
	if v.group == "" {
		v.group = xmlClean(s.Group)
	}
	if v.yot == "" {
		v.yot = xmlClean(s.YOT)
	}
	if source != e.last || len(e.chunks[source]) == 0 {
		e.chunks[source] = append(e.chunks[source], refiChunk{off: e.size})
		e.last = source
	}

	text := oneLine(xmlClean(s.Text))
	b := e.body[:0]
	b = appendSpoolString(b, s.ID)
	b = appendSpoolString(b, xmlClean(s.Speaker))
	b = appendSpoolString(b, text)
	b = binary.AppendUvarint(b, uint64(utf8.RuneCountInString(text)))
	final := s.final()
	n := 0
	for _, a := range final {
		if a.Code != nil {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	for _, a := range final {
		if a.Code == nil {
			continue
		}
		b = appendSpoolString(b, a.Code.ID)
		b = appendSpoolString(b, string(a.Polarity))
		b = binary.AppendUvarint(b, math.Float64bits(a.Confidence))
		b = appendSpoolString(b, xmlClean(a.Cue))
	}
	e.body = b
	var head [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(head[:], uint64(len(b)))
	if _, e.err = e.bw.Write(head[:h]); e.err != nil {
		return
	}
	if _, e.err = e.bw.Write(b); e.err != nil {
		return
	}
	size := int64(h + len(b))
	e.size += size
	cs := e.chunks[source]
	cs[len(cs)-1].n += size
}

func appendSpoolString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// discard removes the spool.
func (e *refiExport) discard() {
	if e.spool != nil {
		e.spool.Close()
		os.Remove(e.spool.Name())
		e.spool = nil
	}
}

// A refiRecord is a statement read back from the spool. Its slices point
// into the reader's buffer and hold only until the next record is read.
type refiRecord struct {
	id, speaker, text []byte
	runes             int // the text's length in code points
	codes             []refiCoding
}

// A refiCoding is a code given, as read back from the spool.
type refiCoding struct {
	code, polarity, cue []byte
	confidence          float64
}

// errBadRecord is a spool record that does not decode.
var errBadRecord = errors.New("a record is cut short")

// decodeRecord decodes one record's body into r, reusing r's codes.
func decodeRecord(b []byte, r *refiRecord) error {
	var ok bool
	str := func() []byte {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			ok = false
			return nil
		}
		s := b[k : k+int(n)]
		b = b[k+int(n):]
		return s
	}
	num := func() uint64 {
		n, k := binary.Uvarint(b)
		if k <= 0 {
			ok = false
			return 0
		}
		b = b[k:]
		return n
	}
	ok = true
	r.id, r.speaker, r.text = str(), str(), str()
	r.runes = int(num())
	n := num()
	r.codes = r.codes[:0]
	for i := uint64(0); ok && i < n; i++ {
		var c refiCoding
		c.code, c.polarity = str(), str()
		c.confidence = math.Float64frombits(num())
		c.cue = str()
		r.codes = append(r.codes, c)
	}
	if !ok || len(b) != 0 {
		return errBadRecord
	}
	return nil
}

// eachStatement calls fn with the statements of source, in output order.
// The record fn is given is reused for the next statement.
func (e *refiExport) eachStatement(source string, fn func(*refiRecord) error) error {
	var rec refiRecord
	var buf []byte
	if e.br == nil {
		e.br = bufio.NewReaderSize(nil, 1<<16)
	}
	br := e.br
	for _, c := range e.chunks[source] {
		br.Reset(io.NewSectionReader(e.spool, c.off, c.n))
		for {
			n, err := binary.ReadUvarint(br)
			if err == io.EOF {
				break
			}
			if err == nil && n > uint64(c.n) {
				err = errBadRecord
			}
			if err == nil {
				buf = slices.Grow(buf[:0], int(n))[:n]
				_, err = io.ReadFull(br, buf)
			}
			if err == nil {
				err = decodeRecord(buf, &rec)
			}
			if err != nil {
				return fmt.Errorf("reading back the export's statements: %w", err)
			}
			if err := fn(&rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// oneLine puts a statement's text on one line of its source's text.
// (Statements come with their spaces already collapsed; this is for any
// that do not.)
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// xmlClean makes s valid UTF-8 and drops the characters XML 1.0 does not
// allow (control characters other than tab, line feed and carriage
// return, U+FFFE and U+FFFF), so that what is written is what is counted.
func xmlClean(s string) string {
	if plainXML(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			return r
		}
		return -1
	}, s)
}

// plainXML reports whether s is ASCII with no control character below a
// space but tab, line feed and carriage return: text xmlClean leaves as it
// is.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// write stages codebook.qdc and project.qdpx.
func (e *refiExport) write(out *outputs, cb *coding.Codebook) error {
	codes, err := refiCodes(cb)
	if err != nil {
		return fmt.Errorf("writing the REFI-QDA files: %w", err)
	}
	defer e.discard()
	if e.err != nil {
		return fmt.Errorf("writing the REFI-QDA files: %w", e.err)
	}
	if e.bw != nil {
		if err := e.bw.Flush(); err != nil {
			return fmt.Errorf("writing the REFI-QDA files: %w", err)
		}
	}
	proj, sources, texts := e.project(cb, codes)
	if err := out.write("codebook.qdc", func(w io.Writer) error {
		return writeXML(w, qdcCodeBook{Origin: refiUser, Codes: codes})
	}); err != nil {
		return err
	}
	return out.write("project.qdpx", func(w io.Writer) error {
		return writeQDPX(w, proj, sources, texts)
	})
}

// A sourceText is one source's text, to be stored in the qdpx as
// sources/<guid>.txt: its statements, one a line, written by write.
type sourceText struct {
	guid  string
	write func(*bufio.Writer) error
}

// writeQDPX writes the zip: project.qde, then the sources in the
// project's order, each entry with the same fixed time. When sources is
// not nil, it writes the Sources element's TextSource elements.
func writeQDPX(w io.Writer, proj qdeProject, sources func(*bufio.Writer) error, texts []sourceText) error {
	zw := newZipWriter(w)
	create := func(name string) (io.Writer, error) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		zipEpoch(h)
		return zw.CreateHeader(h)
	}
	f, err := create("project.qde")
	if err != nil {
		return err
	}
	if err := writeProject(f, proj, sources); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(nil, 1<<16)
	for _, t := range texts {
		f, err := create("sources/" + t.guid + ".txt")
		if err != nil {
			return err
		}
		bw.Reset(f)
		if err := t.write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeProject writes project.qde: proj as encoding/xml writes it, with,
// when sources is not nil, a Sources element (which proj must not have)
// whose children sources writes at depth 2 of the indentation.
func writeProject(w io.Writer, proj qdeProject, sources func(*bufio.Writer) error) error {
	if sources == nil {
		return writeXML(w, proj)
	}
	if proj.Sources != nil {
		return errors.New("a project to write with streamed sources has sources of its own")
	}
	var head bytes.Buffer
	if err := writeXML(&head, proj); err != nil {
		return err
	}
	doc, ok := bytes.CutSuffix(head.Bytes(), []byte("\n</Project>\n"))
	if !ok {
		return errors.New("the project document does not end in </Project>")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(doc)
	bw.WriteString("\n  <Sources>")
	if err := sources(bw); err != nil {
		return err
	}
	bw.WriteString("\n  </Sources>\n</Project>\n")
	return bw.Flush()
}

// writeXML writes v as an indented UTF-8 XML document.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// refiCodes is the codebook as REFI-QDA codes: a parent per type with the
// codebook's codes of that type under it, in codebook order.
func refiCodes(cb *coding.Codebook) ([]qdaCode, error) {
	parents := make([]qdaCode, len(refiTypes))
	for i, t := range refiTypes {
		parents[i] = qdaCode{GUID: refiGUID("group:" + string(t.typ)), Name: t.name, IsCodable: false, Color: t.color, Description: t.description}
	}
	labels := map[string]string{}
	for _, c := range cb.Codes {
		labels[c.ID] = c.Label
	}
	for _, c := range cb.Codes {
		i := slices.IndexFunc(refiTypes, func(t refiType) bool { return t.typ == c.Type })
		if i < 0 {
			return nil, fmt.Errorf("code %s is of type %q, not enabling, hindering or domain", c.ID, c.Type)
		}
		p := &parents[i]
		var desc []string
		if c.Description != "" {
			desc = append(desc, strings.TrimSpace(c.Description))
		}
		if c.Domain != "" {
			desc = append(desc, strings.TrimSpace("Domain: "+c.Domain+" "+labels[c.Domain]))
		}
		if c.Include != "" {
			desc = append(desc, "Include: "+strings.TrimSpace(c.Include))
		}
		if c.Exclude != "" {
			desc = append(desc, "Exclude: "+strings.TrimSpace(c.Exclude))
		}
		p.Codes = append(p.Codes, qdaCode{
			GUID:        refiGUID("code:" + c.ID),
			Name:        xmlClean(strings.TrimSpace(c.ID + " " + c.Label)),
			IsCodable:   true,
			Color:       refiPalette[len(p.Codes)%len(refiPalette)],
			Description: xmlClean(strings.Join(desc, "\n\n")),
		})
	}
	return parents, nil
}

// guids hands out GUIDs by name, telling apart a name that comes again
// (the same sentence twice in one case sheet, say) by how many times it
// came before, so that every GUID is unique and stays the same between
// runs on the same inputs. Names are kept as 64-bit hashes, to keep one
// entry per coded segment small.
type guids map[uint64]int

func (g guids) get(name string) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	k := h.Sum64()
	n := g[k]
	g[k]++
	if n > 0 {
		name += "#" + strconv.Itoa(n)
	}
	return refiGUID(name)
}

// project builds the Project document but for its sources, the writer of
// its sources and the sources' texts. The sources' selections are read
// from the spool as the document is written, and so are their texts.
func (e *refiExport) project(cb *coding.Codebook, codes []qdaCode) (qdeProject, func(*bufio.Writer) error, []sourceText) {
	codeGUID := map[string]string{}
	for _, c := range cb.Codes {
		codeGUID[c.ID] = refiGUID("code:" + c.ID)
	}
	user := refiGUID("user:" + refiUser)
	vars := []string{"Role", "Group", "YOT"}
	proj := qdeProject{
		Name:             "desist",
		Origin:           refiUser,
		CreatingUserGUID: user,
		Users:            []qdeUser{{GUID: user, Name: refiUser, ID: refiUser}},
		CodeBook:         qdeCodeBook{Codes: codes},
	}
	// The participants' other attributes, by name, each a variable too.
	extra := map[string]bool{}
	for _, as := range e.attrs {
		for _, a := range as {
			if !slices.ContainsFunc(vars, func(v string) bool { return strings.EqualFold(v, a.Key) }) {
				extra[a.Key] = true
			}
		}
	}
	for k := range extra {
		vars = append(vars, k)
	}
	slices.Sort(vars[3:])
	for _, v := range vars {
		proj.Variables = append(proj.Variables, qdeVariable{GUID: refiGUID("variable:" + v), Name: v, Type: "Text"})
	}

	// Sources by name; GUIDs are handed out in this order.
	names := slices.Sorted(maps.Keys(e.chunks))
	ids := guids{}
	sourceGUID := map[string]string{}
	var texts []sourceText
	for _, name := range names {
		guid := ids.get("source:" + name)
		sourceGUID[name] = guid
		texts = append(texts, sourceText{guid: guid, write: func(w *bufio.Writer) error {
			first := true
			return e.eachStatement(name, func(s *refiRecord) error {
				if !first {
					w.WriteByte('\n')
				}
				first = false
				_, err := w.Write(s.text)
				return err
			})
		}})
	}
	var sources func(*bufio.Writer) error
	if len(names) > 0 {
		sources = func(w *bufio.Writer) error { return e.writeSources(w, names, sourceGUID, user, codeGUID) }
	}

	people := slices.Sorted(maps.Keys(e.cases))
	for _, p := range people {
		qc := qdeCase{GUID: ids.get("case:" + p), Name: p}
		// The first value given, in source order, wins.
		var c refiCaseValues
		sources := slices.Sorted(maps.Keys(e.cases[p]))
		for _, src := range sources {
			v := e.cases[p][src]
			c.role, c.group, c.yot = cmp.Or(c.role, v.role), cmp.Or(c.group, v.group), cmp.Or(c.yot, v.yot)
		}
		values := map[string]string{"Role": c.role, "Group": c.group, "YOT": c.yot}
		for _, a := range e.attrs[p] {
			if _, fixed := values[a.Key]; !fixed {
				values[a.Key] = a.Value
			}
		}
		for _, name := range vars {
			if v := values[name]; v != "" { // not known: no value rather than an empty one
				qc.Values = append(qc.Values, qdeVariableValue{Ref: qdeRef{Target: refiGUID("variable:" + name)}, Text: v})
			}
		}
		for _, src := range sources {
			qc.Sources = append(qc.Sources, qdeRef{Target: sourceGUID[src]})
		}
		if proj.Cases == nil {
			proj.Cases = &qdeCases{}
		}
		proj.Cases.Cases = append(proj.Cases.Cases, qc)
	}
	return proj, sources, texts
}

// writeSources writes the Sources element's children, one TextSource at
// a time with its selections read from the spool, as encoding/xml would
// write them at depth 2 of project.qde's indentation (a test holds the two
// to the same bytes).
func (e *refiExport) writeSources(w *bufio.Writer, names []string, sourceGUID map[string]string, user string, codeGUID map[string]string) error {
	var b, desc []byte
	attr := func(name, value string) {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, `="`...)
		b = appendXMLText(b, value)
		b = append(b, '"')
	}
	for _, name := range names {
		guid := sourceGUID[name]
		b = append(b[:0], "\n    <TextSource"...)
		attr("guid", guid)
		if name != "" {
			attr("name", name)
		}
		attr("plainTextPath", "internal://"+guid+".txt")
		attr("creatingUser", user)
		b = append(b, '>')
		w.Write(b)
		pos := 0 // in code points
		k := 0
		selections := 0
		// A selection's and a coding's GUIDs are named by their source, so
		// that the names told apart need be kept for one source only: a
		// run's memory does not grow with its coded segments.
		ids := guids{}
		err := e.eachStatement(name, func(s *refiRecord) error {
			if k > 0 {
				pos++ // the line break
			}
			k++
			start := pos
			pos += s.runes
			if len(s.codes) == 0 {
				return nil
			}
			selections++
			id := string(s.id)
			b = append(b[:0], "\n      <PlainTextSelection"...)
			attr("guid", ids.get("selection:"+guid+":"+id))
			if id != "" {
				attr("name", id)
			}
			b = append(b, ` startPosition="`...)
			b = strconv.AppendInt(b, int64(start), 10)
			b = append(b, `" endPosition="`...)
			b = strconv.AppendInt(b, int64(pos), 10)
			b = append(b, '"')
			attr("creatingUser", user)
			b = append(b, ">\n        <Description>"...)
			desc = appendSelectionDescription(desc[:0], s)
			b = appendXMLText(b, string(desc))
			b = append(b, "</Description>"...)
			for _, a := range s.codes {
				target, ok := codeGUID[string(a.code)]
				if !ok {
					return fmt.Errorf("statement %s has code %s, which is not in the codebook", id, a.code)
				}
				b = append(b, "\n        <Coding"...)
				attr("guid", ids.get("coding:"+guid+":"+id+":"+string(a.code)))
				attr("creatingUser", user)
				b = append(b, ">\n          <CodeRef"...)
				attr("targetGUID", target)
				b = append(b, "></CodeRef>\n        </Coding>"...)
			}
			b = append(b, "\n      </PlainTextSelection>"...)
			_, err := w.Write(b)
			return err
		})
		if err != nil {
			return err
		}
		if selections > 0 {
			w.WriteString("\n    ")
		}
		if _, err := w.WriteString("</TextSource>"); err != nil {
			return err
		}
	}
	return nil
}

// appendSelectionDescription appends what a selection's Description says:
// who said the statement and, per code, its polarity, confidence and cue,
// which REFI-QDA has no place for.
func appendSelectionDescription(b []byte, s *refiRecord) []byte {
	b = append(b, "Segment ID: "...)
	b = append(b, s.id...)
	if len(s.speaker) > 0 {
		b = append(b, "\nSpeaker: "...)
		b = append(b, s.speaker...)
	}
	for _, a := range s.codes {
		b = append(b, '\n')
		b = append(b, a.code...)
		b = append(b, ' ')
		b = append(b, a.polarity...)
		b = append(b, ", confidence "...)
		b = strconv.AppendFloat(b, a.confidence, 'f', -1, 64)
		b = append(b, ": "...)
		b = append(b, a.cue...)
	}
	return b
}

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values.
func appendXMLText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			continue
		}
		b = append(b, s[last:i-width]...)
		b = append(b, esc...)
		last = i
	}
	return append(b, s[last:]...)
}

// The documents, as encoding/xml writes them. Field order is the schemas'
// sequence order.

// qdcCodeBook is the root of codebook.qdc (Codebook.xsd).
type qdcCodeBook struct {
	XMLName xml.Name  `xml:"urn:QDA-XML:codebook:1.0 CodeBook"`
	Origin  string    `xml:"origin,attr,omitempty"`
	Codes   []qdaCode `xml:"Codes>Code"`
}

// qdaCode is a Code of either schema; the two agree on what desist writes.
type qdaCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   bool      `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	Codes       []qdaCode `xml:"Code"`
}

// qdeProject is the root of project.qde (Project.xsd).
type qdeProject struct {
	XMLName          xml.Name      `xml:"urn:QDA-XML:project:1.0 Project"`
	Name             string        `xml:"name,attr"`
	Origin           string        `xml:"origin,attr,omitempty"`
	CreatingUserGUID string        `xml:"creatingUserGUID,attr,omitempty"`
	Users            []qdeUser     `xml:"Users>User"`
	CodeBook         qdeCodeBook   `xml:"CodeBook"`
	Variables        []qdeVariable `xml:"Variables>Variable"`
	// Cases and Sources are pointers so that, with none, the element is
	// left out: the schema wants at least one Case or source in it.
	Cases   *qdeCases   `xml:"Cases,omitempty"`
	Sources *qdeSources `xml:"Sources,omitempty"`
}

type qdeCases struct {
	Cases []qdeCase `xml:"Case"`
}

// qdeSources is the project's sources. Reading a project fills it;
// writing one leaves it out and streams the sources from the export's
// spool (see writeProject).
type qdeSources struct {
	Sources []qdeTextSource `xml:"TextSource"`
}

// qdeCodeBook is the project's CodeBook: unlike the Codebook document's,
// it has no attributes.
type qdeCodeBook struct {
	Codes []qdaCode `xml:"Codes>Code"`
}

type qdeUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type qdeVariable struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
	Type string `xml:"typeOfVariable,attr"`
}

type qdeCase struct {
	GUID    string             `xml:"guid,attr"`
	Name    string             `xml:"name,attr,omitempty"`
	Values  []qdeVariableValue `xml:"VariableValue"`
	Sources []qdeRef           `xml:"SourceRef"`
}

type qdeVariableValue struct {
	Ref  qdeRef `xml:"VariableRef"`
	Text string `xml:"TextValue"`
}

type qdeRef struct {
	Target string `xml:"targetGUID,attr"`
}

type qdeTextSource struct {
	GUID          string         `xml:"guid,attr"`
	Name          string         `xml:"name,attr,omitempty"`
	PlainTextPath string         `xml:"plainTextPath,attr"`
	CreatingUser  string         `xml:"creatingUser,attr,omitempty"`
	Selections    []qdeSelection `xml:"PlainTextSelection"`
}

type qdeSelection struct {
	GUID         string      `xml:"guid,attr"`
	Name         string      `xml:"name,attr,omitempty"`
	Start        int         `xml:"startPosition,attr"`
	End          int         `xml:"endPosition,attr"`
	CreatingUser string      `xml:"creatingUser,attr,omitempty"`
	Description  string      `xml:"Description,omitempty"`
	Codings      []qdeCoding `xml:"Coding"`
}

type qdeCoding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	CodeRef      qdeRef `xml:"CodeRef"`
}
