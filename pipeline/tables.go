package pipeline

import (
	"slices"
	"strings"

	"desist/coding"
)

// casesTable is the Cases sheet: one row per indicator, with n, N and %
// for all cases, each group and each YOT.
func casesTable(cases []*Case) ([]string, [][]any) {
	type breakdown struct {
		name string
		keep func(*Case) bool
	}
	bs := []breakdown{
		{"All", func(*Case) bool { return true }},
		{"desister", func(c *Case) bool { return c.Group == "desister" }},
		{"persister", func(c *Case) bool { return c.Group == "persister" }},
	}
	var yots []string
	for _, c := range cases {
		if c.YOT != "" && !slices.Contains(yots, c.YOT) {
			yots = append(yots, c.YOT)
		}
	}
	slices.Sort(yots)
	for _, y := range yots {
		bs = append(bs, breakdown{y, func(c *Case) bool { return c.YOT == y }})
	}
	header := []string{"Indicator", "Label"}
	for _, b := range bs {
		header = append(header, b.name+" n", b.name+" N", b.name+" %")
	}
	var rows [][]any
	for _, ind := range Indicators {
		row := []any{ind.ID, ind.Label}
		for _, b := range bs {
			t := ind.count(cases, b.keep)
			pct := any("")
			if p, ok := t.Percent(); ok {
				pct = p
			}
			row = append(row, t.N, t.D, pct)
		}
		rows = append(rows, row)
	}
	return header, rows
}

var codebookHeader = []string{"Code", "Type", "Domain", "Label", "Description", "Include", "Exclude",
	"Opposite", "Cues", "Except", "Examples", "Non-examples"}

func codebookRows(cb *coding.Codebook) [][]any {
	var rows [][]any
	for _, c := range cb.Codes {
		rows = append(rows, []any{c.ID, string(c.Type), c.Domain, c.Label, c.Description, c.Include,
			c.Exclude, c.Opposite, patternList(c.Cues), patternList(c.Except),
			strings.Join(c.Examples, "\n"), strings.Join(c.NonExamples, "\n")})
	}
	return rows
}

func patternList(ps []coding.Pattern) string {
	var ss []string
	for _, p := range ps {
		ss = append(ss, p.Text)
	}
	return strings.Join(ss, "\n")
}

// caseDetails is the Case details sheet: every case with its parsed
// values, so that a reviewer can trace a figure back to its rows.
func caseDetails(cases []*Case) ([]string, [][]any) {
	header := []string{"Case", "Source", "Sheet", "Row", "YOT", "Group"}
	for k := colSelfAssessment; k < numCaseCols; k++ {
		header = append(header, caseHeaders[k][0])
	}
	var rows [][]any
	for _, c := range cases {
		row := []any{c.ID, c.Source, c.Sheet, c.Row, c.YOT, c.Group}
		for k := colSelfAssessment; k < numCaseCols; k++ {
			if k == colCourtOrders {
				if c.courtOrders < 0 {
					row = append(row, "")
				} else {
					row = append(row, c.courtOrders)
				}
				continue
			}
			row = append(row, c.answers[k].String())
		}
		rows = append(rows, row)
	}
	return header, rows
}
