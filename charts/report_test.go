package charts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden option files in testdata")

// sampleReport is a small report with something in every chart.
func sampleReport() *Report {
	codes := []Code{
		{ID: "E1", Label: "Trusting relationship <with> a worker", Type: enabling, Domain: "D1", Description: "listened to, respected"},
		{ID: "E2", Label: "Family support", Type: enabling, Domain: "D2"},
		{ID: "H1", Label: "Generic programmes", Type: hindering, Domain: "D2"},
		{ID: "H2", Label: "Poor relationship with a worker", Type: hindering, Domain: "D1"},
		{ID: "D1", Label: "Relationships", Type: domain},
		{ID: "D2", Label: "Family, peers, school and work", Type: domain},
	}
	return &Report{
		Transcripts: 5, CaseRecords: 4, Statements: 60, Coded: 21, CodesGiven: 25, Redacted: true,
		Codes: codes,
		People: []Person{
			{ID: "YP01", Role: "child", Group: "desister", YOT: "Northbridge YOT", Statements: 12, Coded: 6, EnablingOnly: 3, HinderingOnly: 1, Both: 1,
				Present: map[string]int{"E1": 3, "E2": 1, "H1": 1}, Absent: map[string]int{"D1": 1}},
			{ID: "YP02", Role: "child", Group: "desister", YOT: "Eastmoor YOS", Statements: 10, Coded: 4, EnablingOnly: 2,
				Present: map[string]int{"E1": 2}, Absent: map[string]int{"E2": 1}},
			{ID: "YP03", Role: "child", Group: "persister", YOT: "Northbridge YOT", Statements: 15, Coded: 5, EnablingOnly: 1, HinderingOnly: 3,
				Present: map[string]int{"E1": 1, "H1": 2, "H2": 2}},
			{ID: "PC01", Role: "parent", Group: "persister", YOT: "Northbridge YOT", Statements: 8, Coded: 2, HinderingOnly: 1,
				Present: map[string]int{"H2": 1, "D2": 1}},
			{ID: "CW01", Role: "worker", YOT: "Eastmoor YOS", Statements: 9, Coded: 2, EnablingOnly: 1,
				Present: map[string]int{"E1": 1, "D2": 1}},
			{ID: "C001", Role: "worker", Group: "desister", YOT: "Eastmoor YOS", CaseRecord: true, Statements: 4, Coded: 1,
				Present: map[string]int{"D2": 1}},
			{ID: "C002", Role: "worker", Group: "persister", CaseRecord: true, Statements: 2, Coded: 1,
				Present: map[string]int{"H1": 1}},
		},
		Pairs: []Pair{{"E1", "H2", 1}, {"D1", "E2", 2}, {"E1", "E2", 3}},
		Quotes: map[string][]Quote{
			"E1": {{Text: "She actually listened to me.", Participant: "YP01", Role: "child", Group: "desister", Polarity: "present"},
				{Text: "Nobody listened, if I'm honest.", Participant: "YP03", Role: "child", Group: "persister", Polarity: "absent"}},
		},
		CaseGroups: []CaseGroup{{"All", 4}, {"desister", 2}, {"persister", 2}},
		Indicators: []Indicator{
			{ID: "C1", Label: "Self-assessment completed", Counts: []Fraction{{3, 4}, {2, 2}, {1, 2}}},
			{ID: "C3", Label: "Views reflected in the plan, where the self-assessment was completed", Counts: []Fraction{{1, 3}, {1, 2}, {0, 0}}},
		},
	}
}

// Hostile strings, as a transcript or a codebook might carry them. Each
// sets the page title to "pwned" if it ever runs as script, which the
// browser test looks for.
var hostile = []string{
	"</script><script>document.title='pwned'</script>",
	`<img src=x onerror="document.title='pwned'">`,
	"__f__function(){document.title='pwned'}__f__",
	"line\u2028separator\u2029end",
	"<!--<script>document.title='pwned'</script>",
}

// alerts are the classic forms of the same attacks. They are left out of
// the browser test, where an alert would stall headless Chromium rather
// than show.
var alerts = []string{
	"</script><script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"__f__function(){alert(1)}__f__",
	"\u2028",
}

