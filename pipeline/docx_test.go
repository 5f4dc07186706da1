package pipeline

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// turnsWithTimes renders a transcript's turns as
// "Speaker(I)=N@time:text/... | ...", with line breaks in text as \n and
// "@time" only where a line has one.
func turnsWithTimes(t *Transcript) string {
	var parts []string
	for _, turn := range t.Turns {
		var lines []string
		for _, l := range turn.Lines {
			at := fmt.Sprint(l.N)
			if l.Time != "" {
				at += "@" + l.Time
			}
			lines = append(lines, at+":"+strings.ReplaceAll(l.Text, "\n", `\n`))
		}
		who := turn.Speaker
		if turn.Interviewer {
			who += "(I)"
		}
		parts = append(parts, who+"="+strings.Join(lines, "/"))
	}
	return strings.Join(parts, " | ")
}

// readTranscriptFixture reads a file of testdata/transcripts.
func readTranscriptFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "transcripts", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// makeDocx builds a .docx-like zip holding files, in name order and
// uncompressed, with
// word/document.xml set to body wrapped in a w:document when body is not
// "".
func makeDocx(tb testing.TB, body string, files map[string]string) []byte {
	tb.Helper()
	all := map[string]string{}
	for k, v := range files {
		all[k] = v
	}
	if body != "" {
		all["word/document.xml"] = docxTestHead + body + docxTestTail
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		// Stored, not deflated: a deflate writer costs a megabyte, which
		// slows fuzzing; the fixtures cover deflated parts.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(w, all[name]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const (
	docxTestHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>`
	docxTestTail = `<w:sectPr><w:headerReference w:type="default"/></w:sectPr></w:body></w:document>`
)

// wordPara is a paragraph of plain text in WordprocessingML.
func wordPara(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func TestParseDocxFixtures(t *testing.T) {
	tests := []struct {
		name, file string
		// participant, role, group, YOT and interviewers from front matter
		meta string
		want string
	}{
		{
			// python-docx: front matter, a Heading 1, bold labels with the
			// colon in and after the bold run, a bold lower-case label, an
			// empty paragraph, a line break and a tab; header and footer.
			name: "python-docx bold labels", file: "python-docx-bold.docx",
			meta: "YP12/child/desister//[Sam Okafor]",
			want: "Sam Okafor(I)=8:How did the first meeting with your worker go?" +
				" | Jordan=9:Honestly I thought it would be another lecture./10:But she asked what I wanted to do with my life./11:" +
				" | mum=12:He came home and said she was sound." +
				" | Sam Okafor(I)=13:And the reparation work?" +
				" | Jordan=14:The garden project was good./14:I went back after my order ended. Nobody made me.",
		},
		{
			// python-docx: a Time | Speaker | Text table with a header row,
			// an empty speaker cell, two paragraphs in a cell, text before
			// and after the table.
			name: "python-docx table with header", file: "python-docx-table.docx",
			meta: "////[]",
			want: "=1:Transcript of interview, parent of YP04" +
				" | Interviewer(I)=7@00:00:05:Can you tell me how things were before the order?" +
				" | Parent=10@00:00:11:Chaotic. He was out every night and I never knew where./13@00:00:19:The school had given up on him by then." +
				" | Interviewer(I)=16@00:00:26:What changed?" +
				" | Parent=19@00:00:29:His worker came to the house every week./20@00:00:29:She never once judged us./21:End of transcript.",
		},
		{
			// LibreOffice: a heading, bold labels split over runs, a
			// tracked deletion (not read) and insertion (read), a comment,
			// a tab and a line break; header and footer with labels.
			name: "LibreOffice tracked changes and comment", file: "libreoffice-interview.docx",
			meta: "////[]",
			want: "Interviewer(I)=2:What helped you stay out of trouble?" +
				" | Kai=3:My worker was straight with me. She always turned up when she said she would./4:And boxing. Boxing kept me busy./4:Four nights a week./5:" +
				" | Interviewer(I)=6:Anything that did not help?" +
				" | Kai=7:The victim awareness course. Same video three times.",
		},
		{
			// LibreOffice: front matter, then a two-column table without a
			// header; the speaker column is found by its short labels.
			name: "LibreOffice table without header", file: "libreoffice-table.docx",
			meta: "W02/worker//Hillside YJS/[]",
			want: "Inspector(I)=7:How do you plan work with a child who will not engage?" +
				" | Case Manager=9:I start with what they care about, football usually./10:Then the offending work fits around it." +
				" | Inspector(I)=12:And when they miss appointments?" +
				" | Case Manager=14:We go round to the house before anything goes back to court./15:Recorded with consent. Transcript checked by the case manager.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseDocx(tt.file, readTranscriptFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Source != tt.file {
				t.Errorf("source %q, want %q", tr.Source, tt.file)
			}
			meta := fmt.Sprintf("%s/%s/%s/%s/%v", tr.Participant, tr.Role, tr.Group, tr.YOT, tr.Interviewers)
			if meta != tt.meta {
				t.Errorf("front matter %s, want %s", meta, tt.meta)
			}
			if got := turnsWithTimes(tr); got != tt.want {
				t.Errorf("turns:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseDocxStatements(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // "line@time: text" of each statement
	}{
		{"table with times", "python-docx-table.docx", []string{
			"1: Transcript of interview, parent of YP04",
			"10@00:00:11: Chaotic.",
			"10@00:00:11: He was out every night and I never knew where.",
			"13@00:00:19: The school had given up on him by then.",
			"19@00:00:29: His worker came to the house every week.",
			"20@00:00:29: She never once judged us.",
			"21: End of transcript.",
		}},
		{"tracked changes", "libreoffice-interview.docx", []string{
			"3: My worker was straight with me.",
			"3: She always turned up when she said she would.",
			"4: And boxing.",
			"4: Boxing kept me busy.",
			"4: Four nights a week.",
			"7: The victim awareness course.",
			"7: Same video three times.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseDocx(tt.file, readTranscriptFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range split(tr) {
				at := fmt.Sprint(s.Line)
				if s.Time != "" {
					at += "@" + s.Time
				}
				got = append(got, at+": "+s.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statements:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseDocxMarkup(t *testing.T) {
	// document.xml written by hand: tracked deletions are hard to make
	// with python-docx, and these cover markup the fixtures lack.
	bold := func(s string) string { return `<w:r><w:rPr><w:b/></w:rPr><w:t>` + s + `</w:t></w:r>` }
	plain := func(s string) string { return `<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>` }
	tests := []struct {
		name, body, want string
	}{
		{"tracked deletion, insertion and move",
			`<w:p>` + plain("YP: I was ") +
				`<w:del w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del>` +
				`<w:ins w:id="2" w:author="A">` + plain("always ") + `</w:ins>` +
				`<w:moveFrom w:id="3">` + plain("late ") + `</w:moveFrom>` + plain("on time.") +
				`<w:moveTo w:id="4">` + plain(" Mostly.") + `</w:moveTo></w:p>`,
			"YP=1:I was always on time. Mostly."},
		{"deleted paragraph still counted",
			`<w:p><w:pPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr><w:del w:id="2"><w:r><w:delText>Q: gone</w:delText></w:r></w:del></w:p>` + wordPara("Q: kept"),
			"Q(I)=2:kept"},
		{"bold label split over runs", `<w:p>` + bold("Jordan") + plain(": yes") + `</w:p>`, "Jordan=1:yes"},
		{"bold lower-case label", `<w:p>` + bold("mum:") + plain(" he did") + `</w:p>`, "mum=1:he did"},
		{"plain lower-case is not a label", wordPara("mum: he did"), "=1:mum: he did"},
		{"bold turned off is not bold", `<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>mum:</w:t></w:r>` + plain(" no") + `</w:p>`, "=1:mum: no"},
		{"line breaks start turns", `<w:p>` + plain("Q: and?") + `<w:r><w:br/><w:t>YP: fine</w:t><w:cr/><w:t>really</w:t></w:r></w:p>`,
			"Q(I)=1:and? | YP=1:fine/1:really"},
		{"tab and hyphen", `<w:p>` + plain("YP: a") + `<w:r><w:tab/><w:t>b</w:t><w:noBreakHyphen/><w:t>c</w:t></w:r></w:p>`, "YP=1:a b-c"},
		{"text box and fallback not read",
			`<w:p>` + plain("YP: in the body") + `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
				wordPara("Q: in a text box") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>` +
				wordPara("Q: fallback") + `</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` + wordPara("more"),
			"YP=1:in the body/2:more"},
		{"field instruction not read, result read",
			`<w:p>` + plain("YP: page ") + `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + plain("3") + `<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			"YP=1:page 3"},
		{"hyperlink and content control read",
			`<w:p>` + plain("YP: see ") + `<w:hyperlink r:id="x" xmlns:r="r">` + plain("the site") + `</w:hyperlink></w:p>` +
				`<w:sdt><w:sdtPr><w:alias w:val="Q: alias"/></w:sdtPr><w:sdtContent>` + wordPara("in a control") + `</w:sdtContent></w:sdt>`,
			"YP=1:see the site/2:in a control"},
		{"heading style skipped, turn goes on after it",
			wordPara("YP: one") + `<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>` + plain("Part two") + `</w:p>` + wordPara("two"),
			"YP=1:one | YP=3:two"},
		{"table not a transcript read as paragraphs",
			`<w:tbl><w:tr><w:tc>` + wordPara("Q: one") + `</w:tc><w:tc>` + wordPara("a") + `</w:tc><w:tc>` + wordPara("b") + `</w:tc><w:tc>` + wordPara("c") + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + wordPara("YP: two") + `</w:tc><w:tc>` + wordPara("d") + `</w:tc><w:tc>` + wordPara("e") + `</w:tc><w:tc>` + wordPara("f") + `</w:tc></w:tr></w:tbl>`,
			"Q(I)=1:one/2:a/3:b/4:c | YP=5:two/6:d/7:e/8:f"},
		{"speaker | text table with header and nested table",
			`<w:tbl><w:tblPr/><w:tr><w:tc>` + wordPara("Speaker") + `</w:tc><w:tc>` + wordPara("Text") + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + wordPara("Q:") + `</w:tc><w:tc>` + wordPara("Why?") + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + wordPara("Ellie") + `</w:tc><w:tc><w:tbl><w:tr><w:tc>` + wordPara("Because.") + `</w:tc></w:tr></w:tbl>` + wordPara("That's why.") + `</w:tc></w:tr></w:tbl>`,
			"Q(I)=4:Why? | Ellie=6:Because./7:That's why."},
		{"text | speaker table found by its labels",
			`<w:tbl><w:tr><w:tc>` + wordPara("How long have you known her?") + `</w:tc><w:tc>` + wordPara("Interviewer") + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + wordPara("Two years, since the order started.") + `</w:tc><w:tc>` + wordPara("Mum") + `</w:tc></w:tr></w:tbl>`,
			"Interviewer(I)=1:How long have you known her? | Mum=3:Two years, since the order started."},
		{"front matter with line breaks and smart quotes",
			`<w:p><w:r><w:t>---</w:t><w:br/><w:t>participant: “YP20”</w:t><w:br/><w:t>interviewer: Alex</w:t><w:br/><w:t>---</w:t><w:br/><w:t>Alex: so?</w:t></w:r></w:p>` + wordPara("YP: yes"),
			"Alex(I)=1:so? | YP=2:yes"},
		{"front matter after empty paragraphs", `<w:p/>` + wordPara("---") + wordPara("participant: YP21") + wordPara("---") + wordPara("YP: hi"), "YP=5:hi"},
		{"strict namespace", "", "YP=1:strict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeDocx(t, tt.body, nil)
			if tt.body == "" {
				doc := `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>` + wordPara("YP: strict") + `</w:body></w:document>`
				data = makeDocx(t, "", map[string]string{"word/document.xml": doc})
			}
			tr, err := ParseDocx("t.docx", data)
			if err != nil {
				t.Fatal(err)
			}
			if got := turnsWithTimes(tr); got != tt.want {
				t.Errorf("turns:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	t.Run("main part named by _rels/.rels", func(t *testing.T) {
		rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>`
		data := makeDocx(t, "", map[string]string{
			"_rels/.rels":       rels,
			"word/main.xml":     docxTestHead + wordPara("YP: main") + docxTestTail,
			"word/document.xml": docxTestHead + wordPara("YP: wrong part") + docxTestTail,
		})
		tr, err := ParseDocx("t.docx", data)
		if err != nil {
			t.Fatal(err)
		}
		if got := turnsWithTimes(tr); got != "YP=1:main" {
			t.Errorf("turns %s, want YP=1:main", got)
		}
	})
	t.Run("front matter interviewer", func(t *testing.T) {
		tr, err := ParseDocx("t.docx", makeDocx(t, wordPara("---")+wordPara("participant: YP20")+wordPara("interviewer: Alex")+wordPara("---"), nil))
		if err != nil {
			t.Fatal(err)
		}
		if tr.Participant != "YP20" || !slices.Equal(tr.Interviewers, []string{"Alex"}) {
			t.Errorf("participant %q interviewers %q", tr.Participant, tr.Interviewers)
		}
	})
}

