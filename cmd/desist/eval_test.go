package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const evalGold = "ID\tRole\tCodes\tContext\tSource\tText\n" +
	"G1\tchild\tE1+\t\tfictional\tShe really listened to me.\n" +
	"G2\tchild\tH2+\t\tfictional\tMy worker never listened to me.\n" +
	"G3\tinterviewer\t-\t\tfictional\tDid your worker listen to you?\n" +
	"G4\tchild\t-\t\tfictional\tWe went to the shops.\n" +
	"G5\tchild\tH3+\t\tfictional\tI had five workers in a year.\n"

func TestEval(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.tsv"), filepath.Join(dir, "dev.tsv")
	for _, f := range []string{a, b} {
		if err := os.WriteFile(f, []byte(evalGold), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	saved := filepath.Join(dir, "model.json")
	tests := []struct {
		name        string
		args        []string
		code        int
		stdout      []string
		stderr      string
		writesSaved bool
	}{
		{"cues alone", []string{a}, exitOK, []string{"factors", "5 statements", "95% interval", "2000 draws of the 5 statements"}, "", false},
		{"leave one file out", []string{"-by-file", a, b}, exitOK, []string{"held out", a, b, "pooled", "10"}, "", false},
		{"leave one file out needs two", []string{"-by-file", a}, exitUsage, nil, "needs two gold files", false},
		{"built-in model warns on its own training file", []string{"-model", "builtin", b}, exitOK, []string{"factors"}, "learned from " + b, false},
		{"missing model file", []string{"-model", filepath.Join(dir, "none.json"), a}, exitUsage, nil, "reading model", false},
		{"model alone", []string{"-cues", "none", a}, exitOK, []string{"factors", "95% interval"}, "", false},
		{"model alone by file", []string{"-cues", "none", "-by-file", a, b}, exitOK, []string{"model F1", "without the cues"}, "", false},
		{"nothing to code with", []string{"-cues", "none", "-model", "none", a}, exitUsage, nil, "nothing to code with", false},
		{"unknown cues", []string{"-cues", "some", a}, exitUsage, nil, `not "some"`, false},
		{"train and save", []string{"-train", a, "-save-model", saved, b}, exitOK, []string{"factors"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desistWants(t, append([]string{"eval"}, tt.args...), tt.code, tt.stdout, tt.stderr)
			if tt.writesSaved {
				m, err := os.ReadFile(saved)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(m), "\n{\"code\":") {
					t.Errorf("saved model is not one code a line:\n%.300s", m)
				}
			}
		})
	}
}

// TestEvalCuesNone checks that -cues none sets the cues aside: a domain
// code that only a cue gives ("missing two appointments", D1) is found
// with the cues and not without them.
func TestEvalCuesNone(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "g.tsv")
	src := "ID\tRole\tCodes\tContext\tSource\tText\n" +
		"G1\tchild\tD1+\t\tfictional\tI got breached for missing two appointments.\n"
	if err := os.WriteFile(gold, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		coder string // the coder's count of D1
	}{
		{"with the cues", []string{"eval", gold}, "1"},
		{"cues none", []string{"eval", "-cues", "none", gold}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := desist(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var row []string
			for _, line := range strings.Split(stdout, "\n") {
				if f := strings.Fields(line); len(f) > 2 && f[0] == "D1" {
					row = f
				}
			}
			if row == nil || row[1] != "1" || row[2] != tt.coder {
				t.Errorf("D1 row %q, want gold 1 and coder %s:\n%s", row, tt.coder, stdout)
			}
		})
	}
}
