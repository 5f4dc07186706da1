package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The review fixture: two short fictional interviews, written for this
// test.
var reviewTranscripts = map[string]string{
	"R1.txt": `---
participant: R1
role: child
group: desister
yot: Testford YOT
---
Interviewer: How was the order?
R1: My worker Dee really listened to me.
They kept changing my worker at the start, I had three.
My mum stood by me the whole time.
The group sessions were just videos and worksheets.
I live with my nan now.
We had chips after.
Interviewer: Anything else?
R1: I started going to the boxing club with new mates from college.
`,
	"R2.txt": `---
participant: R2
role: child
group: persister
yot: Testford YOT
---
Interviewer: Tell me about your plan.
R2: Nobody asked what I wanted in my plan.
I don't know really.
The weather was rubbish that summer.
My YOT worker never believed a word I said.
`,
}

// cellsByHeader reads a sheet's rows as maps from header to cell text.
func cellsByHeader(t *testing.T, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	if len(rows) == 0 {
		return nil
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for j, h := range rows[0] {
			if j < len(r) {
				m[h] = r[j]
			}
		}
		out = append(out, m)
	}
	return out
}

// setByHeader sets the cell of a data row (0-based, below the header)
// under the given header.
func setByHeader(t *testing.T, f *excelize.File, sheet string, row int, header, value string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], header)
	if col < 0 {
		t.Fatalf("sheet %s has no column %q", sheet, header)
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, row+2)
	if err := f.SetCellValue(sheet, cell, value); err != nil {
		t.Fatal(err)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// codeFixture writes the review fixture into a temporary folder and codes
// it, returning the folder, the transcripts' folder and the first run's
// output folder.
func codeFixture(t *testing.T) (dir, in, out string) {
	t.Helper()
	dir = t.TempDir()
	in = filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, in, reviewTranscripts)
	out = filepath.Join(dir, "out1")
	if code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--out", out, in); code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	return dir, in, out
}

// A reviewDecision is a decision the test makes, and what it expects.
type reviewDecision struct {
	sheet, segment, code, value, note string
}

