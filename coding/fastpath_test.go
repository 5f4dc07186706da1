package coding

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"desist/data"
)

// TestAnchorsFindEveryMatch checks that the candidates a coder picks by
// its patterns' anchor steps hold every start where a pattern of the
// default codebook matches, in the development gold sets' statements:
// picking by a later step than the first must lose no match.
func TestAnchorsFindEveryMatch(t *testing.T) {
	cb, err := Parse(data.CodebookName, data.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(cb)
	later := 0
	for _, a := range c.anchors {
		if a.step > 0 {
			later++
		}
	}
	if later == 0 {
		t.Fatal("no pattern of the default codebook is anchored after its first step: the test tests nothing")
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "gold", "dev*.tsv"))
	if len(files) == 0 {
		t.Fatal("no development gold files")
	}
	checked := 0
	var seen scratch // what a Sequence remembers of the words met
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fields := strings.Split(sc.Text(), "\t")
			words := Words(fields[len(fields)-1])
			cand := c.candidates(words, nil, nil)
			c.lookUp(words, &seen)
			if remembered := c.candidates(words, seen.infos, nil); !slices.Equal(remembered.starts, cand.starts) || !slices.Equal(remembered.ids, cand.ids) {
				t.Errorf("%s: %q: candidates from remembered words differ", f, fields[len(fields)-1])
			}
			for id, a := range c.anchors {
				p := a.p
				var want []int
				for i := range words {
					if _, ok := p.MatchAt(words, i); ok {
						want = append(want, i)
					}
				}
				for _, i := range want {
					if !slices.Contains(cand.at(int32(id)), i) {
						t.Errorf("%s: %q matches %q at word %d, which is not among its candidates (anchor step %d)", f, p.Text, fields[len(fields)-1], i, a.step)
					}
				}
				checked += len(want)
			}
		}
		fh.Close()
	}
	t.Logf("%d matches checked; %d of %d patterns anchored after their first step", checked, later, len(c.anchors))
}

// TestModelFeaturesFromParts checks that the built-in model finds a
// statement's features from their parts as featuresOf names them: the
// same features, in the same order, for every development statement (with
// the line before as the sentence before it), both from the words alone
// and from what a Sequence remembers of them.
func TestModelFeaturesFromParts(t *testing.T) {
	var m Model
	if err := m.UnmarshalJSON(data.Model); err != nil {
		t.Fatal(err)
	}
	m.build()
	cb, err := Parse("codebook.yaml", data.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	coder := NewCoder(cb).WithModel(&m)
	var sc scratch
	extra := []string{"ref_worker", "ctx_family", "ref_nobody"}
	files, _ := filepath.Glob(filepath.Join("testdata", "gold", "dev*.tsv"))
	n, nContext := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		before := ""
		for _, line := range strings.Split(string(b), "\n") {
			fields := strings.Split(line, "\t")
			text := fields[len(fields)-1]
			words := Words(text)
			var want []string
			for _, f := range featuresOf(words, append(slices.Clone(extra), contextWordFeatures(before)...)) {
				if _, ok := m.number[f]; ok {
					want = append(want, f)
					if strings.HasPrefix(f, contextWordPart+"_") {
						nContext++
					}
				}
			}
			ctx := m.contextParts(before)
			if got := m.featureNames(m.features(words, nil, extra, ctx)); !slices.Equal(got, want) {
				t.Errorf("%q after %q: features %q, want %q", text, before, got, want)
			}
			coder.lookUp(words, &sc)
			if got := m.featureNames(m.features(words, sc.infos, extra, ctx)); !slices.Equal(got, want) {
				t.Errorf("%q after %q: features from a Sequence's words %q, want %q", text, before, got, want)
			}
			n += len(want)
			before = text
		}
	}
	if n == 0 || nContext == 0 {
		t.Fatalf("%d features found, %d of them from the sentence before: the test tests too little", n, nContext)
	}
}
