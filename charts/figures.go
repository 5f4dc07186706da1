package charts

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// A chart is one figure: its ECharts option, or why there is nothing to
// draw, and the table of the same figures.
type chart struct {
	Name   string // file name without .html; the element ID is "desist-" + Name
	Title  string // what is shown and for whom
	Base   string // who and how many are counted
	Empty  string // when set, there is nothing to draw, and this says why
	Height int    // pixels
	Table  table
	option map[string]any
	err    error // from building the option
}

// A table is a chart's figures as rows of text. The first column is the
// row's heading.
type table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Num     []bool // which columns hold numbers (right-aligned)
}

// Numeric reports whether column i holds numbers.
func (t table) Numeric(i int) bool { return i < len(t.Num) && t.Num[i] }

// The Okabe-Ito palette, distinguishable by readers with colour-blindness.
const (
	blue      = "#0072B2"
	orange    = "#E69F00"
	green     = "#009E73"
	vermilion = "#D55E00"
	purple    = "#CC79A7"
	sky       = "#56B4E9"
	grey      = "#999999"
)

var palette = []string{blue, orange, green, vermilion, purple, sky, "#F0E442", "#000000"}

// heatColours run from white to blue: one hue, readable with any kind of
// colour-blindness, and dark enough at the top for black labels.
var heatColours = []string{"#FFFFFF", sky, blue}

// charts returns the report's charts, in order.
func (rep *Report) charts() []chart {
	return []chart{
		factorsChart(rep),
		domainsChart(rep),
		codesByYOTChart(rep),
		codesByParticipantChart(rep),
		cooccurrenceChart(rep),
		indicatorsChart(rep),
		perParticipantChart(rep),
	}
}

// interviewed returns the interview participants (not case records),
// sorted by ID.
func (rep *Report) interviewed() []*Person {
	var ps []*Person
	for i := range rep.People {
		if !rep.People[i].CaseRecord {
			ps = append(ps, &rep.People[i])
		}
	}
	slices.SortStableFunc(ps, func(a, b *Person) int { return strings.Compare(a.ID, b.ID) })
	return ps
}

// children returns the children interviewed who desisted and those who
// persisted: the base of the factor and domain charts.
func (rep *Report) children() [2][]*Person {
	var kids [2][]*Person
	for _, p := range rep.interviewed() {
		if p.Role != "child" {
			continue
		}
		switch p.Group {
		case "desister":
			kids[0] = append(kids[0], p)
		case "persister":
			kids[1] = append(kids[1], p)
		}
	}
	return kids
}

// childrenBase says who the factor and domain charts count.
func childrenBase(kids [2][]*Person) string {
	return fmt.Sprintf("Children interviewed: desisters n=%d, persisters n=%d. Parents, carers and workers are not counted.", len(kids[0]), len(kids[1]))
}

const noChildren = "No child interviewed (role child) had a group (desister or persister), so there is nothing to chart."

