// Cuephrases prints the codebook's cue phrases as fixed strings, one a
// line, for the benchmark's reference: grep -F -o -f over the same corpus.
//
// Usage:
//
//	go run ./bench/cuephrases [-codebook FILE] > phrases.txt
//
// Pattern syntax is stripped: a cue is cut at each "...", each piece is
// one phrase per combination of its alternatives (a|b), or, past 64
// combinations, the first alternative of each word; "*" and "=" and
// parentheses are dropped. Phrases shorter than four characters are left
// out (they would match inside most words). Every phrase is lower case,
// as the cues are written.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"desist/pipeline"
)

// maxExpand is the most phrases one piece of a cue expands to.
const maxExpand = 64

func main() {
	path := flag.String("codebook", "", "codebook `file`; default: the built-in one")
	flag.Parse()
	cb, err := pipeline.LoadCodebook(*path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cuephrases: %v\n", err)
		os.Exit(1)
	}
	seen := map[string]bool{}
	for _, c := range cb.Codes {
		for _, p := range slices.Concat(c.Cues, c.AbsentCues) {
			for _, ph := range phrases(p.Text) {
				seen[ph] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for ph := range seen {
		out = append(out, ph)
	}
	slices.Sort(out)
	for _, ph := range out {
		fmt.Println(ph)
	}
}

// phrases turns one cue pattern into fixed phrases.
func phrases(pattern string) []string {
	var out []string
	for piece := range strings.SplitSeq(pattern, "...") {
		var alts [][]string
		n := 1
		for _, f := range strings.Fields(piece) {
			f = strings.Trim(f, "()\"")
			var as []string
			for a := range strings.SplitSeq(f, "|") {
				a = strings.Trim(a, "=*")
				if a != "" {
					as = append(as, a)
				}
			}
			if len(as) == 0 {
				continue
			}
			alts = append(alts, as)
			n *= len(as)
			if n > maxExpand {
				n = maxExpand + 1
			}
		}
		if len(alts) == 0 {
			continue
		}
		combos := []string{""}
		for _, as := range alts {
			if n > maxExpand {
				as = as[:1]
			}
			var next []string
			for _, c := range combos {
				for _, a := range as {
					next = append(next, strings.TrimSpace(c+" "+a))
				}
			}
			combos = next
		}
		for _, c := range combos {
			if len(c) >= 4 {
				out = append(out, c)
			}
		}
	}
	return out
}
