package pipeline

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// A redactor replaces, in every quote before it is written anywhere, the
// names of people with a placeholder per person ("[Person 1]") and e-mail
// addresses, UK phone numbers, UK postcodes, dates of birth and National
// Insurance numbers with "[email]", "[phone]", "[postcode]", "[date of
// birth]" and "[NI number]". Youth offending teams and places stay.
//
// It works in two passes over the run's text.
//
//  1. Learning, before the first statement is written: learnNames for the
//     --names list, learnParticipants for the participants sheets, learn
//     for every transcript (all its turns, the interviewer's too) and
//     learnText for any other text (case sheet notes). They collect
//     - names: attributes whose key says they hold a name ("name", "first
//     name", "surname", "child name", "worker", "mother" ...; a first name
//     and a surname given apart make one person), speaker labels that are
//     personal names rather than roles ("Jayden:" but not "YP:", "Mum:",
//     "Worker:", "Speaker 2:"), interviewers named in the front matter,
//     participant IDs that are names, the --names list, and capitalised
//     words inside a sentence (the capitalised-word rules below);
//     - places to keep: the youth offending teams of the front matter and
//     the participants sheet, attributes that name places ("school:
//     Greenway Academy") and lines of the --names list starting with "!";
//     - the run's vocabulary: how often each word is written in lower case
//     and how often capitalised inside a sentence.
//     With useRecogniser, prose's named-entity recogniser also runs once
//     over each whole transcript, its model loaded once for the run, and
//     its PERSON entities are learned when the same filters pass them. It
//     is off by default: it costs about a second to load and tens of
//     milliseconds per transcript, and on the fixtures and the sample it
//     found one name the rules missed and two words that were not names.
//     Because every transcript is learned first, a name learned from the
//     third transcript is also removed from the first.
//  2. Redaction (redact, apply), statement by statement in output order:
//     the patterns first, then names. A known name is replaced anywhere,
//     in lower case too when the run writes it capitalised at least as
//     often. The capitalised-word rules run again on each statement, and
//     what they find is learned for the statements after it.
//
// The capitalised-word rules take a run of capitalised words for a name
// unless it is a place or a thing: it holds a place word ("Bridge Street",
// "Castle Hill", "St Anne's", "Prince's Trust"), a kept place or team, an
// acronym (YOT, CAMHS) or a brand-like word (AssetPlus); or it is one word
// after "the", "a", "in", "near" and the like, "moved to", "out of" or
// "at" (but not "shouted at"); or it is a common capitalised word (days,
// months, Mum, Nan, Christmas, English, Snapchat ...). A title before a
// name makes it one ("Mrs Okafor", "PC Dawson", "Uncle Terry") and stays.
// A word opening a sentence is a name when it is known and not also an
// ordinary word, or when it is no ordinary word (in neither the built-in
// common words nor the run's vocabulary, nor a plural or other form of
// one) and something after it is what follows names: a possessive, "said",
// "was", "never" ..., "and" with another name, an apposition ("Hope, my
// sister"), or the end of a one-word sentence ("Yeah. Ryan."). First names
// that are also words (Will, Hope, Mark, Bill) need that evidence even
// when known: "Will you come?" stays, "Will was my mentor" does not.
//
// Each person gets one placeholder, numbered in the order people are first
// replaced in the output, so two runs on the same inputs agree. The parts
// of a full name stand for the same person as the whole ("Dylan Moss",
// "Dylan", "Moss"); the first person learned with a part keeps it. A title
// and a possessive stay ("Mrs [Person 3]", "[Person 1]'s"). Nicknames are
// not linked: "Mo" and "Mohammed" get two placeholders.
//
// A redactor is safe for concurrent use, but the numbering follows the
// order of the calls. A run freezes it after learning: the workers then
// plan each statement's redaction on a reader, without a lock, and emit
// applies the plans in output order, numbering people as it goes; a plan
// does not hold, and the statement is redacted afresh, when the statement
// teaches a name or holds a word of a name that statements before it
// taught, so that the result is the same as redacting in turn.
type redactor struct {
	off bool
	// recognise also runs prose's named-entity recogniser over each
	// transcript that learn is given. Set it with useRecogniser.
	recognise bool

	mu    sync.Mutex
	names map[string]*person // a name or part of one, normalised → its person
	// late holds, once freeze has been called, the names learned after it
	// (while redacting), and lateWords their words; names is then only
	// read, and planRedaction may use it from other goroutines.
	late      map[string]*person
	lateWords map[string]bool
	frozen    bool
	keep      map[string]bool // words and phrases, normalised, that are never names
	vocab     map[string]int  // how often each word was seen in lower case
	capped    map[string]int  // how often each word was seen capitalised inside a sentence
	people    int             // placeholders given so far
	nameLike  map[string]bool // labels and IDs by whether they look like a name (see the method looksLikeName)
	done      map[string]*replacement
	model     *prose.Model
}

// A person is someone whose name is replaced.
type person struct {
	n   int    // placeholder number; 0 until the name is first replaced
	how string // how the name was first found
}

// A replacement is one original text and what replaced it, for the
// Redactions sheet.
type replacement struct {
	original, with, how string
	n, times            int
}

// Ways a name is found, as the Redactions sheet gives them.
const (
	byFrontMatter = "front matter"
	bySheet       = "participants sheet"
	byLabel       = "speaker label"
	byParticipant = "participant ID"
	byList        = "names list"
	byRecogniser  = "named-entity recogniser"
	byCapitals    = "capitalised word"
	byPattern     = "pattern"
)

const (
	maxNameWords   = 4   // words in one name
	maxNamesLength = 200 // bytes in one line of a names list
)

func (r *redactor) init() {
	if r.names == nil {
		r.names = map[string]*person{}
		r.keep = map[string]bool{}
		r.vocab = map[string]int{}
		r.capped = map[string]int{}
		r.done = map[string]*replacement{}
	}
}

// name returns the person a name (normalised) stands for, or nil.
func (r *redactor) name(k string) *person {
	if p := r.names[k]; p != nil {
		return p
	}
	return r.late[k]
}

// setName learns that the name k (normalised) stands for p: in names
// before freeze, in late after it.
func (r *redactor) setName(k string, p *person) {
	// k may be part of a line of text, which should not be kept whole
	// for it.
	k = strings.Clone(k)
	if !r.frozen {
		r.names[k] = p
		return
	}
	if r.late == nil {
		r.late, r.lateWords = map[string]*person{}, map[string]bool{}
	}
	r.late[k] = p
	for _, w := range strings.Fields(k) {
		r.lateWords[w] = true
	}
}

// freeze ends the learning pass: from now on what the redactor knows
// only grows by the names redaction itself learns, which go in late, so
// that a reader (see reader) may read the rest without a lock.
func (r *redactor) freeze() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	r.frozen = true
}

// reader returns a redactor that reads what r learned up to freeze, and
// only that: it shares r's maps, which no one writes after freeze, and
// has no lock of its own to take. Only planRedaction may be called on it,
// from any number of goroutines.
func (r *redactor) reader() *redactor {
	return &redactor{off: r.off, names: r.names, keep: r.keep, vocab: r.vocab, capped: r.capped}
}

