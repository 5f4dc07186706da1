package pipeline

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"desist/coding"
)

// yots are the youth offending teams the fixtures' run knows from front
// matter.
var yots = []string{"Northbridge YOT", "Eastmoor YOS", "Carrow Valley YJS"}

// newTestRedactor returns a redactor that has learned the fixtures' youth
// offending teams and the given lines, as one transcript.
func newTestRedactor(t testing.TB, lines ...string) *redactor {
	t.Helper()
	r := &redactor{}
	for _, y := range yots {
		r.learn(&Transcript{YOT: y})
	}
	r.learn(transcriptOf(lines...))
	return r
}

// transcriptOf makes a transcript with one turn by "YP" per line.
func transcriptOf(lines ...string) *Transcript {
	t := &Transcript{}
	for i, l := range lines {
		t.Turns = append(t.Turns, Turn{Speaker: "YP", Lines: []Line{{N: i + 1, Text: l}}})
	}
	return t
}

func TestRedactPatterns(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"email", "Email me on jo.bloggs+yot@example.org.uk if you need.", "Email me on [email] if you need."},
		{"mobile", "My number's 07700 900123, text me.", "My number's [phone], text me."},
		{"mobile run together", "ring 07700900123", "ring [phone]"},
		{"landline with brackets", "The office is (01632) 960 001.", "The office is [phone]."},
		{"london landline", "call 020 7946 0018 tomorrow", "call [phone] tomorrow"},
		{"international", "or +44 7700 900 123 from abroad", "or [phone] from abroad"},
		{"international with (0)", "on +44 (0)1632 960001", "on [phone]"},
		{"postcode", "We live at NE4 7QZ now.", "We live at [postcode] now."},
		{"postcode without space", "postcode is M11AE", "postcode is [postcode]"},
		{"date of birth slashes", "DOB: 12/03/2009.", "DOB: [date of birth]."},
		{"born on day month year", "He was born on 3rd May 2008 in Eastmoor.", "He was born on [date of birth] in Eastmoor."},
		{"born month day", "born March 4, 2007", "born [date of birth]"},
		{"date of birth is the", "his date of birth is the 4th of June 2006", "his date of birth is the [date of birth]"},
		{"born month year", "she was born in August 2009", "she was born in [date of birth]"},
		{"d.o.b.", "d.o.b. 1.2.08", "d.o.b. [date of birth]"},
		{"NI number", "NI number AB 12 34 56 C on the form", "NI number [NI number] on the form"},
		{"NI number run together", "ni JT123456A", "ni [NI number]"},
		{"year alone stays", "I was born in 2008 and got nicked in 2023.", "I was born in 2008 and got nicked in 2023."},
		{"other dates stay", "Court was on 12/03/2024.", "Court was on 12/03/2024."},
		{"short numbers stay", "I rang 999 and then 101, it took 45 minutes.", "I rang 999 and then 101, it took 45 minutes."},
		{"times stay", "Curfew was 7pm till 7am, 12 hours.", "Curfew was 7pm till 7am, 12 hours."},
		{"placeholders stay", "[Person 1] gave me [phone] and [email].", "[Person 1] gave me [phone] and [email]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &redactor{}
			if got := r.redact(tt.in); got != tt.want {
				t.Errorf("redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactNames(t *testing.T) {
	tests := []struct {
		name  string
		learn []string // lines of a transcript learned first
		setup func(r *redactor)
		in    []string // redacted in order
		want  []string
	}{
		{
			name: "same person same placeholder",
			in:   []string{"I told Nadia and then Tyler.", "Tyler said Nadia was sound."},
			want: []string{"I told [Person 1] and then [Person 2].", "[Person 2] said [Person 1] was sound."},
		},
		{
			name: "possessive keeps its s",
			in:   []string{"It was at Tyler's house.", "Tyler’s mum came."},
			want: []string{"It was at [Person 1]'s house.", "[Person 1]’s mum came."},
		},
		{
			name: "title stays",
			in:   []string{"Mrs Okafor was fair.", "I liked Okafor.", "Mr. Brennan never."},
			want: []string{"Mrs [Person 1] was fair.", "I liked [Person 1].", "Mr. [Person 2] never."},
		},
		{
			name: "full name and its parts",
			in:   []string{"I met Marcus Reid there.", "Marcus was older.", "Everyone knew Reid."},
			want: []string{"I met [Person 1] there.", "[Person 1] was older.", "Everyone knew [Person 1]."},
		},
		{
			name: "places and teams stay",
			in: []string{
				"I was at Northbridge YOT, then Eastmoor, then Carrow Valley.",
				"We lived on Bridge Street, near Castle Hill, in Wetherby.",
				"The Eastmoor lads went to the Co-op and up to Leeds.",
			},
			want: []string{
				"I was at Northbridge YOT, then Eastmoor, then Carrow Valley.",
				"We lived on Bridge Street, near Castle Hill, in Wetherby.",
				"The Eastmoor lads went to the Co-op and up to Leeds.",
			},
		},
		{
			name: "common capitalised words stay",
			in:   []string{"At Christmas I did English and Maths in Year 10 on a Monday, CAMHS and the YROs too, me and Mum.", "My Youth Worker and my Social Worker, on Snapchat and the AssetPlus."},
			want: []string{"At Christmas I did English and Maths in Year 10 on a Monday, CAMHS and the YROs too, me and Mum.", "My Youth Worker and my Social Worker, on Snapchat and the AssetPlus."},
		},
		{
			name:  "learned later, caught earlier",
			learn: []string{"My worker was Nadia."},
			in:    []string{"Nadia came round.", "nadia was good"},
			want:  []string{"[Person 1] came round.", "[Person 1] was good"},
		},
		{
			name: "name that is a word at the start",
			in:   []string{"Will you come?", "Will was my mentor.", "Mark my words.", "Mark's alright.", "Hope, my sister, helped."},
			want: []string{"Will you come?", "[Person 1] was my mentor.", "Mark my words.", "[Person 2]'s alright.", "[Person 3], my sister, helped."},
		},
		{
			name:  "known name that is a word stays a word in lower case",
			setup: func(r *redactor) { r.learn(&Transcript{Attrs: []Attr{{Key: "Mentor", Value: "Will Hope"}}}) },
			in:    []string{"I will hope so.", "Will said so."},
			want:  []string{"I will hope so.", "[Person 1] said so."},
		},
		{
			name: "speaker labels and front matter",
			setup: func(r *redactor) {
				r.learn(&Transcript{
					Participant:  "YP09",
					Attrs:        []Attr{{Key: "age", Value: "15"}, {Key: "Child name", Value: "Kayla Brooks"}, {Key: "mother", Value: "Tracey"}, {Key: "school name", Value: "Greenway Academy"}},
					Interviewers: []string{"Helen"},
					Turns: []Turn{
						{Speaker: "Jayden", Lines: []Line{{Text: "Yeah."}}},
						{Speaker: "Mum", Lines: []Line{{Text: "Yeah."}}},
					},
				})
			},
			in:   []string{"Jayden and Kayla.", "Brooks, Tracey, Helen.", "Greenway was shut, Mum said."},
			want: []string{"[Person 1] and [Person 2].", "[Person 2], [Person 3], [Person 4].", "Greenway was shut, Mum said."},
		},
		{
			name: "participants sheet",
			setup: func(r *redactor) {
				r.learnParticipants(map[string]Participant{
					"YP02": {ID: "YP02", YOT: "Kestrel YOS", Attrs: []Attr{{Key: "Child name", Value: "Lola"}}},
					"YP01": {ID: "YP01", Attrs: []Attr{{Key: "Surname", Value: "Achterberg"}, {Key: "First name", Value: "Zak"}, {Key: "Order", Value: "Referral Order"}}},
				})
			},
			in:   []string{"Zak Achterberg was at Kestrel YOS.", "Achterberg said zak did.", "Lola did not."},
			want: []string{"[Person 1] was at Kestrel YOS.", "[Person 1] said [Person 1] did.", "[Person 2] did not."},
		},
		{
			name: "emails before names",
			in:   []string{"You can email Sam on sam.hughes@example.org, Sam said."},
			want: []string{"You can email [Person 1] on [email], [Person 1] said."},
		},
		{
			name: "redacting twice changes nothing",
			in:   []string{"Tyler rang Nadia on 07700 900123.", "[Person 1] rang [Person 2] on [phone]."},
			want: []string{"[Person 1] rang [Person 2] on [phone].", "[Person 1] rang [Person 2] on [phone]."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRedactor(t, tt.learn...)
			if tt.setup != nil {
				tt.setup(r)
			}
			for i, in := range tt.in {
				if got := r.redact(in); got != tt.want[i] {
					t.Errorf("redact(%q)\n got %q\nwant %q", in, got, tt.want[i])
				}
			}
		})
	}
}

func TestRedactOff(t *testing.T) {
	r := &redactor{off: true}
	r.learn(transcriptOf("I told Nadia."))
	s := Statement{Text: "Nadia rang 07700 900123.", Speaker: "Nadia"}
	r.apply(&s)
	if s.Text != "Nadia rang 07700 900123." || s.Speaker != "Nadia" {
		t.Errorf("with redaction off, apply changed the statement: %+v", s)
	}
	if _, rows := r.table(); len(rows) != 0 {
		t.Errorf("with redaction off, table has %d rows", len(rows))
	}
}

func TestRedactApply(t *testing.T) {
	r := &redactor{}
	tr := transcriptOf("Hiya.")
	tr.Participant = "Kayla"
	tr.Turns = append(tr.Turns, Turn{Speaker: "Jayden", Lines: []Line{{Text: "Alright."}}})
	r.learn(tr)
	s := Statement{Participant: "Kayla", Speaker: "Jayden", Text: "Me and Kayla."}
	r.apply(&s)
	want := Statement{Participant: "[Person 1]", Speaker: "[Person 2]", Text: "Me and [Person 1]."}
	if s.Participant != want.Participant || s.Speaker != want.Speaker || s.Text != want.Text {
		t.Errorf("apply gave %q %q %q, want %q %q %q", s.Participant, s.Speaker, s.Text, want.Participant, want.Speaker, want.Text)
	}
	for _, label := range []string{"YP", "Mum", "Worker", "CW", "Interviewer", "Parent", "A", "Speaker 2", "Inspector notes", "Case Manager", "Youth Worker", "Foster Carer", "Young Person"} {
		s := Statement{Participant: "YP01", Speaker: label, Text: "Yeah."}
		r.apply(&s)
		if s.Speaker != label || s.Participant != "YP01" {
			t.Errorf("apply changed speaker %q to %q, participant to %q", label, s.Speaker, s.Participant)
		}
	}
}

func TestRedactTable(t *testing.T) {
	r := newTestRedactor(t)
	for _, s := range []string{"Zara rang Tyler.", "Email zara@example.org or ring 07700 900123.", "Tyler, tyler, Zara's mate."} {
		r.redact(s)
	}
	header, rows := r.table()
	if want := []string{"Original", "Replaced with", "Found by", "Times"}; !slices.Equal(header, want) {
		t.Errorf("header %q, want %q", header, want)
	}
	want := [][]any{
		{"Zara", "[Person 1]", byCapitals, 2},
		{"Tyler", "[Person 2]", byCapitals, 2},
		{"tyler", "[Person 2]", byCapitals, 1},
		{"zara@example.org", "[email]", byPattern, 1},
		{"07700 900123", "[phone]", byPattern, 1},
	}
	// The patterns come after the people, sorted by what replaced them.
	slices.SortFunc(want[3:], func(a, b []any) int { return strings.Compare(a[1].(string), b[1].(string)) })
	if len(rows) != len(want) {
		t.Fatalf("table has %d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
		}
	}
}

func TestLearnNames(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("names and places", func(t *testing.T) {
		r := newTestRedactor(t)
		p := write("names.txt", "# people\nBeverley Dunn\n\n  Gaz  \n!Hollybush\n")
		if err := r.learnNames(p); err != nil {
			t.Fatal(err)
		}
		got := r.redact("Beverley and gaz took me to Hollybush. Dunn said so. Hollybush Lodge was Bev's idea.")
		want := "[Person 1] and [Person 2] took me to Hollybush. [Person 1] said so. Hollybush Lodge was [Person 3]'s idea."
		if got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := &redactor{}
		err := r.learnNames(filepath.Join(dir, "nope.txt"))
		if err == nil || !strings.Contains(err.Error(), "nope.txt") || !strings.Contains(err.Error(), "no such file") {
			t.Errorf("got %v, want an error naming the file", err)
		}
	})
	t.Run("a sentence is not a name", func(t *testing.T) {
		r := &redactor{}
		p := write("bad.txt", "Sam\nthis is a whole sentence by mistake\n")
		err := r.learnNames(p)
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("got %v, want an error naming line 2", err)
		}
	})
}

// A marked statement is one line of a names fixture.
type marked struct {
	text  string
	names []string
}

func readMarked(t testing.TB, path string) []marked {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []marked
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		text, names, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: line %q has no tab", path, line)
		}
		m := marked{text: text}
		if names != "-" {
			m.names = strings.Split(names, "|")
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A score counts a name finder's hits and misses.
type score struct {
	marked, found  int // names marked by hand, and of those found
	spans, correct int // names the finder replaced, and of those real
	missed, wrong  []string
}

func (s score) recall() float64    { return float64(s.found) / float64(max(s.marked, 1)) }
func (s score) precision() float64 { return float64(s.correct) / float64(max(s.spans, 1)) }

// scoreNames learns the statements as one transcript (as a run would;
// unless learn is false, as for text that is not learned first), then
// redacts each and compares the names replaced with those marked.
func scoreNames(t testing.TB, ms []marked, recognise, learn bool) score {
	t.Helper()
	r := &redactor{}
	if recognise {
		if err := r.useRecogniser(); err != nil {
			t.Fatal(err)
		}
	}
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = m.text
	}
	for _, y := range yots {
		r.learn(&Transcript{YOT: y})
	}
	if learn {
		r.learn(transcriptOf(lines...))
	}
	var s score
	for _, m := range ms {
		r.mu.Lock()
		var got []span
		for _, sp := range r.spans(m.text) {
			if sp.p != nil {
				got = append(got, sp)
			}
		}
		r.mu.Unlock()
		// Where each marked name is: its k-th mark is its k-th occurrence.
		type occ struct{ start, end int }
		var occs []occ
		seen := map[string]int{}
		for _, n := range m.names {
			locs := regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`\b`).FindAllStringIndex(m.text, -1)
			k := seen[n]
			seen[n]++
			if k >= len(locs) {
				t.Fatalf("%q is marked %d times in %q", n, k+1, m.text)
			}
			occs = append(occs, occ{locs[k][0], locs[k][1]})
		}
		s.marked += len(occs)
		for i, o := range occs {
			if slices.ContainsFunc(got, func(g span) bool { return g.start <= o.start && o.end <= g.end }) {
				s.found++
			} else {
				s.missed = append(s.missed, m.names[i]+" in "+m.text)
			}
		}
		s.spans += len(got)
		for _, g := range got {
			if slices.ContainsFunc(occs, func(o occ) bool { return g.start < o.end && o.start < g.end }) {
				s.correct++
			} else {
				s.wrong = append(s.wrong, m.text[g.start:g.end]+" in "+m.text)
			}
		}
	}
	return s
}

