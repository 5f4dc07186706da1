package coding

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Polarity says whether a statement describes a factor as there or as
// missing.
type Polarity string

// The two polarities.
const (
	Present Polarity = "present"
	Absent  Polarity = "absent"
)

// An Assignment is a code given to a statement, with the evidence for it.
type Assignment struct {
	Code     *Code
	Polarity Polarity
	// Cue says why the code was given: the patterns that fired and the
	// words they matched, and any negation or hypothetical that changed
	// the polarity.
	Cue string
	// Confidence is between 0 and 1: how sure the rules are.
	Confidence float64
}

// A Coder gives codes to statements. It is safe for concurrent use.
type Coder struct {
	cb *Codebook
	// first maps a word to the patterns that may start with it, and
	// prefix a word's prefix to those starting with a prefix term, so
	// that a statement's words pick the patterns worth trying.
	first  map[string][]patternRef
	prefix map[string][]patternRef
	model  *Model // nil for cues alone
}

// WithModel returns a coder that also gives the codes a learned model
// finds likely where the cues found nothing.
func (c *Coder) WithModel(m *Model) *Coder {
	cc := *c
	cc.model = m
	return &cc
}

// A patternRef names one cue, except or referent pattern of the codebook.
type patternRef struct {
	code int // index into cb.Codes, or into cb.Referents for a referent
	kind patternKind
	n    int // index into the code's Cues or Except, or the referent's Patterns
}

type patternKind uint8

const (
	cuePattern patternKind = iota
	absentPattern
	exceptPattern
	referentPattern
)

// NewCoder returns a coder for the codebook.
func NewCoder(cb *Codebook) *Coder {
	c := &Coder{cb: cb, first: map[string][]patternRef{}, prefix: map[string][]patternRef{}}
	add := func(p *Pattern, ref patternRef) {
		words, prefixes := p.First()
		for _, w := range words {
			c.first[w] = append(c.first[w], ref)
		}
		for _, pre := range prefixes {
			c.prefix[pre] = append(c.prefix[pre], ref)
		}
	}
	for i, code := range cb.Codes {
		for n := range code.Cues {
			add(&code.Cues[n], patternRef{code: i, kind: cuePattern, n: n})
		}
		for n := range code.AbsentCues {
			add(&code.AbsentCues[n], patternRef{code: i, kind: absentPattern, n: n})
		}
		for n := range code.Except {
			add(&code.Except[n], patternRef{code: i, kind: exceptPattern, n: n})
		}
	}
	for i, r := range cb.Referents {
		for n := range r.Patterns {
			add(&r.Patterns[n], patternRef{code: i, kind: referentPattern, n: n})
		}
	}
	return c
}

// A mention is a word or phrase naming a person: a referent class's
// pattern, or a pronoun (class "").
type mention struct {
	at    int
	class string
	word  string
}

// subjectPronouns stand for someone who is doing something.
var subjectPronouns = map[string]bool{
	"she": true, "he": true, "they": true, "she's": true, "he's": true, "they're": true,
	"she'd": true, "he'd": true, "they'd": true, "she'll": true, "he'll": true,
}

// mentions returns the people the words mention, in order.
func (c *Coder) mentions(words []Word, cand map[patternRef][]int) []mention {
	var ms []mention
	for i, r := range c.cb.Referents {
		for n := range r.Patterns {
			for _, start := range cand[patternRef{code: i, kind: referentPattern, n: n}] {
				if _, ok := r.Patterns[n].MatchAt(words, start); ok {
					ms = append(ms, mention{at: start, class: r.Class})
				}
			}
		}
	}
	for i, w := range words {
		if subjectPronouns[w.Text] {
			ms = append(ms, mention{at: i, word: w.Text})
		}
	}
	slices.SortStableFunc(ms, func(a, b mention) int { return a.at - b.at })
	return ms
}

