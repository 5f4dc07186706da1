package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"desist/coding"
)

// refiTestCodebook is a small codebook with text that needs escaping.
func refiTestCodebook() *coding.Codebook {
	return &coding.Codebook{Name: "test", Codes: []*coding.Code{
		{ID: "E1", Type: coding.Enabling, Domain: "D1", Label: "Trusting relationship", Description: `Quotes "like" <this> & 'that'`, Include: "Being listened to."},
		{ID: "H2", Type: coding.Hindering, Domain: "D1", Label: "Poor </Code><x>& relationship", Description: "bell\a and nul\x00 removed", Exclude: "Family."},
		{ID: "D1", Type: coding.DomainT, Label: "Relationships ]]> é", Description: "Multi\nline\r\ndescription"},
	}}
}

// A refiCase is a statement for the export and the text its selection
// must cover.
type refiCase struct {
	s    Statement
	want string // "" for s.Text
}

// refiTestStatements are hand-made statements: non-ASCII, hostile and
// control characters, a participant in two sources, an uncoded statement,
// and two statements with the same segment ID (as two cases of one sheet
// with the same note give).
func refiTestStatements(cb *coding.Codebook) []refiCase {
	code := func(id string, p coding.Polarity) coding.Assignment {
		i := slices.IndexFunc(cb.Codes, func(c *coding.Code) bool { return c.ID == id })
		return coding.Assignment{Code: cb.Codes[i], Polarity: p, Cue: "cue <for> " + id + " & more", Confidence: 0.75}
	}
	yp := func(src, id, text string, codes ...coding.Assignment) Statement {
		return Statement{ID: id, Source: src, Participant: "YP01", Role: "child", Group: "desister", YOT: "Northbridge YOT", Speaker: "YP", Text: text, Codes: codes}
	}
	return []refiCase{
		{s: yp("interviews/YP01.txt", "S1", "She actually listened to me.", code("E1", coding.Present))},
		{s: yp("interviews/YP01.txt", "S2", "Nothing to code here.")},
		{s: yp("interviews/YP01.txt", "S3", "Café cost £5 — “proper” 👍🏽 and naïve e\u0301 𝔘𝔫𝔦.", code("E1", coding.Present), code("D1", coding.Present))},
		{s: yp("interviews/YP01.txt", "S4", `</Source><x>& "quoted" 'single' ]]>`, code("H2", coding.Absent))},
		{s: yp("interviews/YP01.txt", "S5", "bell\a and nul\x00 and \xff bad byte", code("D1", coding.Present)), want: "bell and nul and \uFFFD bad byte"},
		{s: yp("interviews/YP01.txt", "S6", "line\nbreak kept on one line", code("E1", coding.Absent)), want: "line break kept on one line"},
		{s: Statement{ID: "S7", Source: "a/<odd> & name.txt", Participant: `P&<2>"`, Role: "parent", Speaker: "Mum", Text: "He’s changed 😊.", Codes: []coding.Assignment{code("E1", coding.Present)}}},
		{s: yp("interviews/YP01-followup.txt", "S8", "Still going to boxing.", code("D1", coding.Present))},
		{s: Statement{ID: "S9", Source: "cases.csv", Participant: "CASE-1", Role: "worker", Group: "persister", Speaker: "Notes", Text: "No concerns.", Codes: []coding.Assignment{code("D1", coding.Present)}}},
		{s: Statement{ID: "S9", Source: "cases.csv", Participant: "CASE-2", Role: "worker", Group: "persister", Speaker: "Notes", Text: "No concerns.", Codes: []coding.Assignment{code("D1", coding.Present)}}},
	}
}

// writeRefi exports the statements, in the order given, to a new folder
// and returns its path.
func writeRefi(t *testing.T, cb *coding.Codebook, cases []refiCase) string {
	t.Helper()
	dir := t.TempDir()
	exp := &refiExport{}
	for _, c := range cases {
		s := c.s
		exp.add(&s)
	}
	out := &outputs{dir: dir}
	if err := exp.write(out, cb); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := out.commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	return dir
}

// readQDPX returns the entries of dir/project.qdpx by name, in order.
func readQDPX(t *testing.T, dir string) (map[string][]byte, []*zip.File) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(dir, "project.qdpx"))
	if err != nil {
		t.Fatalf("opening project.qdpx: %v", err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatalf("opening %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("reading %s: %v", f.Name, err)
		}
		files[f.Name] = b
	}
	return files, zr.File
}