// factorsChart: the percentage of desisting and of persisting children
// who raised each factor.
func factorsChart(rep *Report) chart {
	kids := rep.children()
	c := chart{
		Name:  "factors-by-group",
		Title: "Enabling and hindering factors: % of children who desisted and of children who persisted who raised each",
		Base: childrenBase(kids) + " A child raised a factor when at least one of their statements was given it as present; " +
			"the labels give the number of children and the group's size.",
	}
	var factors []Code
	for _, code := range rep.Codes {
		if code.Type == enabling || code.Type == hindering {
			factors = append(factors, code)
		}
	}
	c.Table = table{
		Caption: "Children who raised each factor, by group",
		Header:  []string{"Factor", "Type", "Desisters who raised it", "Desisters %", "Persisters who raised it", "Persisters %"},
		Num:     []bool{false, false, true, true, true, true},
	}
	var cats []string
	var series [2][]opts.BarData
	for _, f := range factors {
		row := []string{f.ID + " " + f.Label, f.Type}
		for g, group := range kids {
			n := 0
			for _, p := range group {
				if p.Present[f.ID] > 0 {
					n++
				}
			}
			series[g] = append(series[g], percentBar(n, len(group), fmt.Sprintf("%s%% (%d/%d)", percentLabel(n, len(group)), n, len(group))))
			row = append(row, fmt.Sprintf("%d of %d", n, len(group)), percentCell(n, len(group)))
		}
		cats = append(cats, f.ID+" "+f.Label)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	switch {
	case len(factors) == 0:
		c.Empty = "The codebook has no enabling or hindering factors, so there is nothing to chart."
		return c
	case len(kids[0])+len(kids[1]) == 0:
		c.Empty = noChildren
		return c
	}
	c.Height = barHeight(c, len(cats), 2)
	bar := ec.NewBar()
	bar.SetGlobalOptions(common(c, []string{blue, orange})...)
	bar.SetGlobalOptions(
		ec.WithXAxisOpts(valueAxis("% of the group's children who raised the factor", 100)),
		ec.WithYAxisOpts(categoryAxis("Factor")),
	)
	bar.SetXAxis(cats)
	bar.AddSeries(fmt.Sprintf("Desisters (n=%d)", len(kids[0])), series[0], barLabels())
	bar.AddSeries(fmt.Sprintf("Persisters (n=%d)", len(kids[1])), series[1], barLabels())
	bar.XYReversal()
	bar.Validate()
	c.option = finish(&c, bar.JSON())
	return c
}

// domainsChart: the percentage of desisting and of persisting children
// who spoke to each domain.
func domainsChart(rep *Report) chart {
	kids := rep.children()
	c := chart{
		Name:  "domains-by-group",
		Title: "Inspection domains: % of children who desisted and of children who persisted who spoke to each",
		Base: childrenBase(kids) + " A child spoke to a domain when at least one of their statements was given the domain's code or one of its factors, " +
			"present or absent. Each spoke runs from 0 to 100%.",
	}
	var domains []Code
	for _, code := range rep.Codes {
		if code.Type == domain {
			domains = append(domains, code)
		}
	}
	c.Table = table{
		Caption: "Children who spoke to each domain, by group",
		Header:  []string{"Domain", "Codes counted", "Desisters", "Desisters %", "Persisters", "Persisters %"},
		Num:     []bool{false, false, true, true, true, true},
	}
	var indicators []*opts.Indicator
	var values [2][]any
	for _, d := range domains {
		members := []string{d.ID}
		for _, code := range rep.Codes {
			if code.Type != domain && code.Domain == d.ID {
				members = append(members, code.ID)
			}
		}
		row := []string{d.ID + " " + d.Label, strings.Join(members, ", ")}
		for g, group := range kids {
			n := 0
			for _, p := range group {
				if slices.ContainsFunc(members, func(id string) bool { return p.mentions(id) > 0 }) {
					n++
				}
			}
			values[g] = append(values[g], percentValue(n, len(group)))
			row = append(row, fmt.Sprintf("%d of %d", n, len(group)), percentCell(n, len(group)))
		}
		indicators = append(indicators, &opts.Indicator{Name: d.ID + " " + d.Label, Max: 100})
		c.Table.Rows = append(c.Table.Rows, row)
	}
	switch {
	case len(domains) == 0:
		c.Empty = "The codebook has no domain codes, so there is nothing to chart."
		return c
	case len(kids[0])+len(kids[1]) == 0:
		c.Empty = noChildren
		return c
	}
	c.Height = titleHeight(c) + 40 + 460
	radar := ec.NewRadar()
	radar.SetGlobalOptions(common(c, []string{blue, orange})...)
	radar.SetGlobalOptions(ec.WithRadarComponentOpts(opts.RadarComponent{
		Indicator: indicators, Shape: "polygon", SplitNumber: 5,
		AxisName: &opts.AxisName{Color: "#222", FontSize: 12},
	}))
	label := ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{c}%", FontSize: 11})
	area := ec.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)})
	for g, name := range []string{"Desisters", "Persisters"} {
		if len(kids[g]) == 0 {
			continue
		}
		name := fmt.Sprintf("%s (n=%d)", name, len(kids[g]))
		radar.AddSeries(name, []opts.RadarData{{Name: name, Value: values[g]}}, label, area)
	}
	radar.Validate()
	option := finish(&c, radar.JSON())
	delete(option, "grid")
	setPath(option, "50%", "radar", "radius")
	setPath(option, []any{"50%", titleHeight(c) + 40 + 230}, "radar", "center")
	c.option = option
	return c
}

