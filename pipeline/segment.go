package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Span is a sentence's byte range [Start, End) in a text.
type Span struct {
	Start, End int
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "etc": true,
	"e.g": true, "i.e": true, "vs": true, "approx": true, "sgt": true, "gov": true,
	"mt": true, "jr": true, "sr": true, "cf": true, "fig": true, "dept": true, "inc": true,
}

// Sentences splits a turn's text into sentences: after ., ! or ? (or an
// ellipsis), with any closing quotes or brackets, where the next word
// starts with a capital letter, a digit or an opening quote (after an
// ellipsis, any word); and at blank lines. Abbreviations ("Mr.", "e.g.") and initials ("J. Smith") do not
// end a sentence. Single line breaks do not end one either: a turn wraps
// over lines. Spans exclude surrounding white space; empty ones are
// dropped. It agrees with prose's Punkt segmenter on interview speech
// (see the test), and is much faster because it loads no model.
func Sentences(text string) []Span {
	var spans []Span
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if s < e {
			spans = append(spans, Span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' && blankLineAfter(text, i+size):
			emit(i)
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || isCloser(r2) {
					j += s2
					continue
				}
				break
			}
			if r == '.' && j == i+size && isAbbreviation(text[start:i]) {
				i = j
				continue
			}
			ellipsis := r == '…' || strings.HasSuffix(text[:j], "...")
			if startsSentence(text[j:], ellipsis) {
				emit(j)
			}
			i = j
			continue
		}
		i += size
	}
	emit(len(text))
	return spans
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '’', '”', '»':
		return true
	}
	return false
}

// startsSentence reports whether rest (the text after sentence-ending
// punctuation) begins, after white space, a new sentence. After an
// ellipsis any word does, as in prose ("He just... he listened").
func startsSentence(rest string, ellipsis bool) bool {
	trimmed := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if len(trimmed) == len(rest) && trimmed != "" {
		return false // no space after the punctuation: "3.5", "y'know...right"
	}
	if trimmed == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(trimmed)
	if ellipsis && unicode.IsLetter(r) {
		return true
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([", r)
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or a single capital initial.
func isAbbreviation(before string) bool {
	i := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' })
	word := before[i+1:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) && r != 'I'
	}
	return abbreviations[strings.ToLower(word)]
}

func blankLineAfter(text string, i int) bool {
	for i < len(text) {
		switch text[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
			i++
		default:
			return false
		}
	}
	return false
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}