// about returns who the words from at on are about: the person last
// mentioned before them, or, when that is a pronoun, whoever the context
// (the sentence before) mentions; with no one before, the first person
// named after. Nil means no one in particular.
func (c *Coder) about(words []Word, ms []mention, at int, context string) []string {
	var before *mention
	for i := range ms {
		if ms[i].at < at {
			before = &ms[i]
		}
	}
	switch {
	case before != nil && before.class != "":
		return []string{before.class}
	case before != nil:
		if context == "" {
			return nil
		}
		cw := Words(context)
		var classes []string
		for _, m := range c.mentions(cw, c.candidates(cw)) {
			if m.class != "" && !slices.Contains(classes, m.class) {
				classes = append(classes, m.class)
			}
		}
		return classes
	}
	for _, m := range ms {
		if m.class != "" {
			return []string{m.class}
		}
	}
	return nil
}

// candidates returns, for each pattern that may match words, the word
// indices where it may start, in order.
func (c *Coder) candidates(words []Word) map[patternRef][]int {
	cand := map[patternRef][]int{}
	for i, w := range words {
		for _, r := range c.first[w.Text] {
			cand[r] = append(cand[r], i)
		}
		for k := 1; k <= len(w.Text); k++ {
			for _, r := range c.prefix[w.Text[:k]] {
				if s := cand[r]; len(s) == 0 || s[len(s)-1] != i {
					cand[r] = append(s, i)
				}
			}
		}
	}
	return cand
}

// byCode returns the code patterns (cues, absent cues, excepts) that have
// candidates, sorted by code, kind and index, so that findEvidence looks
// at those alone rather than at every pattern of the codebook.
func byCode(cand map[patternRef][]int) []patternRef {
	// Sorting the refs packed into integers is much quicker than with a
	// comparison function.
	keys := make([]uint64, 0, len(cand))
	for r := range cand {
		if r.kind != referentPattern {
			keys = append(keys, uint64(r.code)<<40|uint64(r.kind)<<32|uint64(r.n))
		}
	}
	slices.Sort(keys)
	refs := make([]patternRef, len(keys))
	for i, k := range keys {
		refs[i] = patternRef{code: int(k >> 40), kind: patternKind(k >> 32 & 0xff), n: int(k & 0xffffffff)}
	}
	return refs
}

func comparePatternRefs(a, b patternRef) int {
	return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.kind, b.kind), cmp.Compare(a.n, b.n))
}

// forCode returns the part of refs (sorted by byCode) that is code ci's.
func forCode(refs []patternRef, ci int) []patternRef {
	lo, _ := slices.BinarySearchFunc(refs, patternRef{code: ci}, comparePatternRefs)
	hi := lo
	for hi < len(refs) && refs[hi].code == ci {
		hi++
	}
	return refs[lo:hi]
}

// Codebook returns the coder's codebook.
func (c *Coder) Codebook() *Codebook { return c.cb }

// evidence is one cue match, read in its context.
type evidence struct {
	cue          *Pattern
	words        string // the words matched
	at           int    // index of the first word matched
	negator      string // the negating word, if the match is negated
	hypothetical string // the word making it hypothetical, if any
	multiWord    bool
	absent       bool // an absent cue: the words describe the factor as missing
}

// Code returns the codes text earns, in codebook order. Factor codes come
// from their cues; a domain code is given only when the statement matches
// the domain's cues and no factor code of that domain was given.
func (c *Coder) Code(text string) []Assignment { return c.CodeIn(text, "") }

