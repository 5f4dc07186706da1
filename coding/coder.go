package coding

import (
	"fmt"
	"maps"
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
	// first maps a word to the patterns whose anchor step it matches,
	// and prefix a word's prefix to those whose anchor step has that
	// prefix term, so that a statement's words pick the patterns worth
	// trying. A pattern's anchor is its first step unless that may be a
	// word most statements have ("I ... trust"): then it is its first
	// step that may not.
	first  map[string][]int32
	prefix map[string][]int32
	// prefixes holds the prefixes of prefix by their first keyLen bytes
	// (keyLen is the length of the shortest), so that a word takes one
	// look-up to find those it may start with.
	prefixes map[string][]string
	keyLen   int
	// anchors holds, by pattern number, the pattern and where its
	// anchor step is.
	anchors []anchor
	// refs holds every pattern by its number (its index), numbered code
	// by code in codebook order (cues, absent cues, excepts), then the
	// referents'; base holds, by kind, the number of each code's (or
	// referent's) first pattern of that kind.
	refs []patternRef
	base [4][]int32
	// codeStart holds the number of each code's first pattern, and last
	// the number of the first referent's.
	codeStart []int32
	model     *Model // nil for cues alone
	// modelCodes holds, in the order of the model's codes, the codebook's
	// factor code of each (nil for a code that is not one).
	modelCodes []*Code
}

// WithModel returns a coder that also gives the codes a learned model
// finds likely where the cues found nothing.
func (c *Coder) WithModel(m *Model) *Coder {
	cc := *c
	cc.model, cc.modelCodes = m, nil
	if m != nil {
		m.build()
		for _, id := range m.ids {
			code, ok := c.cb.Code(id)
			if !ok || !code.IsFactor() {
				code = nil
			}
			cc.modelCodes = append(cc.modelCodes, code)
		}
	}
	return &cc
}

// Model returns the coder's learned model, or nil for cues alone.
func (c *Coder) Model() *Model { return c.model }

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
	c := &Coder{cb: cb, first: map[string][]int32{}, prefix: map[string][]int32{}}
	for k := range c.base {
		n := len(cb.Codes)
		if patternKind(k) == referentPattern {
			n = len(cb.Referents)
		}
		c.base[k] = make([]int32, n)
	}
	add := func(p *Pattern, ref patternRef) {
		id := int32(len(c.refs))
		if ref.n == 0 {
			c.base[ref.kind][ref.code] = id
		}
		c.refs = append(c.refs, ref)
		a := anchorOf(p)
		c.anchors = append(c.anchors, a)
		words, prefixes := p.stepTerms(a.step)
		for _, w := range words {
			c.first[w] = append(c.first[w], id)
		}
		for _, pre := range prefixes {
			c.prefix[pre] = append(c.prefix[pre], id)
		}
	}
	for i, code := range cb.Codes {
		c.codeStart = append(c.codeStart, int32(len(c.refs)))
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
	c.codeStart = append(c.codeStart, int32(len(c.refs)))
	for i, r := range cb.Referents {
		for n := range r.Patterns {
			add(&r.Patterns[n], patternRef{code: i, kind: referentPattern, n: n})
		}
	}
	pres := slices.Sorted(maps.Keys(c.prefix))
	for _, pre := range pres {
		if c.keyLen == 0 || len(pre) < c.keyLen {
			c.keyLen = len(pre)
		}
	}
	c.prefixes = map[string][]string{}
	for _, pre := range pres {
		k := pre[:c.keyLen]
		c.prefixes[k] = append(c.prefixes[k], pre)
	}
	return c
}

// An anchor is the step of a pattern that picks it as a candidate.
type anchor struct {
	p    *Pattern
	step int // the anchor step's index
	back int // how many words before the anchor's the pattern may start
}