func TestParseDocxErrors(t *testing.T) {
	fixture := readTranscriptFixture(t, "python-docx-bold.docx")
	tests := []struct {
		name string
		data []byte
		want string
		line int
	}{
		{"not a zip", []byte("Interviewer: this is a text file\n"), "t.docx: not a .docx file: zip: not a valid zip file", 0},
		{"empty", nil, "t.docx: not a .docx file: zip: not a valid zip file", 0},
		{"old doc or password", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "password-protected document or an old Word .doc", 0},
		{"truncated", fixture[:len(fixture)/2], "t.docx: not a .docx file: zip: not a valid zip file", 0},
		{"zip without document", makeDocx(t, "", map[string]string{"xl/workbook.xml": "<workbook/>"}), "t.docx: not a .docx file: the zip archive has no word/document.xml", 0},
		{"damaged XML", makeDocx(t, "", map[string]string{"word/document.xml": docxTestHead + "<w:p><w:r>"}), "t.docx: word/document.xml is damaged: XML syntax error", 0},
		{"no body", makeDocx(t, "", map[string]string{"word/document.xml": "<w:hdr xmlns:w=\"" + docxWordNS + "\"/>"}), "no document body", 0},
		{"unclosed front matter", makeDocx(t, `<w:p/>`+wordPara("---")+wordPara("participant: x"), nil), "t.docx:2: front matter opened with --- is never closed", 2},
		{"front matter then table", makeDocx(t, wordPara("---")+`<w:tbl><w:tr><w:tc>`+wordPara("---")+`</w:tc></w:tr></w:tbl>`, nil), "t.docx:1: front matter opened", 1},
		{"bad role", makeDocx(t, wordPara("---")+wordPara("participant: x")+wordPara("role: judge")+wordPara("---"), nil), `t.docx:3: unknown role "judge"`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDocx("t.docx", tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "t.docx" || ie.Line != tt.line {
				t.Errorf("error %#v is not an *InputError for t.docx at line %d", err, tt.line)
			}
		})
	}
	t.Run("too big", func(t *testing.T) {
		data := makeDocx(t, wordPara("YP: "+strings.Repeat("so ", 1000)), nil)
		_, err := parseDocx("t.docx", data, 1000)
		if err == nil || !strings.Contains(err.Error(), "t.docx: word/document.xml unpacks to more than") {
			t.Fatalf("error %v, want too big", err)
		}
	})
	t.Run("size in zip header is a lie", func(t *testing.T) {
		// The stored size says 10 bytes; the data is much longer.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		body := []byte(docxTestHead + wordPara("YP: "+strings.Repeat("so ", 1000)) + docxTestTail)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, CompressedSize64: uint64(len(body)), UncompressedSize64: 10})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = parseDocx("t.docx", buf.Bytes(), 1000)
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "t.docx" {
			t.Fatalf("error %v, want an *InputError for t.docx", err)
		}
	})
}

