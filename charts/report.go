// Package charts turns a run's tallies into HTML pages: one page per
// chart, for authors to embed, and a report page with all of them. Pages
// are self-contained: the ECharts library is inlined, and nothing is
// loaded from the network. Each chart also comes as a snippet (its div and
// script, without a page or the library) for pasting into another page.
//
// The charts' options are built with go-echarts but not rendered by it:
// they are encoded here as JSON escaped for a script element (see
// scriptJSON), and every other piece of text from the inputs goes through
// html/template.
package charts

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
)

// A Report is what the pages show. The pipeline fills it in; the zero
// value is a report on nothing.
type Report struct {
	// Transcripts is how many transcript files gave statements, and
	// CaseRecords how many case records (rows of case sheets) were read.
	Transcripts int
	CaseRecords int
	// Statements is how many statements were coded (interviewers' turns
	// are not statements), Coded how many of them were given at least one
	// code, and CodesGiven how many codes were given in all.
	Statements int
	Coded      int
	CodesGiven int
	// Redacted says whether names in quotes were replaced before the
	// report was written.
	Redacted bool
	// Model says which learned model, if any, gave codes beside the
	// cues; "" leaves it unsaid.
	Model string
	// Agreement is a line on agreement between the coder and reviewers,
	// when reviewer decisions were carried in; "" when none were.
	Agreement string
	// AgreementTable is the coder's codes against the reviewer's, per code
	// and overall, as in the workbook's Agreement sheet; nil when no
	// reviewer decisions were carried in.
	AgreementTable *Table
	// Codes is the codebook, in its order.
	Codes []Code
	// People are the interview participants and the case records, each
	// with counts of what they said or what was written.
	People []Person
	// Pairs counts statements given two codes at once, one entry per pair
	// of codes that occurs.
	Pairs []Pair
	// Quotes holds a few representative quotes for each code, by code ID.
	Quotes map[string][]Quote
	// CaseGroups are the breakdowns of the case indicators (all cases,
	// desisters, persisters) with their sizes, and Indicators the
	// indicators' counts in those breakdowns, in the same order. Both are
	// empty when no case record was read.
	CaseGroups []CaseGroup
	Indicators []Indicator
}

// A Table is a header and rows of text.
type Table struct {
	Header []string
	Rows   [][]string
}

// A Code is one entry of the codebook.
type Code struct {
	ID, Label   string
	Type        string // enabling, hindering or domain
	Domain      string // a factor's domain code ID
	Description string
}

// Code types.
const (
	enabling  = "enabling"
	hindering = "hindering"
	domain    = "domain"
)

// A Person is one interview participant or one case record (whose notes
// are coded like a worker's statements).
type Person struct {
	ID, Role, Group, YOT string
	CaseRecord           bool
	Statements           int // statements by the person
	Coded                int // statements given at least one code
	// Statements given present factors: only enabling ones, only
	// hindering ones, or both.
	EnablingOnly, HinderingOnly, Both int
	// Present and Absent count, by code ID, the person's statements given
	// the code as present and as absent.
	Present, Absent map[string]int
}

// mentions is how many of p's statements were given the code, present or
// absent.
func (p *Person) mentions(code string) int { return p.Present[code] + p.Absent[code] }

// A Pair is two codes given to the same statements.
type Pair struct {
	A, B       string // code IDs
	Statements int
}

// A Quote is one statement quoted in the report.
type Quote struct {
	Text                     string // as redacted
	Participant, Role, Group string
	Polarity                 string // present or absent
}

// A CaseGroup is a breakdown of the case records.
type CaseGroup struct {
	Name  string // "All", "desister" or "persister"
	Cases int
}

// An Indicator is a case-record indicator's counts, one per case group.
type Indicator struct {
	ID, Label string
	Counts    []Fraction
}

// A Fraction is an indicator's numerator (the cases where it holds) and
// denominator (the cases it applies to).
type Fraction struct {
	N, D int
}

// A Page is one chart: its page, and its snippet for another page.
type Page struct {
	Name         string // file name under charts/, such as factors-by-group.html
	SnippetName  string // the snippet's file name, such as factors-by-group.snippet.html
	Title        string
	Write        func(io.Writer) error
	WriteSnippet func(io.Writer) error
}

// Pages returns the chart pages for rep, in the report's order. The
// snippets need LibraryName written beside them.
func Pages(rep *Report) []Page {
	var pages []Page
	for _, c := range rep.charts() {
		pages = append(pages, Page{
			Name:         c.Name + ".html",
			SnippetName:  c.Name + ".snippet.html",
			Title:        c.Title,
			Write:        func(w io.Writer) error { return writePage(w, c) },
			WriteSnippet: func(w io.Writer) error { return writeSnippet(w, c) },
		})
	}
	return pages
}

