package coding

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// MaxGap is how many words "..." in a cue pattern may skip.
const MaxGap = 4

// A Pattern is a compiled cue: words in order, with alternatives, prefixes,
// inflections and gaps. See the codebook's header for the syntax.
type Pattern struct {
	Text  string // the pattern as written
	steps []step
}

type step struct {
	gap      int                 // how many words may be skipped before this step
	words    map[string]struct{} // every word that matches exactly: forms of inflected and exact terms
	prefixes []string            // the prefixes of prefix terms
}

type termKind int

const (
	inflected termKind = iota // the word or a regular inflection of it
	exact                     // only the word itself
	prefix                    // any word starting with it
)

type term struct {
	kind  termKind
	word  string
	forms []string // for inflected: the word and its inflections
}

// CompilePattern parses a cue pattern. The error says what is wrong with
// the pattern, without its position in a file.
func CompilePattern(text string) (Pattern, error) {
	p := Pattern{Text: text}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return p, errors.New("empty pattern")
	}
	gap := 0
	for i, f := range fields {
		if f == "..." {
			switch {
			case i == 0:
				return p, errors.New(`pattern cannot start with "..."`)
			case i == len(fields)-1:
				return p, errors.New(`pattern cannot end with "..."`)
			case gap > 0:
				return p, errors.New(`two "..." in a row`)
			}
			gap = MaxGap
			continue
		}
		terms, err := compileStep(f)
		if err != nil {
			return p, err
		}
		st := step{gap: gap, words: map[string]struct{}{}}
		for _, t := range terms {
			switch t.kind {
			case prefix:
				st.prefixes = append(st.prefixes, t.word)
			case exact:
				st.words[t.word] = struct{}{}
			default:
				for _, f := range t.forms {
					st.words[f] = struct{}{}
				}
			}
		}
		p.steps = append(p.steps, st)
		gap = 0
	}
	return p, nil
}

func compileStep(f string) ([]term, error) {
	inner := f
	if strings.HasPrefix(inner, "(") || strings.HasSuffix(inner, ")") {
		if !strings.HasPrefix(inner, "(") || !strings.HasSuffix(inner, ")") {
			return nil, fmt.Errorf("unbalanced parenthesis in %q", f)
		}
		inner = inner[1 : len(inner)-1]
	}
	var terms []term
	for _, alt := range strings.Split(inner, "|") {
		t, err := compileTerm(alt)
		if err != nil {
			return nil, fmt.Errorf("%w in %q", err, f)
		}
		terms = append(terms, t)
	}
	return terms, nil
}

func compileTerm(s string) (term, error) {
	t := term{kind: inflected}
	switch {
	case strings.HasPrefix(s, "="):
		t.kind = exact
		s = s[1:]
	case strings.HasSuffix(s, "*"):
		t.kind = prefix
		s = s[:len(s)-1]
	}
	if s == "" {
		return t, errors.New("empty alternative")
	}
	s = strings.ReplaceAll(s, "’", "'")
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue
		}
		if (r == '\'' || r == '-') && i > 0 && i < len(s)-1 {
			continue
		}
		return t, fmt.Errorf("character %q not allowed", r)
	}
	t.word = strings.ToLower(s)
	if t.kind == inflected {
		t.forms = inflections(t.word)
	}
	return t, nil
}