// TestNameRecall measures the name finder on hand-marked statements and
// fails when recall or precision falls below what it achieved when
// written: names.tsv was used to tune the rules, heldout.tsv was not.
// Run with -v to see the figures and every miss.
func TestNameRecall(t *testing.T) {
	tests := []struct {
		file                    string
		recognise, unlearned    bool
		minRecall, minPrecision float64
	}{
		{"names.tsv", false, false, 0.95, 0.95}, // measured 0.986 (73/74), 1.000
		{"heldout.tsv", false, false, 0.9, 0.9}, // measured 1.000 (24/24), 1.000
		{"names.tsv", true, false, 0.95, 0.95},  // measured 1.000 (74/74), 1.000
		{"heldout.tsv", true, false, 0.9, 0.9},  // measured 1.000 (24/24), 1.000
		{"names.tsv", false, true, 0.95, 0.95},  // measured 0.986 (73/74), 1.000
		{"heldout.tsv", false, true, 0.9, 0.9},  // measured 1.000 (24/24), 1.000
	}
	for _, tt := range tests {
		name := strings.TrimSuffix(tt.file, ".tsv") + "/rules"
		if tt.recognise {
			name += "+recogniser"
		}
		if tt.unlearned {
			name += "-unlearned"
		}
		t.Run(name, func(t *testing.T) {
			if tt.recognise && testing.Short() {
				t.Skip("the recogniser takes seconds to load")
			}
			ms := readMarked(t, filepath.Join("testdata", "redact", tt.file))
			start := time.Now()
			s := scoreNames(t, ms, tt.recognise, !tt.unlearned)
			t.Logf("%d statements: recall %.3f (%d of %d names), precision %.3f (%d of %d replaced), %v",
				len(ms), s.recall(), s.found, s.marked, s.precision(), s.correct, s.spans, time.Since(start).Round(time.Millisecond))
			for _, m := range s.missed {
				t.Logf("missed %s", m)
			}
			for _, w := range s.wrong {
				t.Logf("wrongly replaced %s", w)
			}
			if s.recall() < tt.minRecall {
				t.Errorf("recall %.3f is below %.2f", s.recall(), tt.minRecall)
			}
			if s.precision() < tt.minPrecision {
				t.Errorf("precision %.3f is below %.2f", s.precision(), tt.minPrecision)
			}
		})
	}
}

