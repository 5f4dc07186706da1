// Package charts turns a run's tallies into HTML pages: one page per
// chart, for authors to embed, and a report page with all of them. Pages
// are self-contained: they load nothing from the network.
package charts

import (
	"fmt"
	"html/template"
	"io"
	"math"
)

// A Report is what the pages show.
type Report struct {
	Participants int
	Statements   int
	Coded        int
	Groups       []Group
	Codes        []CodeRow
}

// A Group is a participant group and its size.
type Group struct {
	Name         string
	Participants int
}

// A CodeRow is one code's counts, by group in the order of Report.Groups.
type CodeRow struct {
	ID, Label, Type, Domain string
	Participants            []int
	Statements              []int
}

// A Page is one chart page.
type Page struct {
	Name  string // file name under charts/
	Title string
	Write func(io.Writer) error
}

// Pages returns the chart pages for rep.
func Pages(rep *Report) []Page {
	return []Page{{
		Name:  "factors-by-group.html",
		Title: factorsTitle,
		Write: func(w io.Writer) error {
			return pageTmpl.Execute(w, pageData{Title: factorsTitle, Chart: factorBars(rep), Table: rep})
		},
	}}
}

const factorsTitle = "Enabling and hindering factors: percentage of participants in each group who raised each one"

// WriteReport writes the report page.
func WriteReport(w io.Writer, rep *Report) error {
	return reportTmpl.Execute(w, pageData{Title: "Desistance: coded evidence", Chart: factorBars(rep), Table: rep})
}

type pageData struct {
	Title string
	Chart template.HTML
	Table *Report
}

// Percent is the share of a group's participants, to one decimal place.
func (r *Report) Percent(c CodeRow, g int) string {
	if r.Groups[g].Participants == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f", 100*float64(c.Participants[g])/float64(r.Groups[g].Participants))
}

// palette is distinguishable for colour-blind readers (Okabe and Ito).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"}

// factorBars draws the factors as grouped horizontal bars in SVG.
func factorBars(rep *Report) template.HTML {
	const rowH, barH, left, width = 34, 12, 260, 420
	var factors []CodeRow
	for _, c := range rep.Codes {
		if c.Type != "domain" {
			factors = append(factors, c)
		}
	}
	h := len(factors)*rowH + 60
	s := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`,
		left+width+60, h, left+width+60, h)
	s += fmt.Sprintf(`<title>%s</title>`, template.HTMLEscapeString(factorsTitle))
	for i, c := range factors {
		y := 20 + i*rowH
		s += fmt.Sprintf(`<text x="%d" y="%d" text-anchor="end">%s %s</text>`, left-8, y+barH, c.ID, template.HTMLEscapeString(c.Label))
		for g := range rep.Groups {
			pct := 0.0
			if rep.Groups[g].Participants > 0 {
				pct = 100 * float64(c.Participants[g]) / float64(rep.Groups[g].Participants)
			}
			bw := int(math.Round(pct / 100 * width))
			by := y + g*barH
			s += fmt.Sprintf(`<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s: %d of %d (%.0f%%)</title></rect>`,
				left, by, bw, barH-2, palette[g%len(palette)], rep.Groups[g].Name, c.Participants[g], rep.Groups[g].Participants, pct)
			s += fmt.Sprintf(`<text x="%d" y="%d" font-size="10">%.0f%%</text>`, left+bw+4, by+barH-3, pct)
		}
	}
	ly := 20 + len(factors)*rowH + 10
	for g, grp := range rep.Groups {
		x := left + g*140
		s += fmt.Sprintf(`<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s (n=%d)</text>`,
			x, ly, palette[g%len(palette)], x+16, ly+10, template.HTMLEscapeString(grp.Name), grp.Participants)
	}
	return template.HTML(s + `</svg>`)
}

const style = `body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left}
td.n{text-align:right}caption{text-align:left;font-weight:bold;margin:.5em 0}`

var funcs = template.FuncMap{}

var pageTmpl = template.Must(template.New("page").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title><style>` + style + `</style></head>
<body><h1>{{.Title}}</h1>
<figure>{{.Chart}}<figcaption>Base: {{range $i, $g := .Table.Groups}}{{if $i}}, {{end}}{{$g.Name}} n={{$g.Participants}}{{end}} participants.</figcaption></figure>
{{template "table" .Table}}
</body></html>
{{define "table"}}<table><caption>Participants who raised each code, by group</caption>
<tr><th>Code</th><th>Label</th><th>Type</th>{{range .Groups}}<th>{{.Name}} participants (of {{.Participants}})</th><th>{{.Name}} %</th><th>{{.Name}} statements</th>{{end}}</tr>
{{$r := .}}{{range $c := .Codes}}<tr><td>{{$c.ID}}</td><td>{{$c.Label}}</td><td>{{$c.Type}}</td>{{range $g, $x := $r.Groups}}<td class="n">{{index $c.Participants $g}}</td><td class="n">{{$r.Percent $c $g}}</td><td class="n">{{index $c.Statements $g}}</td>{{end}}</tr>
{{end}}</table>{{end}}`))

var reportTmpl = template.Must(template.Must(pageTmpl.Clone()).New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title><style>` + style + `</style></head>
<body><h1>{{.Title}}</h1>
<p>{{.Table.Participants}} participants; {{.Table.Statements}} statements, of which {{.Table.Coded}} were given at least one code.</p>
<h2>` + factorsTitle + `</h2>
<figure>{{.Chart}}</figure>
{{template "table" .Table}}
</body></html>
`))