// hostileReport puts the hostile strings, and any extra ones, in a code
// label and description, a participant ID, a YOT name, a role, a quote,
// a case indicator's label and the agreement line.
func hostileReport(extra ...string) *Report {
	rep := sampleReport()
	all := strings.Join(append(slices.Clone(hostile), extra...), " ")
	rep.Codes[0].Label = all
	rep.Codes[0].Description = all
	rep.People[0].ID = "YP01 " + all
	rep.People[0].YOT = "Northbridge " + all
	rep.People[4].Role = "worker " + hostile[1]
	rep.Quotes["E1"][0].Text = all
	rep.Quotes["E1"][0].Participant = rep.People[0].ID
	rep.Indicators[0].Label = all
	rep.Agreement = all
	return rep
}

func render(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// outputs renders every file the charts package writes for rep, by name.
func outputs(t *testing.T, rep *Report) map[string]string {
	t.Helper()
	files := map[string]string{
		"report.html": render(t, func(b *bytes.Buffer) error { return WriteReport(b, rep) }),
	}
	for _, p := range Pages(rep) {
		files[p.Name] = render(t, func(b *bytes.Buffer) error { return p.Write(b) })
		files[p.SnippetName] = render(t, func(b *bytes.Buffer) error { return p.WriteSnippet(b) })
	}
	return files
}

func TestOptionsGolden(t *testing.T) {
	for _, c := range sampleReport().charts() {
		t.Run(c.Name, func(t *testing.T) {
			if c.err != nil {
				t.Fatal(c.err)
			}
			if c.Empty != "" {
				t.Fatalf("chart is empty: %s", c.Empty)
			}
			got, err := json.MarshalIndent(c.option, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", c.Name+".json")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./charts -update makes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s option differs from %s (go test ./charts -update if intended)", c.Name, golden)
			}
		})
	}
}