func readProject(t *testing.T, dir string) (qdeProject, map[string][]byte) {
	t.Helper()
	files, _ := readQDPX(t, dir)
	var p qdeProject
	if err := xml.Unmarshal(files["project.qde"], &p); err != nil {
		t.Fatalf("reading project.qde: %v", err)
	}
	return p, files
}

// xmllint finds xmllint, skipping the test when it is missing, unless CI
// is set: CI installs it, so there a missing xmllint is a failure.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("xmllint not found and CI is set: the schema check must run in CI (.ci/run installs libxml2-utils)")
		}
		t.Skip("xmllint not found: install libxml2-utils (Debian, Ubuntu) or libxml2 to check the REFI-QDA files against their schemas")
	}
	return path
}

func TestRefiQDASchemas(t *testing.T) {
	lint := xmllint(t)
	schemas := filepath.Join("testdata", "refiqda")
	def, err := LoadCodebook("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		cb    *coding.Codebook
		empty bool
	}{
		{name: "hand-made codebook", cb: refiTestCodebook()},
		{name: "default codebook", cb: def},
		{name: "no statements", cb: def, empty: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cases []refiCase
			if !tc.empty {
				cases = refiTestStatements(tc.cb)
			}
			dir := writeRefi(t, tc.cb, cases)
			files, _ := readQDPX(t, dir)
			qde := filepath.Join(dir, "project.qde")
			if err := os.WriteFile(qde, files["project.qde"], 0o644); err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct{ file, schema string }{
				{filepath.Join(dir, "codebook.qdc"), "Codebook.xsd"},
				{qde, "Project.xsd"},
			} {
				cmd := exec.Command(lint, "--noout", "--schema", filepath.Join(schemas, v.schema), v.file)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s is not valid against %s: %v\n%s", filepath.Base(v.file), v.schema, err, out)
				}
			}
		})
	}
}

// TestRefiQDASchemaCopies checks that the schemas in testdata are those of
// the shared folder, when there is one: Project.xsd as it is, and
// Codebook.xsd but for the repairs (its shared copy, pasted from the
// specification's PDF, has lost the spaces between element and attribute
// names and has U+2010 hyphens for "-").
func TestRefiQDASchemaCopies(t *testing.T) {
	shared := filepath.Join("..", "..", "shared", "refi-qda")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("no shared schemas at %s (a clean clone): nothing to compare", shared)
	}
	norm := func(b []byte) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(string(b), "\u2010", "-")), "")
	}
	for _, tc := range []struct {
		name  string
		exact bool
	}{
		{"Project.xsd", true},
		{"Codebook.xsd", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(shared, tc.name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join("testdata", "refiqda", tc.name))
			if err != nil {
				t.Fatal(err)
			}
			if tc.exact && !bytes.Equal(got, want) {
				t.Errorf("testdata/refiqda/%s differs from %s", tc.name, shared)
			}
			if !tc.exact && norm(got) != norm(want) {
				t.Errorf("testdata/refiqda/%s differs from %s by more than spaces and hyphens", tc.name, shared)
			}
		})
	}
}

