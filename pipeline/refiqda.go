package pipeline

import (
	"archive/zip"
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
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
// REFI-QDA exchange files codebook.qdc and project.qdpx.
type refiExport struct {
	statements []refiStatement
	attrs      map[string][]Attr // participant -> attributes, already redacted
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
	id, source, participant, role, group, yot, speaker string
	text                                               string // one line of valid XML characters
	codes                                              []refiCoding
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
	r := refiStatement{
		id:          s.ID,
		source:      xmlClean(s.Source),
		participant: xmlClean(s.Participant),
		role:        xmlClean(s.Role),
		group:       xmlClean(s.Group),
		yot:         xmlClean(s.YOT),
		speaker:     xmlClean(s.Speaker),
		text:        oneLine(xmlClean(s.Text)),
	}
	for _, a := range s.final() {
		if a.Code == nil {
			continue
		}
		r.codes = append(r.codes, refiCoding{code: a.Code.ID, polarity: a.Polarity, confidence: a.Confidence, cue: xmlClean(a.Cue)})
	}
	e.statements = append(e.statements, r)
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
	proj, texts, err := e.project(cb, codes)
	if err != nil {
		return fmt.Errorf("writing the REFI-QDA files: %w", err)
	}
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
// sources/<guid>.txt.
type sourceText struct {
	guid, text string
}

// writeQDPX writes the zip: project.qde, then the sources in the
// project's order, each entry with the same fixed time.
func writeQDPX(w io.Writer, proj qdeProject, texts []sourceText) error {
	zw := zip.NewWriter(w)
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
		if _, err := io.WriteString(f, t.text); err != nil {
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
// runs on the same inputs.
type guids map[string]int

func (g guids) get(name string) string {
	n := g[name]
	g[name]++
	if n > 0 {
		name += "#" + strconv.Itoa(n)
	}
	return refiGUID(name)
}

// project builds the Project document and the sources' texts.
func (e *refiExport) project(cb *coding.Codebook, codes []qdaCode) (qdeProject, []sourceText, error) {
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

	// Sources by name, each with its statements in the order given.
	bySource := map[string][]int{}
	for i, s := range e.statements {
		bySource[s.source] = append(bySource[s.source], i)
	}
	names := slices.Sorted(maps.Keys(bySource))

	ids := guids{}
	var texts []sourceText
	type caseInfo struct {
		role, group, yot string
		sources          []string // GUIDs, in source order
	}
	cases := map[string]*caseInfo{}
	for _, name := range names {
		guid := ids.get("source:" + name)
		src := qdeTextSource{GUID: guid, Name: name, PlainTextPath: "internal://" + guid + ".txt", CreatingUser: user}
		var text strings.Builder
		pos := 0 // in code points
		for k, i := range bySource[name] {
			s := &e.statements[i]
			if k > 0 {
				text.WriteByte('\n')
				pos++
			}
			start := pos
			text.WriteString(s.text)
			pos += utf8.RuneCountInString(s.text)

			c := cases[s.participant]
			if c == nil {
				c = &caseInfo{}
				cases[s.participant] = c
			}
			// The first value given wins; a participant's statements
			// normally agree.
			c.role, c.group, c.yot = cmp.Or(c.role, s.role), cmp.Or(c.group, s.group), cmp.Or(c.yot, s.yot)
			if !slices.Contains(c.sources, guid) {
				c.sources = append(c.sources, guid)
			}

			if len(s.codes) == 0 {
				continue
			}
			sel := qdeSelection{
				GUID: ids.get("selection:" + s.id), Name: s.id,
				Start: start, End: pos, CreatingUser: user,
				Description: selectionDescription(s),
			}
			for _, a := range s.codes {
				if !known[a.code] {
					return qdeProject{}, nil, fmt.Errorf("statement %s has code %s, which is not in the codebook", s.id, a.code)
				}
				sel.Codings = append(sel.Codings, qdeCoding{
					GUID:         ids.get("coding:" + s.id + ":" + a.code),
					CreatingUser: user,
					CodeRef:      qdeRef{Target: refiGUID("code:" + a.code)},
				})
			}
			src.Selections = append(src.Selections, sel)
		}
		if proj.Sources == nil {
			proj.Sources = &qdeSources{}
		}
		proj.Sources.Sources = append(proj.Sources.Sources, src)
		texts = append(texts, sourceText{guid: guid, text: text.String()})
	}

	people := slices.Sorted(maps.Keys(cases))
	for _, p := range people {
		c := cases[p]
		qc := qdeCase{GUID: ids.get("case:" + p), Name: p}
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
		for _, g := range c.sources {
			qc.Sources = append(qc.Sources, qdeRef{Target: g})
		}
		if proj.Cases == nil {
			proj.Cases = &qdeCases{}
		}
		proj.Cases.Cases = append(proj.Cases.Cases, qc)
	}
	return proj, texts, nil
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