// CodeIn is Code for a statement said after context (the sentence before
// it, by the same speaker), which tells who a pronoun stands for.
func (c *Coder) CodeIn(text, context string) []Assignment {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	cand := c.candidates(words)
	refs := byCode(cand)
	var ms []mention
	msDone := false
	found := map[string]Assignment{}
	factor := false // whether any factor code was given
	for i, code := range c.cb.Codes {
		if !code.IsFactor() {
			continue
		}
		ev := c.findEvidence(i, words, text, cand, refs)
		if len(ev) == 0 {
			continue
		}
		a := decide(code, ev)
		if code.About != "" {
			if !msDone {
				ms, msDone = c.mentions(words, cand), true
			}
			first := ev[0].at
			for _, e := range ev[1:] {
				first = min(first, e.at)
			}
			about := c.about(words, ms, first, context)
			if len(about) > 0 && !slices.Contains(about, code.About) {
				alt := c.codeAbout(code.Type, about)
				if alt == nil {
					continue
				}
				a.Cue = fmt.Sprintf("%s; about %s, so %s not %s", a.Cue, alt.About, alt.ID, code.ID)
				a.Code = alt
			}
		}
		if a.Polarity == Absent {
			c.turn(&a)
		}
		if prev, ok := found[a.Code.ID]; ok {
			// Two codes' cues led to the same code (a negated enabling cue
			// and the hindering code's own, say): keep the first polarity
			// and count the other as further evidence.
			prev.Cue += "; " + a.Cue
			prev.Confidence = math.Round(math.Min(0.95, prev.Confidence+0.1)*100) / 100
			a = prev
		}
		found[a.Code.ID] = a
		factor = true
	}
	if c.model != nil {
		probs := c.model.Predict(text)
		for _, code := range c.cb.Codes {
			p, ok := probs[code.ID]
			if _, given := found[code.ID]; given || !ok || !code.IsFactor() || p < c.model.Threshold {
				continue
			}
			found[code.ID] = Assignment{Code: code, Polarity: Present,
				Confidence: math.Round(p*0.8*100) / 100,
				Cue:        fmt.Sprintf("learned model (p=%.2f: %s)", p, c.model.why(code.ID, text))}
			factor = true
		}
	}
	if !factor {
		// A statement that speaks to a domain but to none of the factors
		// is coded with the domain alone.
		for i, code := range c.cb.Codes {
			if code.Type != DomainT {
				continue
			}
			if ev := c.findEvidence(i, words, text, cand, refs); len(ev) > 0 {
				found[code.ID] = decide(code, ev)
			}
		}
	}
	var out []Assignment
	for _, code := range c.cb.Codes {
		if a, ok := found[code.ID]; ok {
			out = append(out, a)
		}
	}
	return out
}

// turn gives a factor described as missing as the code that names it:
// a negated enabling factor with an opposite is that hindering factor
// present ("nobody listened to me" is H2), and a negated hindering factor
// that is some enabling factor's opposite is that enabling factor present
// ("she never judged me" is E1). Other factors stay absent.
func (c *Coder) turn(a *Assignment) {
	switch a.Code.Type {
	case Enabling:
		if opp, ok := c.cb.Code(a.Code.Opposite); ok && a.Code.Opposite != "" {
			a.Cue = fmt.Sprintf("%s described as missing: %s", a.Code.ID, a.Cue)
			a.Code, a.Polarity = opp, Present
		}
	case Hindering:
		for _, e := range c.cb.Codes {
			if e.Type == Enabling && e.Opposite == a.Code.ID {
				a.Cue = fmt.Sprintf("%s described as missing: %s", a.Code.ID, a.Cue)
				a.Code, a.Polarity = e, Present
				return
			}
		}
	}
}

// codeAbout returns the first factor code of type t about one of the
// classes, or nil.
func (c *Coder) codeAbout(t Type, classes []string) *Code {
	for _, code := range c.cb.Codes {
		if code.Type == t && code.About != "" && slices.Contains(classes, code.About) {
			return code
		}
	}
	return nil
}

// findEvidence returns the matches of code ci's cues in words, or none
// when one of its except patterns matches.
func (c *Coder) findEvidence(ci int, words []Word, text string, cand map[patternRef][]int, refs []patternRef) []evidence {
	code := c.cb.Codes[ci]
	mine := forCode(refs, ci)
	for _, r := range mine {
		if r.kind != exceptPattern {
			continue
		}
		for _, start := range cand[r] {
			if _, ok := code.Except[r.n].MatchAt(words, start); ok {
				return nil
			}
		}
	}
	var ev []evidence
	// mine is in kind order, cues before absent cues, and pattern order
	// within a kind.
	for _, r := range mine {
		var cue *Pattern
		switch r.kind {
		case cuePattern:
			cue = &code.Cues[r.n]
		case absentPattern:
			cue = &code.AbsentCues[r.n]
		default:
			continue
		}
		end := 0
		for _, start := range cand[r] {
			if start < end {
				continue // matches do not overlap
			}
			m, ok := cue.MatchAt(words, start)
			if !ok {
				continue
			}
			end = m.End
			ev = append(ev, evidence{
				cue:          cue,
				words:        text[words[m.Start].Start:words[m.End-1].End],
				at:           m.Start,
				negator:      negatorIn(words, m),
				hypothetical: hypotheticalBefore(words, m.Start),
				multiWord:    m.End-m.Start > 1,
				absent:       r.kind == absentPattern,
			})
		}
	}
	return ev
}

