package pipeline

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"desist/coding"
)

func defaultCodebook(t testing.TB) *coding.Codebook {
	t.Helper()
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

func TestParseDecision(t *testing.T) {
	cb := defaultCodebook(t)
	tests := []struct {
		name, raw, code string
		pol             coding.Polarity
		want, wantErr   string
	}{
		{"blank", "  ", "E1", coding.Present, "", ""},
		{"accept", "Accept", "E1", coding.Present, "accept", ""},
		{"tick", "✓", "E1", coding.Present, "accept", ""},
		{"reject", "REJECTED", "E1", coding.Present, "reject", ""},
		{"own code is accept", "e1", "E1", coding.Present, "accept", ""},
		{"own code, same polarity", "E1+", "E1", coding.Present, "accept", ""},
		{"own code, other polarity", "E2-", "E2", coding.Present, "E2-", ""},
		{"re-code", "h2", "E1", coding.Present, "H2", ""},
		{"several, put in codebook order", "H3, E1;E1", "E3", coding.Present, "E1 H3", ""},
		{"uncoded: a code", "e5", "", coding.Present, "E5", ""},
		{"uncoded: no code applies", "none", "", coding.Present, "accept", ""},
		{"uncoded: reject needs a code", "reject", "", coding.Present, "", "name the code"},
		{"unknown code", "E9", "E1", coding.Present, "", `"E9" is not accept, reject or a code`},
		{"free text", "maybe later", "E1", coding.Present, "", "is not accept, reject or a code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDecision(tt.raw, tt.code, tt.pol, cb)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseDecision(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
			}
		})
	}
}