// codesByYOTChart: statements given each code, by youth offending team.
func codesByYOTChart(rep *Report) chart {
	c := chart{
		Name:  "codes-by-yot",
		Title: "Codes by youth offending team: statements given each code, from everyone interviewed and every case record",
	}
	const noYOT = "(no YOT given)"
	yotOf := func(p *Person) string { return cmp.Or(p.YOT, noYOT) }
	var yots []string
	statements := map[string]int{}
	interviews, records := 0, 0
	for i := range rep.People {
		p := &rep.People[i]
		if !slices.Contains(yots, yotOf(p)) {
			yots = append(yots, yotOf(p))
		}
		statements[yotOf(p)] += p.Statements
		if p.CaseRecord {
			records++
		} else {
			interviews++
		}
	}
	slices.SortFunc(yots, func(a, b string) int {
		return cmp.Or(cmp.Compare(boolInt(a == noYOT), boolInt(b == noYOT)), strings.Compare(a, b))
	})
	c.Base = fmt.Sprintf("All %d statements, by the YOT of the person who said them or of the case record they come from: %d people interviewed and the notes of %d case records, in %d YOTs. "+
		"Each cell: statements given the code, present or absent.", rep.Statements, interviews, records, len(yots))
	header := []string{"Code"}
	var cats []string
	for _, y := range yots {
		header = append(header, fmt.Sprintf("%s (n=%d statements)", y, statements[y]))
		cats = append(cats, fmt.Sprintf("%s\n(n=%d)", y, statements[y]))
	}
	c.Table = table{Caption: "Statements given each code, by YOT", Header: header, Num: numericAfter(1, len(header))}
	counts := make([][]int, len(rep.Codes))
	for i, code := range rep.Codes {
		counts[i] = make([]int, len(yots))
		for j := range rep.People {
			p := &rep.People[j]
			counts[i][slices.Index(yots, yotOf(p))] += p.mentions(code.ID)
		}
	}
	for i, code := range rep.Codes {
		row := []string{code.ID + " " + code.Label}
		for j := range yots {
			row = append(row, strconv.Itoa(counts[i][j]))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if rep.Statements == 0 || len(rep.Codes) == 0 {
		c.Empty = "There are no statements to chart."
		return c
	}
	c.option = heatmap(&c, cats, codeCats(rep.Codes), counts, "Youth offending team (n: statements)", false)
	return c
}

// codesByParticipantChart: statements given each code, by each person
// interviewed.
func codesByParticipantChart(rep *Report) chart {
	people := rep.interviewed()
	c := chart{
		Name:  "codes-by-participant",
		Title: "Codes by participant: statements given each code, for each person interviewed",
		Base: fmt.Sprintf("People interviewed: %d (%s); case records are not counted. Each cell: the person's statements given the code, present or absent.",
			len(people), roleList(rolesOf(people))),
	}
	header := []string{"Code"}
	var cats []string
	for _, p := range people {
		header = append(header, fmt.Sprintf("%s (%s)", p.ID, describe(p)))
		cats = append(cats, fmt.Sprintf("%s\n%s", p.ID, cmp.Or(p.Group, p.Role)))
	}
	c.Table = table{Caption: "Statements given each code, by participant", Header: header, Num: numericAfter(1, len(header))}
	counts := make([][]int, len(rep.Codes))
	for i, code := range rep.Codes {
		row := []string{code.ID + " " + code.Label}
		for _, p := range people {
			counts[i] = append(counts[i], p.mentions(code.ID))
			row = append(row, strconv.Itoa(p.mentions(code.ID)))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if len(people) == 0 || len(rep.Codes) == 0 {
		c.Empty = "No interview was read, so there is nothing to chart."
		return c
	}
	c.option = heatmap(&c, cats, codeCats(rep.Codes), counts, "Participant (with group, or role when there is no group)", len(people) > 14)
	return c
}

// cooccurrenceChart: statements given both of two codes.
func cooccurrenceChart(rep *Report) chart {
	multi := 0
	index := map[string]int{}
	for i, code := range rep.Codes {
		index[code.ID] = i
	}
	pairs := slices.Clone(rep.Pairs)
	for i, p := range pairs {
		if index[p.A] > index[p.B] {
			pairs[i].A, pairs[i].B = p.B, p.A
		}
	}
	pairs = slices.DeleteFunc(pairs, func(p Pair) bool {
		_, okA := index[p.A]
		_, okB := index[p.B]
		return !okA || !okB || p.A == p.B || p.Statements == 0
	})
	slices.SortFunc(pairs, func(a, b Pair) int {
		return cmp.Or(cmp.Compare(index[a.A], index[b.A]), cmp.Compare(index[a.B], index[b.B]))
	})
	used := map[string]bool{}
	for _, p := range pairs {
		used[p.A], used[p.B] = true, true
		multi += p.Statements
	}
	c := chart{
		Name:  "code-cooccurrence",
		Title: "Codes given together: statements given both of two codes, from everyone interviewed and every case record",
		Base: fmt.Sprintf("All %d statements, %d of them given at least one code. Each cell: statements given both codes, present or absent; "+
			"a statement with three codes counts once for each of its pairs. Only codes given with another code are shown.", rep.Statements, rep.Coded),
	}
	c.Table = table{
		Caption: "Statements given both codes",
		Header:  []string{"Code", "Given with", "Statements"},
		Num:     []bool{false, false, true},
	}
	var codes []Code
	for _, code := range rep.Codes {
		if used[code.ID] {
			codes = append(codes, code)
		}
	}
	counts := make([][]int, len(codes))
	for i := range codes {
		counts[i] = make([]int, len(codes))
		for j := range counts[i] {
			counts[i][j] = -1 // nothing drawn
		}
	}
	pos := map[string]int{}
	for i, code := range codes {
		pos[code.ID] = i
	}
	for _, p := range pairs {
		a, b := pos[p.A], pos[p.B]
		counts[a][b], counts[b][a] = p.Statements, p.Statements
		c.Table.Rows = append(c.Table.Rows, []string{label(rep.Codes[index[p.A]]), label(rep.Codes[index[p.B]]), strconv.Itoa(p.Statements)})
	}
	if len(pairs) == 0 {
		c.Empty = "No statement was given two codes, so there is nothing to chart."
		return c
	}
	cats := codeCats(codes)
	c.option = heatmap(&c, cats, cats, counts, "Code", len(codes) > 12)
	return c
}

// indicatorsChart: the case-record indicators by group.
func indicatorsChart(rep *Report) chart {
	c := chart{
		Name:  "case-indicators",
		Title: "Case-record indicators: % of cases where each holds, for all cases, desisters and persisters",
	}
	var groups []int // indexes into rep.CaseGroups with cases
	var sizes []string
	for g, cg := range rep.CaseGroups {
		if cg.Cases > 0 || g == 0 {
			groups = append(groups, g)
			sizes = append(sizes, fmt.Sprintf("%s n=%d", strings.ToLower(caseGroupName(cg.Name)), cg.Cases))
		}
	}
	c.Base = fmt.Sprintf("Case records: %s. Each bar: cases where the indicator holds (n) as a %% of the cases it applies to (N), with n/N as its label; "+
		"some indicators apply to some cases only (see their labels), and cases with a blank or n/a answer are left out.", strings.Join(sizes, ", "))
	header := []string{"Indicator"}
	for _, g := range groups {
		name := caseGroupName(rep.CaseGroups[g].Name)
		header = append(header, name+" n/N", name+" %")
	}
	c.Table = table{Caption: "Case-record indicators by group", Header: header, Num: numericAfter(1, len(header))}
	var cats []string
	series := make([][]opts.BarData, len(groups))
	for _, ind := range rep.Indicators {
		row := []string{ind.ID + " " + ind.Label}
		for k, g := range groups {
			var f Fraction
			if g < len(ind.Counts) {
				f = ind.Counts[g]
			}
			series[k] = append(series[k], percentBar(f.N, f.D, fmt.Sprintf("%d/%d", f.N, f.D)))
			row = append(row, fmt.Sprintf("%d/%d", f.N, f.D), percentCell(f.N, f.D))
		}
		cats = append(cats, ind.ID+" "+ind.Label)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if rep.CaseRecords == 0 || len(rep.Indicators) == 0 || len(rep.CaseGroups) == 0 {
		c.Empty = "No case records were read, so there are no case-record indicators to chart."
		c.Base = "Case records: none."
		return c
	}
	c.Height = barHeight(c, len(cats), len(groups))
	colours := map[string]string{"desister": blue, "persister": orange}
	var cs []string
	for _, g := range groups {
		cs = append(cs, cmp.Or(colours[rep.CaseGroups[g].Name], grey))
	}
	bar := ec.NewBar()
	bar.SetGlobalOptions(common(c, cs)...)
	bar.SetGlobalOptions(
		ec.WithXAxisOpts(valueAxis("% of the cases the indicator applies to", 100)),
		ec.WithYAxisOpts(categoryAxis("Indicator")),
	)
	bar.SetXAxis(cats)
	for k, g := range groups {
		cg := rep.CaseGroups[g]
		bar.AddSeries(fmt.Sprintf("%s (n=%d)", caseGroupName(cg.Name), cg.Cases), series[k], barLabels())
	}
	bar.XYReversal()
	bar.Validate()
	c.option = finish(&c, bar.JSON())
	return c
}

func caseGroupName(name string) string {
	switch name {
	case "All":
		return "All cases"
	case "desister":
		return "Desisters"
	case "persister":
		return "Persisters"
	}
	return name
}

// perParticipantChart: each interviewee's statements given enabling
// factors, hindering factors, or both.
func perParticipantChart(rep *Report) chart {
	people := rep.interviewed()
	total, factored := 0, 0
	for _, p := range people {
		total += p.Statements
		factored += p.EnablingOnly + p.HinderingOnly + p.Both
	}
	c := chart{
		Name:  "statements-per-participant",
		Title: "Statements per participant: enabling against hindering factors, for each person interviewed",
		Base: fmt.Sprintf("People interviewed: %d (%s), with %d statements, %d of them given a factor as present; case records are not counted. "+
			"Each bar: a person's statements given enabling factors only, hindering factors only, or both, as present.",
			len(people), roleList(rolesOf(people)), total, factored),
	}
	c.Table = table{
		Caption: "Statements per participant",
		Header:  []string{"Participant", "Role", "Group", "YOT", "Statements", "Enabling only", "Hindering only", "Both"},
		Num:     []bool{false, false, false, false, true, true, true, true},
	}
	var cats []string
	var series [3][]opts.BarData
	for _, p := range people {
		c.Table.Rows = append(c.Table.Rows, []string{p.ID, p.Role, p.Group, p.YOT, strconv.Itoa(p.Statements),
			strconv.Itoa(p.EnablingOnly), strconv.Itoa(p.HinderingOnly), strconv.Itoa(p.Both)})
		cats = append(cats, fmt.Sprintf("%s (%s; %d statements)", p.ID, describe(p), p.Statements))
		for k, n := range []int{p.EnablingOnly, p.HinderingOnly, p.Both} {
			series[k] = append(series[k], opts.BarData{Value: n})
		}
	}
	if len(people) == 0 {
		c.Empty = "No interview was read, so there is nothing to chart."
		return c
	}
	c.Height = barHeight(c, len(cats), 1)
	bar := ec.NewBar()
	bar.SetGlobalOptions(common(c, []string{green, vermilion, purple})...)
	bar.SetGlobalOptions(
		ec.WithXAxisOpts(opts.XAxis{Type: "value", Name: "Statements given a factor as present", NameLocation: "middle", NameGap: 28, MinInterval: 1}),
		ec.WithYAxisOpts(categoryAxis("Participant")),
	)
	bar.SetXAxis(cats)
	stack := ec.WithBarChartOpts(opts.BarChart{Stack: "factors"})
	for k, name := range []string{"Enabling only", "Hindering only", "Both"} {
		bar.AddSeries(name, series[k], stack, ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "inside", FontSize: 11}))
	}
	bar.XYReversal()
	bar.Validate()
	option := finish(&c, bar.JSON())
	// Hide the labels of empty segments.
	drawn, _ := option["series"].([]any)
	for _, s := range drawn {
		s, _ := s.(map[string]any)
		data, _ := s["data"].([]any)
		for _, d := range data {
			if d, ok := d.(map[string]any); ok && d["value"] == json.Number("0") {
				d["label"] = map[string]any{"show": false}
			}
		}
	}
	c.option = option
	return c
}

// describe is a person's role and group, for labels.
func describe(p *Person) string {
	var parts []string
	for _, s := range []string{p.Role, p.Group} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "no role or group given"
	}
	return strings.Join(parts, ", ")
}

func rolesOf(people []*Person) map[string]int {
	roles := map[string]int{}
	for _, p := range people {
		roles[p.Role]++
	}
	return roles
}

func label(c Code) string { return c.ID + " " + c.Label }

func codeCats(codes []Code) []string {
	var cats []string
	for _, c := range codes {
		cats = append(cats, label(c))
	}
	return cats
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func numericAfter(first, n int) []bool {
	num := make([]bool, n)
	for i := first; i < n; i++ {
		num[i] = true
	}
	return num
}

// percentValue is 100·n/d to one decimal place, or "-" (ECharts' empty
// value) when d is 0.
func percentValue(n, d int) any {
	if d == 0 {
		return "-"
	}
	return math.Round(1000*float64(n)/float64(d)) / 10
}

func percentLabel(n, d int) string {
	if d == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(percentValue(n, d).(float64), 'f', -1, 64)
}

// percentCell is the table's percentage: one decimal place, blank when
// d is 0.
func percentCell(n, d int) string {
	if d == 0 {
		return ""
	}
	return strconv.FormatFloat(percentValue(n, d).(float64), 'f', 1, 64)
}

// percentBar is one bar of a percentage chart, labelled with text.
func percentBar(n, d int, text string) opts.BarData {
	return opts.BarData{Value: percentValue(n, d), Label: &opts.Label{Show: opts.Bool(true), Formatter: labelText(text)}}
}

// labelText makes text safe as an ECharts formatter string, in which
// braces and pipes mark templates and rich text.
func labelText(s string) string {
	return strings.NewReplacer("{", "(", "}", ")", "|", "/").Replace(s)
}

func barLabels() ec.SeriesOpts {
	return ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", FontSize: 11})
}

func valueAxis(name string, max int) opts.XAxis {
	return opts.XAxis{Type: "value", Name: name, NameLocation: "middle", NameGap: 28, Min: 0, Max: max}
}

func categoryAxis(name string) opts.YAxis {
	return opts.YAxis{
		Type: "category", Name: name, NameLocation: "start", Inverse: opts.Bool(true),
		AxisLabel: &opts.AxisLabel{Width: 300, Overflow: "truncate", Interval: "0", ShowMinLabel: opts.Bool(true), ShowMaxLabel: opts.Bool(true)},
	}
}

// Layout, in pixels.
const (
	titleLine    = 22 // a line of the title
	subtitleLine = 16 // a line of the subtitle
	titleWrap    = 80 // characters
	subtitleWrap = 125
)

func titleHeight(c chart) int {
	return 10 + titleLine*len(wrap(c.Title, titleWrap)) + 6 + subtitleLine*len(wrap(c.Base, subtitleWrap))
}

// barHeight fits cats categories of k bars each.
func barHeight(c chart, cats, k int) int {
	return titleHeight(c) + 40 + 30 + cats*(k*15+14) + 60
}

// common are the options every chart has: its ID, title and base, the
// save-as-image control, ARIA, no animation (so that a chart saved or
// printed is complete) and its colours.
func common(c chart, colours []string) []ec.GlobalOpts {
	return []ec.GlobalOpts{
		ec.WithInitializationOpts(opts.Initialization{ChartID: "desist-" + c.Name, Width: "100%", Height: fmt.Sprintf("%dpx", c.Height)}),
		ec.WithTitleOpts(opts.Title{
			Title:         strings.Join(wrap(c.Title, titleWrap), "\n"),
			Subtitle:      strings.Join(wrap(c.Base, subtitleWrap), "\n"),
			TitleStyle:    &opts.TextStyle{FontSize: 16, Color: "#222"},
			SubtitleStyle: &opts.TextStyle{FontSize: 12, Color: "#444"},
			Left:          "10",
			Top:           "5",
		}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: strconv.Itoa(titleHeight(c) + 8), Left: "10"}),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		ec.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "10", Top: "5", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: c.Name, Title: "Save as PNG"},
		}}),
		ec.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true)}}),
		ec.WithAnimation(false),
		ec.WithColorsOpts(colours),
		ec.WithGridOpts(opts.Grid{Left: "10", Right: "90", Top: strconv.Itoa(titleHeight(c) + 40 + 30), Bottom: "50", ContainLabel: opts.Bool(true)}),
	}
}