// decide combines the evidence for one code into an assignment. The
// polarity is that of the first match (always present for a domain): a
// negated cue describes the factor as missing, and so does a hypothetical
// or a wish ("if I'd had one worker the whole time"), unless it is
// negated too ("if I hadn't got on with my worker I wouldn't have gone"
// says the relationship was there). Each further distinct cue adds to the
// confidence; negation lowers it a little, a hypothetical more.
func decide(code *Code, ev []evidence) Assignment {
	first := ev[0]
	for _, e := range ev[1:] {
		if e.at < first.at {
			first = e
		}
	}
	a := Assignment{Code: code, Polarity: Present, Confidence: 0.6}
	if first.multiWord {
		a.Confidence = 0.8
	}
	var parts []string
	seen := map[*Pattern]bool{}
	for _, e := range ev {
		if seen[e.cue] {
			continue
		}
		seen[e.cue] = true
		if len(seen) > 1 {
			a.Confidence += 0.1
		}
		parts = append(parts, fmt.Sprintf("%s → %q", e.cue.Text, e.words))
	}
	a.Cue = strings.Join(parts, "; ")
	if code.Type != DomainT {
		var why []string
		if first.hypothetical != "" {
			why = append(why, fmt.Sprintf("hypothetical (%q)", first.hypothetical))
			a.Confidence *= 0.6
		}
		if first.negator != "" {
			why = append(why, fmt.Sprintf("negated (%q)", first.negator))
			a.Confidence *= 0.85
		}
		if first.absent {
			why = append(why, "missing")
		}
		if (first.hypothetical != "") != (first.negator != "") != first.absent {
			a.Polarity = Absent
		}
		if len(why) > 0 {
			a.Cue = strings.Join(why, ", ") + ": " + a.Cue
		}
	}
	a.Confidence = math.Round(math.Min(a.Confidence, 0.95)*100) / 100
	return a
}

// negationWindow is how many words before a cue a negator may stand.
const negationWindow = 6

var negators = map[string]bool{
	"never": true, "not": true, "no": true, "nobody": true, "noone": true, "nothing": true,
	"none": true, "neither": true, "nor": true, "hardly": true, "barely": true, "without": true,
	"cannot": true, "nowhere": true, "nae": true,
}

// scopeEnds are words that end a negation's or a condition's reach.
var scopeEnds = map[string]bool{
	"but": true, "and": true, "though": true, "although": true, "because": true, "cos": true,
	"so": true, "until": true, "while": true, "whereas": true, "except": true, "then": true,
}

func isNegator(w string) bool {
	return negators[w] || strings.HasSuffix(w, "n't")
}

// negatorIn returns the word that negates a match, or "": one before it
// in its clause, or one inside a gap of the match ("my mum never stood by
// me" against "mum ... stood by me"). Negative words that the cue itself
// names ("never judged") do not count.
func negatorIn(words []Word, m Match) string {
	for _, j := range m.Gaps {
		if isNegator(words[j].Text) {
			return words[j].Text
		}
	}
	return lookBack(words, m.Start, negationWindow, isNegator)
}

var conditionals = map[string]bool{
	"if": true, "wish": true, "wished": true, "unless": true, "would've": true, "could've": true,
	"should've": true, "if'd": true,
}

func hypotheticalBefore(words []Word, i int) string {
	return lookBack(words, i, 8, func(w string) bool { return conditionals[w] })
}

// lookBack searches up to n words before words[i], within its clause, for
// one that is(w).
func lookBack(words []Word, i, n int, is func(string) bool) string {
	for j := i - 1; j >= 0 && j >= i-n; j-- {
		if words[j+1].Break || scopeEnds[words[j].Text] {
			return ""
		}
		if is(words[j].Text) {
			return words[j].Text
		}
	}
	return ""
}
