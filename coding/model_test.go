package coding

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func toyExamples() []Example {
	var exs []Example
	for range 5 {
		exs = append(exs,
			Example{Text: "My worker really listened to me", Codes: []string{"E1"}},
			Example{Text: "She listens and never judges", Codes: []string{"E1"}},
			Example{Text: "They kept changing my worker", Codes: []string{"H3"}},
			Example{Text: "I had four different workers", Codes: []string{"H3"}},
			Example{Text: "We went to the shops after"},
			Example{Text: "It was raining all day"},
		)
	}
	return exs
}

func TestTrainLearnsToySet(t *testing.T) {
	m := Train(toyExamples(), []string{"E1", "H3"}, TrainOptions{})
	tests := []struct {
		text, code string
		high       bool
	}{
		{"my worker listened", "E1", true},
		{"they kept changing workers", "H3", true},
		{"we went to the shops", "E1", false},
		{"it was raining", "H3", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := m.Predict(tt.text)[tt.code]
			if (p >= m.Threshold) != tt.high {
				t.Errorf("p(%s | %q) = %.2f, threshold %.2f", tt.code, tt.text, p, m.Threshold)
			}
		})
	}
}

func TestModelDeterministicAndRoundTrips(t *testing.T) {
	a, err := json.Marshal(Train(toyExamples(), []string{"E1", "H3"}, TrainOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Train(toyExamples(), []string{"E1", "H3"}, TrainOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same examples differ")
	}
	var m Model
	if err := json.Unmarshal(a, &m); err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, c) {
		t.Error("model does not survive a JSON round trip")
	}
}

func TestCoderWithModel(t *testing.T) {
	cb := mustSmall(t)
	m := Train(toyExamples(), []string{"E1", "H3"}, TrainOptions{})
	got := NewCoder(cb).WithModel(m).Code("I had four different workers last year")
	if codesOf(got) != "H3+" {
		t.Fatalf("got %q, want H3+ from the model", codesOf(got))
	}
	if c := got[0].Cue; !strings.HasPrefix(c, "model: ") {
		t.Errorf("cue %q does not say the model gave it", c)
	}
}

func TestFeatures(t *testing.T) {
	got := Features("She never listened, but he listens")
	want := map[string]bool{"listen": true, "not_listen": true, "she_never": true, "never_listen": true, "he_listen": true}
	seen := map[string]bool{}
	for _, f := range got {
		seen[f] = true
	}
	for f := range want {
		if !seen[f] {
			t.Errorf("feature %q missing from %q", f, got)
		}
	}
	if seen["not_he"] {
		t.Errorf("negation crossed the clause: %q", got)
	}
}

func TestFeatureKinds(t *testing.T) {
	c := NewCoder(mustSmall(t))
	tests := []struct {
		name, text, context string
		want, not           []string
	}{
		{"hypothetical scope", "If I'd had one worker, I'd be fine", "", []string{"if_worker", "if_had"}, []string{"if_fine"}},
		{"negation scope", "Nobody listened", "", []string{"not_listen"}, nil},
		{"worker mentioned", "My worker was sound", "", []string{"ref_worker"}, []string{"ref_family", "ctx_family"}},
		{"family in the context", "She was sound", "My mum came", []string{"ctx_family"}, []string{"ref_family"}},
		{"words of the context", "Every week", "She listened to me", []string{"ctxw_listen", "ctxw_me", "every_week"}, []string{"listen", "ctxw_every"}},
		{"no one mentioned", "It rained", "", nil, []string{"ref_worker", "ref_family"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := features(tt.text, c.extraFeatures(Words(tt.text), tt.context))
			for _, f := range tt.want {
				if !slices.Contains(got, f) {
					t.Errorf("feature %q missing from %q", f, got)
				}
			}
			for _, f := range tt.not {
				if slices.Contains(got, f) {
					t.Errorf("feature %q should not be in %q", f, got)
				}
			}
		})
	}
}

func TestFeatureLabel(t *testing.T) {
	tests := []struct{ f, want string }{
		{"listen", "listen"},
		{"talk_to", "talk to"},
		{"ctxw_listen", "sentence before has listen"},
		{"not_listen", "not … listen"},
		{"if_worker", "if … worker"},
		{"ref_worker", "mentions worker"},
		{"ctx_family", "sentence before mentions family"},
	}
	for _, tt := range tests {
		t.Run(tt.f, func(t *testing.T) {
			if got := featureLabel(tt.f); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCoderCombinesModel checks how the coder combines the cues with a
// hand-made model: p(E5) is 0.73 with "mate", 0.95 with "crew"; E5 is
// described as missing with p 0.95 when "old" is said.
func TestCoderCombinesModel(t *testing.T) {
	m := &Model{Threshold: 0.5, Coded: 0.9, Flip: 0.9, Codes: map[string]*CodeModel{
		"E5": {Bias: -2, Weights: map[string]float64{"mate": 3, "crew": 5},
			Absent: &CodeModel{Bias: -2, Weights: map[string]float64{"old": 5}}},
	}}
	c := NewCoder(mustSmall(t)).WithModel(m)
	tests := []struct {
		name, text, want, cue string
	}{
		{"model adds a code the cues missed", "I made a mate at the gym", "E5+", "model: p=0.73 from mate"},
		{"below the threshold for a statement the cues coded", "I made a mate but they kept changing my worker", "H3+", ""},
		{"above it", "The crew kept changing", "E5+ H3+", ""},
		{"polarity from the model", "Back with the old crew", "E5-", "described as missing (p=0.95 from old)"},
		{"model overrules the cues' polarity", "I had new friends, well, the old ones", "E5-", "model: described as missing"},
		{"cues alone", "They kept changing", "H3+", ""},
		{"nothing", "It rained all day", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Code(tt.text)
			if codesOf(got) != tt.want {
				t.Fatalf("got %q, want %q", codesOf(got), tt.want)
			}
			if tt.cue == "" {
				return
			}
			for _, a := range got {
				if a.Code.ID == "E5" && !strings.Contains(a.Cue, tt.cue) {
					t.Errorf("E5 cue %q does not say %q", a.Cue, tt.cue)
				}
			}
		})
	}
}

// referenceWhy is why as first written: a stable sort of every feature
// by weight, the first three of those with a weight that counts.
func referenceWhy(cm *CodeModel, fs []string, down bool) string {
	sign := 1.0
	if down {
		sign = -1
	}
	fs = slices.Clone(fs)
	sort.SliceStable(fs, func(i, j int) bool { return sign*cm.Weights[fs[i]] > sign*cm.Weights[fs[j]] })
	var top []string
	for _, f := range fs[:min(3, len(fs))] {
		if sign*cm.Weights[f] > 0 {
			top = append(top, featureLabel(f))
		}
	}
	return strings.Join(top, ", ")
}

func TestWhy(t *testing.T) {
	cm := &CodeModel{Weights: map[string]float64{"listen": 2, "trust": 2, "not_listen": -1.5, "worker": 0.5, "ref_worker": 1, "late": -3, "zero": 0}}
	tests := []struct {
		name string
		fs   []string
		down bool
		want string
	}{
		{"ties keep their order", []string{"worker", "trust", "listen", "ref_worker"}, false, "trust, listen, mentions worker"},
		{"fewer than three count", []string{"zero", "late", "worker"}, false, "worker"},
		{"down", []string{"listen", "not_listen", "late", "zero"}, true, "late, not … listen"},
		{"none", []string{"zero", "unknown"}, false, ""},
		{"empty", nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := why(cm, tt.fs, tt.down)
			if got != tt.want {
				t.Errorf("why = %q, want %q", got, tt.want)
			}
			if ref := referenceWhy(cm, tt.fs, tt.down); got != ref {
				t.Errorf("why = %q, the stable sort gives %q", got, ref)
			}
		})
	}
}

func FuzzWhy(f *testing.F) {
	f.Add([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}, false)
	f.Fuzz(func(t *testing.T, b []byte, down bool) {
		// Features f0..f7 with weights from the bytes (few values, so
		// that ties are common), and a list of features from the rest.
		cm := &CodeModel{Weights: map[string]float64{}}
		for i := 0; i < 8 && i < len(b); i++ {
			cm.Weights["f"+strconv.Itoa(i)] = float64(int(b[i]%7) - 3)
		}
		var fs []string
		for i := 8; i < len(b); i++ {
			fs = append(fs, "f"+strconv.Itoa(int(b[i]%10)))
		}
		if got, want := why(cm, fs, down), referenceWhy(cm, fs, down); got != want {
			t.Errorf("why(%v, %v) = %q, want %q", fs, down, got, want)
		}
	})
}