// heatmap builds a heatmap of counts[y][x] (a negative count is left
// out) and sets the chart's height.
func heatmap(c *chart, xCats, yCats []string, counts [][]int, xName string, rotate bool) map[string]any {
	xLabelH := 60
	if rotate {
		xLabelH = 110
	}
	c.Height = titleHeight(*c) + 40 + 30 + len(yCats)*24 + xLabelH + 60
	maxV := 1
	var data []opts.HeatMapData
	for y, row := range counts {
		for x, v := range row {
			if v < 0 {
				continue
			}
			maxV = max(maxV, v)
			data = append(data, opts.HeatMapData{Value: [3]int{x, y, v}})
		}
	}
	hm := ec.NewHeatMap()
	hm.SetGlobalOptions(common(*c, palette)...)
	xAxis := opts.XAxis{Type: "category", Name: xName, NameLocation: "middle", NameGap: xLabelH - 10, Data: xCats,
		SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
		AxisLabel: &opts.AxisLabel{Interval: "0", ShowMinLabel: opts.Bool(true), ShowMaxLabel: opts.Bool(true)}}
	if rotate {
		xAxis.AxisLabel.Rotate = 45
	}
	yAxis := categoryAxis("Code")
	yAxis.Data = yCats
	yAxis.SplitArea = &opts.SplitArea{Show: opts.Bool(true)}
	hm.SetGlobalOptions(
		ec.WithXAxisOpts(xAxis),
		ec.WithYAxisOpts(yAxis),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		ec.WithVisualMapOpts(opts.VisualMap{
			Type: "continuous", Calculable: opts.Bool(false), Min: 0, Max: float32(maxV),
			Text: []string{"more statements", "fewer"}, InRange: &opts.VisualMapInRange{Color: heatColours},
			Orient: "vertical", Right: "10", Top: strconv.Itoa(titleHeight(*c) + 40 + 30),
		}),
	)
	hm.AddSeries("Statements", data, ec.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: "#000", FontSize: 11}))
	hm.Validate()
	option := finish(c, hm.JSON())
	setPath(option, 0, "visualMap", "0", "min")
	setPath(option, "140", "grid", "0", "right")
	setPath(option, 15, "xAxis", "0", "axisLabel", "lineHeight")
	return option
}