// TestApplyReview places decisions on a statement whose codes the coder
// has (re)given, one situation at a time.
func TestApplyReview(t *testing.T) {
	cb := defaultCodebook(t)
	code := func(id string) coding.Assignment {
		c, ok := cb.Code(id)
		if !ok {
			t.Fatalf("no code %s", id)
		}
		return coding.Assignment{Code: c, Polarity: coding.Present, Cue: "cue", Confidence: 0.9}
	}
	rec := func(c, value, note string) *reviewRec {
		return &reviewRec{Segment: "S1", Code: c, Polarity: coding.Present, Decision: Decision{value, note}, Text: "text", Source: "a.txt", at: "Statements!Q2"}
	}
	type row struct{ code, value, note, cue string }
	tests := []struct {
		name     string
		coder    []string
		recs     []*reviewRec
		rows     []row
		uncoded  Decision
		final    []string
		orphans  []string // reasons, by a word in them
		reviewed bool
	}{
		{name: "accept carried", coder: []string{"E1"}, recs: []*reviewRec{rec("E1", "accept", "good")},
			rows: []row{{"E1", "accept", "good", "cue"}}, final: []string{"E1"}, reviewed: true},
		{name: "note alone is not a review", coder: []string{"E1"}, recs: []*reviewRec{rec("E1", "", "look again")},
			rows: []row{{"E1", "", "look again", "cue"}}, final: []string{"E1"}},
		{name: "re-code adds the new code's row", coder: []string{"E1"}, recs: []*reviewRec{rec("E1", "E2", "")},
			rows: []row{{"E1", "E2", "", "cue"}, {"E2", "accept", "", "re-coded by the reviewer from E1"}}, final: []string{"E2"}, reviewed: true},
		{name: "re-code to a code the coder also gives accepts it", coder: []string{"E1", "E2"}, recs: []*reviewRec{rec("E1", "E2", "")},
			rows: []row{{"E1", "E2", "", "cue"}, {"E2", "accept", "", "cue"}}, final: []string{"E2"}, reviewed: true},
		{name: "added in Uncoded, still uncoded", coder: nil, recs: []*reviewRec{rec("", "E5", "friends")},
			rows: []row{{"E5", "accept", "", "added by the reviewer"}}, uncoded: Decision{"E5", "friends"}, final: []string{"E5"}, reviewed: true},
		{name: "added in Uncoded, now coded", coder: []string{"E1"}, recs: []*reviewRec{rec("", "E5", "friends")},
			rows: []row{{"E1", "", "", "cue"}, {"E5", "accept", "", "added by the reviewer"}}, final: []string{"E1", "E5"}, orphans: []string{"now gives"}, reviewed: true},
		{name: "accepted code the coder no longer gives is kept", coder: nil, recs: []*reviewRec{rec("H3", "accept", "")},
			rows: []row{{"H3", "accept", "", "not given by the coder in this run; kept for the reviewer's decision"}}, final: []string{"H3"}, reviewed: true},
		{name: "rejected code the coder no longer gives is kept", coder: nil, recs: []*reviewRec{rec("H3", "reject", "no")},
			rows: []row{{"H3", "reject", "no", "not given by the coder in this run; kept for the reviewer's decision"}}, final: nil, reviewed: true},
		{name: "two decisions on one row: the first wins", coder: []string{"E1"}, recs: []*reviewRec{rec("E1", "accept", ""), rec("E1", "reject", "")},
			rows: []row{{"E1", "accept", "", "cue"}}, final: []string{"E1"}, orphans: []string{"came first"}, reviewed: true},
		{name: "a row's decision wins over an orphan read back", coder: []string{"E1"},
			recs: []*reviewRec{{Segment: "S1", Code: "E1", Polarity: coding.Present, Decision: Decision{"reject", ""}, orphan: true}, rec("E1", "accept", "")},
			rows: []row{{"E1", "accept", "", "cue"}}, final: []string{"E1"}, orphans: []string{"came first"}, reviewed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rv := &review{recs: map[string][]*reviewRec{"S1": tt.recs}, placed: map[string]bool{}}
			s := &Statement{ID: "S1", Source: "a.txt"}
			for _, id := range tt.coder {
				s.Codes = append(s.Codes, code(id))
			}
			rv.apply(s, cb)
			var got []row
			for _, r := range s.rows() {
				got = append(got, row{r.Code.ID, r.Value, r.Note, r.Cue})
			}
			if !slices.Equal(got, tt.rows) {
				t.Errorf("rows:\n got %v\nwant %v", got, tt.rows)
			}
			var final []string
			for _, a := range s.final() {
				final = append(final, a.Code.ID)
			}
			if !slices.Equal(final, tt.final) {
				t.Errorf("final codes %v, want %v", final, tt.final)
			}
			if s.review != nil && s.review.uncoded != tt.uncoded {
				t.Errorf("uncoded decision %v, want %v", s.review.uncoded, tt.uncoded)
			}
			if reviewed := s.review != nil && s.review.reviewed; reviewed != tt.reviewed {
				t.Errorf("reviewed = %v, want %v", reviewed, tt.reviewed)
			}
			orphans := rv.finish(map[string]bool{"a.txt": true})
			if len(orphans) != len(tt.orphans) {
				t.Fatalf("%d orphans %v, want %d", len(orphans), orphans, len(tt.orphans))
			}
			for i, o := range orphans {
				if !strings.Contains(o.reason, tt.orphans[i]) {
					t.Errorf("orphan reason %q, want it to say %q", o.reason, tt.orphans[i])
				}
			}
		})
	}
	t.Run("segment gone: orphaned with the reason", func(t *testing.T) {
		rv := &review{recs: map[string][]*reviewRec{
			"S1": {rec("E1", "accept", "")},
			"S2": {{Segment: "S2", Code: "E1", Decision: Decision{"reject", ""}, Source: "gone.txt"}},
			"S3": {{Segment: "S3", Code: "E1", Source: "a.txt"}}, // no decision: nothing to keep
		}, placed: map[string]bool{}}
		orphans := rv.finish(map[string]bool{"a.txt": true})
		var reasons []string
		for _, o := range orphans {
			reasons = append(reasons, o.rec.Segment+": "+o.reason)
		}
		want := []string{
			"S1: no statement in this run has this Segment ID: its text or its file's name changed",
			"S2: the file gone.txt was not read in this run",
		}
		if !slices.Equal(reasons, want) {
			t.Errorf("orphans:\n got %q\nwant %q", reasons, want)
		}
	})
}

