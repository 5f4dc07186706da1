package coding

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Type says what kind of thing a code stands for.
type Type string

// The three types of code.
const (
	Enabling  Type = "enabling"  // a factor that helped desistance
	Hindering Type = "hindering" // a factor that got in the way
	DomainT   Type = "domain"    // one of the inspection's domains
)

// A Code is one entry of the codebook.
type Code struct {
	ID          string
	Type        Type
	Domain      string // the domain code's ID; empty for domain codes
	Label       string
	Description string
	Include     string // when to apply it
	Exclude     string // when not to apply it
	// Opposite, on an enabling code, is the hindering code that a negated
	// cue of this code is given as ("nobody listened" is H2, not E1 absent).
	// On a hindering code it is the enabling code a negated cue is given as,
	// where that is not the enabling code that names this one as its
	// opposite ("I never had to start from scratch" is E1, not H3 absent).
	Opposite string
	// About, when set, is the referent class (a key of the codebook's
	// referents, such as "worker") the code is about: a statement whose
	// words are about other people only is given the code of the same
	// type about them instead ("my mum listened to me" is E2, not E1), or
	// nothing.
	About string
	Cues  []Pattern
	// AbsentCues are patterns that describe the factor as missing without
	// a negative word ("still hanging about with the same lot" for new
	// peers): a match is recorded as absent. On an enabling code with an
	// opposite, such a match stays absent rather than becoming the
	// opposite ("there wasn't one person there I'd have rung" is E1
	// absent: no relationship at all, not a poor one).
	AbsentCues []Pattern
	Except     []Pattern // patterns that stop the cues giving this code
	// Beside, on a domain code, lists factor codes of other domains that
	// the domain code is also given beside when its cues match (a named
	// diversity need beside an unmet need: "H4 D3"). Otherwise a domain
	// code is given only when no factor code is.
	Beside      []string
	Examples    []string // statements that must get this code
	NonExamples []string // statements that must not
	Line        int      // line of the code's entry in the codebook file
}

// IsFactor reports whether c is an enabling or hindering factor.
func (c *Code) IsFactor() bool { return c.Type == Enabling || c.Type == Hindering }

// A Codebook is the set of codes a run codes against, in the order the
// codebook file gives them.
type Codebook struct {
	Name        string
	Version     string
	Description string
	Codes       []*Code
	// Referents are classes of people a statement may be about (worker,
	// family, ...), each with the patterns that mention them, in file
	// order.
	Referents []Referent
	// File is the name the codebook was loaded from, for messages.
	File string
	// Source is the codebook file's text as loaded.
	Source []byte

	byID map[string]*Code
}

// Code returns the code with the given ID.
func (cb *Codebook) Code(id string) (*Code, bool) {
	c, ok := cb.byID[id]
	return c, ok
}

// WithoutCues returns a copy of the codebook whose codes have no cues,
// so that a coder built on it gives only what its learned model adds: a
// measure of the model alone. Its referents are kept, as the model's
// people-mentioned features come from them.
func (cb *Codebook) WithoutCues() *Codebook {
	out := *cb
	out.Codes = make([]*Code, len(cb.Codes))
	out.byID = make(map[string]*Code, len(cb.Codes))
	for i, c := range cb.Codes {
		bare := *c
		bare.Cues, bare.AbsentCues = nil, nil
		out.Codes[i] = &bare
		out.byID[bare.ID] = &bare
	}
	return &out
}

// A Referent is a class of people and the patterns that name them.
type Referent struct {
	Class    string
	Patterns []Pattern
}

// A SyntaxError is a problem at a line of a codebook file.
type SyntaxError struct {
	File string
	Line int
	Err  error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *SyntaxError) Unwrap() error { return e.Err }

