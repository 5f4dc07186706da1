package pipeline

import (
	"desist/charts"
	"desist/coding"
)

// A reportBuilder gathers, as statements stream past, what the report page
// and the chart pages show.
type reportBuilder struct {
	tl *tally
}

func newReportBuilder(tl *tally) *reportBuilder { return &reportBuilder{tl: tl} }

// add is called for every statement, coded or not, in output order, after
// redaction.
func (rb *reportBuilder) add(s *Statement) {}

// build returns the report's data.
func (rb *reportBuilder) build(cb *coding.Codebook, cases []*Case) *charts.Report {
	return reportData(rb.tl, cb)
}

// reportData gathers what the report and charts show.
func reportData(tl *tally, cb *coding.Codebook) *charts.Report {
	gs, size := tl.groups()
	rep := &charts.Report{Statements: tl.statements, Coded: tl.coded, Participants: len(tl.participants)}
	for _, g := range gs {
		rep.Groups = append(rep.Groups, charts.Group{Name: g, Participants: size[g]})
	}
	for _, c := range cb.Codes {
		ct := tl.perCode[c.ID]
		cr := charts.CodeRow{ID: c.ID, Label: c.Label, Type: string(c.Type), Domain: c.Domain}
		for _, g := range gs {
			cr.Participants = append(cr.Participants, len(ct.participants[g]))
			cr.Statements = append(cr.Statements, ct.statements[g])
		}
		rep.Codes = append(rep.Codes, cr)
	}
	return rep
}
