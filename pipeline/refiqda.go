package pipeline

import (
	"archive/zip"
	"bufio"
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
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

// A refiStatement is what the export keeps of a Statement.
type refiStatement struct {
	id, speaker string
	text        string // one line of valid XML characters
	codes       []refiCoding
}

// A refiCoding is what the export keeps of a code given.
type refiCoding struct {
	code       string // the code's ID
	polarity   coding.Polarity
	confidence float64
	cue        string
}

// add is called for every statement, coded or not, in output order, after
// redaction.
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
	r := refiStatement{
		id:      s.ID,
		speaker: xmlClean(s.Speaker),
		text:    oneLine(xmlClean(s.Text)),
	}
	for _, a := range s.final() {
		if a.Code == nil {
			continue
		}
		r.codes = append(r.codes, refiCoding{code: a.Code.ID, polarity: a.Polarity, confidence: a.Confidence, cue: xmlClean(a.Cue)})
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
	v.role, v.group, v.yot = cmp.Or(v.role, xmlClean(s.Role)), cmp.Or(v.group, xmlClean(s.Group)), cmp.Or(v.yot, xmlClean(s.YOT))

	if source != e.last || len(e.chunks[source]) == 0 {
		e.chunks[source] = append(e.chunks[source], refiChunk{off: e.size})
		e.last = source
	}
	rec := r.encode()
	if _, e.err = e.bw.Write(rec); e.err != nil {
		return
	}
	e.size += int64(len(rec))
	cs := e.chunks[source]
	cs[len(cs)-1].n += int64(len(rec))
}

// discard removes the spool.
func (e *refiExport) discard() {
	if e.spool != nil {
		e.spool.Close()
		os.Remove(e.spool.Name())
		e.spool = nil
	}
}

// encode is r as a record of the spool: length-prefixed strings and
// numbers.
func (r *refiStatement) encode() []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(r.id)
	str(r.speaker)
	str(r.text)
	b = binary.AppendUvarint(b, uint64(len(r.codes)))
	for _, c := range r.codes {
		str(c.code)
		str(string(c.polarity))
		b = binary.AppendUvarint(b, math.Float64bits(c.confidence))
		str(c.cue)
	}
	return b
}

// readRefiStatement reads one record that encode wrote.
func readRefiStatement(br *bufio.Reader) (refiStatement, error) {
	var r refiStatement
	str := func() (string, error) {
		n, err := binary.ReadUvarint(br)
		if err != nil {
			return "", err
		}
		b := make([]byte, n)
		_, err = io.ReadFull(br, b)
		return string(b), err
	}
	var err error
	if r.id, err = str(); err != nil {
		return r, err
	}
	if r.speaker, err = str(); err != nil {
		return r, err
	}
	if r.text, err = str(); err != nil {
		return r, err
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return r, err
	}
	for range n {
		var c refiCoding
		var pol string
		if c.code, err = str(); err != nil {
			return r, err
		}
		if pol, err = str(); err != nil {
			return r, err
		}
		c.polarity = coding.Polarity(pol)
		bits, err := binary.ReadUvarint(br)
		if err != nil {
			return r, err
		}
		c.confidence = math.Float64frombits(bits)
		if c.cue, err = str(); err != nil {
			return r, err
		}
		r.codes = append(r.codes, c)
	}
	return r, nil
}

// eachStatement calls fn with the statements of source, in output order.
func (e *refiExport) eachStatement(source string, fn func(*refiStatement) error) error {
	for _, c := range e.chunks[source] {
		br := bufio.NewReaderSize(io.NewSectionReader(e.spool, c.off, c.n), 1<<16)
		for {
			r, err := readRefiStatement(br)
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("reading back the export's statements: %w", err)
			}
			if err := fn(&r); err != nil {
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
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			return r
		}
		return -1
	}, s)
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
	proj, texts := e.project(cb, codes)
	if err := out.write("codebook.qdc", func(w io.Writer) error {
		return writeXML(w, qdcCodeBook{Origin: refiUser, Codes: codes})
	}); err != nil {
		return err
	}
	return out.write("project.qdpx", func(w io.Writer) error {
		return writeQDPX(w, proj, texts)
	})
}