// TestRedactSample redacts the sample study as a run would and checks
// that the names in it are gone, its places and teams are kept, and two
// runs agree.
func TestRedactSample(t *testing.T) {
	var unredacted []string
	run := func() ([]string, *redactor) {
		unredacted = unredacted[:0]
		var rs []fileResult
		for _, in := range sampleTranscripts(t) {
			res := readTranscript(in, true)
			if res.err != nil {
				t.Fatal(res.err)
			}
			rs = append(rs, res)
		}
		r := &redactor{}
		for _, res := range rs {
			r.learn(res.transcript)
		}
		var out []string
		for _, res := range rs {
			for _, s := range res.statements {
				unredacted = append(unredacted, s.Speaker+": "+s.Text)
				r.apply(&s)
				out = append(out, s.Speaker+": "+s.Text)
			}
		}
		return out, r
	}
	first, r := run()
	second, _ := run()
	if !slices.Equal(first, second) {
		t.Error("two runs redact the sample differently")
	}
	all, orig := strings.Join(first, "\n"), strings.Join(unredacted, "\n")
	for _, name := range []string{"Sam", "Tyler", "Nadia", "Reece", "Jayden", "Kayla", "Leah", "Marcus", "Tracey", "Lou", "Hannah"} {
		if regexp.MustCompile(`\b` + name + `\b`).MatchString(all) {
			t.Errorf("%s is still in the redacted sample", name)
		}
	}
	for _, place := range []string{"Northbridge", "Eastmoor", "Carrow Valley", "Kestrel Road", "CAMHS", "AssetPlus", "YOT", "Christmas"} {
		if n, m := strings.Count(orig, place), strings.Count(all, place); n == 0 || m != n {
			t.Errorf("%q is %d times in the sample's statements and %d times after redaction", place, n, m)
		}
	}
	_, rows := r.table()
	for _, row := range rows {
		t.Logf("%v", row)
	}
}