// chartView is a chart as the templates see it.
type chartView struct {
	chart
	ID     string
	Option template.JS
}

func view(c chart) (chartView, error) {
	v := chartView{chart: c, ID: "desist-" + c.Name}
	if c.err != nil {
		return v, c.err
	}
	if c.Empty != "" {
		return v, nil
	}
	js, err := scriptJSON(c.option)
	if err != nil {
		return v, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	v.Option = js
	return v, nil
}

func writePage(w io.Writer, c chart) error {
	v, err := view(c)
	if err != nil {
		return err
	}
	lib, err := inlineLibrary()
	if err != nil {
		return err
	}
	return execute(w, "page", struct {
		Chart   chartView
		Library template.JS
		Version string
	}{v, lib, EChartsVersion})
}

func writeSnippet(w io.Writer, c chart) error {
	v, err := view(c)
	if err != nil {
		return err
	}
	// html/template drops comments written in a template, so the
	// snippet's comment is a value; it holds no text from the inputs.
	comment := template.HTML(fmt.Sprintf("<!-- desist chart %q: %s. It needs ECharts %s: load echarts.min.js (written beside this file) once on the host page, before this snippet, with a script element. The chart draws nothing from the network. -->",
		c.Name, strings.ReplaceAll(asciiOnly(c.Title), "--", "-"), EChartsVersion))
	return execute(w, "snippet", struct {
		Comment template.HTML
		Chart   chartView
	}{comment, v})
}

// asciiOnly keeps a fixed title safe to place inside an HTML comment.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' || r == '<' || r == '>' {
			return '-'
		}
		return r
	}, s)
}

// WriteReport writes the report page: headline figures, every chart with
// its table, quotes for each code, the codebook and a note on method.
func WriteReport(w io.Writer, rep *Report) error {
	lib, err := inlineLibrary()
	if err != nil {
		return err
	}
	var views []chartView
	for _, c := range rep.charts() {
		v, err := view(c)
		if err != nil {
			return err
		}
		views = append(views, v)
	}
	var quotes []codeQuotes
	for _, c := range rep.Codes {
		quotes = append(quotes, codeQuotes{Code: c, Quotes: rep.Quotes[c.ID]})
	}
	return execute(w, "report", struct {
		Rep       *Report
		Headlines []headline
		Charts    []chartView
		Quotes    []codeQuotes
		Method    []string
		Library   template.JS
		Version   string
	}{rep, rep.headlines(), views, quotes, rep.method(), lib, EChartsVersion})
}

// execute writes a page from its template. Where the page's text holds
// go-echarts' raw-JavaScript marker, it writes an underscore of it as a
// character reference, which reads the same; the scripts cannot hold the
// marker (see scriptJSON and inlineLibrary), so no page has it at all.
func execute(w io.Writer, name string, data any) error {
	var b bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("writing the %s page: %w", name, err)
	}
	out := b.Bytes()
	for bytes.Contains(out, []byte(funcMarker)) {
		out = bytes.ReplaceAll(out, []byte(funcMarker), []byte("_&#95;f__"))
	}
	_, err := w.Write(out)
	return err
}

type codeQuotes struct {
	Code   Code
	Quotes []Quote
}

type headline struct {
	Figure, What string
}

// headlines are the figures at the top of the report.
func (rep *Report) headlines() []headline {
	interviewed := rep.interviewed()
	roles := map[string]int{}
	for _, p := range interviewed {
		roles[p.Role]++
	}
	kids := rep.children()
	hs := []headline{
		{fmt.Sprint(len(interviewed)), fmt.Sprintf("people interviewed: %s", roleList(roles))},
		{fmt.Sprint(len(kids[0]) + len(kids[1])), fmt.Sprintf("children in a group: %d desisters, %d persisters", len(kids[0]), len(kids[1]))},
		{fmt.Sprint(rep.CaseRecords), "case records read"},
		{fmt.Sprint(rep.Statements), fmt.Sprintf("statements, %s of them given at least one code (%d codes in all)", percentText(rep.Coded, rep.Statements), rep.CodesGiven)},
	}
	for g, who := range []string{"children who desisted", "children who persisted"} {
		want := enabling
		if g == 1 {
			want = hindering
		}
		var best []string
		n := 0
		for _, c := range rep.Codes {
			if c.Type != want {
				continue
			}
			k := 0
			for _, p := range kids[g] {
				if p.Present[c.ID] > 0 {
					k++
				}
			}
			switch {
			case k > n:
				best, n = []string{c.ID + " " + c.Label}, k
			case k == n && k > 0:
				best = append(best, c.ID+" "+c.Label)
			}
		}
		if len(best) == 1 {
			hs = append(hs, headline{percentText(n, len(kids[g])),
				fmt.Sprintf("of %s raised %s (%d of %d), the %s factor they raised most often", who, best[0], n, len(kids[g]), want)})
		} else if len(best) > 1 {
			hs = append(hs, headline{percentText(n, len(kids[g])),
				fmt.Sprintf("of %s raised each of %s (%d of %d), the %s factors they raised most often", who, strings.Join(best, "; "), n, len(kids[g]), want)})
		}
	}
	return hs
}

