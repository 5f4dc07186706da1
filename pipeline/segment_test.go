package pipeline

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"

	"desist/data"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, sp := range Sentences(text) {
		out = append(out, strings.Join(strings.Fields(text[sp.Start:sp.End]), " "))
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"simple", "I dunno. She was alright! Was she?", []string{"I dunno.", "She was alright!", "Was she?"}},
		{"lower case after full stop", "It was like. dunno really", []string{"It was like. dunno really"}},
		{"abbreviation", "Mr. Okafor helped. Dr. Shah too.", []string{"Mr. Okafor helped.", "Dr. Shah too."}},
		{"initial", "J. Smith was my worker. Then Sam.", []string{"J. Smith was my worker.", "Then Sam."}},
		{"I is a sentence", "So did I. Then we left.", []string{"So did I.", "Then we left."}},
		{"ellipsis", "I was like... Yeah. No.", []string{"I was like...", "Yeah.", "No."}},
		{"unicode ellipsis", "Well… Maybe.", []string{"Well…", "Maybe."}},
		{"closing quote", `She said "go home." Then I went.`, []string{`She said "go home."`, "Then I went."}},
		{"quote opens next", `I said no. "Why?" she said.`, []string{"I said no.", `"Why?" she said.`}},
		{"number", "It was 3.5 miles. 20 minutes later I got there.", []string{"It was 3.5 miles.", "20 minutes later I got there."}},
		{"line break does not split", "she was\nalright really", []string{"she was alright really"}},
		{"blank line splits", "and that was it\n\nAnyway yeah", []string{"and that was it", "Anyway yeah"}},
		{"no end punctuation", "yeah", []string{"yeah"}},
		{"only spaces", "   ", nil},
		{"trailing spaces", "  Fine.  ", []string{"Fine."}},
		{"question and exclamation", "Really?! Yes.", []string{"Really?!", "Yes."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Sentences(%q):\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// sampleTurns returns the text of every non-interviewer turn of the
// sample study's transcripts.
func sampleTurns(t testing.TB) []string {
	t.Helper()
	var turns []string
	err := fs.WalkDir(data.Sample, "sample/transcripts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(data.Sample, p)
		if err != nil {
			return err
		}
		tr, err := ParseTranscript(p, raw, path.Ext(p) == ".md")
		if err != nil {
			return err
		}
		for _, turn := range tr.Turns {
			if turn.Interviewer {
				continue
			}
			var lines []string
			for _, l := range turn.Lines {
				lines = append(lines, l.Text)
			}
			turns = append(turns, strings.Join(lines, "\n"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return turns
}

// proseSentences segments text with prose's Punkt segmenter.
func proseSentences(t testing.TB, text string) []string {
	doc, err := prose.NewDocument(text, prose.WithTagging(false), prose.WithExtraction(false), prose.WithTokenization(false))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range doc.Sentences() {
		if f := strings.Join(strings.Fields(s.Text), " "); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// TestSentencesAgreeWithProse checks that the segmenter splits the
// sample study's turns as prose's Punkt segmenter does. Blank lines
// within a turn are left out of the comparison: the segmenter splits
// there on purpose, Punkt does not.
func TestSentencesAgreeWithProse(t *testing.T) {
	turns := sampleTurns(t)
	if len(turns) < 100 {
		t.Fatalf("only %d sample turns", len(turns))
	}
	agree, total := 0, 0
	for _, turn := range turns {
		for _, para := range strings.Split(turn, "\n\n") {
			if strings.TrimSpace(para) == "" {
				continue
			}
			total++
			ours, theirs := sentenceTexts(para), proseSentences(t, para)
			if strings.Join(ours, "\x00") == strings.Join(theirs, "\x00") {
				agree++
				continue
			}
			t.Logf("differ:\n ours  %q\n prose %q", ours, theirs)
		}
	}
	rate := float64(agree) / float64(total)
	t.Logf("segmentation agrees with prose on %d of %d paragraphs (%.1f%%)", agree, total, 100*rate)
	if rate < 0.95 {
		t.Errorf("agreement %.1f%% is below 95%%", 100*rate)
	}
}

func BenchmarkSentences(b *testing.B) {
	turns := sampleTurns(b)
	b.Run("desist", func(b *testing.B) {
		for b.Loop() {
			for _, t := range turns {
				Sentences(t)
			}
		}
	})
	b.Run("prose", func(b *testing.B) {
		for b.Loop() {
			for _, t := range turns {
				proseSentences(b, t)
			}
		}
	})
}