// A redactionPlan is what redact would replace in a text, worked out by a
// reader, away from the order in which statements are written: the spans,
// the text's words (lower case) and whether the plan holds. It does not
// hold when redacting the text would learn a name (the statement's own
// evidence); nor, found out when it is used (see redactPlanned), when a
// name learned after freeze is among its words.
type redactionPlan struct {
	ok    bool
	spans []span
	words []string
}

// planRedaction works out what redact would replace in text, given only
// what was learned before freeze. Call it on a reader.
func (r *redactor) planRedaction(text string) redactionPlan {
	if r.off || text == "" {
		return redactionPlan{ok: true}
	}
	pats := patternSpans(text)
	buf, _ := tokenBuffers.Get().(*[]token)
	if buf == nil {
		buf = new([]token)
	}
	defer tokenBuffers.Put(buf)
	toks := tokenizeInto(*buf, text)
	*buf = toks
	found := r.findNames(text, toks, pats)
	for _, f := range found {
		if f.p == nil {
			return redactionPlan{}
		}
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.lower
	}
	return redactionPlan{ok: true, spans: mergeSpans(pats, toks, found), words: words}
}

// tokenBuffers keeps planRedaction's token arrays for reuse.
var tokenBuffers sync.Pool

// redactPlanned is redact(text) for a text planned by planRedaction: the
// plan's spans are replaced, in order, numbering people as redact does.
// When the plan does not hold it redacts the text afresh.
func (r *redactor) redactPlanned(text string, plan redactionPlan) string {
	if r.off || text == "" {
		return text
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	spans := plan.spans
	if !plan.ok || slices.ContainsFunc(plan.words, func(w string) bool { return r.lateWords[w] }) {
		spans = r.spans(text)
	}
	return r.replaceSpans(text, spans)
}

// normName makes a name comparable: lower case, single spaces, curly
// apostrophes straight.
func normName(s string) string {
	if isPlainLower(s) {
		return s
	}
	if oneASCIIWord(s) {
		return strings.ToLower(s)
	}
	s = strings.ReplaceAll(s, "’", "'")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// useRecogniser loads prose's named-entity model (once per process, about
// 0.3 s) and has learn run it over every transcript (about 65 ms per
// thousand words), both measured on a busy two-processor machine.
func (r *redactor) useRecogniser() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.model == nil {
		m, err := proseModel()
		if err != nil {
			return err
		}
		r.model = m
	}
	r.recognise = true
	return nil
}

// proseModel is prose's model, loaded on first use. The model is only
// read after loading, so one serves every redactor.
var proseModel = sync.OnceValues(loadModel)

// loadModel loads prose's default model. prose panics when its embedded
// model cannot be decoded; that is turned into an error.
func loadModel() (m *prose.Model, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("loading the named-entity model: %v", p)
		}
	}()
	return prose.ModelFromData("desist"), nil
}

// learn learns the names, places and words of a transcript. Call it for
// every transcript before the first statement is redacted.
func (r *redactor) learn(t *Transcript) { r.learnPrepared(t, nil) }

// A learnPrep is what learnPrepared needs of a transcript, which workers
// work out beforehand, out of order: its learning steps, in order.
type learnPrep struct {
	steps []learnStep
}

// A learnStep is one step of learning a transcript: a speaker label to
// learn (speaker set), the words of lines to count (counts set), or a line
// that may hold a name not yet known, to learn whole (text set).
//
// Counting words and learning labels commute (the one reads no names, the
// other no counts), so the words of the lines between two whole lines are
// counted at once. A line is learned whole when it has a capitalised word
// inside a sentence that is not a common capitalised word: without one,
// findNames finds nothing learnTokens would learn (it learns neither known
// names nor a single word opening a sentence, and every run of several
// capitalised words, a title's name included, has a word inside a
// sentence, since only spaces come between the words of a run).
type learnStep struct {
	speaker string
	counts  []wordTally
	text    string
	toks    []token
	pats    []span
}

// A wordCount is how often a word was seen in lower case and capitalised
// inside a sentence.
type wordCount struct {
	lower, capped int
}

// plus is c with d added.
func (c wordCount) plus(d wordCount) wordCount {
	return wordCount{c.lower + d.lower, c.capped + d.capped}
}

// evidence is what a word of a line adds to the counts: once in lower
// case, or once capitalised inside a sentence. The words of an e-mail
// address (in pats) are no evidence, and a capital opening a sentence
// says nothing.
func evidence(t token, pats []span) (wordCount, bool) {
	switch {
	case inSpans(t, pats):
		return wordCount{}, false
	case !t.caps:
		return wordCount{lower: 1}, true
	case !t.initial:
		return wordCount{capped: 1}, true
	}
	return wordCount{}, false
}

// A wordTally is a word and its count.
type wordTally struct {
	w string
	c wordCount
}

// prepareLearning works out t's learning steps for learnPrepared.
func prepareLearning(t *Transcript) *learnPrep {
	p := &learnPrep{}
	counts, _ := countMaps.Get().(map[string]wordCount)
	if counts == nil {
		counts = map[string]wordCount{}
	}
	defer countMaps.Put(counts)
	flush := func() {
		if len(counts) == 0 {
			return
		}
		ws := make([]wordTally, 0, len(counts))
		for w, c := range counts {
			ws = append(ws, wordTally{w, c})
		}
		p.steps = append(p.steps, learnStep{counts: ws})
		clear(counts)
	}
	var toks []token
	for _, turn := range t.Turns {
		if isNameLabel(turn.Speaker) {
			p.steps = append(p.steps, learnStep{speaker: turn.Speaker})
		}
		for _, l := range turn.Lines {
			toks = tokenizeInto(toks, l.Text)
			pats := patternSpans(l.Text)
			if mayName(toks) {
				flush()
				p.steps = append(p.steps, learnStep{text: l.Text, toks: slices.Clone(toks), pats: pats})
				continue
			}
			for _, tk := range toks {
				if e, ok := evidence(tk, pats); ok {
					counts[tk.lower] = counts[tk.lower].plus(e)
				}
			}
		}
	}
	flush()
	return p
}

// countMaps keeps prepareLearning's maps for reuse.
var countMaps sync.Pool

// mayName reports whether a line's words hold a capitalised word inside a
// sentence that is not a common capitalised word (see learnStep).
func mayName(toks []token) bool {
	for _, t := range toks {
		if t.caps && !t.initial && !stopCaps[t.lower] {
			return true
		}
	}
	return false
}

// inSpans reports whether t overlaps one of spans.
func inSpans(t token, spans []span) bool {
	return slices.ContainsFunc(spans, func(s span) bool { return t.start < s.end && s.start < t.end })
}