// finish turns go-echarts' option into plain JSON values and adds what
// go-echarts has no field for. On error it records the error in c and
// returns an empty option.
func finish(c *chart, raw map[string]any) map[string]any {
	option := map[string]any{}
	b, err := json.Marshal(raw)
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		err = dec.Decode(&option)
	}
	if err != nil {
		c.err = fmt.Errorf("building chart %s: %w", c.Name, err)
		return map[string]any{}
	}
	setPath(option, 2, "toolbox", "feature", "saveAsImage", "pixelRatio")
	setPath(option, "#FFFFFF", "toolbox", "feature", "saveAsImage", "backgroundColor")
	setPath(option, true, "tooltip", "confine")
	setPath(option, titleLine, "title", "textStyle", "lineHeight")
	setPath(option, subtitleLine, "title", "subtextStyle", "lineHeight")
	setPath(option, 6, "title", "itemGap")
	setPath(option, false, "animation")
	return option
}

// setPath sets a value inside decoded JSON, creating objects on the way;
// a key of digits indexes an array.
func setPath(v any, value any, path ...string) {
	for i, key := range path {
		last := i == len(path)-1
		switch node := v.(type) {
		case map[string]any:
			if last {
				node[key] = value
				return
			}
			next, ok := node[key]
			if !ok || next == nil {
				next = map[string]any{}
				node[key] = next
			}
			v = next
		case []any:
			n, err := strconv.Atoi(key)
			if err != nil || n < 0 || n >= len(node) {
				return
			}
			if last {
				node[n] = value
				return
			}
			v = node[n]
		default:
			return
		}
	}
}

// wrap breaks s into lines of at most width characters, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