// A sourceText is one source's text, to be stored in the qdpx as
// sources/<guid>.txt: its statements, one a line, written by write.
type sourceText struct {
	guid  string
	write func(io.Writer) error
}

// writeQDPX writes the zip: project.qde, then the sources in the
// project's order, each entry with the same fixed time.
func writeQDPX(w io.Writer, proj qdeProject, texts []sourceText) error {
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
	if err := writeXML(f, proj); err != nil {
		return err
	}
	for _, t := range texts {
		f, err := create("sources/" + t.guid + ".txt")
		if err != nil {
			return err
		}
		if err := t.write(f); err != nil {
			return err
		}
	}
	return zw.Close()
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

// project builds the Project document and the sources' texts. The
// sources' selections are read from the spool as the document is written,
// and so are their texts.
func (e *refiExport) project(cb *coding.Codebook, codes []qdaCode) (qdeProject, []sourceText) {
	known := map[string]bool{}
	for _, c := range cb.Codes {
		known[c.ID] = true
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
		texts = append(texts, sourceText{guid: guid, write: func(w io.Writer) error {
			first := true
			return e.eachStatement(name, func(s *refiStatement) error {
				if !first {
					if _, err := io.WriteString(w, "\n"); err != nil {
						return err
					}
				}
				first = false
				_, err := io.WriteString(w, s.text)
				return err
			})
		}})
	}
	if len(names) > 0 {
		proj.Sources = &qdeSources{names: names, guid: sourceGUID, user: user, known: known, e: e}
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
	return proj, texts
}

// MarshalXML writes the Sources element, one TextSource at a time with
// its selections read from the spool, so that no more than one source's
// selections are in memory.
func (q *qdeSources) MarshalXML(enc *xml.Encoder, start xml.StartElement) error {
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, name := range q.names {
		guid := q.guid[name]
		src := qdeTextSource{GUID: guid, Name: name, PlainTextPath: "internal://" + guid + ".txt", CreatingUser: q.user}
		pos := 0 // in code points
		k := 0
		// A selection's and a coding's GUIDs are named by their source, so
		// that the names told apart need be kept for one source only: a
		// run's memory does not grow with its coded segments.
		ids := guids{}
		err := q.e.eachStatement(name, func(s *refiStatement) error {
			if k > 0 {
				pos++ // the line break
			}
			k++
			start := pos
			pos += utf8.RuneCountInString(s.text)
			if len(s.codes) == 0 {
				return nil
			}
			sel := qdeSelection{
				GUID: ids.get("selection:" + guid + ":" + s.id), Name: s.id,
				Start: start, End: pos, CreatingUser: q.user,
				Description: selectionDescription(s),
			}
			for _, a := range s.codes {
				if !q.known[a.code] {
					return fmt.Errorf("statement %s has code %s, which is not in the codebook", s.id, a.code)
				}
				sel.Codings = append(sel.Codings, qdeCoding{
					GUID:         ids.get("coding:" + guid + ":" + s.id + ":" + a.code),
					CreatingUser: q.user,
					CodeRef:      qdeRef{Target: refiGUID("code:" + a.code)},
				})
			}
			src.Selections = append(src.Selections, sel)
			return nil
		})
		if err != nil {
			return err
		}
		if err := enc.EncodeElement(src, xml.StartElement{Name: xml.Name{Local: "TextSource"}}); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// selectionDescription says who said the statement and, per code, its
// polarity, confidence and cue, which REFI-QDA has no place for.
func selectionDescription(s *refiStatement) string {
	var b strings.Builder
	b.WriteString("Segment ID: " + s.id)
	if s.speaker != "" {
		b.WriteString("\nSpeaker: " + s.speaker)
	}
	for _, a := range s.codes {
		fmt.Fprintf(&b, "\n%s %s, confidence %s: %s", a.code, a.polarity, strconv.FormatFloat(a.confidence, 'f', -1, 64), a.cue)
	}
	return b.String()
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

// qdeSources is the project's sources. Reading a project fills Sources;
// writing one streams them from the export's spool (see its MarshalXML).
type qdeSources struct {
	Sources []qdeTextSource `xml:"TextSource"`

	names []string          // sources, in order
	guid  map[string]string // source -> GUID
	user  string
	known map[string]bool // the codebook's code IDs
	e     *refiExport
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