// learnPrepared learns t's names and words from the steps p holds, or
// works them out now when p is nil.
func (r *redactor) learnPrepared(t *Transcript, p *learnPrep) {
	if r.off {
		return
	}
	if p == nil {
		p = prepareLearning(t)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	r.learnHeader(t)
	for _, st := range p.steps {
		switch {
		case st.speaker != "":
			r.addName(st.speaker, byLabel)
		case st.counts != nil:
			for _, t := range st.counts {
				r.count(t.w, t.c)
			}
		default:
			r.learnTokens(st.text, st.toks, st.pats)
		}
	}
	if r.recognise && r.model != nil {
		var all strings.Builder
		for _, turn := range t.Turns {
			for _, l := range turn.Lines {
				all.WriteString(l.Text)
				all.WriteByte('\n')
			}
			all.WriteByte('\n')
		}
		r.recogniseNames(all.String())
	}
}

// learnHeader learns what t says of itself before its turns: its YOT,
// its front matter's names, and its participant's ID when it is a name.
func (r *redactor) learnHeader(t *Transcript) {
	r.keepPhrase(t.YOT)
	r.learnAttrs(t.Attrs, byFrontMatter)
	for _, n := range t.Interviewers {
		if looksLikeName(n) {
			r.addName(n, byFrontMatter)
		}
	}
	if looksLikeName(t.Participant) {
		r.addName(t.Participant, byParticipant)
	}
}

// count adds c to the counts of w, keeping a copy of w when it is new (w
// may be part of a line of text, which should not be kept whole for it).
func (r *redactor) count(w string, c wordCount) {
	if c.lower > 0 {
		if n, ok := r.vocab[w]; ok {
			r.vocab[w] = n + c.lower
		} else {
			r.vocab[strings.Clone(w)] = c.lower
		}
	}
	if c.capped > 0 {
		if n, ok := r.capped[w]; ok {
			r.capped[w] = n + c.capped
		} else {
			r.capped[strings.Clone(w)] = c.capped
		}
	}
}

// learnText learns the names and words of text that learn does not see,
// such as a case sheet's notes.
func (r *redactor) learnText(text string) {
	if r.off {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	r.learnLine(text)
}

// learnParticipants learns the names and youth offending teams of a
// participants sheet.
func (r *redactor) learnParticipants(people map[string]Participant) {
	if r.off {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	ids := slices.Sorted(maps.Keys(people))
	for _, id := range ids {
		p := people[id]
		r.keepPhrase(p.YOT)
		if looksLikeName(id) {
			r.addName(id, byParticipant)
		}
		r.learnAttrs(p.Attrs, bySheet)
	}
}

// learnNames reads a names list: one name per line; blank lines and
// lines starting with # are ignored, and a line starting with ! names a
// word or phrase that is never a name (a place, a team, a brand).
func (r *redactor) learnNames(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading names list %s: %w", path, cleanPathError(err))
	}
	text, err := decodeText(raw)
	if err != nil {
		return fmt.Errorf("reading names list %s: %w", path, err)
	}
	if r.off {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	for _, l := range splitLines(text) {
		s := strings.TrimSpace(l.Text)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if len(s) > maxNamesLength || len(strings.Fields(s)) > maxNameWords {
			return fmt.Errorf("names list %s line %d: %.40q is not a name (a name has at most %d words)", path, l.N, s, maxNameWords)
		}
		if k, ok := strings.CutPrefix(s, "!"); ok {
			r.keepPhrase(k)
			continue
		}
		r.addName(s, byList)
	}
	return nil
}

// learnAttrs learns the names among a participant's attributes.
func (r *redactor) learnAttrs(attrs []Attr, how string) {
	// A first name and a surname given apart are one person.
	var first, last string
	for _, a := range attrs {
		switch normHeader(a.Key) {
		case "firstname", "forename", "forenames", "givenname", "childfirstname":
			first = a.Value
		case "surname", "lastname", "familyname", "childsurname":
			last = a.Value
		}
	}
	if full := strings.TrimSpace(first + " " + last); first != "" && last != "" && looksLikeName(full) {
		r.addName(full, how)
	}
	for _, a := range attrs {
		if !nameKey(a.Key) {
			if placeLike(a.Value) {
				r.keepPhrase(a.Value)
			}
			continue
		}
		for _, v := range splitNames(a.Value) {
			if looksLikeName(v) {
				r.addName(v, how)
			}
		}
	}
}

// placeLike reports whether an attribute's value names a place or an
// organisation: "Greenway Academy", "Kestrel Road".
func placeLike(v string) bool {
	ws := strings.Fields(normName(v))
	if len(ws) < 2 || len(ws) > 6 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(v)
	return unicode.IsUpper(first) && (placeSuffixes[ws[len(ws)-1]] || placePrefixes[ws[0]])
}

// nameKey reports whether an attribute's key says its value is a name.
func nameKey(key string) bool {
	k := normHeader(key)
	if personKeys[k] {
		return true
	}
	if !strings.Contains(k, "name") && !strings.HasSuffix(k, "knownas") {
		return false
	}
	for _, not := range notNameKeys {
		if strings.Contains(k, not) {
			return false
		}
	}
	return true
}

// personKeys are attribute keys (as normHeader gives them) whose value is
// a person.
var personKeys = setOf(`surname forename forenames firstname lastname familyname knownas alias aka
	nickname worker caseworker casemanager keyworker yotworker socialworker mentor officer
	mother father mum dad parent parents carer carers guardian sibling siblings brother sister
	victim victims teacher partner girlfriend boyfriend child son daughter youngperson yp
	interviewer interviewers`)

// notNameKeys mark keys with "name" in them that name something other
// than a person.
var notNameKeys = []string{"yot", "yos", "yjs", "school", "team", "place", "file", "service",
	"org", "college", "area", "street", "road", "town", "court", "project", "site", "estate",
	"user", "code", "unit", "company", "employer", "prison", "institution", "programme",
	"program", "course", "offence", "sheet", "group"}

// splitNames splits an attribute's value into the names it lists:
// "Tracey Fletcher (mother); Reece" gives "Tracey Fletcher" and "Reece".
func splitNames(v string) []string {
	v = parenthesised.ReplaceAllString(v, " ")
	parts := strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",;/&+", r) })
	var out []string
	for _, p := range parts {
		for _, q := range strings.Split(p, " and ") {
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

var parenthesised = regexp.MustCompile(`\([^)]*\)`)

// looksLikeName reports whether s could be a person's name: one to four
// capitalised words of letters, none of them a role, a title alone or a
// common word alone.
func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > maxNameWords {
		return false
	}
	lower := 0
	for _, w := range ws {
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) && !particles[w] {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '\'' && c != '’' && c != '-' && c != '.' {
				return false
			}
			if unicode.IsLower(c) {
				lower++
			}
		}
	}
	if lower == 0 { // YP, CW: initials and acronyms
		return false
	}
	n := normName(s)
	if roleLabels[n] || interviewerLabels[n] || stopCaps[n] || commonWords[n] || titles[n] {
		return false
	}
	for _, w := range strings.Fields(n) {
		if roleHeads[w] {
			return false
		}
	}
	return true
}

// isNameLabel reports whether a speaker label is a personal name rather
// than a role ("Jayden" but not "YP", "Mum", "Worker" or "Speaker 2").
func isNameLabel(label string) bool {
	return label != "" && looksLikeName(label)
}

// roleLabels are speaker labels and attribute values that name a role,
// not a person.
var roleLabels = setOf(`a q r p yp cyp young_person child children mum mam mom mother dad father
	parent parents carer foster_carer nan nana gran granny grandma grandad grandmother
	grandfather aunt auntie aunty uncle stepdad step-dad stepmum step-mum guardian worker
	workers cw case_worker caseworker case_manager yot_worker yos_worker officer practitioner
	social_worker mentor teacher respondent participant interviewee speaker both all voice
	unknown unidentified other male female boy girl brother sister sibling partner girlfriend
	boyfriend police judge victim manager staff note notes comment comments son daughter
	family key_worker keyworker inspector researcher`)

// roleHeads are words that make a label of several words a role: "Youth
// Worker", "Foster Mum", "Speaker 2".
var roleHeads = setOf(`worker workers manager officer carer carers mum mam dad parent parents
	interviewer inspector researcher practitioner mentor teacher person speaker participant
	respondent notes note comment comments staff team`)

// keepPhrase learns a place or team that is never a name, and its words.
func (r *redactor) keepPhrase(s string) {
	n := normName(s)
	if n == "" {
		return
	}
	r.keep[strings.Clone(n)] = true
	for _, w := range strings.Fields(n) {
		r.keep[strings.Clone(w)] = true
	}
}

// addName learns a name as a person (or as another form of a person's
// name already known) and returns the person.
func (r *redactor) addName(name, how string) *person {
	ws := strings.Fields(normName(name))
	// A title is not part of the name: "Mrs Okafor" is "Okafor".
	for len(ws) > 1 && titles[strings.TrimSuffix(ws[0], ".")] {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return nil
	}
	return r.personFor(ws, how, how != byCapitals && how != byRecogniser)
}

// personFor returns the person a name stands for, learning the name and,
// for a name of several words, its parts. A part that is a common word is
// learned only when trusted (the name came from a sheet or a list).
func (r *redactor) personFor(ws []string, how string, trusted bool) *person {
	phrase := strings.Join(ws, " ")
	if p := r.name(phrase); p != nil {
		return p
	}
	var p *person
	for _, w := range ws {
		if q := r.name(w); q != nil {
			p = q
			break
		}
	}
	if p == nil {
		p = &person{how: how}
	}
	r.setName(phrase, p)
	if len(ws) > 1 {
		for _, w := range ws {
			if r.name(w) != nil || len(w) < 2 || titles[w] || stopCaps[w] || particles[w] {
				continue
			}
			if !trusted && (commonWords[w] || r.keep[w]) {
				continue
			}
			r.setName(w, p)
		}
	}
	return p
}

// learnLine learns the lower-case words of a line and the names the
// capitalised-word rules find in it.
func (r *redactor) learnLine(text string) {
	r.learnTokens(text, tokenize(text), patternSpans(text))
}

// learnTokens is learnLine for a line already split into words and
// pattern spans.
func (r *redactor) learnTokens(text string, toks []token, pats []span) {
	for _, t := range toks {
		if e, ok := evidence(t, pats); ok {
			r.count(t.lower, e)
		}
	}
	for _, f := range r.findNames(text, toks, pats) {
		// A single word opening a sentence is judged only when the
		// whole run's vocabulary is known, at redaction.
		if f.p == nil && (f.from != f.to || !toks[f.from].initial) {
			r.learnFound(toks, f)
		}
	}
}

// recogniseNames runs prose's recogniser over text and learns the PERSON
// entities that the capitalised-word filters let through.
func (r *redactor) recogniseNames(text string) {
	doc, err := newDocument(text, r.model)
	if err != nil {
		return
	}
	for _, e := range doc.Entities() {
		if e.Label != "PERSON" {
			continue
		}
		ws := strings.Fields(e.Text)
		ok := len(ws) > 0 && len(ws) <= maxNameWords
		for _, w := range ws {
			lw := normName(w)
			if !looksLikeName(w) || r.keep[lw] || placeSuffixes[lw] || placePrefixes[lw] || r.wordish(lw) ||
				r.wordForm(lw) || notNameShape(w) {
				ok = false
				break
			}
		}
		if ok {
			r.addName(e.Text, byRecogniser)
		}
	}
}

// newDocument runs prose over text with an already loaded model, without
// its slow sentence segmenter, turning a panic into an error.
func newDocument(text string, m *prose.Model) (doc *prose.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("named-entity recogniser: %v", p)
		}
	}()
	return prose.NewDocument(text, prose.UsingModel(m), prose.WithSegmentation(false))
}

