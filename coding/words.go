package coding

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Word is one word of a statement, lower-cased, with its byte span in the
// statement's text.
type Word struct {
	Text  string // lower case; curly apostrophes made straight
	Start int    // byte offset of the first byte in the original text
	End   int    // byte offset just past the last byte
	// Break is true when a clause boundary (a comma, semicolon, colon,
	// dash, bracket or sentence punctuation) comes between this word and
	// the one before it.
	Break bool
}

// Words splits text into words. A word is a run of letters and digits,
// with apostrophes and hyphens allowed inside it ("didn't", "one-to-one").
func Words(text string) []Word {
	var words []Word
	brk := false
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			if isClausePunct(r) {
				brk = true
			}
			i += size
			continue
		}
		start := i
		var b strings.Builder
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			switch {
			case isWordRune(r):
				b.WriteRune(unicode.ToLower(r))
				i += size
				continue
			case isJoiner(r):
				// An apostrophe or hyphen joins two word runes only.
				next, nsize := utf8.DecodeRuneInString(text[i+size:])
				if i+size < len(text) && isWordRune(next) {
					if r == '-' || r == '‐' {
						b.WriteByte('-')
					} else {
						b.WriteByte('\'')
					}
					b.WriteRune(unicode.ToLower(next))
					i += size + nsize
					continue
				}
			}
			break
		}
		words = append(words, Word{Text: b.String(), Start: start, End: i, Break: brk && len(words) > 0})
		brk = false
	}
	return words
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '‘', '-', '‐':
		return true
	}
	return false
}

func isClausePunct(r rune) bool {
	switch r {
	case ',', ';', ':', '.', '!', '?', '(', ')', '[', ']', '–', '—', '"', '“', '”', '…':
		return true
	}
	return false
}
