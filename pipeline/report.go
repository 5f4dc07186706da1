package pipeline

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"desist/charts"
	"desist/coding"
)

// A reportBuilder gathers, as statements stream past, what the report page
// and the chart pages show: per person, how many statements and which
// codes; which codes occur together; and a few quotes per code.
type reportBuilder struct {
	people     map[personKey]*personReport
	order      []personKey // first-seen order
	pairs      map[[2]string]int
	quotes     map[string]map[string]quoteCandidate // code ID -> best candidate per participant
	statements int
	coded      int
	codes      int
	seq        int
}

// personKey tells people apart before the case records are known: a case
// record's statements have the case sheet as source, so one participant
// with several transcripts has several keys, merged in build.
type personKey struct {
	participant, source string
}

type personReport struct {
	role, group, yot                  string
	statements, coded                 int
	enablingOnly, hinderingOnly, both int
	present, absent                   map[string]int
}

// A quoteCandidate is a statement that may be quoted for a code, with
// what ranks it. A large study keeps one for every code of every
// participant, so it holds no more than the quote needs.
type quoteCandidate struct {
	text, role, group string
	polarity          coding.Polarity
	conf              float64
	seq               int
	rank              int8 // quoteRoleRank(role)
}

// quote is c as the report gives it.
func (c quoteCandidate) quote(participant string) charts.Quote {
	return charts.Quote{Text: c.text, Participant: participant, Role: c.role, Group: c.group, Polarity: string(c.polarity)}
}

// maxQuote is the most characters of a statement the report quotes.
const maxQuote = 400

// quotesPerCode is how many quotes the report gives for each code.
const quotesPerCode = 4

func newReportBuilder(*tally) *reportBuilder {
	return &reportBuilder{
		people: map[personKey]*personReport{},
		pairs:  map[[2]string]int{},
		quotes: map[string]map[string]quoteCandidate{},
	}
}

// add is called for every statement, coded or not, in output order, after
// redaction.
func (rb *reportBuilder) add(s *Statement) {
	rb.seq++
	key := personKey{s.Participant, s.Source}
	p, ok := rb.people[key]
	if !ok {
		p = &personReport{role: s.Role, group: s.Group, yot: s.YOT, present: map[string]int{}, absent: map[string]int{}}
		rb.people[key] = p
		rb.order = append(rb.order, key)
	}
	p.statements++
	rb.statements++
	codes := s.final()
	if len(codes) == 0 {
		return
	}
	p.coded++
	rb.coded++
	rb.codes += len(codes)
	var ids []string
	var en, hi bool
	for _, a := range codes {
		id := a.Code.ID
		if a.Polarity == coding.Present {
			p.present[id]++
			en = en || a.Code.Type == coding.Enabling
			hi = hi || a.Code.Type == coding.Hindering
		} else {
			p.absent[id]++
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
		rb.offerQuote(id, s, a)
	}
	switch {
	case en && hi:
		p.both++
	case en:
		p.enablingOnly++
	case hi:
		p.hinderingOnly++
	}
	slices.Sort(ids)
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			rb.pairs[[2]string{a, b}]++
		}
	}
}

// quoteRoleRank orders roles for quoting: children's words first.
func quoteRoleRank(role string) int {
	switch role {
	case "child":
		return 0
	case "parent":
		return 1
	case "worker":
		return 2
	}
	return 3
}

// offerQuote keeps s as the quote for the code from its participant when
// it ranks above the one kept. (The best quote of each participant is all
// pickQuotes uses, whatever the source.)
func (rb *reportBuilder) offerQuote(code string, s *Statement, a coding.Assignment) {
	text := strings.TrimSpace(s.Text)
	if text == "" {
		return
	}
	if utf8.RuneCountInString(text) > maxQuote {
		text = string([]rune(text)[:maxQuote-1]) + "…"
	}
	c := quoteCandidate{text: text, role: s.Role, group: s.Group, polarity: a.Polarity,
		conf: a.Confidence, seq: rb.seq, rank: int8(quoteRoleRank(s.Role))}
	byPerson := rb.quotes[code]
	if byPerson == nil {
		byPerson = map[string]quoteCandidate{}
		rb.quotes[code] = byPerson
	}
	if old, ok := byPerson[s.Participant]; !ok || compareQuotes(c, old) < 0 {
		// A statement's text may be part of its turn's or line's: a
		// copy keeps the quote without the rest.
		c.text = strings.Clone(c.text)
		byPerson[s.Participant] = c
	}
}

// compareQuotes ranks quotes: present before absent, children before
// parents before workers, higher confidence, then earlier.
func compareQuotes(a, b quoteCandidate) int {
	return cmp.Or(
		cmp.Compare(falseFirst(a.polarity != coding.Present), falseFirst(b.polarity != coding.Present)),
		cmp.Compare(a.rank, b.rank),
		-cmp.Compare(a.conf, b.conf),
		cmp.Compare(a.seq, b.seq),
	)
}

func falseFirst(b bool) int {
	if b {
		return 1
	}
	return 0
}