func TestRefiQDASelections(t *testing.T) {
	cb := refiTestCodebook()
	cases := refiTestStatements(cb)
	dir := writeRefi(t, cb, cases)
	p, files := readProject(t, dir)

	codeGUID := map[string]string{} // code GUID to ID
	for _, c := range cb.Codes {
		codeGUID[refiGUID("code:"+c.ID)] = c.ID
	}
	type got struct {
		text  string
		codes []string
	}
	var sels []got
	for _, src := range p.Sources.Sources {
		name := strings.TrimPrefix(src.PlainTextPath, "internal://")
		if name != src.GUID+".txt" {
			t.Errorf("source %s: plainTextPath %q, want internal://%s.txt", src.Name, src.PlainTextPath, src.GUID)
		}
		raw, ok := files["sources/"+name]
		if !ok {
			t.Fatalf("source %s: no sources/%s in the qdpx", src.Name, name)
		}
		text := []rune(string(raw))
		for _, sel := range src.Selections {
			if sel.Start < 0 || sel.Start > sel.End || sel.End > len(text) {
				t.Fatalf("source %s: selection %s [%d, %d) is outside its %d characters", src.Name, sel.Name, sel.Start, sel.End, len(text))
			}
			g := got{text: string(text[sel.Start:sel.End])}
			for _, c := range sel.Codings {
				g.codes = append(g.codes, codeGUID[c.CodeRef.Target])
			}
			sels = append(sels, g)
		}
	}

	// The selections, by source name and then in the order given, are the
	// coded statements.
	bySource := map[string][]refiCase{}
	var names []string
	for _, c := range cases {
		if bySource[c.s.Source] == nil {
			names = append(names, c.s.Source)
		}
		bySource[c.s.Source] = append(bySource[c.s.Source], c)
	}
	slices.Sort(names)
	var want []got
	for _, n := range names {
		for _, c := range bySource[n] {
			if len(c.s.Codes) == 0 {
				continue
			}
			g := got{text: c.want}
			if g.text == "" {
				g.text = c.s.Text
			}
			for _, a := range c.s.Codes {
				g.codes = append(g.codes, a.Code.ID)
			}
			want = append(want, g)
		}
	}
	if len(sels) != len(want) {
		t.Fatalf("got %d selections, want %d (one per coded statement)", len(sels), len(want))
	}
	for i := range want {
		if sels[i].text != want[i].text {
			t.Errorf("selection %d covers %q, want %q", i, sels[i].text, want[i].text)
		}
		if !slices.Equal(sels[i].codes, want[i].codes) {
			t.Errorf("selection %d (%q) has codes %v, want %v", i, want[i].text, sels[i].codes, want[i].codes)
		}
	}

	t.Run("one statement per line", func(t *testing.T) {
		for _, src := range p.Sources.Sources {
			lines := strings.Split(string(files["sources/"+src.GUID+".txt"]), "\n")
			if len(lines) != len(bySource[src.Name]) {
				t.Errorf("source %q has %d lines, want %d statements", src.Name, len(lines), len(bySource[src.Name]))
			}
		}
	})

	t.Run("cases", func(t *testing.T) {
		srcGUID := func(name string) string { return refiGUID("source:" + name) }
		want := map[string][]string{
			"CASE-1": {srcGUID("cases.csv")},
			"CASE-2": {srcGUID("cases.csv")},
			`P&<2>"`: {srcGUID("a/<odd> & name.txt")},
			"YP01":   {srcGUID("interviews/YP01-followup.txt"), srcGUID("interviews/YP01.txt")},
		}
		var names []string
		for _, c := range p.Cases.Cases {
			names = append(names, c.Name)
			var refs []string
			for _, r := range c.Sources {
				refs = append(refs, r.Target)
			}
			if !slices.Equal(refs, want[c.Name]) {
				t.Errorf("case %q refers to sources %v, want %v", c.Name, refs, want[c.Name])
			}
			if c.Name == "YP01" {
				var vals []string
				for _, v := range c.Values {
					vals = append(vals, v.Text)
				}
				if w := []string{"child", "desister", "Northbridge YOT"}; !slices.Equal(vals, w) {
					t.Errorf("case YP01 has values %q, want %q", vals, w)
				}
			}
		}
		if w := []string{"CASE-1", "CASE-2", `P&<2>"`, "YP01"}; !slices.Equal(names, w) {
			t.Errorf("cases %q, want %q", names, w)
		}
	})

	t.Run("codebook text survives", func(t *testing.T) {
		var qdc qdcCodeBook
		b, err := os.ReadFile(filepath.Join(dir, "codebook.qdc"))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(b, &qdc); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, parent := range qdc.Codes {
			names = append(names, parent.Name)
			for _, c := range parent.Codes {
				names = append(names, c.Name)
			}
		}
		w := []string{"Enabling factors", "E1 Trusting relationship", "Hindering factors", "H2 Poor </Code><x>& relationship", "Domains", "D1 Relationships ]]> é"}
		if !slices.Equal(names, w) {
			t.Errorf("codes %q, want %q", names, w)
		}
		if d := qdc.Codes[1].Codes[0].Description; d != "bell and nul removed\n\nDomain: D1 Relationships ]]> é\n\nExclude: Family." {
			t.Errorf("H2's description is %q", d)
		}
	})
}