// redact returns text with names and other identifiers replaced.
func (r *redactor) redact(text string) string {
	if r.off || text == "" {
		return text
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	return r.replaceSpans(text, r.spans(text))
}

// replaceSpans returns text with spans replaced.
func (r *redactor) replaceSpans(text string, spans []span) string {
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s.start])
		b.WriteString(r.replace(text[s.start:s.end], s))
		last = s.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// A span is a stretch of text to replace: a person's name (p set) or a
// pattern's match (kind set).
type span struct {
	start, end int
	p          *person
	kind       string // "[email]" ...
}

// replace returns what replaces a span and records it for the table.
func (r *redactor) replace(original string, s span) string {
	with, how, n := s.kind, byPattern, 0
	if s.p != nil {
		if s.p.n == 0 {
			r.people++
			s.p.n = r.people
		}
		with, how, n = "[Person "+strconv.Itoa(s.p.n)+"]", s.p.how, s.p.n
	}
	key := with + "\x00" + original
	if d := r.done[key]; d != nil {
		d.times++
	} else {
		original = strings.Clone(original) // not the text it is part of
		r.done[key] = &replacement{original: original, with: with, how: how, n: n, times: 1}
	}
	return with
}

// spans finds what to replace in text, in order, without overlaps.
func (r *redactor) spans(text string) []span {
	pats := patternSpans(text)
	toks := tokenize(text)
	found := r.findNames(text, toks, pats)
	learned := false
	for i, f := range found {
		if f.p == nil {
			found[i].p = r.learnFound(toks, f)
			learned = true
		}
	}
	if learned {
		// A name learned late in the statement may stand earlier in it
		// too, where the rules alone passed it over: "Dylan, Dylan Moss".
		found = r.findNames(text, toks, pats)
		for i, f := range found {
			if f.p == nil {
				found[i].p = r.learnFound(toks, f)
			}
		}
	}
	return mergeSpans(pats, toks, found)
}

// mergeSpans puts the names found among toks with the pattern spans, in
// order.
func mergeSpans(pats []span, toks []token, found []found) []span {
	out := pats
	for _, f := range found {
		out = append(out, span{start: toks[f.from].start, end: toks[f.to].end, p: f.p})
	}
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	return out
}

// learnFound learns a name found by the capitalised-word rules.
func (r *redactor) learnFound(toks []token, f found) *person {
	ws := make([]string, 0, f.to-f.from+1)
	for _, t := range toks[f.from : f.to+1] {
		ws = append(ws, t.lower)
	}
	return r.personFor(ws, byCapitals, false)
}