// build returns the report's data. Redacted and Agreement are left for the
// caller to set.
func (rb *reportBuilder) build(cb *coding.Codebook, cases []*Case) *charts.Report {
	rep := &charts.Report{
		CaseRecords: len(cases),
		Statements:  rb.statements,
		Coded:       rb.coded,
		CodesGiven:  rb.codes,
		Quotes:      map[string][]charts.Quote{},
	}
	for _, c := range cb.Codes {
		rep.Codes = append(rep.Codes, charts.Code{ID: c.ID, Label: c.Label, Type: string(c.Type), Domain: c.Domain, Description: c.Description})
	}

	// People: a case record is a key whose participant and source are a
	// case's; every other key is an interview, merged by participant.
	isCase := map[personKey]bool{}
	for _, c := range cases {
		isCase[personKey{c.ID, c.Source}] = true
	}
	merged := map[string]int{} // participant -> index in rep.People, for interviews
	transcripts := map[string]bool{}
	for _, key := range rb.order {
		p := rb.people[key]
		if isCase[key] {
			rep.People = append(rep.People, reportPerson(key.participant, p, true))
			continue
		}
		transcripts[key.source] = true
		i, ok := merged[key.participant]
		if !ok {
			merged[key.participant] = len(rep.People)
			rep.People = append(rep.People, reportPerson(key.participant, p, false))
			continue
		}
		q := &rep.People[i]
		q.Role, q.Group, q.YOT = cmp.Or(q.Role, p.role), cmp.Or(q.Group, p.group), cmp.Or(q.YOT, p.yot)
		q.Statements += p.statements
		q.Coded += p.coded
		q.EnablingOnly += p.enablingOnly
		q.HinderingOnly += p.hinderingOnly
		q.Both += p.both
		for id, n := range p.present {
			q.Present[id] += n
		}
		for id, n := range p.absent {
			q.Absent[id] += n
		}
	}
	rep.Transcripts = len(transcripts)
	slices.SortStableFunc(rep.People, func(a, b charts.Person) int {
		return cmp.Or(cmp.Compare(falseFirst(a.CaseRecord), falseFirst(b.CaseRecord)), strings.Compare(a.ID, b.ID))
	})

	for _, pair := range slices.SortedFunc(maps.Keys(rb.pairs), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	}) {
		rep.Pairs = append(rep.Pairs, charts.Pair{A: pair[0], B: pair[1], Statements: rb.pairs[pair]})
	}

	for _, c := range cb.Codes {
		if qs := pickQuotes(rb.quotes[c.ID]); len(qs) > 0 {
			rep.Quotes[c.ID] = qs
		}
	}

	if len(cases) > 0 {
		groups := []struct {
			name string
			keep func(*Case) bool
		}{
			{"All", func(*Case) bool { return true }},
			{"desister", func(c *Case) bool { return c.Group == "desister" }},
			{"persister", func(c *Case) bool { return c.Group == "persister" }},
		}
		for _, g := range groups {
			n := 0
			for _, c := range cases {
				if g.keep(c) {
					n++
				}
			}
			rep.CaseGroups = append(rep.CaseGroups, charts.CaseGroup{Name: g.name, Cases: n})
		}
		for _, ind := range Indicators {
			ci := charts.Indicator{ID: ind.ID, Label: ind.Label}
			for _, g := range groups {
				t := ind.count(cases, g.keep)
				ci.Counts = append(ci.Counts, charts.Fraction{N: t.N, D: t.D})
			}
			rep.Indicators = append(rep.Indicators, ci)
		}
	}
	return rep
}

func reportPerson(id string, p *personReport, caseRecord bool) charts.Person {
	return charts.Person{
		ID: id, Role: p.role, Group: p.group, YOT: p.yot, CaseRecord: caseRecord,
		Statements: p.statements, Coded: p.coded,
		EnablingOnly: p.enablingOnly, HinderingOnly: p.hinderingOnly, Both: p.both,
		Present: maps.Clone(p.present), Absent: maps.Clone(p.absent),
	}
}

// pickQuotes chooses a code's quotes: the best from each person, ranked,
// taken in turn from desisters, persisters and everyone else so that both
// groups are heard, at most one per participant.
func pickQuotes(byPerson map[string]quoteCandidate) []charts.Quote {
	if len(byPerson) == 0 {
		return nil
	}
	type entry struct {
		participant string
		c           quoteCandidate
	}
	var pools [3][]entry
	for p, c := range byPerson {
		k := 2
		switch c.group {
		case "desister":
			k = 0
		case "persister":
			k = 1
		}
		pools[k] = append(pools[k], entry{p, c})
	}
	for k := range pools {
		slices.SortFunc(pools[k], func(a, b entry) int {
			return cmp.Or(compareQuotes(a.c, b.c), strings.Compare(a.participant, b.participant))
		})
	}
	var out []charts.Quote
	for len(out) < quotesPerCode {
		took := false
		for k := range pools {
			if len(pools[k]) == 0 || len(out) == quotesPerCode {
				continue
			}
			out = append(out, pools[k][0].c.quote(pools[k][0].participant))
			pools[k] = pools[k][1:]
			took = true
		}
		if !took {
			break
		}
	}
	return out
}