func TestReadTranscriptFormats(t *testing.T) {
	tests := []struct {
		file, ext, participant string
		statements             int
	}{
		{"python-docx-bold.docx", ".docx", "YP12", 6},
		{"libreoffice-table.docx", ".docx", "W02", 5},
		{"teams.vtt", ".vtt", "teams", 8},
		{"zoom.vtt", ".vtt", "zoom", 4},
		{"subrip.srt", ".srt", "subrip", 5},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := filepath.Join("testdata", "transcripts", tt.file)
			r := readTranscript(input{name: filepath.ToSlash(p), path: p, ext: tt.ext}, true)
			if r.err != nil {
				t.Fatal(r.err)
			}
			if r.transcript.Participant != tt.participant || len(r.statements) != tt.statements {
				t.Errorf("participant %q with %d statements, want %q with %d", r.transcript.Participant, len(r.statements), tt.participant, tt.statements)
			}
		})
	}
}

func FuzzParseDocx(f *testing.F) {
	// Seeds: the body of each fixture's document.xml under a short root
	// element, as the document of a zip built here (wrap) and as a zip of
	// its own. Whole fixtures (5 to 38 KB, mostly styles and namespace
	// declarations) make the fuzzer spend its time minimizing.
	for _, name := range []string{"python-docx-bold.docx", "python-docx-table.docx", "libreoffice-interview.docx", "libreoffice-table.docx"} {
		data := readTranscriptFixture(f, name)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name != "word/document.xml" {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				f.Fatal(err)
			}
			doc, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				f.Fatal(err)
			}
			_, body, _ := strings.Cut(string(doc), "<w:body>")
			body, _, _ = strings.Cut(body, "<w:sectPr")
			f.Add([]byte(docxTestHead+body+docxTestTail), true)
			if name == "python-docx-bold.docx" {
				f.Add(makeDocx(f, body, nil), false)
			}
		}
	}
	f.Add([]byte(docxTestHead+wordPara("---")+wordPara("role: child")+wordPara("---")+`<w:tbl><w:tr><w:tc>`+wordPara("Speaker")+`</w:tc><w:tc>`+wordPara("Text")+`</w:tc></w:tr></w:tbl>`+docxTestTail), true)
	f.Add([]byte("PK\x03\x04"), false)
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			// data is the document.xml of a .docx.
			data = makeDocx(t, "", map[string]string{"word/document.xml": string(data)})
		}
		tr, err := parseDocx("f.docx", data, 1<<20)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "f.docx" {
				t.Fatalf("error %v is not an *InputError naming f.docx", err)
			}
			return
		}
		prev := 0
		for _, turn := range tr.Turns {
			for _, l := range turn.Lines {
				if l.N < 1 || l.N < prev || l.Offset != 0 {
					t.Fatalf("line %d (offset %d) after line %d", l.N, l.Offset, prev)
				}
				prev = l.N
			}
		}
		for _, s := range split(tr) {
			if strings.TrimSpace(s.Text) == "" || s.Line < 1 {
				t.Fatalf("statement %q at line %d", s.Text, s.Line)
			}
		}
	})
}
