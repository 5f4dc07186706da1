package pipeline

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"desist/coding"
	"desist/data"
)

var update = flag.Bool("update", false, "rewrite data/model.json from the development gold files")

// TestEmbeddedModel checks that data/model.json is the model trained on
// the development gold files, and with -update writes it:
//
//	go test ./pipeline -run EmbeddedModel -update
func TestEmbeddedModel(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	var gold []GoldStatement
	// Only the development parts: test.tsv and any later held-out part
	// are never read here.
	for _, name := range ModelGold {
		g, err := ReadGold("../coding/testdata/gold/"+name, cb)
		if err != nil {
			t.Fatal(err)
		}
		gold = append(gold, g...)
	}
	m := TrainModel(cb, gold)
	m.Note = modelNote(len(Examples(gold)))
	b, err := m.File()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("../data/model.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	// Other architectures may fuse multiplications and additions, which
	// changes the last digits of some weights.
	if runtime.GOARCH == "amd64" && !bytes.Equal(b, data.Model) {
		t.Fatalf("%s is not the model trained on %v with this codebook and code (%d bytes, want %d); run go test ./pipeline -run EmbeddedModel -update", data.ModelName, ModelGold, len(data.Model), len(b))
	}
	if len(b) > 4<<20 {
		t.Errorf("%s is %d bytes; keep it under 4 MB", data.ModelName, len(b))
	}
}

func modelNote(n int) string {
	return fmt.Sprintf("trained on %d hand-coded statements of the development gold files %s to %s (%d authors)", n, ModelGold[0], ModelGold[len(ModelGold)-1], len(ModelGold))
}

// TestRunModelChoice checks which model a run codes with, and that the
// report says so.
func TestRunModelChoice(t *testing.T) {
	file := filepath.Join(t.TempDir(), "m.json")
	if err := os.WriteFile(file, data.Model, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		cfg        Config
		report     string
		modelCodes bool
		err        string
	}{
		{"built-in by default", Config{}, "Learned model: the built-in model (data/model.json) was used", true, ""},
		{"no model", Config{NoModel: true}, "Learned model: none", false, ""},
		{"a model file", Config{Model: file}, "Learned model: the model file m.json was used", true, ""},
		{"both", Config{Model: file, NoModel: true}, "", false, "contradict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Out = t.TempDir()
			_, err := Run(context.Background(), cfg)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rep, err := os.ReadFile(filepath.Join(cfg.Out, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(rep), tt.report) {
				t.Errorf("report does not say %q", tt.report)
			}
			csv, err := os.ReadFile(filepath.Join(cfg.Out, "statements.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(csv), "model: p="); got != tt.modelCodes {
				t.Errorf("codes from the model: %v, want %v", got, tt.modelCodes)
			}
		})
	}
}

// TestSequenceCodesAsCodeIn checks that coding the sample's statements in
// a Sequence, which reuses what it worked out for the sentence before,
// gives what CodeIn gives for each alone.
func TestSequenceCodesAsCodeIn(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	coder := coding.NewCoder(cb).WithModel(m)
	n := 0
	for _, in := range sampleTranscripts(t) {
		r := readTranscript(in, true)
		if r.err != nil {
			t.Fatal(r.err)
		}
		seq := coder.Sequence()
		for _, s := range r.statements {
			got, want := seq.CodeIn(s.Text, s.context), coder.CodeIn(s.Text, s.context)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s line %d: Sequence gave %v, CodeIn %v", s.Source, s.Line, got, want)
			}
			n += len(want)
		}
	}
	if n == 0 {
		t.Fatal("no codes given: the test checks nothing")
	}
}