// inflections returns w and its regular English inflections: plural and
// third person (-s, -es, -ies), past (-ed, -d, -ied) and -ing, with a
// doubled final consonant (stop, stopped) and a dropped final e (believe,
// believing). Words of one or two letters are not inflected.
func inflections(w string) []string {
	n := len(w)
	if n < 3 {
		return []string{w} // "i" must not find "is", nor "a" "as"
	}
	forms := []string{w, w + "s", w + "es", w + "ed", w + "ing"}
	if n < 2 || !isASCIIWord(w) {
		return forms
	}
	last := w[n-1]
	switch {
	case last == 'e':
		forms = append(forms, w+"d", w[:n-1]+"ing")
	case last == 'y' && !isVowel(w[n-2]):
		forms = append(forms, w[:n-1]+"ies", w[:n-1]+"ied")
	case !isVowel(last) && isVowel(w[n-2]) && last != 'w' && last != 'x' && last != 'y':
		forms = append(forms, w+string(last)+"ed", w+string(last)+"ing")
	}
	return forms
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// A Match is where a pattern matched: word indices [Start, End) into the
// words it was matched against. Gaps lists the indices of words inside the
// match that "..." skipped.
type Match struct {
	Start, End int
	Gaps       []int
	// Steps holds, for each step of the pattern, the index of the word it
	// matched.
	Steps []int
}

// Find returns the first match of p in words at or after word from.
func (p Pattern) Find(words []Word, from int) (Match, bool) {
	if len(p.steps) == 0 {
		return Match{}, false
	}
	for i := from; i < len(words); i++ {
		if m, ok := p.MatchAt(words, i); ok {
			return m, true
		}
	}
	return Match{}, false
}

// FindAll returns the non-overlapping matches of p in words, in order.
func (p Pattern) FindAll(words []Word) []Match {
	var ms []Match
	for from := 0; ; {
		m, ok := p.Find(words, from)
		if !ok {
			return ms
		}
		ms = append(ms, m)
		from = m.End
	}
}

// matchAt reports whether steps[k:] match starting exactly at word i, and
// where the match ends. It appends the index of each word a step matched
// to at.
func (p Pattern) matchAt(words []Word, i, k int, at *[]int) (int, bool) {
	if i >= len(words) || !stepMatches(p.steps[k], words[i].Text) {
		return 0, false
	}
	*at = append(*at, i)
	if k == len(p.steps)-1 {
		return i + 1, true
	}
	next := p.steps[k+1]
	for j := i + 1; j <= i+1+next.gap && j < len(words); j++ {
		if end, ok := p.matchAt(words, j, k+1, at); ok {
			return end, true
		}
	}
	*at = (*at)[:len(*at)-1]
	return 0, false
}

func stepMatches(s step, w string) bool {
	if _, ok := s.words[w]; ok {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// First returns what the pattern's first word may be: whole words, and
// prefixes of words. A coder uses it to try a pattern only where it can
// start.
func (p Pattern) First() (words, prefixes []string) { return p.stepTerms(0) }

// stepTerms returns what step k's word may be: whole words, and prefixes
// of words.
func (p Pattern) stepTerms(k int) (words, prefixes []string) {
	if k >= len(p.steps) {
		return nil, nil
	}
	for w := range p.steps[k].words {
		words = append(words, w)
	}
	return words, p.steps[k].prefixes
}

// StepOnly reports whether every word step k of p matches satisfies is:
// whether the step names only such words ("didn't|don't" against
// "could|couldn't"). A step with a prefix term never does.
func (p Pattern) StepOnly(k int, is func(string) bool) bool {
	if k < 0 || k >= len(p.steps) || len(p.steps[k].prefixes) > 0 {
		return false
	}
	for w := range p.steps[k].words {
		if !is(w) {
			return false
		}
	}
	return true
}

// rest reports whether the steps after step k match after word i, which
// matched step k, and where the match ends. It finds the match matchAt
// finds, without noting the words.
func (p Pattern) rest(words []Word, i, k int) (int, bool) {
	if k == len(p.steps)-1 {
		return i + 1, true
	}
	next := &p.steps[k+1]
	for j := i + 1; j <= i+1+next.gap && j < len(words); j++ {
		if !stepMatches(*next, words[j].Text) {
			continue
		}
		if end, ok := p.rest(words, j, k+1); ok {
			return end, true
		}
	}
	return 0, false
}

// MatchAt returns the match of p that starts at word i, if there is one.
func (p Pattern) MatchAt(words []Word, i int) (Match, bool) {
	if len(p.steps) == 0 || i >= len(words) || !stepMatches(p.steps[0], words[i].Text) {
		return Match{}, false
	}
	return p.matchFirst(words, i)
}

// matchFirst is MatchAt for a word i known to match the first step, as a
// coder's candidates are.
func (p Pattern) matchFirst(words []Word, i int) (Match, bool) {
	// Most tries fail: only a match is gone through again to note its
	// words.
	if _, ok := p.rest(words, i, 0); !ok {
		return Match{}, false
	}
	steps := make([]int, 0, len(p.steps))
	end, ok := p.matchAt(words, i, 0, &steps)
	if !ok {
		return Match{}, false
	}
	m := Match{Start: i, End: end, Steps: steps}
	for j, k := i, 0; j < end; j++ {
		if k < len(steps) && steps[k] == j {
			k++
			continue
		}
		m.Gaps = append(m.Gaps, j)
	}
	return m, true
}