// commonWords are words so many statements have that a pattern starting
// with one is better picked by a later step.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i i'm i've i'd me my mine you your he him his she her they them their
		we us our it it's the a an to of and or in on at for with was were is are be been that this
		do did didn't don't not no never just like so but all get got go went have had has would
		could can if what about there one know said says say`) {
		commonWords[w] = true
	}
}

// anchorOf returns p's anchor: its first step none of whose words is
// common and that has no prefix term shorter than four letters, or its
// first step if there is none.
func anchorOf(p *Pattern) anchor {
	back := 0
	for k, st := range p.steps {
		if k > 0 {
			back += 1 + st.gap
		}
		if rareStep(st) {
			return anchor{p: p, step: k, back: back}
		}
	}
	return anchor{p: p}
}

// rareStep reports whether no word a step matches is common.
func rareStep(st step) bool {
	for w := range st.words {
		if commonWords[w] {
			return false
		}
	}
	for _, pre := range st.prefixes {
		if len(pre) < 4 {
			return false
		}
	}
	return true
}

// id returns the number of the pattern r names.
func (c *Coder) id(r patternRef) int32 { return c.base[r.kind][r.code] + int32(r.n) }

// cands holds, for each pattern that may match a statement's words, the
// word indices where it may start, in order: the patterns by number in
// ids, the starts of ids[k] in starts[offs[k]:offs[k+1]].
type cands struct {
	ids    []int32
	offs   []int32
	starts []int
}

// at returns the word indices where pattern id may start.
func (cs *cands) at(id int32) []int {
	k, ok := slices.BinarySearch(cs.ids, id)
	if !ok {
		return nil
	}
	return cs.starts[cs.offs[k]:cs.offs[k+1]]
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
func (c *Coder) mentions(words []Word, cand *cands) []mention {
	var ms []mention
	for i, r := range c.cb.Referents {
		for n := range r.Patterns {
			for _, start := range cand.at(c.id(patternRef{code: i, kind: referentPattern, n: n})) {
				if _, ok := r.Patterns[n].matchFirst(words, start); ok {
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
	// A name said to the listener at the end of a clause ("read the file
	// mate, it's all in there") is not who the words are about.
	ms = slices.DeleteFunc(ms, func(m mention) bool {
		return m.class != "" && m.at > 0 && !words[m.at].Break && !nameLead[words[m.at-1].Text] &&
			(m.at+1 == len(words) || words[m.at+1].Break)
	})
	slices.SortStableFunc(ms, func(a, b mention) int { return a.at - b.at })
	// Someone else's relative or partner ("Jayden's mum", "my mate's
	// dad", "my mum's boyfriend") is not the speaker's: such a mention,
	// after a possessive that does not name the same class, stands for
	// someone outside every class.
	for k := range ms {
		m := &ms[k]
		if m.class == "" || m.at == 0 || !strings.HasSuffix(words[m.at-1].Text, "'s") || words[m.at].Break {
			continue
		}
		owner := ""
		for _, o := range ms {
			if o.at == m.at-1 && o.class != "" {
				owner = o.class
			}
		}
		if owner != m.class {
			m.class, m.word = "", otherPerson
		}
	}
	return ms
}

// reporting verbs introduce reported speech.
var reporting = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "reckons": true, "reckoned": true,
	"thinks": true, "thought": true, "reckon": true,
}

// nameLead are words that lead a mention of someone talked about rather
// than to.
var nameLead = map[string]bool{
	"my": true, "me": true, "the": true, "his": true, "her": true, "our": true, "your": true, "their": true,
	"a": true, "an": true, "this": true, "that": true, "these": true, "those": true, "them": true, "with": true,
	"to": true, "for": true, "of": true, "from": true, "about": true, "and": true, "some": true, "all": true,
	"old": true, "new": true, "other": true, "own": true, "best": true, "by": true, "at": true, "like": true,
	"no": true, "any": true, "every": true, "each": true, "than": true, "or": true, "nor": true, "as": true,
}

// otherPerson marks a mention of someone outside every referent class.
const otherPerson = "'s"

// about returns who the words from at on are about: the person last
// mentioned before them, or, when that is a pronoun, whoever the context
// (the sentence before) mentions. Nil means no one in particular.
func (c *Coder) about(st *statement, at int) []string {
	words, ms := st.words, st.mentions()
	var before *mention
	for i := range ms {
		if ms[i].at < at {
			before = &ms[i]
		}
	}
	switch {
	case before != nil && before.class != "":
		return []string{before.class}
	case before != nil && before.word == otherPerson:
		return nil
	case before != nil:
		var classes []string
		for _, m := range st.contextMentions() {
			if m.class != "" && !slices.Contains(classes, m.class) {
				classes = append(classes, m.class)
			}
		}
		if len(classes) == 0 && (strings.HasPrefix(before.word, "she") || strings.HasPrefix(before.word, "he")) {
			// No one in the sentence before: "she" or "he" after a family
			// member named in this sentence ("my mum didn't give up, she
			// came looking for me") stands for them. Not "they", which is
			// often the service, nor after a reporting verb ("my mate said
			// he's had five workers"): reported speech is coded for what
			// it reports.
			var last *mention
			for i := range ms {
				if ms[i].at < before.at {
					last = &ms[i]
				}
			}
			if last != nil && last.class != "" && !strings.HasSuffix(words[last.at].Text, "'s") &&
				!slices.ContainsFunc(words[last.at:before.at], func(w Word) bool { return reporting[w.Text] }) {
				classes = []string{last.class}
			}
		}
		return classes
	}
	// With no one named before, the words are about no one in
	// particular: someone named after them is mostly who they were done
	// to or told about ("stuff I never even told my mum").
	return nil
}

// codeCandidates returns, for code ci, where its cue, absent cue and
// except patterns that may match are in cand: cand.ids[lo:hi], ordered by
// kind and index (patterns are numbered code by code and kind by kind),
// so that a code's patterns that cannot match cost nothing.
func (c *Coder) codeCandidates(cand *cands, ci int) (lo, hi int) {
	lo, _ = slices.BinarySearch(cand.ids, c.codeStart[ci])
	hi, _ = slices.BinarySearch(cand.ids, c.codeStart[ci+1])
	return lo, hi
}

// candidates returns, for each pattern that may match words, the word
// indices where it may start, in order.
//
// infos, when not nil, holds what a Sequence remembers of each word.
func (c *Coder) candidates(words []Word, infos []wordInfo, sc *scratch) *cands {
	// Each pair is a pattern's number and a start, sorted and made
	// unique: a pattern may start at a word by a whole word and by a
	// prefix.
	var pairs []uint64
	if sc != nil {
		pairs = sc.pairs[:0]
	}
	// found adds the starts of pattern id given that its anchor step
	// matches word i: i itself for a first-step anchor, otherwise the
	// words before i, as far back as the steps and gaps before the
	// anchor reach, that match the first step.
	found := func(id int32, i int) {
		a := &c.anchors[id]
		if a.step == 0 {
			pairs = append(pairs, uint64(id)<<32|uint64(i))
			return
		}
		for s := max(0, i-a.back); s <= i-a.step; s++ {
			if stepMatches(a.p.steps[0], words[s].Text) {
				pairs = append(pairs, uint64(id)<<32|uint64(s))
			}
		}
	}
	if infos != nil {
		for i, info := range infos {
			for _, id := range info.anchors {
				found(id, i)
			}
		}
	} else {
		for i, w := range words {
			c.eachAnchor(w.Text, func(id int32) { found(id, i) })
		}
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	var cs *cands
	if sc != nil {
		sc.pairs = pairs
		cs = &sc.cand
		cs.ids, cs.offs = cs.ids[:0], cs.offs[:0]
		cs.starts = slices.Grow(cs.starts[:0], len(pairs))[:len(pairs)]
	} else {
		cs = &cands{starts: make([]int, len(pairs))}
	}
	for k, p := range pairs {
		id := int32(p >> 32)
		if len(cs.ids) == 0 || cs.ids[len(cs.ids)-1] != id {
			cs.ids = append(cs.ids, id)
			cs.offs = append(cs.offs, int32(k))
		}
		cs.starts[k] = int(uint32(p))
	}
	cs.offs = append(cs.offs, int32(len(pairs)))
	return cs
}

// Codebook returns the coder's codebook.
func (c *Coder) Codebook() *Codebook { return c.cb }

// evidence is one cue match, read in its context.
type evidence struct {
	cue          *Pattern
	words        string // the words matched
	at           int    // index of the first word matched
	end          int    // index just past the last word matched
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
func (c *Coder) CodeIn(text, context string) []Assignment { return c.codeIn(text, context, nil) }

// A Sequence codes statements one after another, each usually in the
// context of the one before, which it need not read again. It gives what
// CodeIn gives. It is not safe for concurrent use.
type Sequence struct {
	c *Coder
	// last is the text last coded and the people it mentions, when they
	// were worked out.
	last   string
	lastMs []mention
	known  bool
	// lastParts holds the model's part number of each word of last, when
	// partsKnown.
	lastParts  []int32
	partsKnown bool
	scratch
}

// scratch holds a Sequence's working arrays, reused from one statement
// to the next: nothing coded keeps them.
type scratch struct {
	words []Word
	pairs []uint64
	cand  cands
	// lex holds what coding needs of each word met, by its text, and
	// infos that of each of the statement's words.
	lex   map[string]wordInfo
	infos []wordInfo
}

// A wordInfo is what coding needs of a word that depends on its text
// alone: found once for each different word that a Sequence meets, rather
// than in several maps for each word of each statement.
type wordInfo struct {
	// anchors are the patterns whose anchor step the word matches, as a
	// whole word and then by a prefix.
	anchors []int32
	part    int32 // the model's number for the word's stem as a part, or -1
	flags   wordFlag
}

// A wordFlag says what a word does to the words after it.
type wordFlag uint8

const (
	negatorWord     wordFlag = 1 << iota // puts them in a negator's scope
	conditionalWord                      // in a condition's or wish's scope
	scopeEndWord                         // ends those scopes
)

// flagsOf returns w's flags.
func flagsOf(w string) wordFlag {
	var f wordFlag
	if isNegator(w) {
		f |= negatorWord
	}
	if conditionals[w] {
		f |= conditionalWord
	}
	if scopeEnds[w] {
		f |= scopeEndWord
	}
	return f
}

// maxLex is the most words a Sequence remembers; past it, it starts again.
const maxLex = 1 << 16

// lookUp sets sc.infos to what coding needs of each of words, from
// sc.lex, adding the words it has not met.
func (c *Coder) lookUp(words []Word, sc *scratch) {
	if sc.lex == nil || len(sc.lex) >= maxLex {
		sc.lex = make(map[string]wordInfo, 1024)
	}
	sc.infos = sc.infos[:0]
	for _, w := range words {
		info, ok := sc.lex[w.Text]
		if !ok {
			info = c.wordInfo(w.Text)
			// A word's text may be part of the statement's: keep a copy.
			sc.lex[strings.Clone(w.Text)] = info
		}
		sc.infos = append(sc.infos, info)
	}
}

// wordInfo works out what coding needs of the word w.
func (c *Coder) wordInfo(w string) wordInfo {
	info := wordInfo{part: -1, flags: flagsOf(w)}
	c.eachAnchor(w, func(id int32) { info.anchors = append(info.anchors, id) })
	if m := c.model; m != nil { // built by WithModel
		info.part = m.partOf(stemOf(w))
	}
	return info
}

// eachAnchor calls fn with each pattern whose anchor step w matches: as a
// whole word, then by a prefix.
func (c *Coder) eachAnchor(w string, fn func(id int32)) {
	for _, id := range c.first[w] {
		fn(id)
	}
	if c.keyLen == 0 || len(w) < c.keyLen {
		return
	}
	for _, pre := range c.prefixes[w[:c.keyLen]] {
		if strings.HasPrefix(w, pre) {
			for _, id := range c.prefix[pre] {
				fn(id)
			}
		}
	}
}

// Sequence returns a Sequence that codes with c.
func (c *Coder) Sequence() *Sequence { return &Sequence{c: c} }

// CodeIn is Coder.CodeIn.
func (q *Sequence) CodeIn(text, context string) []Assignment { return q.c.codeIn(text, context, q) }

// A statement is what coding one statement works out once.
type statement struct {
	c             *Coder
	text, context string
	words         []Word
	cand          *cands
	ms            []mention
	msDone        bool
	ctx           []mention
	ctxDone       bool
	seq           *Sequence  // nil, or the Sequence the statement is coded in
	infos         []wordInfo // nil, or what coding needs of each word
}

// mentions returns the people the statement mentions.
func (st *statement) mentions() []mention {
	if !st.msDone {
		if st.cand == nil {
			st.cand = st.c.candidates(st.words, nil, nil)
		}
		st.ms, st.msDone = st.c.mentions(st.words, st.cand), true
	}
	return st.ms
}

// contextMentions returns the people the context mentions.
func (st *statement) contextMentions() []mention {
	if !st.ctxDone {
		if q := st.seq; q != nil && q.known && q.last == st.context {
			st.ctx = q.lastMs
		} else if st.context != "" {
			cw := Words(st.context)
			st.ctx = st.c.mentions(cw, st.c.candidates(cw, nil, nil))
		}
		st.ctxDone = true
	}
	return st.ctx
}

// contextParts returns the model's part number of each word of the
// sentence before, from the Sequence when it coded that sentence last.
func (st *statement) contextParts() []int32 {
	if st.context == "" {
		return nil
	}
	if q := st.seq; q != nil && q.partsKnown && q.last == st.context {
		return q.lastParts
	}
	return st.c.model.contextParts(st.context)
}

func (c *Coder) codeIn(text, context string, seq *Sequence) []Assignment {
	var words []Word
	var infos []wordInfo
	var sc *scratch
	if seq != nil {
		sc = &seq.scratch
		sc.words = splitWords(sc.words, text, true)
		words = sc.words
		c.lookUp(words, sc)
		infos = sc.infos
	} else {
		words = Words(text)
	}
	if len(words) == 0 {
		return nil
	}
	cand := c.candidates(words, infos, sc)
	st := &statement{c: c, text: text, context: context, words: words, cand: cand, seq: seq, infos: infos}
	if seq != nil {
		defer func() {
			seq.last, seq.lastMs, seq.known = text, st.ms, st.msDone
			seq.lastParts, seq.partsKnown = seq.lastParts[:0], c.model != nil
			if seq.partsKnown {
				for _, info := range infos {
					seq.lastParts = append(seq.lastParts, info.part)
				}
			}
		}()
	}
	found, factor := c.factorCues(st)
	if c.model != nil {
		factor = c.applyModel(st, found)
	}
	// A statement that speaks to a domain but to none of the factors is
	// coded with the domain alone; a domain code with factors it may sit
	// beside is given beside them too.
	for i, code := range c.cb.Codes {
		if code.Type != DomainT {
			continue
		}
		if factor && !slices.ContainsFunc(code.Beside, func(id string) bool { _, ok := found[id]; return ok }) {
			continue
		}
		if ev := c.findEvidence(i, words, text, cand); len(ev) > 0 {
			found[code.ID] = decide(code, ev)
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

// factorCues returns the factor codes the cues give the statement, and
// whether there are any.
func (c *Coder) factorCues(st *statement) (map[string]Assignment, bool) {
	found := map[string]Assignment{}
	factor := false // whether any factor code was given
	for i, code := range c.cb.Codes {
		if !code.IsFactor() {
			continue
		}
		ev := c.findEvidence(i, st.words, st.text, st.cand)
		if len(ev) == 0 {
			continue
		}
		var parts [][]evidence
		for _, byWho := range c.splitByReferent(code, ev, st) {
			parts = append(parts, splitByPolarity(code, byWho)...)
		}
		for _, part := range parts {
			a, ok := c.assign(code, part, st)
			if !ok {
				continue
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
	}
	return found, factor
}

// applyModel lets the model add the factor codes the cues missed that it
// finds likely, drop those the cues gave that it finds very unlikely
// (below the model's Remove), and overrule the polarity of the cues'
// codes where its polarity regression is very sure. It reports whether
// the statement has a factor code.
func (c *Coder) applyModel(st *statement, found map[string]Assignment) bool {
	m := c.model
	nums := m.features(st.words, st.infos, st.referentFeatures(), st.contextParts())
	threshold := m.Threshold
	if len(found) > 0 {
		threshold = max(m.Threshold, m.Coded)
	}
	z := m.scores(nums)
	// The features' names are wanted only for a code given or kept.
	var fs []string
	names := func() []string {
		if fs == nil {
			fs = m.featureNames(nums) // not nil, even when empty
		}
		return fs
	}
	factor := false
	for i, id := range m.ids {
		code := c.modelCodes[i]
		if code == nil {
			continue // not a factor of the codebook
		}
		cm := m.models[i]
		p := 1 / (1 + math.Exp(-z[i]))
		a, given := found[id]
		switch {
		case given && p < m.Remove:
			delete(found, id)
		case given:
			factor = true
			if cm.Absent != nil && m.Flip > 0 {
				found[id] = c.flip(a, cm.Absent, names())
			}
		case p >= threshold:
			fs := names()
			a = Assignment{Code: code, Polarity: Present,
				Confidence: math.Round(p*0.8*100) / 100,
				Cue:        fmt.Sprintf("model: p=%.2f from %s", p, why(cm, fs, false))}
			if cm.Absent != nil {
				if pa := cm.Absent.prob(fs); pa >= 0.5 {
					a.Polarity = Absent
					a.Cue += fmt.Sprintf("; described as missing (p=%.2f from %s)", pa, why(cm.Absent, fs, false))
				}
			}
			found[id] = a
			factor = true
		}
	}
	// A factor code the model does not know stays as the cues gave it.
	for _, a := range found {
		if a.Code.IsFactor() {
			factor = true
		}
	}
	return factor
}

// flip turns a cue's code to the other polarity when the polarity
// regression is at least the model's Flip sure of it.
func (c *Coder) flip(a Assignment, absent *CodeModel, fs []string) Assignment {
	pa := absent.prob(fs)
	switch {
	case a.Polarity == Present && pa >= c.model.Flip:
		a.Polarity = Absent
		a.Cue += fmt.Sprintf("; model: described as missing (p=%.2f from %s)", pa, why(absent, fs, false))
	case a.Polarity == Absent && 1-pa >= c.model.Flip:
		a.Polarity = Present
		a.Cue += fmt.Sprintf("; model: described as there (p=%.2f from %s)", 1-pa, why(absent, fs, true))
	}
	return a
}

// splitByReferent groups the evidence for a code that is about someone by
// whom each match is about, so that "me and his dad took turns sleeping on
// his floor, and his YOT worker got him on the course" gives E2 for the
// dad and E3 for the worker.
func (c *Coder) splitByReferent(code *Code, ev []evidence, st *statement) [][]evidence {
	if code.About == "" || len(ev) < 2 {
		return [][]evidence{ev}
	}
	var keys []string
	groups := map[string][]evidence{}
	for _, e := range ev {
		k := strings.Join(c.about(st, e.at), " ")
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], e)
	}
	if len(keys) == 1 {
		return [][]evidence{ev}
	}
	out := make([][]evidence, 0, len(keys))
	for _, k := range keys {
		out = append(out, groups[k])
	}
	return out
}

// splitByPolarity returns the evidence for a code as one group, or, for
// an enabling code with an opposite whose matches read both ways ("she got
// me on the course, but nobody sorted my dyslexia support"), as two: the
// matches that describe it as there and those that describe it as
// missing, which give the enabling code and its opposite.
func splitByPolarity(code *Code, ev []evidence) [][]evidence {
	if code.Type != Enabling || code.Opposite == "" || len(ev) < 2 {
		return [][]evidence{ev}
	}
	var there, missing []evidence
	for _, e := range ev {
		if e.missing() {
			missing = append(missing, e)
		} else {
			there = append(there, e)
		}
	}
	if len(there) == 0 || len(missing) == 0 {
		return [][]evidence{ev}
	}
	return [][]evidence{there, missing}
}

// missing reports whether the match describes its factor as missing.
// A negator, a hypothetical ("if they had listened") and an absent cue
// each turn the reading round.
func (e evidence) missing() bool {
	return (e.hypothetical != "") != (e.negator != "") != e.absent
}

// assign decides the code that evidence ev for code gives: the code
// itself, or the code of the same type about the people the words are
// about, turned to the code that names a missing factor. ok is false when
// the words are about people no code of that type is about.
func (c *Coder) assign(code *Code, ev []evidence, st *statement) (Assignment, bool) {
	a := decide(code, ev)
	if code.About != "" {
		about := c.about(st, earliest(ev).at)
		if len(about) > 0 && !slices.Contains(about, code.About) {
			alt := c.codeAbout(code.Type, about)
			if alt == nil {
				return a, false
			}
			a.Cue = fmt.Sprintf("%s; about %s, so %s not %s", a.Cue, alt.About, alt.ID, code.ID)
			a.Code = alt
		}
	}
	// An enabling factor described as missing by one of its own absent
	// cues ("there wasn't one person there I'd have rung") stays absent:
	// the cue was written for the factor's absence, not a poor version
	// of it.
	if a.Polarity == Absent && !(code.Type == Enabling && earliest(ev).absent) {
		c.turn(&a)
	}
	return a, true
}

// turn gives a factor described as missing as the code that names it:
// a negated enabling factor with an opposite is that hindering factor
// present ("nobody listened to me" is H2), and a negated hindering factor
// that is some enabling factor's opposite is that enabling factor present
// ("she never judged me" is E1), as is one whose own opposite is an
// enabling factor ("I never had to start from scratch" is E1). Other
// factors stay absent.
func (c *Coder) turn(a *Assignment) {
	switch a.Code.Type {
	case Enabling:
		if opp, ok := c.cb.Code(a.Code.Opposite); ok && a.Code.Opposite != "" {
			a.Cue = fmt.Sprintf("%s described as missing: %s", a.Code.ID, a.Cue)
			a.Code, a.Polarity = opp, Present
		}
	case Hindering:
		if opp, ok := c.cb.Code(a.Code.Opposite); ok && a.Code.Opposite != "" {
			a.Cue = fmt.Sprintf("%s described as missing: %s", a.Code.ID, a.Cue)
			a.Code, a.Polarity = opp, Present
			return
		}
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
func (c *Coder) findEvidence(ci int, words []Word, text string, cand *cands) []evidence {
	code := c.cb.Codes[ci]
	lo, hi := c.codeCandidates(cand, ci)
	for k := lo; k < hi; k++ {
		r := c.refs[cand.ids[k]]
		if r.kind != exceptPattern {
			continue
		}
		for _, start := range cand.starts[cand.offs[k]:cand.offs[k+1]] {
			if _, ok := code.Except[r.n].matchFirst(words, start); ok {
				return nil
			}
		}
	}
	var ev []evidence
	for k := lo; k < hi; k++ {
		r := c.refs[cand.ids[k]]
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
		for _, start := range cand.starts[cand.offs[k]:cand.offs[k+1]] {
			if start < end {
				continue // matches do not overlap
			}
			m, ok := cue.matchFirst(words, start)
			if !ok {
				continue
			}
			end = m.End
			ev = append(ev, evidence{
				cue:          cue,
				words:        text[words[m.Start].Start:words[m.End-1].End],
				at:           m.Start,
				end:          m.End,
				negator:      negatorIn(words, m, cue),
				hypothetical: hypotheticalBefore(words, m.Start),
				multiWord:    m.End-m.Start > 1,
				absent:       r.kind == absentPattern,
			})
		}
	}
	return ev
}

// decide combines the evidence for one code into an assignment. The
// polarity is that of the first match, or of the first plain match of an
// absent cue if there is one (always present for a domain): a negated cue describes the factor as missing, and so does a hypothetical
// or a wish ("if I'd had one worker the whole time"), unless it is
// negated too ("if I hadn't got on with my worker I wouldn't have gone"
// says the relationship was there). Each further distinct cue adds to the
// confidence; negation lowers it a little, a hypothetical more.
func decide(code *Code, ev []evidence) Assignment {
	first := earliest(ev)
	// An absent cue names the factor as missing more exactly than a cue
	// names its topic ("I asked to meet the bloke and they never set it
	// up"), or than a negator inside a gap: a plain match of one decides
	// the polarity.
	// A match inside a topic cue's match is read with it ("ceased
	// association with known peers").
	for _, e := range ev {
		if e.absent && e.negator == "" && e.hypothetical == "" &&
			!slices.ContainsFunc(ev, func(f evidence) bool { return !f.absent && f.at < e.at && e.at < f.end }) {
			first = e
			break
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
		if first.missing() {
			a.Polarity = Absent
		}
		if len(why) > 0 {
			a.Cue = strings.Join(why, ", ") + ": " + a.Cue
		}
	}
	a.Confidence = math.Round(math.Min(a.Confidence, 0.95)*100) / 100
	return a
}

// earliest returns the evidence that starts first.
func earliest(ev []evidence) evidence {
	first := ev[0]
	for _, e := range ev[1:] {
		if e.at < first.at {
			first = e
		}
	}
	return first
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
//
// A double negative is read for its meaning: a negator straight after
// another ("I didn't not like her"), one under a negated "say", "think"
// or "tell" ("can't say nobody helped", "I can't think of one time she
// didn't take me seriously"), and a negated "like" or "as if" with a
// second negator in the clause ("it's not like she didn't care", "it's
// not like saying sorry didn't matter") cancel out.
func negatorIn(words []Word, m Match, cue *Pattern) string {
	for _, j := range m.Gaps {
		if isNegator(words[j].Text) {
			if cancelled(words, j, m, cue) {
				return ""
			}
			return words[j].Text
		}
	}
	j := lookBackAt(words, m.Start, negationWindow, isNegator)
	if j < 0 {
		return ""
	}
	if cancelled(words, j, m, cue) {
		return ""
	}
	return words[j].Text
}

// frameWords, after a negator, make a frame whose own negation cancels a
// second one: "it's not like ...", "can't say ...".
var frameWords = map[string]bool{
	"like": true, "as": true, "say": true, "saying": true, "think": true, "tell": true, "pretend": true, "let": true,
}

// negatorForm reports whether w is a negator or one of the regular forms
// a cue's inflected term adds to one ("nevers", "didn'ts").
func negatorForm(w string) bool {
	if isNegator(w) || strings.Contains(w, "n't") {
		return true
	}
	if strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied") {
		w = w[:len(w)-3] + "y" // "nobodies"
	}
	for n := range negators {
		if strings.HasPrefix(w, n) && len(w)-len(n) <= 3 {
			return true
		}
	}
	return false
}

// modals may stand between a negator and its frame word.
var modals = map[string]bool{"can": true, "could": true, "would": true, "will": true, "ever": true}

// cancelled reports whether the negator at j is cancelled by a second
// one (see negatorIn).
func cancelled(words []Word, j int, m Match, cue *Pattern) bool {
	// "didn't not": a negator just before "not", in the same clause.
	if words[j].Text == "not" && j > 0 && !words[j].Break && isNegator(words[j-1].Text) {
		return true
	}
	// An earlier negator framing this one: "can't say nobody".
	for k := j - 1; k >= 0 && k >= j-negationWindow; k-- {
		if words[k+1].Break && k+1 <= j {
			break
		}
		if !isNegator(words[k].Text) || k+1 >= j {
			continue
		}
		next := words[k+1].Text
		if modals[next] && k+2 < j {
			next = words[k+2].Text // "nobody can say"
		}
		if frameWords[next] {
			return true
		}
	}
	// This negator frames the match: "not like ... didn't", "not that
	// ... didn't".
	if j+1 < len(words) && (words[j+1].Text == "like" || words[j+1].Text == "as" || words[j+1].Text == "that") {
		// Inside the match a negator counts only where the cue's step
		// also allows a plain word ("could|couldn't be honest"): a cue
		// that names the missing thing ("nobody asked", "she didn't
		// care") is what the frame denies.
		for k := j + 2; k < len(words) && (k < m.End || !words[k].Break); k++ {
			w := words[k].Text
			if !isNegator(w) {
				continue
			}
			if k >= m.Start && k < m.End {
				s := slices.Index(m.Steps, k)
				if s < 0 || cue.StepOnly(s, negatorForm) {
					continue
				}
			}
			return true
		}
	}
	return false
}

var conditionals = map[string]bool{
	"if": true, "wish": true, "wished": true, "unless": true, "would've": true, "could've": true,
	"should've": true, "if'd": true,
}

// hypotheticalBefore returns the word making words[i] on hypothetical, or
// "". "As if" is a comparison, not a condition ("it's not as if she ever
// judged me"), and "if I'm honest" or "if you ask me" only hedge.
func hypotheticalBefore(words []Word, i int) string {
	if conditionals[words[i].Text] {
		return "" // the cue itself names the condition ("if anyone had bothered to ask")
	}
	j := lookBackAt(words, i, 8, func(w string) bool { return conditionals[w] })
	if j < 0 {
		// "I'd have opened up if ...", "would have", written apart.
		if k := lookBackAt(words, i, 3, func(w string) bool { return w == "have" }); k > 0 && wouldWords[words[k-1].Text] {
			return words[k-1].Text + " have"
		}
		return ""
	}
	if words[j].Text == "if" {
		if j > 0 && words[j-1].Text == "as" {
			return ""
		}
		// A second subject after the condition's own starts the main
		// clause: "if you lined them all up I couldn't pick one" is not
		// itself hypothetical.
		subjects := 0
		for k := j + 1; k < i; k++ {
			if clauseSubjects[words[k].Text] {
				subjects++
			}
		}
		if subjects >= 2 {
			return ""
		}
		if j+2 < len(words) && hedges[words[j+1].Text+" "+words[j+2].Text] {
			return ""
		}
	}
	return words[j].Text
}

// clauseSubjects are pronouns that start a clause.
var clauseSubjects = map[string]bool{
	"i": true, "i'd": true, "i'm": true, "i've": true, "i'll": true, "you": true, "you'd": true, "you've": true,
	"he": true, "he'd": true, "he's": true, "she": true, "she'd": true, "she's": true, "we": true, "we'd": true,
	"they": true, "they'd": true, "they're": true, "it": true, "it's": true, "it'd": true,
}

// wouldWords before "have" make a counterfactual.
var wouldWords = map[string]bool{
	"i'd": true, "he'd": true, "she'd": true, "we'd": true, "they'd": true, "you'd": true,
	"would": true, "could": true, "might": true, "should": true,
}

// hedges are the two words after "if" that make it a manner of speaking.
var hedges = map[string]bool{
	"i'm honest": true, "im honest": true, "you ask": true, "i'm being": true,
	"i'm truthful": true, "i'm fair": true, "we're honest": true,
}

// lookBackAt searches up to n words before words[i], within its clause,
// for one that is(w), and returns its index, or -1.
func lookBackAt(words []Word, i, n int, is func(string) bool) int {
	for j := i - 1; j >= 0 && j >= i-n; j-- {
		if words[j+1].Break || scopeEnds[words[j].Text] {
			return -1
		}
		if is(words[j].Text) {
			return j
		}
	}
	return -1
}
