package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"desist/coding"
)

// TestExperimentLeaveOneOut prints leave-one-author-out figures over the
// development gold files with training options from DESIST_EXPERIMENT (a
// JSON coding.TrainOptions, "{}" for the defaults). It is for trying
// options out, and is skipped unless that variable is set:
//
//	DESIST_EXPERIMENT='{"NoVeto":true}' go test ./pipeline -run ExperimentLeaveOneOut -v
func TestExperimentLeaveOneOut(t *testing.T) {
	spec := os.Getenv("DESIST_EXPERIMENT")
	if spec == "" {
		t.Skip("set DESIST_EXPERIMENT to run")
	}
	saved := TrainOptions
	defer func() { TrainOptions = saved }()
	TrainOptions = coding.TrainOptions{}
	if err := json.Unmarshal([]byte(spec), &TrainOptions); err != nil {
		t.Fatal(err)
	}
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	var files []GoldFile
	for _, name := range ModelGold {
		g, err := ReadGold("../coding/testdata/gold/"+name, cb)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, GoldFile{Name: name, Statements: g})
	}
	per, _, model := LeaveOneOut(cb, files)
	line := fmt.Sprintf("%s pooled F1 %.3f P %.3f R %.3f pol %.3f |", spec, model.Factors.F1(), model.Factors.Precision(), model.Factors.Recall(), model.Factors.PolarityAccuracy())
	for _, f := range per {
		line += fmt.Sprintf(" %s %.3f/%.2f/%.2f", f.Name, f.Model.Factors.F1(), f.Model.Factors.Precision(), f.Model.Factors.Recall())
	}
	t.Log(line)
}

// TestExperimentDump writes, for every development gold statement, the
// codes the cues give it and the probabilities of a model trained on the
// other files (leave one author out, with training options from
// DESIST_EXPERIMENT), one JSON object a line, to the file DESIST_DUMP, so
// that decision rules can be tried out without training again. Skipped
// unless DESIST_DUMP is set.
func TestExperimentDump(t *testing.T) {
	out := os.Getenv("DESIST_DUMP")
	if out == "" {
		t.Skip("set DESIST_DUMP to run")
	}
	saved := TrainOptions
	defer func() { TrainOptions = saved }()
	TrainOptions = coding.TrainOptions{}
	if spec := os.Getenv("DESIST_EXPERIMENT"); spec != "" {
		if err := json.Unmarshal([]byte(spec), &TrainOptions); err != nil {
			t.Fatal(err)
		}
	}
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	names := ModelGold
	if extra := os.Getenv("DESIST_GOLD"); extra != "" {
		names = strings.Fields(extra)
	}
	var files []GoldFile
	for _, name := range names {
		g, err := ReadGold("../coding/testdata/gold/"+name, cb)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, GoldFile{Name: name, Statements: g})
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	rules := coding.NewCoder(cb)
	for k, file := range files {
		var train []GoldStatement
		for j, o := range files {
			if j != k {
				train = append(train, o.Statements...)
			}
		}
		coder := rules.WithModel(TrainModel(cb, train))
		for _, g := range file.Statements {
			if g.Role == "interviewer" {
				continue
			}
			cues, p, absent := coder.ModelScores(g.Text, g.Context)
			gold := map[string]coding.Polarity{}
			for id, pol := range g.Codes {
				if c, _ := cb.Code(id); c.IsFactor() {
					gold[id] = pol
				}
			}
			if err := enc.Encode(map[string]any{"file": file.Name, "id": g.ID, "gold": gold, "cues": cues, "p": p, "absent": absent}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
