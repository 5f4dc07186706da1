package pipeline

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"desist/charts"
	"desist/coding"
)

// reportCodebook is the default codebook.
func reportCodebook(t *testing.T) *coding.Codebook {
	t.Helper()
	cb, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// give returns assignments of the codebook's codes: "E1+" present, "H2-"
// absent.
func give(t *testing.T, cb *coding.Codebook, codes ...string) []coding.Assignment {
	t.Helper()
	var as []coding.Assignment
	for _, c := range codes {
		id, pol := c[:len(c)-1], coding.Present
		if strings.HasSuffix(c, "-") {
			pol = coding.Absent
		}
		var code *coding.Code
		for _, k := range cb.Codes {
			if k.ID == id {
				code = k
			}
		}
		if code == nil {
			t.Fatalf("no code %s", id)
		}
		as = append(as, coding.Assignment{Code: code, Polarity: pol, Confidence: 0.8})
	}
	return as
}

func TestReportBuilder(t *testing.T) {
	cb := reportCodebook(t)
	cases := caseTableCases(t)
	rb := newReportBuilder(nil)
	statement := func(participant, source, role, group, yot, text string, codes ...string) {
		rb.add(&Statement{Participant: participant, Source: source, Role: role, Group: group, YOT: yot, Text: text, Codes: give(t, cb, codes...)})
	}
	statement("YP01", "YP01.txt", "child", "desister", "North", "She listened to me.", "E1+")
	statement("YP01", "YP01.txt", "child", "desister", "North", "My mum helped and the course was boring.", "E2+", "H1+", "D2-")
	statement("YP01", "YP01b.txt", "child", "desister", "North", "Nothing much.")
	statement("YP02", "YP02.txt", "child", "persister", "South", "Nobody listened.", "E1-")
	statement("YP02", "YP02.txt", "child", "persister", "South", "My worker never listened to me at all.", "H2+")
	statement("PC01", "PC01.txt", "parent", "persister", "South", "He had a good worker.", "E1+")
	statement("A1", "cases.csv", "worker", "desister", "North", "Engaged well.", "E1+", "E3+")
	rep := rb.build(cb, cases)

	t.Run("counts", func(t *testing.T) {
		if rep.Statements != 7 || rep.Coded != 6 || rep.CodesGiven != 9 || rep.Transcripts != 4 || rep.CaseRecords != len(cases) {
			t.Errorf("statements %d coded %d codes %d transcripts %d cases %d, want 7 6 9 4 %d",
				rep.Statements, rep.Coded, rep.CodesGiven, rep.Transcripts, rep.CaseRecords, len(cases))
		}
		if rep.Redacted || rep.Agreement != "" {
			t.Errorf("build set Redacted or Agreement, which are the caller's")
		}
	})
	t.Run("people", func(t *testing.T) {
		var got []string
		for _, p := range rep.People {
			got = append(got, fmt.Sprintf("%s/%s/%v/%d/%d:%d:%d", p.ID, p.Role, p.CaseRecord, p.Statements, p.EnablingOnly, p.HinderingOnly, p.Both))
		}
		want := []string{
			"PC01/parent/false/1/1:0:0",
			"YP01/child/false/3/1:0:1", // two transcripts, one person
			"YP02/child/false/2/0:1:0", // E1 absent is not enabling
			"A1/worker/true/1/1:0:0",   // the case record, after the interviews
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("people = %q, want %q", got, want)
		}
		yp01 := rep.People[1]
		if yp01.Present["E2"] != 1 || yp01.Absent["D2"] != 1 || yp01.Present["D2"] != 0 {
			t.Errorf("YP01 present %v absent %v", yp01.Present, yp01.Absent)
		}
	})
	t.Run("pairs", func(t *testing.T) {
		var got []string
		for _, p := range rep.Pairs {
			got = append(got, fmt.Sprintf("%s+%s=%d", p.A, p.B, p.Statements))
		}
		want := "D2+E2=1 D2+H1=1 E1+E3=1 E2+H1=1"
		if strings.Join(got, " ") != want {
			t.Errorf("pairs = %q, want %q", got, want)
		}
	})
	t.Run("quotes", func(t *testing.T) {
		var got []string
		for _, q := range rep.Quotes["E1"] {
			got = append(got, q.Participant+":"+q.Polarity)
		}
		// Desister, persister, then the rest, in turn; present first,
		// then children; YP02's only E1 is absent.
		want := "YP01:present PC01:present A1:present YP02:absent"
		if strings.Join(got, " ") != want {
			t.Errorf("E1 quotes = %q, want %q", got, want)
		}
		if _, ok := rep.Quotes["E7"]; ok {
			t.Errorf("quotes for a code nobody was given")
		}
	})
	t.Run("indicators", func(t *testing.T) {
		rows, _ := indicatorRows(cases)
		if len(rep.Indicators) != len(Indicators) {
			t.Fatalf("%d indicators, want %d", len(rep.Indicators), len(Indicators))
		}
		for _, ind := range rep.Indicators {
			row := rows[ind.ID]
			for g, f := range ind.Counts {
				if row[2+3*g] != f.N || row[3+3*g] != f.D {
					t.Errorf("%s group %s: %d/%d, Cases sheet has %v/%v", ind.ID, rep.CaseGroups[g].Name, f.N, f.D, row[2+3*g], row[3+3*g])
				}
			}
		}
		if rep.CaseGroups[0].Cases != len(cases) {
			t.Errorf("all cases = %d, want %d", rep.CaseGroups[0].Cases, len(cases))
		}
	})
	t.Run("no cases", func(t *testing.T) {
		rep := rb.build(cb, nil)
		if len(rep.Indicators) != 0 || len(rep.CaseGroups) != 0 {
			t.Errorf("indicators without cases")
		}
		if rep.People[len(rep.People)-1].CaseRecord {
			t.Errorf("a case record without cases")
		}
	})
}

// caseTableCases reads a small case sheet with a case A1 from cases.csv.
func caseTableCases(t *testing.T) []*Case {
	t.Helper()
	cases, errs := readCases(caseTable(t, fullHeader+
		"A1,North,desister,yes,yes,yes,yes,no,,,1,,yes,yes,yes,yes,yes,yes\n"+
		"A2,South,persister,yes,no,no,n/a,yes,yes,no,3,yes,no,no,no,no,no,no\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return cases
}

func TestReportLongQuote(t *testing.T) {
	cb := reportCodebook(t)
	rb := newReportBuilder(nil)
	long := strings.Repeat("word ", 200)
	rb.add(&Statement{Participant: "YP01", Source: "a.txt", Role: "child", Group: "desister", Text: long, Codes: give(t, cb, "E1+")})
	q := rb.build(cb, nil).Quotes["E1"][0].Text
	if n := len([]rune(q)); n != maxQuote || !strings.HasSuffix(q, "…") {
		t.Errorf("quote of %d characters ending %q, want %d ending with an ellipsis", n, q[len(q)-5:], maxQuote)
	}
}

// TestReportQuotesAreCopies checks that a kept quote does not share the
// memory of the turn its statement's text is part of, which would keep
// every candidate quote's whole turn for the rest of the run.
func TestReportQuotesAreCopies(t *testing.T) {
	cb := reportCodebook(t)
	rb := newReportBuilder(nil)
	turn := "She listened to me properly. " + strings.Repeat("And then some other talk. ", 100)
	text := turn[:len("She listened to me properly.")]
	rb.add(&Statement{Participant: "YP01", Source: "a.txt", Role: "child", Group: "desister", Text: text, Codes: give(t, cb, "E1+")})
	q := rb.build(cb, nil).Quotes["E1"][0].Text
	if q != text {
		t.Fatalf("quote %q, want %q", q, text)
	}
	if unsafe.StringData(q) == unsafe.StringData(turn) {
		t.Error("the kept quote shares its turn's memory")
	}
}

// TestReportEscapesInputs runs hostile text from a transcript (participant,
// YOT, words) and a codebook (label) through the builder and the pages.
func TestReportEscapesInputs(t *testing.T) {
	const evil = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> __f__function(){alert(1)}__f__ \u2028"
	cb := reportCodebook(t)
	as := give(t, cb, "E1+")
	code := *as[0].Code
	code.Label = evil
	as[0].Code = &code
	rb := newReportBuilder(nil)
	rb.add(&Statement{Participant: "YP01" + evil, Source: "a.txt", Role: "child", Group: "desister", YOT: evil, Text: "She listened. " + evil, Codes: as})
	rep := rb.build(cb, nil)
	rep.Codes[0].Label = evil // as a user's codebook would give it
	var pages []string
	var b bytes.Buffer
	if err := charts.WriteReport(&b, rep); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, b.String())
	for _, p := range charts.Pages(rep) {
		b.Reset()
		if err := p.Write(&b); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b.String())
	}
	var lib bytes.Buffer
	if err := charts.WriteLibrary(&lib); err != nil {
		t.Fatal(err)
	}
	for i, page := range pages {
		page = strings.Replace(page, lib.String(), "", 1) // the library's own text holds "<img"
		for _, raw := range []string{"<script>alert", "<img", "__f__"} {
			if strings.Contains(page, raw) {
				t.Errorf("page %d holds raw %q", i, raw)
			}
		}
	}
	if !strings.Contains(pages[0], "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("report lacks the quote, escaped")
	}
}
