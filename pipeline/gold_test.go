package pipeline

import (
	"strings"
	"testing"

	"desist/coding"
)

const goldSmall = "ID\tRole\tCodes\tContext\tSource\tText\n" +
	"G1\tchild\tE1+\t\tfictional\tShe really listened to me.\n" +
	"G2\tchild\tH2+\t\tfictional\tMy worker never listened to me.\n" +
	"G3\tinterviewer\t-\t\tfictional\tDid your worker listen to you?\n" +
	"G4\tchild\t-\t\tfictional\tWe went to the shops.\n" +
	"G5\tparent\tE2+\t\tfictional\tHis nan stood by him.\n"

func TestEvaluate(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	gold, err := parseGold("g.tsv", []byte(goldSmall), cb)
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(coding.NewCoder(cb), gold)
	if ev.N != 5 {
		t.Fatalf("N %d", ev.N)
	}
	e1 := ev.PerCode["E1"]
	if e1.Both != 1 || e1.CandOnly != 0 || e1.RefOnly != 0 || e1.Neither != 4 {
		t.Errorf("E1 confusion %+v: the interviewer's prompt must not be coded", *e1)
	}
	if h2 := ev.PerCode["H2"]; h2.Both != 1 || h2.PolarityOK != 1 {
		t.Errorf("H2 confusion %+v", *h2)
	}
	if ev.Factors.N() != 5*13 {
		t.Errorf("factor pairs %d, want 65", ev.Factors.N())
	}
	var each coding.Confusion
	for _, c := range ev.Each {
		each.Merge(c)
	}
	if len(ev.Each) != 5 || each != ev.Factors {
		t.Errorf("%d statements' factor counts sum to %+v, want 5 summing to %+v", len(ev.Each), each, ev.Factors)
	}
	cv := CrossValidate(cb, gold, 2)
	var foldN int
	for _, f := range cv.Folds {
		foldN += f.N()
	}
	if len(cv.Folds) != 2 || foldN != cv.Factors.N() || cv.Factors.N() != 65 {
		t.Errorf("folds hold %d pairs of %d, want 65", foldN, cv.Factors.N())
	}
}

func TestParseGoldErrors(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	// Each source has one good row, G0, and the bad line; the bad line
	// is reported and left out, and G0 is kept.
	const head = "ID\tRole\tCodes\tContext\tSource\tText\nG0\tchild\tE1+ H3+\t\tf\tw\n"
	tests := []struct {
		name, src, want string
		rows            int
	}{
		{"bad header", "ID,Role\n", "g.tsv:1: header is", 0},
		{"short line", head + "G1\tchild\tE1+\n", "g.tsv:3: 3 fields, want 6", 1},
		{"unknown code", head + "G1\tchild\tE1+ E9+\t\tf\tx\n", `g.tsv:3: code "E9+" is not a codebook ID`, 1},
		{"no polarity", head + "G1\tchild\tE1\t\tf\tx\n", `g.tsv:3: code "E1" is not`, 1},
		{"bad role", head + "G1\tjudge\t-\t\tf\tx\n", `g.tsv:3: unknown role "judge"`, 1},
		{"duplicate ID", head + "G0\tchild\t-\t\tf\ty\n", "g.tsv:3: ID G0 already used at line 2", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gold, err := parseGold("g.tsv", []byte(tt.src), cb)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if len(gold) != tt.rows {
				t.Fatalf("%d rows, want %d: %+v", len(gold), tt.rows, gold)
			}
			if tt.rows > 0 && (gold[0].ID != "G0" || len(gold[0].Codes) != 2) {
				t.Errorf("kept %+v, want G0 with its two codes", gold[0])
			}
		})
	}
}

// TestRunContext: each gold row is coded, and learned from, with the
// context a run would give it: its Context, else the row before when the
// same speaker said it.
func TestRunContext(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	src := "ID\tRole\tCodes\tContext\tSource\tText\n" +
		"R1\tinterviewer\t-\t\tf\tWho helped?\n" +
		"R2\tchild\t-\t\tf\tMy mum.\n" +
		"R3\tchild\tE2+\t\tf\tShe never gave up on me.\n" +
		"R4\tchild\tE1+\tDee came every week.\tf\tShe listened.\n" +
		"R5\tparent\t-\t\tf\tHe did well.\n" +
		"R6\tinterviewer\t-\t\tf\tAnd then?\n" +
		"R7\tinterviewer\t-\t\tf\tGo on.\n" +
		"R8\tparent\t-\t\tf\tHe got a job.\n" +
		"R9\tparent\tE3\n" + // a bad line: what follows has no row before
		"R10\tparent\t-\t\tf\tAt the garage.\n"
	gold, err := parseGold("g.tsv", []byte(src), cb)
	if err == nil {
		t.Fatal("the bad line R9 was not reported")
	}
	want := map[string]string{
		"R1":  "",                     // the interviewer's rows are not coded
		"R2":  "",                     // the row before is the interviewer's
		"R3":  "My mum.",              // the same speaker, just before
		"R4":  "Dee came every week.", // its own Context comes first
		"R5":  "",                     // another speaker
		"R6":  "",
		"R7":  "", // the interviewer's, again
		"R8":  "", // the interviewer spoke between
		"R10": "", // the line before could not be read
	}
	if len(gold) != len(want) {
		t.Fatalf("%d rows, want %d", len(gold), len(want))
	}
	for _, g := range gold {
		t.Run(g.ID, func(t *testing.T) {
			if got := g.RunContext(); got != want[g.ID] {
				t.Errorf("RunContext %q, want %q", got, want[g.ID])
			}
		})
	}
	ex := Examples(gold)
	if len(ex) != 6 || ex[1].Text != "She never gave up on me." || ex[1].Context != "My mum." {
		t.Errorf("examples %+v: want R3 with the row before as its context", ex)
	}
}

func TestLeaveOneOut(t *testing.T) {
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseGold("a.tsv", []byte(goldSmall), cb)
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseGold("b.tsv", []byte(goldSmall+"G6\tchild\tH3+\t\tfictional\tI had five workers in a year.\n"), cb)
	if err != nil {
		t.Fatal(err)
	}
	per, rules, model := LeaveOneOut(cb, []GoldFile{{"a", a}, {"b", b}})
	tests := []struct {
		name      string
		got, want int
	}{
		{"files", len(per), 2},
		{"a statements", per[0].Model.N, 5},
		{"b statements", per[1].Model.N, 6},
		{"pooled statements", model.N, 11},
		{"pooled rules pairs", rules.Factors.N(), 11 * 13},
		{"pooled model pairs", model.Factors.N(), 11 * 13},
		{"pooled = sum of files", model.Factors.Both, per[0].Model.Factors.Both + per[1].Model.Factors.Both},
		{"pooled statements' counts", len(model.Each), 11},
		{"rules E1 found in both", rules.PerCode["E1"].Both, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
}
