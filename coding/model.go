package coding

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
)

// A Model is a learned complement to the cues: for each code, a logistic
// regression over a statement's words and word pairs, trained on
// hand-coded statements. The coder gives a code the cues missed when the
// model's probability reaches the threshold, and says so in the Cue
// column with the words that weighed most.
type Model struct {
	// Threshold is the probability from which the model gives a code.
	Threshold float64 `json:"threshold"`
	// Codes holds each code's weights, by code ID.
	Codes map[string]*CodeModel `json:"codes"`
}

// A CodeModel is one code's logistic regression.
type CodeModel struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
}

// An Example is a hand-coded statement to learn from.
type Example struct {
	Text, Context string
	Codes         []string // the code IDs it carries
}

// TrainOptions tune training. The zero value means the defaults.
type TrainOptions struct {
	Epochs    int     // passes over the examples; default 60
	Rate      float64 // learning rate; default 0.5
	L2        float64 // weight decay; default 0.001
	Threshold float64 // default 0.35
	MinCount  int     // a feature must occur in this many examples; default 2
}

// Features returns the features of a statement: its words, adjacent word
// pairs, and words in the scope of a negator marked "not_".
func Features(text string) []string {
	words := Words(text)
	seen := map[string]bool{}
	var fs []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	negated := 0
	for i, w := range words {
		if w.Break || scopeEnds[w.Text] {
			negated = 0
		}
		stem := stemOf(w.Text)
		add(stem)
		if negated > 0 {
			add("not_" + stem)
			negated--
		}
		if isNegator(w.Text) {
			negated = negationWindow
		}
		if i > 0 && !w.Break {
			add(stemOf(words[i-1].Text) + "_" + stem)
		}
	}
	return fs
}

// stemOf strips a regular English ending, so that listen, listens,
// listened and listening are one feature.
func stemOf(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// Train fits a model for the given codes on the examples. It is
// deterministic: the same examples in the same order give the same model.
func Train(examples []Example, codes []string, opt TrainOptions) *Model {
	if opt.Epochs == 0 {
		opt.Epochs = 60
	}
	if opt.Rate == 0 {
		opt.Rate = 0.5
	}
	if opt.L2 == 0 {
		opt.L2 = 0.001
	}
	if opt.Threshold == 0 {
		opt.Threshold = 0.35
	}
	if opt.MinCount == 0 {
		opt.MinCount = 2
	}
	feats := make([][]string, len(examples))
	count := map[string]int{}
	for i, ex := range examples {
		feats[i] = Features(ex.Text)
		for _, f := range feats[i] {
			count[f]++
		}
	}
	for i := range feats {
		feats[i] = slices.DeleteFunc(feats[i], func(f string) bool { return count[f] < opt.MinCount })
	}
	m := &Model{Threshold: opt.Threshold, Codes: map[string]*CodeModel{}}
	for _, code := range codes {
		labels := make([]bool, len(examples))
		pos := 0
		for i, ex := range examples {
			labels[i] = slices.Contains(ex.Codes, code)
			if labels[i] {
				pos++
			}
		}
		if pos == 0 {
			continue
		}
		// Weigh the few positive examples up so that the code is not
		// simply never predicted.
		posWeight := math.Min(float64(len(examples)-pos)/float64(pos), 10)
		cm := &CodeModel{Weights: map[string]float64{}}
		for range opt.Epochs {
			for i, fs := range feats {
				p := cm.prob(fs)
				y, w := 0.0, 1.0
				if labels[i] {
					y, w = 1, posWeight
				}
				g := w * (p - y) * opt.Rate / math.Sqrt(float64(len(fs)+1))
				cm.Bias -= g
				for _, f := range fs {
					cm.Weights[f] -= g + opt.Rate*opt.L2*cm.Weights[f]
				}
			}
		}
		for f, wt := range cm.Weights {
			if math.Abs(wt) < 1e-3 {
				delete(cm.Weights, f)
			} else {
				cm.Weights[f] = math.Round(wt*1e4) / 1e4
			}
		}
		cm.Bias = math.Round(cm.Bias*1e4) / 1e4
		m.Codes[code] = cm
	}
	return m
}

func (cm *CodeModel) score(fs []string) float64 {
	z := cm.Bias
	for _, f := range fs {
		z += cm.Weights[f]
	}
	return z
}

func (cm *CodeModel) prob(fs []string) float64 { return 1 / (1 + math.Exp(-cm.score(fs))) }

// Predict returns the probability of each code the model knows for text.
func (m *Model) Predict(text string) map[string]float64 {
	fs := Features(text)
	out := map[string]float64{}
	for code, cm := range m.Codes {
		out[code] = cm.prob(fs)
	}
	return out
}

// why names the features that raised code's score most for text.
func (m *Model) why(code, text string) string {
	cm := m.Codes[code]
	fs := Features(text)
	sort.SliceStable(fs, func(i, j int) bool { return cm.Weights[fs[i]] > cm.Weights[fs[j]] })
	var top []string
	for _, f := range fs[:min(3, len(fs))] {
		if cm.Weights[f] > 0 {
			top = append(top, strings.ReplaceAll(f, "_", " "))
		}
	}
	return strings.Join(top, ", ")
}

// MarshalJSON writes the model with its weights sorted, so that the same
// model gives the same file.
func (m *Model) MarshalJSON() ([]byte, error) {
	type cm struct {
		Code    string   `json:"code"`
		Bias    float64  `json:"bias"`
		Weights [][2]any `json:"weights"`
	}
	var codes []cm
	ids := slices.Sorted(maps.Keys(m.Codes))
	for _, id := range ids {
		c := m.Codes[id]
		fs := make([]string, 0, len(c.Weights))
		for f := range c.Weights {
			fs = append(fs, f)
		}
		sort.Slice(fs, func(i, j int) bool {
			if c.Weights[fs[i]] != c.Weights[fs[j]] {
				return c.Weights[fs[i]] > c.Weights[fs[j]]
			}
			return fs[i] < fs[j]
		})
		var ws [][2]any
		for _, f := range fs {
			ws = append(ws, [2]any{f, c.Weights[f]})
		}
		codes = append(codes, cm{Code: id, Bias: c.Bias, Weights: ws})
	}
	return json.MarshalIndent(struct {
		Threshold float64 `json:"threshold"`
		Codes     []cm    `json:"codes"`
	}{m.Threshold, codes}, "", " ")
}

// UnmarshalJSON reads a model written by MarshalJSON.
func (m *Model) UnmarshalJSON(b []byte) error {
	var raw struct {
		Threshold float64 `json:"threshold"`
		Codes     []struct {
			Code    string            `json:"code"`
			Bias    float64           `json:"bias"`
			Weights []json.RawMessage `json:"weights"`
		} `json:"codes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Threshold, m.Codes = raw.Threshold, map[string]*CodeModel{}
	for _, c := range raw.Codes {
		cm := &CodeModel{Bias: c.Bias, Weights: map[string]float64{}}
		for _, w := range c.Weights {
			var pair [2]json.RawMessage
			var f string
			var v float64
			if err := json.Unmarshal(w, &pair); err != nil {
				return fmt.Errorf("code %s: %w", c.Code, err)
			}
			if err := json.Unmarshal(pair[0], &f); err != nil {
				return fmt.Errorf("code %s: %w", c.Code, err)
			}
			if err := json.Unmarshal(pair[1], &v); err != nil {
				return fmt.Errorf("code %s: %w", c.Code, err)
			}
			cm.Weights[f] = v
		}
		m.Codes[c.Code] = cm
	}
	return nil
}