// BenchmarkRedact times redacting the sample's statements after learning
// its transcripts, and learning them with and without the recogniser.
func BenchmarkRedact(b *testing.B) {
	var ts []*Transcript
	var stmts []Statement
	for _, in := range sampleTranscripts(b) {
		res := readTranscript(in, true)
		if res.err != nil {
			b.Fatal(res.err)
		}
		ts = append(ts, res.transcript)
		stmts = append(stmts, res.statements...)
	}
	b.Run("learn", func(b *testing.B) {
		for b.Loop() {
			r := &redactor{}
			for _, t := range ts {
				r.learn(t)
			}
		}
		b.ReportMetric(float64(len(ts)), "transcripts/op")
	})
	b.Run("learn+recogniser", func(b *testing.B) {
		r := &redactor{}
		if err := r.useRecogniser(); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for b.Loop() {
			for _, t := range ts {
				r.learn(t)
			}
		}
		b.ReportMetric(float64(len(ts)), "transcripts/op")
	})
	b.Run("load-recogniser", func(b *testing.B) {
		for b.Loop() {
			if _, err := loadModel(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("redact", func(b *testing.B) {
		r := &redactor{}
		for _, t := range ts {
			r.learn(t)
		}
		for b.Loop() {
			for _, s := range stmts {
				r.redact(s.Text)
			}
		}
		b.ReportMetric(float64(len(stmts)), "statements/op")
	})
}

// FuzzRedact checks that redaction never fails, leaves no e-mail address
// behind and changes nothing more when run again on its own output.
func FuzzRedact(f *testing.F) {
	for _, file := range []string{"names.tsv", "heldout.tsv"} {
		for _, m := range readMarked(f, filepath.Join("testdata", "redact", file)) {
			f.Add(m.text)
		}
	}
	f.Add("Email sam@example.org or ring 07700 900123, DOB 1/2/2009, NE4 7QZ, AB123456C.")
	f.Fuzz(func(t *testing.T, s string) {
		r := newTestRedactor(t, "Sam and Nadia were at Northbridge YOT with Mrs Okafor.")
		got := r.redact(s)
		if emailPattern.MatchString(got) {
			t.Errorf("redact(%q) = %q still holds an e-mail address", s, got)
		}
		if again := r.redact(got); again != got {
			t.Errorf("redacting %q again changed it to %q", got, again)
		}
	})
}

// TestPlannedRedaction checks that redacting statements by plans made
// beforehand by a reader, as a run's workers make them, gives what
// redacting each in turn gives: the same texts, numbering and table, on
// the sample and on the names fixtures (where redaction learns names as
// it goes, so that some plans do not hold).
func TestPlannedRedaction(t *testing.T) {
	var ts []*Transcript
	var stmts []Statement
	for _, in := range sampleTranscripts(t) {
		res := readTranscript(in, true)
		if res.err != nil {
			t.Fatal(res.err)
		}
		ts = append(ts, res.transcript)
		stmts = append(stmts, res.statements...)
	}
	for _, f := range []string{"names.tsv", "heldout.tsv"} {
		var lines []string
		for _, m := range readMarked(t, filepath.Join("testdata", "redact", f)) {
			lines = append(lines, m.text)
			stmts = append(stmts, Statement{Participant: "P1", Speaker: "YP", Text: m.text,
				Codes: []coding.Assignment{{Cue: "cue → " + strconv.Quote(m.text)}}})
		}
		// Half of them learned first, so that redaction learns from the rest.
		ts = append(ts, transcriptOf(lines[:len(lines)/2]...))
	}
	learned := func() *redactor {
		r := &redactor{}
		for _, tr := range ts {
			r.learn(tr)
		}
		return r
	}
	serial, planned := learned(), learned()
	planned.freeze()
	rd := planned.reader()
	a, b := slices.Clone(stmts), slices.Clone(stmts)
	held := 0
	for i := range b {
		b[i].Codes = slices.Clone(b[i].Codes)
		rd.planStatement(&b[i])
		if b[i].redaction.textPlan.ok {
			held++
		}
	}
	for i := range a {
		a[i].Codes = slices.Clone(a[i].Codes)
		serial.apply(&a[i])
		planned.apply(&b[i])
		if a[i].Text != b[i].Text || a[i].Speaker != b[i].Speaker || !reflect.DeepEqual(a[i].Codes, b[i].Codes) {
			t.Errorf("statement %d: redacted in turn %q, by plan %q", i, a[i].Text, b[i].Text)
		}
	}
	if _, x := serial.table(); true {
		if _, y := planned.table(); !reflect.DeepEqual(x, y) {
			t.Errorf("the Redactions tables differ")
		}
	}
	if held == 0 || held == len(b) || len(planned.late) == 0 {
		t.Errorf("%d of %d plans held, %d names learned late: the test does not try both ways", held, len(b), len(planned.late))
	}
}

// learnLineByLine is the reference for learnPrepared: every line learned
// whole, in turn, as it was before lines were batched (what comes before
// the turns is learned as learnPrepared learns it).
func learnLineByLine(r *redactor, t *Transcript) {
	r.init()
	r.learnHeader(t)
	for _, turn := range t.Turns {
		if isNameLabel(turn.Speaker) {
			r.addName(turn.Speaker, byLabel)
		}
		for _, l := range turn.Lines {
			r.learnLine(l.Text)
		}
	}
}

// learnedState renders what a redactor has learned, sorted: word counts,
// and names with how each was found and which names share a person.
func learnedState(r *redactor) string {
	var lines []string
	for w, n := range r.vocab {
		lines = append(lines, fmt.Sprintf("vocab %q %d", w, n))
	}
	for w, n := range r.capped {
		lines = append(lines, fmt.Sprintf("capped %q %d", w, n))
	}
	keys := slices.Sorted(maps.Keys(r.names))
	first := map[*person]string{}
	for _, k := range keys {
		p := r.names[k]
		if _, ok := first[p]; !ok {
			first[p] = k
		}
		lines = append(lines, fmt.Sprintf("name %q %s, person of %q", k, p.how, first[p]))
	}
	for k := range r.keep {
		lines = append(lines, fmt.Sprintf("keep %q", k))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// checkPreparedLearning learns ts both ways and compares.
func checkPreparedLearning(t *testing.T, ts []*Transcript) {
	t.Helper()
	prepared, byLine := &redactor{}, &redactor{}
	for _, tr := range ts {
		prepared.learnPrepared(tr, prepareLearning(tr))
		learnLineByLine(byLine, tr)
	}
	got, want := learnedState(prepared), learnedState(byLine)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("learned state differs at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("learned state has %d lines, want %d", len(gl), len(wl))
	}
}

// TestPreparedLearning checks that learning a transcript from its
// prepared steps, with the lines that can hold no new name counted in
// batches, learns what learning every line in turn learns: on the sample
// and on the names fixtures.
func TestPreparedLearning(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		var ts []*Transcript
		for _, in := range sampleTranscripts(t) {
			res := readTranscript(in, false)
			if res.err != nil {
				t.Fatal(res.err)
			}
			ts = append(ts, res.transcript)
		}
		checkPreparedLearning(t, ts)
	})
	for _, file := range []string{"names.tsv", "heldout.tsv"} {
		t.Run(file, func(t *testing.T) {
			tr := &Transcript{Source: file, Participant: "YP01"}
			for i, m := range readMarked(t, filepath.Join("testdata", "redact", file)) {
				speaker := []string{"YP", "Jayden", "Mum", "Worker"}[i%4]
				tr.Turns = append(tr.Turns, Turn{Speaker: speaker, Lines: []Line{{N: i + 1, Text: m.text}}})
			}
			checkPreparedLearning(t, []*Transcript{tr})
		})
	}
}

func FuzzPreparedLearning(f *testing.F) {
	f.Add("Then Ryan said\nI saw Mrs. Okafor YOT at Greenway Academy\nmy mate Kyle Brown's mum")
	f.Add("Hope, my sister, came.\nwe went to see hope\nEmail kyle@example.org")
	f.Fuzz(func(t *testing.T, s string) {
		tr := &Transcript{Source: "fuzz.txt", Participant: "YP01"}
		for i, l := range strings.Split(s, "\n") {
			tr.Turns = append(tr.Turns, Turn{Speaker: []string{"YP", "Jayden Cole"}[i%2], Lines: []Line{{N: i + 1, Text: l}}})
		}
		checkPreparedLearning(t, []*Transcript{tr, tr})
	})
}

// TestPatternPrechecks checks that the cheap tests run before the date
// of birth and postcode patterns never skip a text they match.
func TestPatternPrechecks(t *testing.T) {
	tests := []struct {
		text          string
		dob, postcode bool // the patterns match
	}{
		{"Born 3 May 2009 in NE4 7QZ", true, true},
		{"D.O.B. 01/02/2009", true, false},
		{"dob: 1.2.09", true, false},
		{"DATE OF BIRTH 12th March 2008", true, false},
		{"GIR 0AA", false, true},
		{"I was 15 then", false, false},
		{"bornholm 3 may", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := dobPattern.MatchString(tt.text); got != tt.dob {
				t.Fatalf("dobPattern matches: %v, want %v", got, tt.dob)
			}
			if got := postcodePattern.MatchString(tt.text); got != tt.postcode {
				t.Fatalf("postcodePattern matches: %v, want %v", got, tt.postcode)
			}
			if tt.dob && !mayBeDOB(tt.text) {
				t.Error("mayBeDOB is false for a date of birth")
			}
			if tt.postcode && !mayBePostcode(tt.text) {
				t.Error("mayBePostcode is false for a postcode")
			}
		})
	}
}

func FuzzPatternPrechecks(f *testing.F) {
	f.Add("born on 3 May 2009, d.o.b 1/2/09, NE4 7QZ, GIR0AA")
	f.Fuzz(func(t *testing.T, s string) {
		if dobPattern.MatchString(s) && !mayBeDOB(s) {
			t.Errorf("mayBeDOB(%q) is false; dobPattern matches", s)
		}
		if postcodePattern.MatchString(s) && !mayBePostcode(s) {
			t.Errorf("mayBePostcode(%q) is false; postcodePattern matches", s)
		}
	})
}

// referenceTokenize is tokenize as first written, before its fast paths.
func referenceTokenize(text string) []token {
	var toks []token
	prevEnd := -1
	eachWord(text, func(start, end int) {
		t := token{start: start, end: end, after: end}
		w := text[start:end]
		for _, suf := range []string{"'s", "’s", "'S", "’S"} {
			if len(w) > len(suf)+1 && strings.HasSuffix(w, suf) {
				t.end -= len(suf)
				break
			}
		}
		w = text[t.start:t.end]
		t.lower = normName(w)
		first, _ := utf8.DecodeRuneInString(w)
		t.caps = unicode.IsUpper(first)
		t.upper = isAcronym(w)
		gap := ""
		if prevEnd >= 0 {
			gap = text[prevEnd:t.start]
			t.adjacent = strings.Trim(gap, " ") == ""
		} else {
			gap = text[:t.start]
		}
		t.initial = startsSentenceAfter(gap, prevEnd < 0)
		toks = append(toks, t)
		prevEnd = t.after
	})
	return toks
}

func FuzzTokenize(f *testing.F) {
	f.Add("Then Ryan's mum said. “Kyle’S  here!”  YOT, CAMHS and YROs\tÉlodie 中A.")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokenize(s), referenceTokenize(s); !reflect.DeepEqual(got, want) {
			t.Errorf("tokenize(%q) =\n%+v\nwant\n%+v", s, got, want)
		}
	})
}

func FuzzNormName(f *testing.F) {
	f.Add("Mrs  O’Brien")
	f.Add("YOT")
	f.Add("jayden\u00a0Cole")
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "’", "'")), " "))
		if got := normName(s); got != want {
			t.Errorf("normName(%q) = %q, want %q", s, got, want)
		}
	})
}
