package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
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