func TestRefiQDADeterministic(t *testing.T) {
	cb := refiTestCodebook()
	cases := refiTestStatements(cb)
	// The same statements given source by source, last source first: each
	// source's own statements are still in order.
	shuffled := slices.Clone(cases)
	slices.SortStableFunc(shuffled, func(a, b refiCase) int { return strings.Compare(b.s.Source, a.s.Source) })

	first := writeRefi(t, cb, cases)
	for _, tc := range []struct {
		name  string
		cases []refiCase
	}{
		{"same statements", cases},
		{"sources interleaved differently", shuffled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			again := writeRefi(t, cb, tc.cases)
			for _, name := range []string{"codebook.qdc", "project.qdpx"} {
				a, err := os.ReadFile(filepath.Join(first, name))
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(again, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s differs between two exports", name)
				}
			}
		})
	}

	t.Run("zip entries", func(t *testing.T) {
		_, zfiles := readQDPX(t, first)
		var names []string
		for _, f := range zfiles {
			names = append(names, f.Name)
			if want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); !f.Modified.Equal(want) {
				t.Errorf("%s modified %v, want %v", f.Name, f.Modified, want)
			}
		}
		if len(names) == 0 || names[0] != "project.qde" {
			t.Fatalf("entries %q: want project.qde first", names)
		}
		for _, n := range names[1:] {
			if !strings.HasPrefix(n, "sources/") || !strings.HasSuffix(n, ".txt") {
				t.Errorf("entry %q is not sources/<guid>.txt", n)
			}
		}
	})
}

// guidPattern is the schemas' GUIDType as desist writes it: a UUID v5 in
// upper case without braces.
var guidPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

// xmlGUIDs returns the values of the guid attributes of doc, and of the
// attributes that refer to one.
func xmlGUIDs(t *testing.T, doc []byte) (guids, refs []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return guids, refs
		}
		if err != nil {
			t.Fatalf("reading XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "guid":
					guids = append(guids, a.Value)
				case "targetGUID", "creatingUser", "creatingUserGUID":
					refs = append(refs, a.Value)
				}
			}
		}
	}
}