// roleList describes how many people had each role.
func roleList(roles map[string]int) string {
	var parts []string
	for _, r := range []struct{ key, one, many string }{
		{"child", "child", "children"}, {"parent", "parent or carer", "parents or carers"},
		{"worker", "worker", "workers"}, {"", "with no role given", "with no role given"},
	} {
		n := roles[r.key]
		delete(roles, r.key)
		switch {
		case n == 1:
			parts = append(parts, "1 "+r.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, r.many))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(roles)) {
		parts = append(parts, fmt.Sprintf("%d %s", roles[k], k))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// method is the report's note on how the figures were made, a paragraph
// an item.
func (rep *Report) method() []string {
	interviewed := rep.interviewed()
	roles := map[string]int{}
	for _, p := range interviewed {
		roles[p.Role]++
	}
	ms := []string{
		fmt.Sprintf("Inputs: %d interview transcripts from %d people (%s) and %d case records. They gave %d statements (a statement is a sentence said by a participant, or a sentence of a case record's notes; what interviewers said is context and was not coded). %d statements were given at least one code, and %d codes were given in all.",
			rep.Transcripts, len(interviewed), roleList(roles), rep.CaseRecords, rep.Statements, rep.Coded, rep.CodesGiven),
		"Coding: every statement was coded by rule against the codebook below. A code is given when one of its cue patterns matches the statement's words (ignoring case and punctuation, and accepting regular word endings), unless one of its exception patterns matches too. A cue after \"not\", \"never\", \"nobody\", a n't word and the like in the same clause is negated: the code is recorded as absent or, for a relationship or support factor, as the matching hindering factor. A cue after \"if\" or \"wish\" is hypothetical and is recorded as absent with a lower confidence. A domain's own code is given only when a statement speaks to the domain but to none of its factors. The coded workbook (coded.xlsx) shows, for every code given, the cue that fired and why, for reviewers to check.",
		"Who is counted: the factor and domain charts count children only (participants with the role child and a group, desister or persister), because the inspection's findings come from what children said; parents and carers share their child's group and workers have none, so they are left out of those two charts. The charts by youth offending team and of codes occurring together count every statement, from interviews and case records. The charts by participant count the people interviewed, not case records. The case-indicator chart counts case records.",
	}
	if rep.Model != "" {
		ms = append(ms, "Learned model: "+rep.Model)
	}
	if rep.Agreement != "" {
		ms = append(ms, "Agreement: "+rep.Agreement)
	} else {
		ms = append(ms, "Agreement: no reviewer decisions were carried into this run, so there are no agreement figures between the coder and reviewers.")
	}
	if rep.Redacted {
		ms = append(ms, "Redaction: names in the quotes were replaced before this report was written.")
	} else {
		ms = append(ms, "Redaction: names in the quotes were not redacted; check every quote before sharing this report.")
	}
	return ms
}

// percentText is 100·n/d as a whole percentage, or "n/a" when d is 0.
func percentText(n, d int) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
}

const style = `body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}
p.base{color:#444}p.empty{border:1px dashed #999;padding:1em;color:#444}p.note{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.2em .45em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;margin:.4em 0}
.desist-chart{width:100%;max-width:1100px}
dl.headlines{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}dl.headlines dt{font-weight:bold;font-size:1.2em;text-align:right}dl.headlines dd{margin:0;align-self:center}
blockquote{margin:.4em 0 .6em 1em;padding-left:.8em;border-left:3px solid #0072B2}blockquote footer{color:#555;font-size:.85em}
details{margin-bottom:1em}summary{cursor:pointer;color:#0072B2}`

var pageTmpl = template.Must(template.New("charts").Parse(`
{{- define "chart" -}}
{{- if .Empty}}<p class="empty">{{.Empty}}</p>
{{- else -}}
<div id="{{.ID}}" class="desist-chart" style="height:{{.Height}}px"></div>
<script>
(function () {
  var el = document.getElementById({{.ID}});
  if (!el) { return; }
  if (typeof echarts === "undefined") {
    el.textContent = "This chart needs echarts.min.js loaded once on the page, before the chart.";
    return;
  }
  var chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption({{.Option}});
  window.addEventListener("resize", function () { chart.resize(); });
})();
</script>
{{- end}}
{{- end}}

{{- define "table" -}}
<table>
<caption>{{.Caption}}</caption>
<thead><tr>{{range .Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- $t := .}}
{{- range .Rows}}
<tr>{{range $i, $c := .}}{{if eq $i 0}}<th scope="row">{{$c}}</th>{{else if $t.Numeric $i}}<td class="n">{{$c}}</td>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}

{{- define "page" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Chart.Title}}</title>
<style>` + style + `</style>
<script id="echarts-library">{{.Library}}</script>
</head>
<body>
<h1>{{.Chart.Title}}</h1>
<p class="base">{{.Chart.Base}}</p>
{{template "chart" .Chart}}
{{template "table" .Chart.Table}}
<p class="note">The table gives the chart's figures. To save the chart as a PNG image, use the download button at its top right. The chart is drawn by ECharts {{.Version}} (Apache License 2.0), which is inlined in this page: it opens without a network.</p>
</body>
</html>
{{end}}

{{- define "snippet" -}}
{{.Comment}}
{{template "chart" .Chart}}
{{end}}

{{- define "report" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Desistance: coded evidence</title>
<style>` + style + `</style>
<script id="echarts-library">{{.Library}}</script>
</head>
<body>
<h1>Desistance: coded evidence</h1>
<h2 id="headlines">Headline figures</h2>
<dl class="headlines">
{{- range .Headlines}}
<dt>{{.Figure}}</dt><dd>{{.What}}</dd>
{{- end}}
</dl>
<p>Contents: {{range $i, $c := .Charts}}<a href="#{{$c.ID}}-section">{{$c.Title}}</a>; {{end}}<a href="#quotes">quotes</a>;{{if .Rep.AgreementTable}} <a href="#agreement">agreement with the reviewer</a>;{{end}} <a href="#codebook">the codebook</a>; <a href="#method">method</a>.</p>
{{- range .Charts}}
<section id="{{.ID}}-section">
<h2>{{.Title}}</h2>
<p class="base">{{.Base}}</p>
{{template "chart" .}}
{{- if not .Empty}}
<details><summary>The chart's figures as a table</summary>
{{template "table" .Table}}
</details>
{{- end}}
</section>
{{- end}}
<h2 id="quotes">What was said: quotes for each code</h2>
<p>For each code, up to four statements given it, from different people, preferring statements that describe the factor as present, children's words, and both groups.</p>
{{- range .Quotes}}
<h3>{{.Code.ID}} {{.Code.Label}}</h3>
{{- range .Quotes}}
<blockquote><p>{{.Text}}</p><footer>{{.Participant}}, {{if .Role}}{{.Role}}{{else}}role not given{{end}}, {{if .Group}}{{.Group}}{{else}}no group{{end}}{{if eq .Polarity "absent"}} (coded as absent){{end}}</footer></blockquote>
{{- else}}
<p>No statement was given this code.</p>
{{- end}}
{{- end}}
{{- with .Rep.AgreementTable}}
<h2 id="agreement">Agreement between the coder and the reviewer</h2>
<p>Over the statements a reviewer decided on: for each code, how many of those statements the coder and the reviewer gave it, and how far they agree. Precision is the share of the coder's codes the reviewer kept; recall the share of the reviewer's codes the coder gave. Cohen's kappa and Krippendorff's alpha correct agreement for chance: 1 is perfect, 0 no better than chance. A code the reviewer left undecided on a statement is not counted there.</p>
<table>
<caption>The coder against the reviewer</caption>
<thead><tr>{{range .Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range $i, $c := .}}{{if eq $i 0}}<th scope="row">{{$c}}</th>{{else if eq $i 1}}<td>{{$c}}</td>{{else}}<td class="n">{{$c}}</td>{{end}}{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
<h2 id="codebook">The codebook</h2>
<table>
<caption>Codes used in this run</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Type</th><th scope="col">Domain</th><th scope="col">Label</th><th scope="col">Description</th></tr></thead>
<tbody>
{{- range .Rep.Codes}}
<tr><th scope="row">{{.ID}}</th><td>{{.Type}}</td><td>{{.Domain}}</td><td>{{.Label}}</td><td>{{.Description}}</td></tr>
{{- end}}
</tbody>
</table>
<h2 id="method">Method</h2>
{{- range .Method}}
<p>{{.}}</p>
{{- end}}
<p class="note">Each chart can be saved as a PNG image with the download button at its top right. The charts are drawn by ECharts {{.Version}} (Apache License 2.0), which is inlined in this page: it opens without a network.</p>
</body>
</html>
{{end}}`))
