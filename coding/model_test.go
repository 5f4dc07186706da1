package coding

import (
	"bytes"
	"encoding/json"
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