func TestRefiQDAGUIDs(t *testing.T) {
	t.Run("pinned", func(t *testing.T) {
		// Checked against Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL,
		// "urn:desist:refi-qda"), "code:E1"). A change here changes the GUIDs
		// users' projects already hold.
		if got, want := refiGUID("code:E1"), "29F42395-6C1E-53EF-84AE-BDB33D422593"; got != want {
			t.Errorf("refiGUID(code:E1) = %s, want %s", got, want)
		}
	})

	cb := refiTestCodebook()
	cases := refiTestStatements(cb)
	dir := writeRefi(t, cb, cases)
	files, _ := readQDPX(t, dir)
	qdc, err := os.ReadFile(filepath.Join(dir, "codebook.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	qdcGUIDs, _ := xmlGUIDs(t, qdc)
	qdeGUIDs, qdeRefs := xmlGUIDs(t, files["project.qde"])

	t.Run("form and uniqueness", func(t *testing.T) {
		for _, doc := range []struct {
			name  string
			guids []string
		}{{"codebook.qdc", qdcGUIDs}, {"project.qde", qdeGUIDs}} {
			seen := map[string]bool{}
			for _, g := range doc.guids {
				if !guidPattern.MatchString(g) {
					t.Errorf("%s: GUID %q is not an upper-case UUID v5", doc.name, g)
				}
				if seen[g] {
					t.Errorf("%s: GUID %s used twice", doc.name, g)
				}
				seen[g] = true
			}
		}
	})

	t.Run("references resolve", func(t *testing.T) {
		for _, r := range qdeRefs {
			if !slices.Contains(qdeGUIDs, r) {
				t.Errorf("project.qde refers to %s, which nothing has", r)
			}
		}
	})

	t.Run("codebook and project agree", func(t *testing.T) {
		for _, g := range qdcGUIDs {
			if !slices.Contains(qdeGUIDs, g) {
				t.Errorf("code %s of codebook.qdc is not in project.qde", g)
			}
		}
	})

	t.Run("stable when other sources are added", func(t *testing.T) {
		more := append(slices.Clone(cases), refiCase{s: Statement{ID: "S10", Source: "0-first.txt", Participant: "YP02", Text: "Listened to me.", Codes: cases[0].s.Codes}})
		files2, _ := readQDPX(t, writeRefi(t, cb, more))
		guids2, _ := xmlGUIDs(t, files2["project.qde"])
		for _, g := range qdeGUIDs {
			if !slices.Contains(guids2, g) {
				t.Errorf("GUID %s is gone after adding a source", g)
			}
		}
		if len(guids2) <= len(qdeGUIDs) {
			t.Errorf("adding a source added no GUIDs")
		}
	})
}

func TestRefiQDAUnknownType(t *testing.T) {
	cb := &coding.Codebook{Codes: []*coding.Code{{ID: "X1", Type: "other", Label: "Other"}}}
	exp := &refiExport{}
	out := &outputs{dir: t.TempDir()}
	defer out.abort()
	err := exp.write(out, cb)
	if err == nil || !strings.Contains(err.Error(), `code X1 is of type "other"`) {
		t.Fatalf("write: got %v, want an error naming code X1's type", err)
	}
}

func TestXMLClean(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"plain", "She listened.", "She listened."},
		{"markup is kept, to be escaped", `</Source><x>&"'`, `</Source><x>&"'`},
		{"tab and line breaks kept", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"control characters dropped", "a\x00b\x07c\x1bd\x7fe", "abcd\x7fe"},
		{"non-characters dropped", "a\uFFFEb\uFFFFc", "abc"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"multi-byte kept", "é £ “q” 👍🏽 𝔘", "é £ “q” 👍🏽 𝔘"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xmlClean(tc.in); got != tc.want {
				t.Errorf("xmlClean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestRefiQDAAttributes checks that participants' attributes become case
// variables, with keys that differ only in case or underscores merged.
func TestRefiQDAAttributes(t *testing.T) {
	cb := refiTestCodebook()
	exp := &refiExport{}
	exp.attributes("P1", []Attr{{"age", "16"}, {"child_order", "YRO"}})
	exp.attributes("P2", []Attr{{"Age", "15"}})
	for _, p := range []string{"P1", "P2"} {
		exp.add(&Statement{ID: "S-" + p, Source: p + ".txt", Line: 1, Participant: p, Role: "child", Text: "Hello."})
	}
	dir := t.TempDir()
	out := &outputs{dir: dir}
	if err := exp.write(out, cb); err != nil {
		t.Fatal(err)
	}
	if err := out.commit(); err != nil {
		t.Fatal(err)
	}
	proj, _ := readProject(t, dir)
	var names []string
	byGUID := map[string]string{}
	for _, v := range proj.Variables {
		names = append(names, v.Name)
		byGUID[v.GUID] = v.Name
	}
	if got := strings.Join(names, ","); got != "Role,Group,YOT,Age,Child order" {
		t.Fatalf("variables %s", got)
	}
	values := map[string]string{}
	for _, c := range proj.Cases.Cases {
		for _, v := range c.Values {
			values[c.Name+" "+byGUID[v.Ref.Target]] = v.Text
		}
	}
	want := map[string]string{"P1 Age": "16", "P1 Child order": "YRO", "P2 Age": "15", "P1 Role": "child"}
	for k, w := range want {
		if values[k] != w {
			t.Errorf("%s = %q, want %q", k, values[k], w)
		}
	}
	if _, ok := values["P2 Child order"]; ok {
		t.Error("P2 has a value it was never given")
	}
}

// TestRefiQDAStreamedSourcesAsEncodingXML holds the hand-written Sources
// element to what encoding/xml writes: project.qde, read back and written
// again whole by encoding/xml, must be the same bytes, hostile text,
// statements without codes and sources without selections included.
func TestRefiQDAStreamedSourcesAsEncodingXML(t *testing.T) {
	cb := refiTestCodebook()
	all := refiTestStatements(cb)
	uncoded := all[1]
	uncoded.s.Source = "only-uncoded.txt"
	cases := map[string][]refiCase{
		"hostile":       all,
		"no selections": {uncoded},
		"one statement": all[:1],
	}
	for name, cs := range cases {
		t.Run(name, func(t *testing.T) {
			p, files := readProject(t, writeRefi(t, cb, cs))
			var again bytes.Buffer
			if err := writeXML(&again, p); err != nil {
				t.Fatal(err)
			}
			got := files["project.qde"]
			if !bytes.Equal(got, again.Bytes()) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(again.String(), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("project.qde line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("project.qde has %d lines; encoding/xml writes %d", len(gl), len(wl))
			}
			if p.Sources == nil || len(p.Sources.Sources) == 0 {
				t.Fatal("project.qde has no sources")
			}
		})
	}
}

// TestAppendXMLText checks the escaper against encoding/xml's on awkward
// text.
func TestAppendXMLText(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "tab\tnl\ncr\r", "bell\a nul\x00", "\xff\xfe bad", "\uFFFD real", "é 👍🏽 \uFFFE \U0010FFFF", "]]>"} {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLText(nil, s); string(got) != want.String() {
			t.Errorf("appendXMLText(%q) = %q, want %q", s, got, want.String())
		}
	}
}

func FuzzAppendXMLText(f *testing.F) {
	f.Add("a<b>&\"c'\t\n\r\x00\xff\uFFFD")
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLText(nil, s); string(got) != want.String() {
			t.Errorf("appendXMLText(%q) = %q, want %q", s, got, want.String())
		}
	})
}
