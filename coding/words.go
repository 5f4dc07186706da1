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
func Words(text string) []Word { return splitWords(nil, text, true) }

// splitWords is Words appending to words[:0], so that a caller can reuse
// its array; fast says whether to take plain lower-case ASCII words from
// the text as they are, rather than build them rune by rune (a test checks
// that both ways give the same).
func splitWords(words []Word, text string, fast bool) []Word {
	words = words[:0]
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
		// Most words are plain lower-case ASCII: the word is then the
		// text itself, with no copy made.
		if j := plainWordEnd(text, i); fast && j > i {
			words = append(words, Word{Text: text[i:j], Start: i, End: j, Break: brk && len(words) > 0})
			brk = false
			i = j
			continue
		}
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

// plainWordEnd returns the end of the word starting at byte i when it is
// lower-case ASCII letters and digits joined by straight apostrophes and
// hyphens, which Words keeps as they are; otherwise it returns i.
func plainWordEnd(text string, i int) int {
	plain := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
	j := i
	for j < len(text) {
		switch c := text[j]; {
		case plain(c):
			j++
			continue
		case (c == '\'' || c == '-') && j > i && j+1 < len(text) && plain(text[j+1]):
			j += 2
			continue
		}
		break
	}
	if j == i || j == len(text) {
		return j
	}
	// The word goes on past j if the text there is a letter or digit of
	// another kind, or a joiner before one: the general loop has it.
	r, size := utf8.DecodeRuneInString(text[j:])
	if isWordRune(r) {
		return i
	}
	if isJoiner(r) {
		if next, _ := utf8.DecodeRuneInString(text[j+size:]); j+size < len(text) && isWordRune(next) {
			return i
		}
	}
	return j
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