var validID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,31}$`)

// Parse reads a codebook from YAML text. file names it in errors. Every
// problem found is reported, each as a *SyntaxError naming the line,
// joined into one error.
func Parse(file string, src []byte) (*Codebook, error) {
	cb := &Codebook{File: file, Source: src, byID: map[string]*Code{}}
	p := &parser{file: file, aboutLines: map[*Code]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &SyntaxError{File: file, Line: yamlErrorLine(err), Err: fmt.Errorf("not valid YAML: %w", err)}
	}
	if len(doc.Content) == 0 {
		return nil, &SyntaxError{File: file, Line: 1, Err: errors.New("empty codebook")}
	}
	root := doc.Content[0]
	codesLine := 0
	p.mapping(root, "codebook", map[string]func(*yaml.Node){
		"name":        func(n *yaml.Node) { cb.Name = p.scalar(n, "name") },
		"version":     func(n *yaml.Node) { cb.Version = p.scalar(n, "version") },
		"description": func(n *yaml.Node) { cb.Description = p.scalar(n, "description") },
		"referents":   func(n *yaml.Node) { cb.Referents = p.referents(n) },
		"codes": func(n *yaml.Node) {
			codesLine = n.Line
			if n.Kind != yaml.SequenceNode {
				p.errorf(n, "codes must be a list")
				return
			}
			for _, item := range n.Content {
				if c := p.code(item); c != nil {
					if prev, dup := cb.byID[c.ID]; dup {
						p.errorf(item, "duplicate code ID %s (first defined at line %d)", c.ID, prev.Line)
						continue
					}
					cb.byID[c.ID] = c
					cb.Codes = append(cb.Codes, c)
				}
			}
		},
	})
	if codesLine == 0 && root.Kind == yaml.MappingNode {
		p.errorf(root, "no codes: the codebook needs a list under \"codes:\"")
	}
	p.crossCheck(cb)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return cb, nil
}

type parser struct {
	file       string
	errs       []error
	aboutLines map[*Code]int
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &SyntaxError{File: p.file, Line: n.Line, Err: fmt.Errorf(format, args...)})
}

// mapping calls the handler for each key of n, reporting unknown,
// duplicate and missing-value keys.
func (p *parser) mapping(n *yaml.Node, what string, fields map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of \"key: value\" lines", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := fields[k.Value]
		switch {
		case !ok:
			p.errorf(k, "unknown field %q in %s (known: %s)", k.Value, what, knownKeys(fields))
		case seen[k.Value]:
			p.errorf(k, "field %q given twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			h(v)
		}
	}
}

func knownKeys(fields map[string]func(*yaml.Node)) string {
	var ks []string
	for _, k := range fieldOrder {
		if _, ok := fields[k]; ok {
			ks = append(ks, k)
		}
	}
	return strings.Join(ks, ", ")
}

var fieldOrder = []string{"name", "version", "description", "referents", "codes", "id", "type", "domain", "label",
	"include", "exclude", "opposite", "about", "beside", "cues", "absent_cues", "except", "examples", "non_examples"}

func (p *parser) scalar(n *yaml.Node, key string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s must be a single value", key)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (p *parser) list(n *yaml.Node, key string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list", key)
		return nil
	}
	var out []*yaml.Node
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			p.errorf(item, "each entry of %s must be a single value", key)
			continue
		}
		out = append(out, item)
	}
	return out
}

func (p *parser) patterns(n *yaml.Node, key, id string) []Pattern {
	var ps []Pattern
	for _, item := range p.list(n, key) {
		pat, err := CompilePattern(item.Value)
		if err != nil {
			p.errorf(item, "code %s: broken pattern %q in %s: %w", id, item.Value, key, err)
			continue
		}
		ps = append(ps, pat)
	}
	return ps
}

func (p *parser) strings(n *yaml.Node, key string) []string {
	var ss []string
	for _, item := range p.list(n, key) {
		ss = append(ss, item.Value)
	}
	return ss
}

func (p *parser) code(n *yaml.Node) *Code {
	c := &Code{Line: n.Line}
	var cues, absentCues, except *yaml.Node
	var typeNode, aboutNode *yaml.Node
	errsBefore := len(p.errs)
	p.mapping(n, "a code", map[string]func(*yaml.Node){
		"id":           func(v *yaml.Node) { c.ID = p.scalar(v, "id") },
		"type":         func(v *yaml.Node) { c.Type = Type(p.scalar(v, "type")); typeNode = v },
		"domain":       func(v *yaml.Node) { c.Domain = p.scalar(v, "domain") },
		"label":        func(v *yaml.Node) { c.Label = p.scalar(v, "label") },
		"description":  func(v *yaml.Node) { c.Description = p.scalar(v, "description") },
		"include":      func(v *yaml.Node) { c.Include = p.scalar(v, "include") },
		"exclude":      func(v *yaml.Node) { c.Exclude = p.scalar(v, "exclude") },
		"opposite":     func(v *yaml.Node) { c.Opposite = p.scalar(v, "opposite") },
		"about":        func(v *yaml.Node) { c.About = p.scalar(v, "about"); aboutNode = v },
		"beside":       func(v *yaml.Node) { c.Beside = p.strings(v, "beside") },
		"cues":         func(v *yaml.Node) { cues = v },
		"absent_cues":  func(v *yaml.Node) { absentCues = v },
		"except":       func(v *yaml.Node) { except = v },
		"examples":     func(v *yaml.Node) { c.Examples = p.strings(v, "examples") },
		"non_examples": func(v *yaml.Node) { c.NonExamples = p.strings(v, "non_examples") },
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	name := c.ID
	switch {
	case c.ID == "":
		p.errorf(n, "code without an id")
		name = "at line " + strconv.Itoa(n.Line)
	case !validID.MatchString(c.ID):
		p.errorf(n, "code ID %q: use letters, digits, '-', '_' or '.', starting with a letter", c.ID)
	}
	if cues != nil {
		c.Cues = p.patterns(cues, "cues", name)
	}
	if absentCues != nil {
		c.AbsentCues = p.patterns(absentCues, "absent_cues", name)
	}
	if except != nil {
		c.Except = p.patterns(except, "except", name)
	}
	switch c.Type {
	case Enabling, Hindering:
		if c.Domain == "" {
			p.errorf(n, "code %s: a %s factor needs a domain", name, c.Type)
		}
	case DomainT:
		if c.Domain != "" {
			p.errorf(n, "code %s: a domain code cannot itself have a domain", name)
		}
	case "":
		p.errorf(n, "code %s: no type (enabling, hindering or domain)", name)
	default:
		p.errorf(typeNode, "code %s: unknown type %q (enabling, hindering or domain)", name, c.Type)
	}
	if c.Label == "" {
		p.errorf(n, "code %s: no label", name)
	}
	if len(c.Beside) > 0 && c.Type != DomainT {
		p.errorf(n, "code %s: only a domain code can be given beside other codes", name)
	}
	if c.Opposite != "" && c.Type != Enabling && c.Type != Hindering {
		p.errorf(n, "code %s: only an enabling or hindering code can have an opposite", name)
	}
	if len(p.errs) > errsBefore && c.ID == "" {
		return nil
	}
	if aboutNode != nil {
		p.aboutLines[c] = aboutNode.Line
	}
	return c
}

// referents reads the referents mapping: class name to a list of patterns.
func (p *parser) referents(n *yaml.Node) []Referent {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "referents must be a mapping of a class name to a list of patterns")
		return nil
	}
	var rs []Referent
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !validID.MatchString(k.Value) {
			p.errorf(k, "referent class %q: use letters, digits, '-' or '_'", k.Value)
			continue
		}
		rs = append(rs, Referent{Class: k.Value, Patterns: p.patterns(v, "referents", k.Value)})
	}
	return rs
}

// crossCheck checks references between codes: domains, opposites and
// referent classes.
func (p *parser) crossCheck(cb *Codebook) {
	for _, c := range cb.Codes {
		if c.About != "" && !slices.ContainsFunc(cb.Referents, func(r Referent) bool { return r.Class == c.About }) {
			p.errs = append(p.errs, &SyntaxError{File: p.file, Line: p.aboutLines[c],
				Err: fmt.Errorf("code %s: about %q is not a class under referents", c.ID, c.About)})
		}
		if c.Domain != "" {
			d, ok := cb.byID[c.Domain]
			switch {
			case !ok:
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: domain %s is not defined in the codebook", c.ID, c.Domain)})
			case d.Type != DomainT:
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: domain %s is a %s code, not a domain", c.ID, c.Domain, d.Type)})
			}
		}
		for _, id := range c.Beside {
			if b, ok := cb.byID[id]; !ok || !b.IsFactor() {
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: beside %s is not a factor code of the codebook", c.ID, id)})
			}
		}
		if c.Opposite != "" {
			o, ok := cb.byID[c.Opposite]
			switch {
			case !ok:
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: opposite %s is not defined in the codebook", c.ID, c.Opposite)})
			case c.Type == Enabling && o.Type != Hindering:
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: opposite %s must be a hindering code", c.ID, c.Opposite)})
			case c.Type == Hindering && o.Type != Enabling:
				p.errs = append(p.errs, &SyntaxError{File: p.file, Line: c.Line,
					Err: fmt.Errorf("code %s: opposite %s must be an enabling code", c.ID, c.Opposite)})
			}
		}
	}
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}