// FuzzParseDecision checks that any cell text either parses to a value
// that parses to itself again, or is refused with an error.
func FuzzParseDecision(f *testing.F) {
	cb := defaultCodebook(f)
	for _, s := range []string{"accept", "E1", "e2-, H3", "none", "reject", "✓", "E1 E1 E1", "-", "+"} {
		f.Add(s, "E1")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, raw, code string) {
		if code != "" {
			if _, ok := cb.Code(code); !ok {
				return
			}
		}
		v, err := parseDecision(raw, code, coding.Present, cb)
		if err != nil {
			return
		}
		again, err := parseDecision(v, code, coding.Present, cb)
		if err != nil || again != v {
			t.Errorf("%q parsed to %q, which parses to %q, %v", raw, v, again, err)
		}
	})
}

// TestDecisionDropdowns measures the trap the workbook steps around:
// excelize's AddDataValidation on a streamed sheet returns no error but is
// dropped from the file when it comes after the stream's Flush; added
// before it, as finishSheet does, it is saved. If the first half ever
// fails, excelize has fixed the trap and the ordering no longer matters.
func TestDecisionDropdowns(t *testing.T) {
	saved := func(t *testing.T, afterFlush bool) []*excelize.DataValidation {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.SetRow("A1", []any{"Decision"}); err != nil {
			t.Fatal(err)
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "A2:A10"
		if err := dv.SetDropList([]string{"accept", "reject"}); err != nil {
			t.Fatal(err)
		}
		if !afterFlush {
			if err := f.AddDataValidation("Sheet1", dv); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		if afterFlush {
			if err := f.AddDataValidation("Sheet1", dv); err != nil {
				t.Fatalf("AddDataValidation after Flush: %v", err)
			}
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		g, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		dvs, err := g.GetDataValidations("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		return dvs
	}
	t.Run("after Flush: silently dropped", func(t *testing.T) {
		if dvs := saved(t, true); len(dvs) != 0 {
			t.Errorf("excelize kept a validation added after Flush (%d): the trap is gone", len(dvs))
		}
	})
	t.Run("before Flush: kept", func(t *testing.T) {
		if dvs := saved(t, false); len(dvs) != 1 {
			t.Errorf("%d validations saved, want 1", len(dvs))
		}
	})
	t.Run("coded.xlsx has both dropdowns", func(t *testing.T) {
		out := &outputs{dir: t.TempDir()}
		defer out.abort()
		w, err := newWorkbook([]string{"E1", "H2"})
		if err != nil {
			t.Fatal(err)
		}
		defer w.discard()
		if err := w.save(out, "coded.xlsx"); err != nil {
			t.Fatal(err)
		}
		if err := out.commit(); err != nil {
			t.Fatal(err)
		}
		g, err := excelize.OpenFile(out.dir + "/coded.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		for sheet, want := range map[string]string{sheetStatements: `"accept,reject,E1,H2"`, sheetUncoded: `"accept,E1,H2"`} {
			dvs, err := g.GetDataValidations(sheet)
			if err != nil || len(dvs) != 1 || dvs[0].Formula1 != want {
				t.Errorf("%s: %v, %v; want one list %s", sheet, dvs, err, want)
			}
		}
	})
	t.Run("a long code list points at the Codebook sheet", func(t *testing.T) {
		var ids []string
		for i := range 60 {
			ids = append(ids, "CODE"+strings.Repeat("X", i%5)+string(rune('A'+i%26)))
		}
		w, err := newWorkbook(ids)
		if err != nil {
			t.Fatal(err)
		}
		defer w.discard()
		if err := w.addDecisionList(sheetStatements); err != nil {
			t.Fatal(err)
		}
		dvs, err := w.f.GetDataValidations(sheetStatements)
		if err != nil || len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "Codebook") {
			t.Errorf("validations %v, %v; want a reference to the Codebook sheet", dvs, err)
		}
	})
}