// Patterns for identifiers other than names. Only the date of a date of
// birth is replaced, not the words before it.
var (
	emailPattern    = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+`)
	phonePattern    = regexp.MustCompile(`(?:\+44[ \-]?(?:\(0\)[ \-]?)?|\(?\b0)\d(?:[ \-]?\)?[ \-]?\d){7,10}\b`)
	postcodePattern = regexp.MustCompile(`\b(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}|GIR ?0AA)\b`)
	niPattern       = regexp.MustCompile(`(?i)\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`)
	dobPattern      = regexp.MustCompile(`(?i)\b(?:born|d\.?o\.?b\.?|date of birth)(?:[\s:\-–]|\b(?:is|was|on|in|the|of)\b)*?(` + dateRE + `)`)
	placeholderRE   = regexp.MustCompile(`\[(?:Person \d+|email|phone|postcode|date of birth|NI number)\]`)
)

const (
	monthRE = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	dayRE   = `\d{1,2}(?:st|nd|rd|th)?`
	dateRE  = `\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\d{4}-\d{2}-\d{2}\b|` +
		dayRE + `(?:\s+of)?\s+` + monthRE + `(?:,?\s+\d{4}\b)?|` +
		monthRE + `\s+` + dayRE + `(?:,?\s+\d{4})?\b|` +
		monthRE + `\s+\d{4}\b`
)

// patternSpans finds the identifiers that patterns recognise, in order,
// without overlaps (the first pattern to claim a stretch keeps it).
func patternSpans(text string) []span {
	// Every pattern needs a digit, an "@" or a "[": most sentences have
	// none, and the regular expressions are the costliest part.
	if !strings.ContainsAny(text, "0123456789@[") {
		return nil
	}
	var out []span
	taken := func(s, e int) bool {
		for _, o := range out {
			if s < o.end && o.start < e {
				return true
			}
		}
		return false
	}
	add := func(s, e int, kind string) {
		if !taken(s, e) {
			out = append(out, span{start: s, end: e, kind: kind})
		}
	}
	// Each pattern is run only where it can match: a placeholder needs a
	// "[", an e-mail address an "@", a date at least one digit, an NI
	// number six, a phone number eight and a postcode one.
	digits := 0
	for i := 0; i < len(text); i++ {
		if '0' <= text[i] && text[i] <= '9' {
			digits++
		}
	}
	if strings.IndexByte(text, '[') >= 0 {
		for _, m := range placeholderRE.FindAllStringIndex(text, -1) {
			add(m[0], m[1], "") // already replaced: claimed so that nothing else touches it
		}
	}
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range emailPattern.FindAllStringIndex(text, -1) {
			add(m[0], m[1], "[email]")
		}
	}
	if digits >= 1 && mayBeDOB(text) {
		for _, m := range dobPattern.FindAllStringSubmatchIndex(text, -1) {
			add(m[2], m[3], "[date of birth]")
		}
	}
	if digits >= 6 {
		for _, m := range niPattern.FindAllStringIndex(text, -1) {
			add(m[0], m[1], "[NI number]")
		}
	}
	if digits >= 8 {
		for _, m := range phonePattern.FindAllStringIndex(text, -1) {
			if ukPhone(text[m[0]:m[1]]) {
				add(m[0], m[1], "[phone]")
			}
		}
	}
	if digits >= 1 && mayBePostcode(text) {
		for _, m := range postcodePattern.FindAllStringIndex(text, -1) {
			add(m[0], m[1], "[postcode]")
		}
	}
	out = slices.DeleteFunc(out, func(s span) bool { return s.kind == "" })
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	return out
}

// mayBeDOB reports whether text has what dobPattern's match starts with:
// "born", "date of birth", or a d, o and b with at most a full stop after
// each of the first two, in any case.
func mayBeDOB(text string) bool {
	for i := 0; i < len(text); i++ {
		switch text[i] | 0x20 {
		case 'b':
			if len(text)-i >= 4 && strings.EqualFold(text[i:i+4], "born") {
				return true
			}
		case 'd':
			j := i + 1
			if j < len(text) && text[j] == '.' {
				j++
			}
			if j < len(text) && text[j]|0x20 == 'o' {
				j++
				if j < len(text) && text[j] == '.' {
					j++
				}
				if j < len(text) && text[j]|0x20 == 'b' {
					return true
				}
			}
			if len(text)-i >= 13 && strings.EqualFold(text[i:i+13], "date of birth") {
				return true
			}
		}
	}
	return false
}

// mayBePostcode reports whether text has what every postcodePattern match
// has: a capital letter followed by a digit, or "GIR".
func mayBePostcode(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		if 'A' <= text[i] && text[i] <= 'Z' && '0' <= text[i+1] && text[i+1] <= '9' {
			return true
		}
	}
	return strings.Contains(text, "GIR")
}

// ukPhone reports whether a phone pattern's match has the digits of a UK
// number: 0 and nine or ten more, or +44 and nine or ten.
func ukPhone(s string) bool {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if strings.HasPrefix(s, "+44") {
		d = d[2:]
		if len(d) > 0 && d[0] == '0' {
			d = d[1:]
		}
		d = append([]byte{'0'}, d...)
	}
	return len(d) >= 10 && len(d) <= 11 && d[0] == '0' && d[1] != '0'
}

// A token is one word of a text.
type token struct {
	start, end int    // the word, without a possessive 's
	after      int    // the end of the word and its possessive
	lower      string // the word in lower case, apostrophes straight
	caps       bool   // starts with an upper-case letter
	upper      bool   // has two or more letters, all upper case: YOT, CAMHS
	initial    bool   // starts a sentence
	adjacent   bool   // only spaces between it and the token before
}

func (t token) possessive() bool { return t.after > t.end }

// isAcronym reports whether w is two or more capital letters, perhaps
// with a plural s: YOT, CAMHS, YROs.
func isAcronym(w string) bool {
	if w == "" || ('a' <= w[0] && w[0] <= 'z') {
		return false
	}
	w = strings.TrimSuffix(w, "s")
	return utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// oneASCIIWord reports whether s is ASCII with no white space: what
// normName need only put in lower case.
func oneASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == ' ' || ('\t' <= c && c <= '\r') {
			return false
		}
	}
	return true
}

// isPlainLower reports whether s is ASCII with no upper-case letter and
// no white space: what normName leaves as it is, without copying it.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == ' ' || ('\t' <= c && c <= '\r') {
			return false
		}
	}
	return true
}

// eachWord calls fn with the byte range of each word in text, in order: a
// letter, then letters and marks, with apostrophes and hyphens inside. It
// finds what the regular expression \p{L}[\p{L}\p{M}]*(?:['’\-][\p{L}\p{M}]+)*
// does (a test checks this), several times faster.
func eachWord(text string, fn func(start, end int)) {
	// letters skips letters and marks from i.
	letters := func(i int) int {
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if 'a' <= c|0x20 && c|0x20 <= 'z' {
					i++
					continue
				}
				break
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsMark(r) {
				break
			}
			i += size
		}
		return i
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !('a' <= c|0x20 && c|0x20 <= 'z') {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		start := i
		i = letters(i + size)
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r != '\'' && r != '’' && r != '-' {
				break
			}
			j := letters(i + size)
			if j == i+size {
				break
			}
			i = j
		}
		fn(start, i)
	}
}

// tokenize splits text into words, noting for each whether it starts a
// sentence and whether it follows the word before with only spaces between.
func tokenize(text string) []token { return tokenizeInto(nil, text) }

// tokenizeInto is tokenize appending to toks[:0], so that a caller can
// reuse its array.
func tokenizeInto(toks []token, text string) []token {
	toks = toks[:0]
	prevEnd := -1
	eachWord(text, func(start, end int) {
		t := token{start: start, end: end, after: end}
		w := text[start:end]
		if last := w[len(w)-1]; last == 's' || last == 'S' {
			for _, suf := range []string{"'s", "’s", "'S", "’S"} {
				if len(w) > len(suf)+1 && strings.HasSuffix(w, suf) {
					t.end -= len(suf)
					break
				}
			}
			w = text[t.start:t.end]
		}
		t.lower = normName(w)
		if c := w[0]; c < utf8.RuneSelf {
			t.caps = 'A' <= c && c <= 'Z'
		} else {
			first, _ := utf8.DecodeRuneInString(w)
			t.caps = unicode.IsUpper(first)
		}
		t.upper = isAcronym(w)
		switch {
		case prevEnd >= 0 && t.start-prevEnd == 1 && text[prevEnd] == ' ':
			// The usual gap, one space: the word goes on the sentence.
			t.adjacent = true
		case prevEnd >= 0:
			gap := text[prevEnd:t.start]
			t.adjacent = strings.Trim(gap, " ") == ""
			t.initial = startsSentenceAfter(gap, false)
		default:
			t.initial = startsSentenceAfter(text[:t.start], true)
		}
		toks = append(toks, t)
		prevEnd = t.after
	})
	return toks
}

// startsSentenceAfter reports whether a word after gap (the text since
// the word before) starts a sentence.
func startsSentenceAfter(gap string, first bool) bool {
	g := strings.TrimRight(gap, " \t\r\n")
	if g == "" {
		return first
	}
	last, _ := utf8.DecodeLastRuneInString(g)
	return strings.ContainsRune(".!?:;\"“”‘'([{]…", last)
}

// A found name is a stretch of tokens from..to (inclusive) that is a
// person's name; p is the person when the name is already known.
type found struct {
	from, to int
	p        *person
}

// findNames finds the names among text's tokens, skipping tokens inside
// the pattern spans.
func (r *redactor) findNames(text string, toks []token, pats []span) []found {
	inPattern := func(t token) bool {
		for _, s := range pats {
			if t.start < s.end && s.start < t.end {
				return true
			}
		}
		return false
	}
	var out []found
	for i := 0; i < len(toks); {
		t := toks[i]
		if inPattern(t) || inPlaceholder(text, t) {
			i++
			continue
		}
		if !t.caps {
			// A known name in lower case, when it is not also a word.
			if p := r.name(t.lower); p != nil && !commonWords[t.lower] && !nameWords[t.lower] && r.vocab[t.lower] <= r.capped[t.lower] {
				out = append(out, found{i, i, p})
			}
			i++
			continue
		}
		// A title and the capitalised words after it: "Mrs Okafor".
		if titles[t.lower] && i+1 < len(toks) && toks[i+1].caps && !toks[i+1].upper &&
			!stopCaps[toks[i+1].lower] && afterTitle(text, t, toks[i+1]) && !inPattern(toks[i+1]) {
			j := i + 1
			for j+1 < len(toks) && j-i < 3 && r.continuesRun(toks, j) && !placeSuffixes[toks[j+1].lower] {
				j++
			}
			ws := lowers(toks[i+1 : j+1])
			p := r.name(strings.Join(ws, " "))
			out = append(out, found{i + 1, j, p})
			i = j + 1
			continue
		}
		// A run of capitalised words, stopped by common capitalised words.
		if stopCaps[t.lower] || titles[t.lower] || t.upper || utf8.RuneCountInString(t.lower) < 2 {
			i++
			continue
		}
		j := i
		for j+1 < len(toks) && r.continuesRun(toks, j) && !inPattern(toks[j+1]) {
			j++
		}
		// A run right after a common capitalised word is not a name:
		// "Level Up", "Year Nine", "Christmas Day".
		if i > 0 && t.adjacent && toks[i-1].caps && stopCaps[toks[i-1].lower] && !titles[toks[i-1].lower] &&
			r.name(strings.Join(lowers(toks[i:j+1]), " ")) == nil && r.name(t.lower) == nil {
			i = j + 1
			continue
		}
		from := i
		// An ordinary word opening a sentence is not part of a name: "Then
		// Ryan said", "At Greenway Academy", "Called Biscuit".
		if j > i && t.initial && r.wordish(t.lower) && !nameWords[t.lower] && r.name(t.lower) == nil {
			from++
		}
		if from > j {
			i = j + 1
			continue
		}
		if f, ok := r.judgeRun(text, toks, from, j); ok {
			out = append(out, f)
		}
		i = j + 1
	}
	return out
}

// continuesRun reports whether the token after toks[j] continues a run of
// capitalised words: capitalised, after only spaces, not a common
// capitalised word. After a possessive a run goes on only into a place
// ("Prince's Trust", "St Anne's").
func (r *redactor) continuesRun(toks []token, j int) bool {
	n := toks[j+1]
	if !n.caps || !n.adjacent || stopCaps[n.lower] || titles[n.lower] {
		return false
	}
	if toks[j].possessive() {
		return placeSuffixes[n.lower] || n.upper
	}
	return true
}

// afterTitle reports whether word follows title with only spaces or a full
// stop and spaces between: "Mrs Okafor", "Mr. Brennan".
func afterTitle(text string, title, word token) bool {
	gap := text[title.after:word.start]
	return strings.Trim(gap, " ") == "" || strings.Trim(strings.TrimPrefix(gap, "."), " ") == "" && strings.HasPrefix(gap, ".")
}

func inPlaceholder(text string, t token) bool {
	return t.lower == "person" && t.start > 0 && text[t.start-1] == '['
}

func lowers(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.lower
	}
	return out
}

// wordish reports whether w (lower case) is an ordinary word: in the
// common words, or seen in the run more often in lower case than
// capitalised inside a sentence (as names are).
func (r *redactor) wordish(w string) bool {
	return commonWords[w] || r.vocab[w] > r.capped[w]
}

// judgeRun decides whether the capitalised tokens from..to are a person's
// name.
func (r *redactor) judgeRun(text string, toks []token, from, to int) (found, bool) {
	run := toks[from : to+1]
	ws := lowers(run)
	phrase := strings.Join(ws, " ")
	if len(run) == 1 && run[0].initial {
		// A single capitalised word opening a sentence.
		known := r.name(phrase)
		if known == nil && r.keep[phrase] {
			return found{}, false
		}
		return found{from, to, known}, r.initialName(text, toks, from, known)
	}
	if p := r.name(phrase); p != nil {
		return found{from, to, p}, true
	}
	// Places and organisations stay.
	if r.keep[phrase] {
		return found{}, false
	}
	for k, t := range run {
		if r.keep[t.lower] || t.upper || notNameShape(text[t.start:t.end]) || k > 0 && (placeSuffixes[t.lower] || roleHeads[t.lower]) {
			return found{}, false
		}
	}
	if len(run) > 1 && placePrefixes[ws[0]] {
		return found{}, false
	}
	var known *person
	for _, w := range ws {
		if p := r.name(w); p != nil {
			known = p
			break
		}
	}
	if known != nil {
		return found{from, to, known}, true
	}
	if len(run) == 1 && (placeSuffixes[ws[0]] || roleLabels[ws[0]] || interviewerLabels[ws[0]]) {
		return found{}, false
	}
	if !run[len(run)-1].possessive() && r.placeContext(toks, from) {
		return found{}, false
	}
	return found{from, to, nil}, true
}

// initialName decides whether a capitalised word opening a sentence is a
// name.
func (r *redactor) initialName(text string, toks []token, i int, known *person) bool {
	t := toks[i]
	wordish := r.wordish(t.lower)
	if known != nil && !wordish {
		return true
	}
	if known == nil && (roleLabels[t.lower] || interviewerLabels[t.lower] || placeSuffixes[t.lower] ||
		!nameWords[t.lower] && (wordish || r.wordForm(t.lower) || notNameShape(text[t.start:t.end]))) {
		return false
	}
	// A word that is in no vocabulary, or a name that is also a word
	// ("Will", "Hope", "Bill"), is a name only with something after it
	// that a name would have.
	if t.possessive() {
		return true
	}
	// A sentence of one word that is no ordinary word: "Yeah. Ryan."
	ends := true
	if i+1 < len(toks) {
		ends = strings.ContainsAny(text[t.after:toks[i+1].start], ".!?")
	}
	if ends && !wordish && !strings.HasSuffix(t.lower, "ing") {
		return true
	}
	if i+1 >= len(toks) {
		return false
	}
	n := toks[i+1]
	if n.adjacent && (nameFollowers[n.lower] || nameWords[t.lower] && (n.lower == "from" || n.lower == "at")) {
		return true
	}
	if n.adjacent && n.lower == "and" && i+2 < len(toks) && toks[i+2].adjacent &&
		(toks[i+2].caps && !stopCaps[toks[i+2].lower] && !toks[i+2].upper || objectPronouns[toks[i+2].lower]) {
		return true
	}
	// An apposition: "Hope, my sister, ...".
	return strings.TrimSpace(text[t.after:n.start]) == "," && (n.lower == "my" || n.lower == "our" || n.lower == "his" || n.lower == "her")
}

// wordForm reports whether w is a form of an ordinary word: a plural, a
// past tense, an -ing or -ly form of a word in the vocabulary, or a word
// with an ending that names do not have.
func (r *redactor) wordForm(w string) bool {
	for _, end := range []string{"tion", "sion", "ness", "ment", "ity", "ism", "ful", "less", "ous", "ive", "able", "ible"} {
		if strings.HasSuffix(w, end) && len(w) > len(end)+2 {
			return true
		}
	}
	for _, f := range [][2]string{{"s", ""}, {"ing", ""}, {"ing", "e"}, {"ed", ""}, {"ed", "e"}, {"d", ""}, {"ly", ""}, {"ily", "y"}, {"ly", "le"}, {"y", ""}} {
		if stem, ok := strings.CutSuffix(w, f[0]); ok && len(stem) > 2 && r.wordish(stem+f[1]) {
			return true
		}
	}
	return false
}

// notNameShape reports whether w is shaped unlike a name: a capital after
// three or more small letters, as brands and systems have (AssetPlus,
// PlayStation; McDonald, MacLeod and DeShawn have theirs sooner), or a
// hyphen or apostrophe followed by a small letter (Nerve-wracking,
// S'alright; not Mary-Jane, O'Brien).
func notNameShape(w string) bool {
	small := 0
	prev := 'x'
	for _, c := range w {
		switch {
		case unicode.IsLower(c):
			if prev == '-' || prev == '\'' || prev == '’' {
				return true
			}
			small++
		case unicode.IsUpper(c) && small >= 3:
			return true
		default:
			small = 0
		}
		prev = c
	}
	return false
}

var objectPronouns = setOf(`me i him her us them my his`)

// placeContext reports whether the word before toks[i] says toks[i] is a
// place or a thing rather than a person: "the Millfield", "in Wetherby",
// "moved to Leeds".
func (r *redactor) placeContext(toks []token, i int) bool {
	if i == 0 || !toks[i].adjacent {
		return false
	}
	prev := toks[i-1].lower
	before := ""
	if i >= 2 && toks[i-1].adjacent {
		before = toks[i-2].lower
	}
	switch {
	case prev == "the" || prev == "a" || prev == "an":
		return true
	case locatives[prev]:
		return true
	case prev == "to":
		return motionWords[before]
	case prev == "at":
		return !atPerson[before]
	case prev == "of":
		return before == "out"
	}
	return false
}

// table returns the Redactions sheet: every original text replaced, what
// replaced it, how it was found and how many times, people first in
// placeholder order, then the other identifiers.
func (r *redactor) table() ([]string, [][]any) {
	header := []string{"Original", "Replaced with", "Found by", "Times"}
	r.mu.Lock()
	defer r.mu.Unlock()
	rs := make([]*replacement, 0, len(r.done))
	for _, d := range r.done {
		rs = append(rs, d)
	}
	slices.SortFunc(rs, func(a, b *replacement) int {
		if (a.n == 0) != (b.n == 0) {
			if a.n == 0 {
				return 1
			}
			return -1
		}
		if a.n != b.n {
			return a.n - b.n
		}
		if c := strings.Compare(a.with, b.with); c != 0 {
			return c
		}
		return strings.Compare(a.original, b.original)
	})
	rows := make([][]any, len(rs))
	for i, d := range rs {
		rows[i] = []any{d.original, d.with, d.how, d.times}
	}
	return header, rows
}

// apply redacts a coded statement's text, speaker and cues in place, and
// its participant when the participant's ID is a name.
func (r *redactor) apply(s *Statement) {
	if r.off {
		return
	}
	s.Participant = r.participant(s.Participant)
	if r.looksLikeName(s.Speaker) {
		s.Speaker = r.redact(s.Speaker)
	}
	pl := s.redaction
	if pl != nil && pl.text != s.Text {
		pl = nil
	}
	if pl != nil {
		s.Text = r.redactPlanned(s.Text, pl.textPlan)
	} else {
		s.Text = r.redact(s.Text)
	}
	for i := range s.Codes {
		if pl != nil && i < len(pl.cues) && pl.cues[i] == s.Codes[i].Cue {
			s.Codes[i].Cue = r.redactPlanned(s.Codes[i].Cue, pl.cuePlans[i])
		} else {
			s.Codes[i].Cue = r.redact(s.Codes[i].Cue)
		}
	}
	s.redaction = nil
	if sr := s.review; sr != nil {
		// Reviewers' notes may name people too.
		for i := range sr.decisions {
			sr.decisions[i].Note = r.redact(sr.decisions[i].Note)
		}
		for i := range sr.added {
			sr.added[i].Note = r.redact(sr.added[i].Note)
		}
		sr.uncoded.Note = r.redact(sr.uncoded.Note)
	}
}

// A statementPlan is the redaction planned for a statement's text and
// cues (see planRedaction), with the texts it was planned for.
type statementPlan struct {
	text     string
	textPlan redactionPlan
	cues     []string
	cuePlans []redactionPlan
}

// planStatement plans the redaction of s's text and cues. Call it on a
// reader.
func (r *redactor) planStatement(s *Statement) {
	pl := &statementPlan{text: s.Text, textPlan: r.planRedaction(s.Text)}
	for _, a := range s.Codes {
		pl.cues = append(pl.cues, a.Cue)
		pl.cuePlans = append(pl.cuePlans, r.planRedaction(a.Cue))
	}
	s.redaction = pl
}

// participant redacts a participant ID that looks like a name, as apply
// does for every statement.
func (r *redactor) participant(id string) string {
	if r.off || !r.looksLikeName(id) {
		return id
	}
	return r.redact(id)
}

// looksLikeName is looksLikeName(s), remembering its answers: apply asks
// it of every statement's speaker and participant, which repeat.
func (r *redactor) looksLikeName(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok, known := r.nameLike[s]; known {
		return ok
	}
	if r.nameLike == nil || len(r.nameLike) >= 1<<12 {
		r.nameLike = map[string]bool{}
	}
	ok := looksLikeName(s)
	r.nameLike[strings.Clone(s)] = ok
	return ok
}

// redactValue redacts any text, such as an attribute's value, unless
// redaction is off.
func (r *redactor) redactValue(v string) string {
	if r.off {
		return v
	}
	return r.redact(v)
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(words, "\n") {
		for _, w := range strings.Fields(line) {
			m[strings.ReplaceAll(w, "_", " ")] = true
		}
	}
	return m
}

// particles are the lower-case words inside names: "Kevin de Souza".
var particles = setOf(`de da di du del della der den van von la le bin al el ibn`)

// titles come before a name and stay when the name is replaced.
var titles = setOf(`mr mrs ms miss mx dr prof sir dame lady lord pc dc sgt ds di cllr judge
	uncle auntie aunty aunt nan nana nanna gran granny grandad grandma cousin`)

// stopCaps are capitalised words that are not names: they end a run of
// capitalised words and are never replaced (unless a list names them).
var stopCaps = setOf(`i i'm i've i'd i'll
	monday tuesday wednesday thursday friday saturday sunday
	mondays tuesdays wednesdays thursdays fridays saturdays sundays weekend weekends
	january february march april may june july august september october november december
	mum mam mom mummy mother dad daddy father nan nana nanna gran granny grandma grandad grandpa
	auntie aunty uncle sis bro sir miss god jesus allah lord
	christmas easter halloween bonfire eid ramadan diwali hanukkah xmas new_year
	english maths math science history geography french spanish german art music drama pe ict
	british irish scottish welsh polish romanian muslim christian catholic jewish sikh hindu
	black white asian
	xbox playstation ps4 ps5 facebook snapchat instagram tiktok whatsapp youtube google netflix
	fortnite fifa iphone android nike adidas mcdonald mcdonalds kfc tesco asda aldi lidl greggs
	primark argos boots costa subway uber deliveroo amazon spar morrisons sainsbury nando nandos
	wetherspoons spoons burger_king pizza_hut domino dominos lynx
	year level gcse gcses btec nvq internet tv okay ok oi
	covid lockdown`)

// placeSuffixes end the name of a place or an organisation.
var placeSuffixes = setOf(`road rd street st lane avenue ave close crescent drive way place grove
	gardens terrace walk park estate valley hill hills green bridge court square row mews
	centre center station school academy college university uni hospital prison yoi stc
	police council services service yot yos yjs team trust project club house hall unit ward
	church mosque temple library market stadium fc united rovers city town village
	magistrates primary high secondary infants juniors nursery institute foundation charity
	jobcentre plus office offices department shop store cafe café pub arms inn hotel
	gym field fields farm wood woods lake river flats tower towers heights quay common
	way parade precinct retail mall`)

// placePrefixes open the name of a place or an organisation.
var placePrefixes = setOf(`st saint north south east west upper lower great little mount
	fort port lake river hmp hmyoi royal old new`)

// locatives are words after which a capitalised word is a place.
var locatives = setOf(`in into near outside round around across towards toward past through
	opposite behind inside`)

// motionWords before "to" make what follows a place: "moved to Leeds".
var motionWords = setOf(`go goes going went gone move moved moving came come comes coming back
	up down over out sent send drove drive driving get got getting walked walk ran run
	travelled travel transferred trip way bus train flew`)

// atPerson are words before "at" that make what follows a person:
// "shouted at Sam".
var atPerson = setOf(`look looked looking looks shout shouted shouting laugh laughed laughing
	stare stared staring angry mad go kick kicked kicking lashed swung pointed smiled waved
	yelled screamed swore having`)

// nameFollowers after a word opening a sentence make it a name when the
// word is also an ordinary word: "Will was my mentor", "Jack never came".
var nameFollowers = setOf(`said says told tells asked rang rings texted helped came comes
	turned never always used was is has had would did does got gets went goes kept keeps
	took takes wanted wants knew knows thinks thought reckons reckoned tried helped helps made
	makes gave gives let lets picked picks started stopped moved left lives lived loved loves
	likes liked hated sorted sent showed shows drove brought listened understood believed
	called shouted stayed works worked needs needed can could will should might must isn't
	wasn't doesn't didn't won't wouldn't can't couldn't hasn't hadn't don't`)

// nameWords are first names that are also ordinary words.
var nameWords = setOf(`will rose hope jack mark bill grace faith summer amber holly pat dawn
	may june april august joy ruby jade sky skye crystal daisy ivy lily poppy violet heather
	iris pearl destiny harmony honey hunter chase guy rob robin sue ray frank drew dean neil
	miles jay art bob cliff don rich sonny rocky brook river storm angel precious star autumn
	willow hazel rowan ash king prince penny kitty rusty sunny carol chance gene bud nick
	sandy terry reed wade grant josh`)

// commonWords are ordinary words that often open a sentence; with the
// run's own lower-case words they tell a capitalised word that is a word
// from one that is a name.
var commonWords = setOf(`a about above after again against all almost also although always am
	an and another any anybody anyone anything anyway anyways anywhere are aren't around as at
	away back bad basically be because been before being below best better between big both
	but by can can't cannot cause cos could couldn't course definitely did didn't do does
	doesn't doing don't done down during each either else even ever every everybody everyone
	everything exactly fair few fine first for from funny further good got great had hadn't half
	has hasn't have haven't having he he'd he'll he's her here hers herself him himself his how
	however i if in instead is isn't it it'd it'll it's its itself just kind last least less let
	let's like literally little lot lots loads maybe me mine more most much must my myself nah
	near never next nice no nobody none nor not nothing now obviously of off oh ok okay on once
	one only or other others otherwise our ours out over own perhaps please plus pretty probably
	proper properly quite rather really right same see seriously she she'd she'll she's should
	shouldn't since so some somebody someone something sometimes somewhere soon sorry still such
	sure than thank thanks that that's the their theirs them themselves then there there's these
	they they'd they'll they're they've thing things this those though through till to today
	together tomorrow too totally true um er erm uh mm mmm hmm ah oh ooh aw wow under unless until
	up us used very was wasn't way we we'd we'll we're we've well were weren't what what's
	whatever when whenever where wherever whether which while who whoever whole whose why will
	with within without won't would wouldn't yeah yep yes yesterday yet you you'd you'll you're
	you've your yours yourself yourselves ya aye innit dunno suppose guess mean means know knew
	think thought say said tell told ask asked go going went gone get got getting come came
	coming make made take took give gave want wanted need needed feel felt look looked keep kept
	start started try tried stop stopped put work worked wait waited hate hated love loved
	alright honestly actually apparently especially eventually finally generally hopefully
	luckily normally personally thankfully unfortunately usually anyhow besides meanwhile
	otherwise hello hi bye cheers ta right wrong true false yeah no yes nope sort kinda
	will hope mark may miles chance grant guy art drew frank rob ray chase star king sky bill
	summer autumn dawn joy
	first second third another again also because but and or so if when then after before
	at on in by for from of to with without about school court college prison jail custody
	police home work football boxing everyone nowhere everywhere somewhere bit bits
	curfew tag order orders panel courts probation programme programmes course courses plan
	plans meeting meetings worker workers mentor reparation victim victims offence offences
	family friends mates money drugs weed cannabis knife knives fighting gym job jobs training
	education house hostel care custody sentence sentenced arrested nicked breached`)