// TestReviewRoundTrip codes the fixture, reviews the workbook as a
// reviewer would (decisions and notes, a sorted sheet, a column and a
// sheet of their own, a hidden column), changes one transcript, and runs
// again with --review: every decision and note must be carried, the one
// whose segment is gone kept as an orphan, and the Agreement sheet must
// count what the reviewer did. Run again on its own output, nothing may
// change.
func TestReviewRoundTrip(t *testing.T) {
	dir, in, out1 := codeFixture(t)
	f, err := excelize.OpenFile(filepath.Join(out1, "coded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("dropdowns survive the stream writer", func(t *testing.T) {
		for sheet, col := range map[string]string{"Statements": "Q", "Uncoded": "J"} {
			dvs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(dvs) != 1 || !strings.HasPrefix(dvs[0].Sqref, col+"2:") || !strings.Contains(dvs[0].Formula1, "accept") || !strings.Contains(dvs[0].Formula1, "E1") {
				t.Errorf("sheet %s: data validations %+v, want one list on %s with accept and the codes", sheet, dvs, col)
			}
		}
	})

	// Pick statements with a single code, so that the expected agreement
	// is plain.
	stmts := cellsByHeader(t, f, "Statements")
	perSeg := map[string]int{}
	for _, r := range stmts {
		perSeg[r["Segment ID"]]++
	}
	var single []int
	for i, r := range stmts {
		if perSeg[r["Segment ID"]] == 1 && r["Participant"] == "R1" {
			single = append(single, i)
		}
	}
	uncoded := cellsByHeader(t, f, "Uncoded")
	var r1Uncoded, r2Uncoded []int
	for i, r := range uncoded {
		switch r["Participant"] {
		case "R1":
			r1Uncoded = append(r1Uncoded, i)
		case "R2":
			r2Uncoded = append(r2Uncoded, i)
		}
	}
	if len(single) < 3 || len(r1Uncoded) < 2 || len(r2Uncoded) < 1 {
		t.Fatalf("fixture coded differently than the test needs: %d single-code R1 statements, %d and %d uncoded", len(single), len(r1Uncoded), len(r2Uncoded))
	}
	recodeTo := "E3"
	if stmts[single[2]]["Code"] == recodeTo {
		recodeTo = "E2"
	}
	decisions := []reviewDecision{
		{"Statements", stmts[single[0]]["Segment ID"], stmts[single[0]]["Code"], "accept", "spot on"},
		{"Statements", stmts[single[1]]["Segment ID"], stmts[single[1]]["Code"], "reject", "this is about the mum"},
		{"Statements", stmts[single[2]]["Segment ID"], stmts[single[2]]["Code"], recodeTo, ""},
		{"Uncoded", uncoded[r1Uncoded[0]]["Segment ID"], "", "E5", "new friends"},
		{"Uncoded", uncoded[r1Uncoded[1]]["Segment ID"], "", "accept", ""},
		{"Uncoded", uncoded[r2Uncoded[0]]["Segment ID"], "", "accept", "goes when R2 is edited"},
	}
	rowOf := map[string]int{
		decisions[0].segment: single[0], decisions[1].segment: single[1], decisions[2].segment: single[2],
		decisions[3].segment: r1Uncoded[0], decisions[4].segment: r1Uncoded[1], decisions[5].segment: r2Uncoded[0],
	}
	for _, d := range decisions {
		setByHeader(t, f, d.sheet, rowOf[d.segment], "Decision", d.value)
		if d.note != "" {
			setByHeader(t, f, d.sheet, rowOf[d.segment], "Reviewer note", d.note)
		}
	}
	// What reviewers do besides: sort (here, reverse the rows), add a
	// column and a sheet, hide a column.
	rows, _ := f.GetRows("Statements")
	for i, r := range rows[1:] {
		cells := make([]any, len(rows[0]))
		for j := range cells {
			cells[j] = ""
			if j < len(r) {
				cells[j] = r[j]
			}
		}
		if err := f.SetSheetRow("Statements", "A"+strconv.Itoa(len(rows)-i), &cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.InsertCols("Statements", "B", 1); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Statements", "B1", "My own column")
	f.SetCellValue("Statements", "B2", "checked on Tuesday")
	f.SetColVisible("Statements", "C", false)
	f.NewSheet("My notes")
	f.SetCellValue("My notes", "A1", "Segment ID")
	f.SetCellValue("My notes", "B1", "Decision")
	f.SetCellValue("My notes", "A2", "not a segment")
	f.SetCellValue("My notes", "B2", "nonsense that must not be read")
	reviewed := filepath.Join(dir, "reviewed.xlsx")
	if err := f.SaveAs(reviewed); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// The reviewer's R2 statement is edited away before the next run.
	editedR2 := strings.Replace(reviewTranscripts["R2.txt"], "I don't know really.", "I couldn't tell you.", 1)
	editedR2 = strings.Replace(editedR2, "The weather was rubbish that summer.", "It rained the whole summer.", 1)
	if err := os.WriteFile(filepath.Join(in, "R2.txt"), []byte(editedR2), 0o644); err != nil {
		t.Fatal(err)
	}

	out2 := filepath.Join(dir, "out2")
	code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--review", reviewed, "--out", out2, in)
	if code != exitOK {
		t.Fatalf("run with --review: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "5 reviewed statements carried") || !strings.Contains(stderr, "1 decisions found no segment") {
		t.Errorf("summary does not report the review:\n%s", stderr)
	}
	g, err := excelize.OpenFile(filepath.Join(out2, "coded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	got := map[string][2]string{} // sheet|segment|code -> decision, note
	cues := map[string]string{}
	for _, sheet := range []string{"Statements", "Uncoded", "Orphaned decisions"} {
		for _, r := range cellsByHeader(t, g, sheet) {
			code := r["Code"]
			if sheet == "Uncoded" {
				code = ""
			}
			k := sheet + "|" + r["Segment ID"] + "|" + code
			got[k] = [2]string{r["Decision"], r["Reviewer note"]}
			cues[k] = r["Cue"]
			if sheet == "Orphaned decisions" && !strings.Contains(r["Reason"], "no statement in this run has this Segment ID") {
				t.Errorf("orphan's reason = %q", r["Reason"])
			}
		}
	}
	for i, d := range decisions {
		sheet := d.sheet
		if i == 5 {
			sheet = "Orphaned decisions"
		}
		k := sheet + "|" + d.segment + "|" + d.code
		if got[k] != [2]string{d.value, d.note} {
			t.Errorf("decision %d (%s): got %q, want %q and %q", i, k, got[k], d.value, d.note)
		}
	}
	if k := "Statements|" + decisions[2].segment + "|" + recodeTo; got[k] != [2]string{"accept", ""} || !strings.Contains(cues[k], "re-coded by the reviewer from "+decisions[2].code) {
		t.Errorf("re-coded row %s: decision %q, cue %q", k, got[k], cues[k])
	}
	if k := "Statements|" + decisions[3].segment + "|E5"; got[k] != [2]string{"accept", ""} || cues[k] != "added by the reviewer" {
		t.Errorf("added row %s: decision %q, cue %q", k, got[k], cues[k])
	}
	for _, r := range cellsByHeader(t, g, "Statements") {
		if strings.Contains(r["Decision"], "nonsense") {
			t.Error("a reviewer's own sheet was read as decisions")
		}
	}

	t.Run("agreement", func(t *testing.T) {
		rows := cellsByHeader(t, g, "Agreement")
		var all map[string]string
		for _, r := range rows {
			if r["Code"] == "All" {
				all = r
			}
		}
		if all == nil {
			t.Fatalf("no All row in Agreement: %v", rows)
		}
		// Five statements reviewed and kept (the sixth is orphaned): the
		// coder gave three codes, the reviewer three (the accepted one, the
		// re-code and the added one), one in common.
		want := map[string]string{"Coder": "3", "Reviewer": "3", "Both": "1", "Undecided": "0", "Precision": "0.333", "Recall": "0.333", "F1": "0.333"}
		for k, v := range want {
			if all[k] != v {
				t.Errorf("All %s = %q, want %q", k, all[k], v)
			}
		}
		if n := all["Statements"]; n != strconv.Itoa(5*21) {
			t.Errorf("All Statements = %s, want %d (5 statements x 21 codes)", n, 5*21)
		}
		rep, err := os.ReadFile(filepath.Join(out2, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Agreement between the coder and the reviewer", "5 statements carried a reviewer&#39;s decision", "F1 against the reviewer is 0.333"} {
			if !bytes.Contains(rep, []byte(want)) {
				t.Errorf("report.html does not say %q", want)
			}
		}
	})

	t.Run("running on its own output changes nothing", func(t *testing.T) {
		out3 := filepath.Join(dir, "out3")
		if code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--review", filepath.Join(out2, "coded.xlsx"), "--out", out3, in); code != exitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		for _, name := range []string{"coded.xlsx", "statements.csv", "summary.csv", "report.html", "project.qdpx"} {
			a, _ := os.ReadFile(filepath.Join(out2, name))
			b, _ := os.ReadFile(filepath.Join(out3, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between a run and a run on its own output", name)
			}
		}
	})

	t.Run("a workbook saved by LibreOffice Calc", func(t *testing.T) {
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("soffice (libreoffice-calc) is not installed; .ci/run installs it")
			}
			t.Skip("soffice not installed")
		}
		lo := filepath.Join(dir, "lo")
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"),
			"--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, reviewed)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		if outp, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, outp)
		}
		outLO := filepath.Join(dir, "out-lo")
		if code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--review", filepath.Join(lo, "reviewed.xlsx"), "--out", outLO, in); code != exitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		for _, name := range []string{"statements.csv", "summary.csv"} {
			a, _ := os.ReadFile(filepath.Join(out2, name))
			b, _ := os.ReadFile(filepath.Join(outLO, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs when the reviewed workbook was saved by LibreOffice", name)
			}
		}
		h, err := excelize.OpenFile(filepath.Join(outLO, "coded.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		if n := len(cellsByHeader(t, h, "Orphaned decisions")); n != 1 {
			t.Errorf("%d orphaned decisions, want 1", n)
		}
	})
}

// TestAgree gives two reviewers' copies of one workbook different
// decisions and checks desist agree's table.
func TestAgree(t *testing.T) {
	dir, _, out := codeFixture(t)
	// Both reviewers decide on every row; they differ on two.
	copyReview := func(name string, decide func(sheet string, i int, r map[string]string) string) string {
		f, err := excelize.OpenFile(filepath.Join(out, "coded.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sheet := range []string{"Statements", "Uncoded"} {
			for i, r := range cellsByHeader(t, f, sheet) {
				setByHeader(t, f, sheet, i, "Decision", decide(sheet, i, r))
			}
		}
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := copyReview("a.xlsx", func(sheet string, i int, r map[string]string) string { return "accept" })
	b := copyReview("b.xlsx", func(sheet string, i int, r map[string]string) string {
		switch {
		case sheet == "Statements" && i == 0:
			return "reject"
		case sheet == "Uncoded" && i == 0:
			return "E5"
		}
		return "accept"
	})
	code, stdout, stderr := desist(t, "agree", "-csv", a, b)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	r := csv.NewReader(strings.NewReader(stdout))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for j, h := range recs[0] {
			m[h] = rec[j]
		}
		byCode[rec[0]] = m
	}
	all := byCode["All"]
	f, _ := excelize.OpenFile(filepath.Join(out, "coded.xlsx"))
	defer f.Close()
	codes := len(cellsByHeader(t, f, "Statements"))
	statements := map[string]bool{}
	for _, sheet := range []string{"Statements", "Uncoded"} {
		for _, r := range cellsByHeader(t, f, sheet) {
			statements[r["Segment ID"]] = true
		}
	}
	want := map[string]string{
		"Statements": strconv.Itoa(len(statements) * 21),
		"Reviewer A": strconv.Itoa(codes),
		"Reviewer B": strconv.Itoa(codes), // one rejected, one added
		"Both":       strconv.Itoa(codes - 1),
	}
	for k, v := range want {
		if all[k] != v {
			t.Errorf("All %s = %q, want %q", k, all[k], v)
		}
	}
	if byCode["E5"]["Reviewer B"] == byCode["E5"]["Reviewer A"] {
		t.Errorf("E5: B added one, but A %s and B %s", byCode["E5"]["Reviewer A"], byCode["E5"]["Reviewer B"])
	}
	t.Run("text table", func(t *testing.T) {
		code, stdout, _ := desist(t, "agree", a, b)
		if code != exitOK || !strings.Contains(stdout, "statements decided by both") || !strings.Contains(stdout, "Krippendorff's alpha") || !strings.Contains(stdout, "95% interval") {
			t.Errorf("exit %d, output:\n%s", code, stdout)
		}
	})
	t.Run("usage", func(t *testing.T) {
		if code, _, _ := desist(t, "agree", a); code != exitUsage {
			t.Errorf("one workbook: exit %d, want %d", code, exitUsage)
		}
		if code, _, stderr := desist(t, "agree", a, filepath.Join(dir, "missing.xlsx")); code != exitUsage || !strings.Contains(stderr, "missing.xlsx") {
			t.Errorf("missing workbook: exit %d, stderr %q", code, stderr)
		}
	})
}

// TestAgreeGoldSets: desist agree on two gold sets compares two people's
// hand-coding of the same statements; a row only one has is reported
// with its file and the exit status is 1; a workbook and a gold set
// together are a usage error.
func TestAgreeGoldSets(t *testing.T) {
	dir := t.TempDir()
	const head = "ID\tRole\tCodes\tContext\tSource\tText\n"
	rows := "T1\tchild\tE1+\t\tfictional\tMy worker listened.\n" +
		"T2\tchild\tH3+\t\tfictional\tI had four workers in a year.\n"
	a, b, c := filepath.Join(dir, "a.tsv"), filepath.Join(dir, "b.tsv"), filepath.Join(dir, "c.tsv")
	// A gold set saved under another name is still read as one; a zip
	// archive (as a workbook is) named .tsv is not.
	txt, zip := filepath.Join(dir, "b.txt"), filepath.Join(dir, "w.tsv")
	for p, text := range map[string]string{
		a:   head + rows,
		b:   head + strings.Replace(rows, "H3+", "-", 1),
		c:   head + rows + "T3\tchild\t-\t\tfictional\tOne more.\n",
		txt: head + strings.Replace(rows, "H3+", "-", 1),
		zip: "PK\x03\x04 not really a workbook",
	} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"text", []string{a, b}, exitOK, []string{"2 statements in both.", "Coder A", "Coder B", "factors F1 0.67, 95% interval"}, ""},
		{"csv", []string{"-csv", a, b}, exitOK, []string{"Factors,enabling and hindering codes together,26,1,2,1,0,1,0.5,0.667,"}, ""},
		{"a row in one only", []string{a, c}, exitRejected, []string{"2 statements in both."}, "a.tsv: no usable row T3 ("},
		{"a workbook and a gold set", []string{a, filepath.Join(dir, "x.xlsx")}, exitUsage, nil, "not one of each"},
		{"a gold set named .txt", []string{a, txt}, exitOK, []string{"2 statements in both.", "factors F1 0.67, 95% interval"}, ""},
		{"a zip archive named .tsv", []string{zip, a}, exitUsage, nil, "not one of each"},
		{"one file", []string{a}, exitUsage, nil, "or two gold sets (A.tsv B.tsv)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desistWants(t, append([]string{"agree"}, tt.args...), tt.code, tt.stdout, tt.stderr)
		})
	}
}

// TestReviewBadDecisions: a decision that cannot be understood is named
// by its cell, kept as an orphan, and makes the exit status 1; the rest
// is carried.
func TestReviewBadDecisions(t *testing.T) {
	dir, in, out1 := codeFixture(t)
	f, err := excelize.OpenFile(filepath.Join(out1, "coded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	setByHeader(t, f, "Statements", 0, "Decision", "maybe")
	setByHeader(t, f, "Statements", 1, "Decision", "accept")
	setByHeader(t, f, "Uncoded", 0, "Decision", "reject")
	reviewed := filepath.Join(dir, "reviewed.xlsx")
	if err := f.SaveAs(reviewed); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out2 := filepath.Join(dir, "out2")
	code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--review", reviewed, "--out", out2, in)
	if code != exitRejected {
		t.Fatalf("exit %d, want %d\n%s", code, exitRejected, stderr)
	}
	for _, want := range []string{`sheet "Statements" cell Q2: decision "maybe"`, `sheet "Uncoded" cell J2: decision "reject" on a row of Uncoded`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	g, err := excelize.OpenFile(filepath.Join(out2, "coded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	orphans := cellsByHeader(t, g, "Orphaned decisions")
	var kept []string
	for _, o := range orphans {
		kept = append(kept, o["Decision"])
	}
	slices.Sort(kept)
	if !slices.Equal(kept, []string{"maybe", "reject"}) {
		t.Errorf("orphans kept decisions %q, want maybe and reject", kept)
	}
	accepted := 0
	for _, r := range cellsByHeader(t, g, "Statements") {
		if r["Decision"] == "accept" {
			accepted++
		}
	}
	if accepted != 1 {
		t.Errorf("%d accepted rows carried, want 1", accepted)
	}
}

// TestLearnFromReview: with --learn, a run learns from the reviewed
// workbook's decisions, says so, writes the model beside its outputs, and
// a later run given that model with --model codes the same.
func TestLearnFromReview(t *testing.T) {
	dir := t.TempDir()
	out1 := filepath.Join(dir, "out1")
	if code, _, stderr := desist(t, "run", "--quiet", "--out", out1); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(out1, "coded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// The reviewer accepts every code and confirms every uncoded
	// statement of the first 300 rows of each sheet.
	for _, sheet := range []string{"Statements", "Uncoded"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], "Decision")
		for i := range min(300, len(rows)-1) {
			cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
			f.SetCellValue(sheet, cell, "accept")
		}
	}
	reviewed := filepath.Join(dir, "reviewed.xlsx")
	if err := f.SaveAs(reviewed); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if code, _, stderr := desist(t, "run", "--learn", "--out", filepath.Join(dir, "x")); code != exitUsage || !strings.Contains(stderr, "--learn needs --review") {
		t.Errorf("--learn without --review: exit %d, stderr %q", code, stderr)
	}
	out2 := filepath.Join(dir, "out2")
	code, _, stderr := desist(t, "run", "--quiet", "--review", reviewed, "--learn", "--out", out2)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "--learn: learned from ") || !strings.Contains(stderr, "learned-model.json") {
		t.Errorf("the run does not say it learned:\n%s", stderr)
	}
	model := filepath.Join(out2, "learned-model.json")
	raw, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"codes"`)) || bytes.Count(raw, []byte("\n")) < 20 {
		t.Errorf("the model file is not readable JSON with codes:\n%.300s", raw)
	}
	out3 := filepath.Join(dir, "out3")
	if code, _, stderr := desist(t, "run", "--quiet", "--review", reviewed, "--model", model, "--out", out3); code != exitOK {
		t.Fatalf("--model: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(out2, "statements.csv"))
	b, _ := os.ReadFile(filepath.Join(out3, "statements.csv"))
	if !bytes.Equal(a, b) {
		t.Error("coding with the saved model differs from the run that learned it")
	}
	if _, err := os.Stat(filepath.Join(out3, "learned-model.json")); err == nil {
		t.Error("a run with --model wrote a learned model it did not learn")
	}
}
