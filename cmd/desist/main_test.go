package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"desist/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// desist runs the command in-process and returns its exit status, stdout
// and stderr.
func desist(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// desistWants runs the command and checks its exit status, that stdout
// holds each of stdout and that stderr holds stderr (when not empty).
func desistWants(t *testing.T, args []string, code int, stdout []string, stderr string) {
	t.Helper()
	gotCode, gotOut, gotErr := desist(t, args...)
	if gotCode != code {
		t.Fatalf("exit %d, want %d; stderr:\n%s", gotCode, code, gotErr)
	}
	for _, s := range stdout {
		if !strings.Contains(gotOut, s) {
			t.Errorf("stdout lacks %q:\n%s", s, gotOut)
		}
	}
	if stderr != "" && !strings.Contains(gotErr, stderr) {
		t.Errorf("stderr lacks %q:\n%s", stderr, gotErr)
	}
}

// sheets reads every sheet of an xlsx file as rows of cell text.
func sheets(t *testing.T, path string) ([]string, map[string][][]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	out := map[string][][]string{}
	for _, n := range names {
		rows, err := f.GetRows(n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = rows
	}
	return names, out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

var contractSheets = []string{"Statements", "Uncoded", "Summary", "Framework", "Cases", "Codebook"}

var contractHeader = []string{"Segment ID", "Source", "Line", "Participant", "Role", "Group", "YOT",
	"Speaker", "Text", "Code", "Code label", "Type", "Domain", "Polarity", "Cue", "Confidence",
	"Decision", "Reviewer note"}

func TestRunSample(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := desist(t, "run", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "12 transcripts") || !strings.Contains(stderr, "0 rejected") {
		t.Errorf("summary line missing or wrong:\n%s", stderr)
	}
	for _, f := range []string{"coded.xlsx", "statements.csv", "summary.csv", "cases.csv", "report.html", "charts/factors-by-group.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("output %s: %v", f, err)
		}
	}
	names, sh := sheets(t, filepath.Join(out, "coded.xlsx"))

	t.Run("sheet order", func(t *testing.T) {
		if !slices.Equal(names[:6], contractSheets) {
			t.Errorf("sheets %q, want %q first", names, contractSheets)
		}
	})
	stmts := sh["Statements"]
	t.Run("Statements header", func(t *testing.T) {
		if !slices.Equal(stmts[0], append(slices.Clone(contractHeader), "Time")) {
			t.Errorf("header %q, want the contract's then Time", stmts[0])
		}
	})
	t.Run("every factor code in both polarities or at least several times", func(t *testing.T) {
		count := map[string]int{}
		pols := map[string]map[string]bool{}
		participants := map[string]map[string]bool{}
		for _, r := range stmts[1:] {
			count[r[9]]++
			if pols[r[9]] == nil {
				pols[r[9]], participants[r[9]] = map[string]bool{}, map[string]bool{}
			}
			pols[r[9]][r[13]] = true
			participants[r[9]][r[3]] = true
		}
		for _, id := range []string{"E1", "E2", "E3", "E4", "E5", "E6", "E7", "H1", "H2", "H3", "H4", "H5", "H6"} {
			if count[id] < 3 || len(participants[id]) < 2 {
				t.Errorf("%s: %d statements from %d participants; want several", id, count[id], len(participants[id]))
			}
		}
	})
	t.Run("interviewer turns not coded", func(t *testing.T) {
		for _, sheet := range []string{"Statements", "Uncoded"} {
			for _, r := range sh[sheet][1:] {
				switch r[7] {
				case "Interviewer", "Int", "I", "Q", "Inspector":
					t.Fatalf("%s has an interviewer row: %q", sheet, r)
				}
			}
		}
	})
	t.Run("Summary agrees with Statements", func(t *testing.T) {
		sum := sh["Summary"]
		head := sum[0]
		col := slices.Index(head, "desister statements")
		if col < 0 {
			t.Fatalf("no desister statements column in %q", head)
		}
		want := map[string]int{}
		for _, r := range stmts[1:] {
			if r[5] == "desister" {
				want[r[9]]++
			}
		}
		for _, r := range sum[1:] {
			if got := r[col]; got != fmt.Sprint(want[r[0]]) {
				t.Errorf("%s: Summary says %s desister statements, Statements has %d", r[0], got, want[r[0]])
			}
		}
	})
	t.Run("statements.csv matches the sheet", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(out, "statements.csv"))
		if len(recs) != len(stmts) {
			t.Fatalf("statements.csv has %d rows, Statements %d", len(recs), len(stmts))
		}
		for i := range recs {
			if recs[i][0] != stmts[i][0] || recs[i][9] != stmts[i][9] {
				t.Fatalf("row %d differs: %q vs %q", i, recs[i][:10], stmts[i][:10])
			}
		}
	})
	t.Run("Cases has the indicators", func(t *testing.T) {
		cases := sh["Cases"]
		if len(cases) != 16 || cases[1][0] != "C1" || cases[15][0] != "C15" {
			t.Fatalf("Cases rows: %d", len(cases))
		}
		if !slices.Equal(cases[0][:5], []string{"Indicator", "Label", "All n", "All N", "All %"}) {
			t.Errorf("Cases header %q", cases[0])
		}
		if cases[1][3] != "66" {
			t.Errorf("C1 denominator %s, want 66 (every sample case)", cases[1][3])
		}
	})
	t.Run("Codebook lists every code", func(t *testing.T) {
		if got := len(sh["Codebook"]) - 1; got != 21 {
			t.Errorf("Codebook has %d codes, want 21", got)
		}
	})
	t.Run("no absolute paths", func(t *testing.T) {
		for _, r := range stmts[1:] {
			if filepath.IsAbs(r[1]) {
				t.Fatalf("absolute Source %q", r[1])
			}
		}
	})
}

func TestRunDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if code, _, stderr := desist(t, "run", "--out", out, "--workers", "3"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, f := range []string{"coded.xlsx", "statements.csv", "summary.csv", "cases.csv", "report.html", "charts/factors-by-group.html"} {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", f)
		}
	}
}

// dump renders every cell of every sheet of an xlsx as text, for golden
// comparison.
func dump(t *testing.T, path string) string {
	names, sh := sheets(t, path)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "== %s\n", n)
		for _, r := range sh[n] {
			fmt.Fprintf(&b, "%s\n", strings.Join(r, " | "))
		}
	}
	return b.String()
}

func TestRunFixtureGolden(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := desist(t, "run", "--out", out, "testdata/study")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	got := dump(t, filepath.Join(out, "coded.xlsx"))
	golden := filepath.Join("testdata", "golden", "study.txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/desist -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("coded.xlsx differs from %s at line %d:\n got %s\nwant %s\n(run go test ./cmd/desist -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("coded.xlsx differs from %s in length: %d lines, want %d", golden, len(gl), len(wl))
	}
}

func TestRunFixtureChoices(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := desist(t, "run", "--out", out, "testdata/study"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, sh := sheets(t, filepath.Join(out, "coded.xlsx"))
	coded := map[string]string{} // text -> codes with polarity
	for _, r := range sh["Statements"][1:] {
		coded[r[8]] += r[9] + map[string]string{"present": "+", "absent": "-"}[r[13]] + " "
	}
	tests := []struct{ text, want string }{
		{"My worker [Person 1] really listened to me.", "E1+ "},
		{"She never judged me, not once.", "E1+ "},
		{"Nobody ever asked what I wanted.", "H5+ "},
		{"My mum stood by me the whole time.", "E2+ "},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := coded[tt.text]; got != tt.want {
				t.Errorf("coded %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("participant from the sheet", func(t *testing.T) {
		for _, r := range sh["Uncoded"][1:] {
			if r[3] == "PX" && (r[4] != "child" || r[5] != "persister" || r[6] != "Testford YOT") {
				t.Fatalf("PX row %q: want role, group and YOT from participants.csv", r)
			}
		}
	})
	t.Run("line numbers", func(t *testing.T) {
		for _, r := range sh["Statements"][1:] {
			if r[8] == "She never judged me, not once." && r[2] != "10" {
				t.Errorf("line %s, want 10", r[2])
			}
		}
	})
}

func TestRunRejections(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := desist(t, "run", "--out", out, "testdata/bad", "testdata/missing.txt")
	if code != exitRejected {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitRejected, stderr)
	}
	for _, want := range []string{
		"testdata/bad/binary.txt: not a text file",
		`testdata/bad/badrole.txt:3: unknown role "judge"`,
		`testdata/bad/cases.csv: cell D2: "maybe" in column "Self-assessment completed" is not yes, no or n/a`,
		`testdata/bad/cases.csv: cell K3: "two" in column "Court orders" is not a whole number`,
		"testdata/missing.txt: no such file or folder",
		"5 rejected",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// The good transcript was still coded and written.
	recs := readCSV(t, filepath.Join(out, "statements.csv"))
	if len(recs) < 2 || recs[1][1] != "testdata/bad/good.txt" {
		t.Errorf("statements.csv: %q", recs)
	}
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badCodebook := filepath.Join(dir, "cb.yaml")
	if err := os.WriteFile(badCodebook, []byte("codes:\n  - id: E1\n    type: enabling\n    label: x\n    colour: red\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no command", nil, []string{"Usage:"}},
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{"unknown flag", []string{"run", "--colour"}, []string{"flag provided but not defined: -colour"}},
		{"broken codebook", []string{"run", "--out", filepath.Join(dir, "o"), "--codebook", badCodebook},
			[]string{badCodebook + `:5: unknown field "colour"`, badCodebook + ":2: code E1: a enabling factor needs a domain"}},
		{"missing codebook", []string{"run", "--codebook", filepath.Join(dir, "nope.yaml")}, []string{"reading codebook"}},
		{"nothing usable", []string{"run", "--out", filepath.Join(dir, "o2"), empty}, []string{"nothing written"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := desist(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, stdout, _ := desist(t, "help")
	if code != exitOK || !strings.Contains(stdout, "desist run") || !strings.Contains(stdout, "Exit status") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
	code, _, stderr := desist(t, "run", "-h")
	if code != exitOK {
		t.Errorf("run -h: exit %d", code)
	}
	for _, f := range []string{"-out", "-codebook", "-participants", "-cases", "-review", "-no-redact", "-names", "-redactions", "-recognise-names", "-columns", "-workers", "-quiet"} {
		if !strings.Contains(stderr, f) {
			t.Errorf("run -h does not explain %s", f)
		}
	}
}

func TestCodebookCommand(t *testing.T) {
	code, stdout, _ := desist(t, "codebook")
	if code != exitOK || stdout != string(data.Codebook) {
		t.Errorf("codebook: exit %d, printed %d bytes, want the %d of the default", code, len(stdout), len(data.Codebook))
	}
	code, stdout, _ = desist(t, "codebook", "-list")
	if code != exitOK || !strings.Contains(stdout, "E1") || strings.Count(stdout, "\n") != 22 {
		t.Errorf("codebook -list: exit %d\n%s", code, stdout)
	}
	path := filepath.Join(t.TempDir(), "mine.yaml")
	if code, _, stderr := desist(t, "codebook", "-o", path); code != exitOK {
		t.Fatalf("codebook -o: exit %d: %s", code, stderr)
	}
	written, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(written, data.Codebook) {
		t.Errorf("written codebook differs from the default (err %v)", err)
	}
	if code, _, stderr := desist(t, "codebook", "-o", path); code != exitUsage || !strings.Contains(stderr, "exists") {
		t.Errorf("overwriting: exit %d, %s", code, stderr)
	}
	if code, _, stderr := desist(t, "codebook", "-codebook", path, "-list"); code != exitOK {
		t.Errorf("reading the written codebook back: exit %d, %s", code, stderr)
	}
}

func TestOutputsReplacedWhole(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := desist(t, "run", "--out", out, "testdata/study"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before, err := os.ReadFile(filepath.Join(out, "statements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// A run with nothing usable writes nothing and keeps the earlier outputs.
	if code, _, _ := desist(t, "run", "--out", out, t.TempDir()); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	after, err := os.ReadFile(filepath.Join(out, "statements.csv"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("earlier statements.csv was changed (err %v)", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