// TestChartsSayWhatTheyShow checks every drawn chart for a title, a
// subtitle with its base, named axes, the save-as-image control, ARIA
// and a table.
func TestChartsSayWhatTheyShow(t *testing.T) {
	for _, c := range sampleReport().charts() {
		t.Run(c.Name, func(t *testing.T) {
			o := c.option
			title, _ := o["title"].(map[string]any)
			if title["text"] == "" || !strings.Contains(title["subtext"].(string), "n") {
				t.Errorf("title %v lacks text or base", title)
			}
			if !strings.Contains(c.Base, "n=") && !regexp.MustCompile(`\d`).MatchString(c.Base) {
				t.Errorf("base %q gives no n", c.Base)
			}
			for _, axis := range []string{"xAxis", "yAxis"} {
				list, ok := o[axis].([]any)
				if !ok {
					continue
				}
				for _, a := range list {
					if name, _ := a.(map[string]any)["name"].(string); name == "" {
						t.Errorf("%s has no name", axis)
					}
				}
			}
			if _, radar := o["radar"]; !radar && o["xAxis"] == nil {
				t.Errorf("neither axes nor radar")
			}
			save, _ := o["toolbox"].(map[string]any)["feature"].(map[string]any)["saveAsImage"].(map[string]any)
			if save["type"] != "png" {
				t.Errorf("saveAsImage = %v, want type png", save)
			}
			if aria, _ := o["aria"].(map[string]any); aria["enabled"] != true {
				t.Errorf("aria = %v, want enabled", aria)
			}
			if len(c.Table.Rows) == 0 || len(c.Table.Header) == 0 {
				t.Errorf("no table")
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := outputs(t, sampleReport()), outputs(t, sampleReport())
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s differs between two renderings", name)
		}
	}
}

func TestScriptJSON(t *testing.T) {
	names := []string{"end script", "img onerror", "go-echarts function", "line separators", "comment",
		"alert end script", "alert img", "alert function", "U+2028"}
	for i, s := range append(slices.Clone(hostile), alerts...) {
		t.Run(names[i], func(t *testing.T) {
			in := map[string]any{"label": s, "__f__key": []any{s}}
			js, err := scriptJSON(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029", "__f__"} {
				if strings.Contains(string(js), bad) {
					t.Errorf("%s holds %q", js, bad)
				}
			}
			var back map[string]any
			if err := json.Unmarshal([]byte(js), &back); err != nil {
				t.Fatal(err)
			}
			if back["label"] != s || back["__f__key"].([]any)[0] != s {
				t.Errorf("round trip gave %q, want %q", back, s)
			}
		})
	}
}

// scriptBodies returns the text of the page's script elements, the
// inlined library apart.
func scriptBodies(html string) []string {
	var out []string
	for _, part := range strings.Split(html, "<script")[1:] {
		body, _, _ := strings.Cut(part, "</script>")
		if strings.HasPrefix(body, ` id="echarts-library">`) {
			continue
		}
		out = append(out, body)
	}
	return out
}

// TestEscaping renders every page with hostile strings in a code label,
// a participant ID, a YOT, a role, a quote and an indicator label, and
// checks they appear only escaped: never raw in the page, as text
// escaped for HTML, and inside the charts' scripts only as JSON escapes
// that decode back to the strings.
func TestEscaping(t *testing.T) {
	rep := hostileReport(alerts...)
	for name, html := range outputs(t, rep) {
		t.Run(name, func(t *testing.T) {
			rest := strings.Replace(html, string(library), "", 1)
			for _, s := range append(hostile[:3:3], alerts[:3]...) {
				if strings.Contains(rest, s) {
					t.Errorf("raw %q in page", s)
				}
			}
			for _, raw := range []string{"<img", "<script>document", "<script>alert", "<!--<script", "__f__"} {
				if strings.Contains(rest, raw) {
					t.Errorf("raw %q in page", raw)
				}
			}
			// Every page but the radar's (whose table names no code
			// label, person or YOT) shows a hostile string in its table.
			if !strings.HasSuffix(name, ".snippet.html") && name != "domains-by-group.html" &&
				!strings.Contains(rest, "&lt;/script&gt;&lt;script&gt;document.title=&#39;pwned&#39;") {
				t.Errorf("no HTML-escaped payload: the hostile strings did not reach the page's table")
			}
			opens, closes := strings.Count(rest, "<script"), strings.Count(rest, "</script>")
			if opens != closes {
				t.Errorf("%d <script against %d </script>", opens, closes)
			}
			for _, body := range scriptBodies(rest) {
				for _, bad := range []string{"\u2028", "\u2029", "<", "__f__"} {
					if strings.Contains(body[1:], bad) {
						t.Errorf("script holds raw %q", bad)
					}
				}
			}
		})
	}
	// The strings reach the charts intact, as data.
	var js bytes.Buffer
	for _, c := range rep.charts() {
		v, err := view(c)
		if err != nil {
			t.Fatal(err)
		}
		if c.Empty == "" {
			var o any
			if err := json.Unmarshal([]byte(v.Option), &o); err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			b, _ := json.Marshal(o)
			js.Write(b)
		}
	}
	if !strings.Contains(js.String(), "pwned") {
		t.Error("the hostile strings did not reach any chart option")
	}
}

// TestNoOutsideHosts checks that no page or snippet refers to another
// host. The inlined ECharts library holds URLs of its own (its licence,
// XML namespaces), which are not references: each page must hold the
// library's exact bytes once, in <script id="echarts-library">; the test
// removes them and then allows no "http://" or "https://" anywhere, and
// no src attribute at all (everything is inline). The hostile strings'
// "<img src=x" must stay text (escaped), so it does not count.
func TestNoOutsideHosts(t *testing.T) {
	for name, html := range outputs(t, hostileReport(alerts...)) {
		t.Run(name, func(t *testing.T) {
			snippet := strings.HasSuffix(name, ".snippet.html")
			n := strings.Count(html, string(library))
			switch {
			case snippet && n != 0:
				t.Fatalf("snippet inlines the library")
			case !snippet && n != 1:
				t.Fatalf("library inlined %d times, want 1", n)
			case !snippet && !strings.Contains(html, `<script id="echarts-library">`+string(library)+"</script>"):
				t.Fatalf("library is not inside its own script element")
			}
			rest := strings.ToLower(strings.Replace(html, string(library), "", 1))
			for _, bad := range []string{"http://", "https://", `href="//`, "@import", "url("} {
				if strings.Contains(rest, bad) {
					t.Errorf("page holds %q", bad)
				}
			}
			if m := srcAttr.FindString(rest); m != "" {
				t.Errorf("page has a src attribute: %s", m)
			}
		})
	}
}

// srcAttr finds an element with a src attribute.
var srcAttr = regexp.MustCompile(`<[a-z][^<>]*\ssrc\s*=`)

func TestEmptyStates(t *testing.T) {
	noCases := sampleReport()
	noCases.CaseRecords, noCases.CaseGroups, noCases.Indicators = 0, nil, nil
	tests := []struct {
		name  string
		rep   *Report
		empty []string // charts that must show an empty state
	}{
		{"no cases", noCases, []string{"case-indicators"}},
		{"nothing", &Report{}, []string{"factors-by-group", "domains-by-group", "codes-by-yot", "codes-by-participant",
			"code-cooccurrence", "case-indicators", "statements-per-participant"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := outputs(t, tt.rep)
			for _, c := range tt.rep.charts() {
				want := strings.Contains(strings.Join(tt.empty, " "), c.Name)
				if (c.Empty != "") != want {
					t.Errorf("%s: empty = %q, want empty %v", c.Name, c.Empty, want)
				}
				page := files[c.Name+".html"]
				if want && (strings.Contains(page, `id="desist-`+c.Name+`"`) || !strings.Contains(page, `class="empty"`)) {
					t.Errorf("%s: page draws a chart or lacks the empty state", c.Name)
				}
			}
			if !strings.Contains(files["report.html"], "Method") {
				t.Errorf("report lacks its method note")
			}
		})
	}
}

func TestReportContents(t *testing.T) {
	rep := sampleReport()
	rep.Agreement = "kappa 0.81 over 120 decisions"
	html := outputs(t, rep)["report.html"]
	for _, want := range []string{
		"Headline figures", "She actually listened to me.", "YP01, child, desister",
		"Trusting relationship &lt;with&gt; a worker", "listened to, respected", // codebook
		"kappa 0.81 over 120 decisions", "names in the quotes were replaced",
		"children only", "4 case records", `id="desist-factors-by-group"`, `id="desist-case-indicators"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	rep.Redacted, rep.Agreement = false, ""
	html = outputs(t, rep)["report.html"]
	for _, want := range []string{"were not redacted", "no reviewer decisions"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestFigures(t *testing.T) {
	byName := map[string]chart{}
	for _, c := range sampleReport().charts() {
		byName[c.Name] = c
	}
	tests := []struct {
		chart   string
		row     int
		want    []string
		comment string
	}{
		{"factors-by-group", 0, []string{"E1 Trusting relationship <with> a worker", "enabling", "2 of 2", "100.0", "1 of 1", "100.0"}, "children only: CW01 and the parent are left out"},
		{"factors-by-group", 1, []string{"E2 Family support", "enabling", "1 of 2", "50.0", "0 of 1", "0.0"}, "absent does not count as raised"},
		{"domains-by-group", 0, []string{"D1 Relationships", "D1, E1, H2", "2 of 2", "100.0", "1 of 1", "100.0"}, "factors count for their domain"},
		{"codes-by-yot", 0, []string{"E1 Trusting relationship <with> a worker", "3", "4", "0"}, "Eastmoor: YP02 2 + CW01 1; Northbridge: YP01 3 + YP03 1; no YOT last"},
		{"case-indicators", 1, []string{"C3 Views reflected in the plan, where the self-assessment was completed", "1/3", "33.3", "1/2", "50.0", "0/0", ""}, "N=0 is blank"},
		{"statements-per-participant", 2, []string{"YP01", "child", "desister", "Northbridge YOT", "12", "3", "1", "1"}, "sorted by ID"},
	}
	for _, tt := range tests {
		t.Run(tt.chart, func(t *testing.T) {
			c := byName[tt.chart]
			if tt.row >= len(c.Table.Rows) {
				t.Fatalf("%d rows, want more than %d", len(c.Table.Rows), tt.row)
			}
			if got := c.Table.Rows[tt.row]; strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("row %d = %q, want %q (%s)", tt.row, got, tt.want, tt.comment)
			}
		})
	}
}

func TestLibraryVersion(t *testing.T) {
	if !bytes.Contains(library, []byte(`.version="`+EChartsVersion+`"`)) {
		t.Errorf("echarts/VERSION says %s, but echarts.min.js is another version", EChartsVersion)
	}
	if _, err := inlineLibrary(); err != nil {
		t.Error(err)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     []string
	}{
		{"short", "a b", 10, []string{"a b"}},
		{"breaks at spaces", "aaa bbb ccc", 7, []string{"aaa bbb", "ccc"}},
		{"long word", "aaaaaaaaaa b", 4, []string{"aaaaaaaaaa", "b"}},
		{"empty", "", 5, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrap(tt.in, tt.width); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}
