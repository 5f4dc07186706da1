package coding_test

import (
	"strings"
	"testing"

	"desist/coding"
	"desist/data"
)

func defaultCodebook(t testing.TB) *coding.Codebook {
	t.Helper()
	cb, err := coding.Parse(data.CodebookName, data.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// TestDefaultCodebookSpec checks the default codebook against the fixed
// IDs, types and domains of shared/codebook-spec.md.
func TestDefaultCodebookSpec(t *testing.T) {
	cb := defaultCodebook(t)
	spec := []struct {
		id     string
		typ    coding.Type
		domain string
	}{
		{"E1", coding.Enabling, "D1"}, {"E2", coding.Enabling, "D2"}, {"E3", coding.Enabling, "D1"},
		{"E4", coding.Enabling, "D2"}, {"E5", coding.Enabling, "D2"}, {"E6", coding.Enabling, "D5"},
		{"E7", coding.Enabling, "D8"},
		{"H1", coding.Hindering, "D5"}, {"H2", coding.Hindering, "D1"}, {"H3", coding.Hindering, "D1"},
		{"H4", coding.Hindering, "D4"}, {"H5", coding.Hindering, "D1"}, {"H6", coding.Hindering, "D3"},
		{"D1", coding.DomainT, ""}, {"D2", coding.DomainT, ""}, {"D3", coding.DomainT, ""}, {"D4", coding.DomainT, ""},
		{"D5", coding.DomainT, ""}, {"D6", coding.DomainT, ""}, {"D7", coding.DomainT, ""}, {"D8", coding.DomainT, ""},
	}
	for _, s := range spec {
		t.Run(s.id, func(t *testing.T) {
			c, ok := cb.Code(s.id)
			if !ok {
				t.Fatalf("%s missing", s.id)
			}
			if c.Type != s.typ || c.Domain != s.domain {
				t.Errorf("%s: type %s domain %q, want %s %q", s.id, c.Type, c.Domain, s.typ, s.domain)
			}
			if c.Label == "" || c.Description == "" || c.Include == "" || c.Exclude == "" {
				t.Errorf("%s: label, description, include and exclude notes are all required", s.id)
			}
			if len(c.Cues) < 4 || len(c.Examples) < 3 || len(c.NonExamples) < 2 {
				t.Errorf("%s: %d cues, %d examples, %d non-examples; want at least 4, 3, 2",
					s.id, len(c.Cues), len(c.Examples), len(c.NonExamples))
			}
		})
	}
}

// TestDefaultCodebookExamples codes every example and non-example of the
// default codebook: an example must get its code, a non-example must not.
func TestDefaultCodebookExamples(t *testing.T) {
	cb := defaultCodebook(t)
	coder := coding.NewCoder(cb)
	has := func(text, id string) (bool, []coding.Assignment) {
		as := coder.Code(text)
		for _, a := range as {
			if a.Code.ID == id {
				return true, as
			}
		}
		return false, as
	}
	for _, c := range cb.Codes {
		t.Run(c.ID, func(t *testing.T) {
			for _, ex := range c.Examples {
				if ok, as := has(ex, c.ID); !ok {
					t.Errorf("example not coded %s: %q (got %s)", c.ID, ex, describe(as))
				}
			}
			for _, ex := range c.NonExamples {
				if ok, as := has(ex, c.ID); ok {
					t.Errorf("non-example coded %s: %q (got %s)", c.ID, ex, describe(as))
				}
			}
		})
	}
}

func describe(as []coding.Assignment) string {
	s := ""
	for _, a := range as {
		s += a.Code.ID + " " + string(a.Polarity) + " [" + a.Cue + "]; "
	}
	if s == "" {
		return "nothing"
	}
	return s
}

// TestGoldRuleExamples codes the examples that the gold set's coding rules
// (coding/testdata/gold/README.md, rules 1-19) give, each with the codes
// the rule says it gets.
func TestGoldRuleExamples(t *testing.T) {
	coder := coding.NewCoder(defaultCodebook(t))
	for _, tt := range []struct{ text, want string }{
		{"He never judged me and he got me on the mechanics course.", "E1+ E3+"},
		{"My mum chose her boyfriend over me.", "E2-"},
		{"She never judged me.", "E1+"},
		{"It's not like I couldn't talk to him.", "E1+"},
		{"I never had to explain myself twice.", "E1+"},
		{"It wasn't like a lecture.", "H1-"},
		{"It wasn't one of them talk-at-you things.", "H1-"},
		{"I don't use the group packs with him.", "H1-"},
		{"We wrote the plan together.", "H5-"},
		{"He chose which goals came first.", "H5-"},
		{"My worker let me choose what we worked on.", "H5-"},
		{"His plan was built around his boxing.", "H6-"},
		{"We had sessions in the art room because I talk better when my hands are busy.", "H6-"},
		{"There wasn't one person at the YOT I'd have rung if something went wrong.", "E1-"},
		{"I never really clicked with anyone at the YOS.", "E1-"},
		{"It's not like she didn't care.", "E1+"},
		{"It's not like the letter meant nothing to me.", "E7+"},
		{"Don't let anyone tell you we didn't fight for him.", "E2+"},
		{"If I'd had one worker the whole time it would've been different.", "H3+"},
		{"I wish someone had listened.", "H2+"},
		{"If someone had sorted my college place I'd have gone.", "H4+"},
		{"If my dad had been around things would have been different.", "E2-"},
		{"If I had a girlfriend who wasn't into all that I'd be alright.", "E4-"},
		{"If I had not got on with my worker I wouldn't have gone.", "E1+"},
		{"Without him I'd be dead.", "E3+"},
		{"My mum told me my worker had rung her to say how proud she was of me.", "E3+"},
		{"He told me his mum had said she was done with him.", "E2-"},
		{"My mate said he's had five workers.", "H3+"},
		{"My dad sat up with me just listening.", "E2+"},
		{"My case manager saved me.", "E3+"},
		{"The YOT worker was the best thing that happened to me.", "E3+"},
		{"My mate's dad got me a job.", "E3+"},
		{"None of them thought I'd ever be anything but a criminal.", "E3-"},
		{"They'd already written me off.", "E3-"},
		{"She never believed a word I said.", "H2+"},
		{"Really life changing that was.", "H1+"},
		{"She lectured him every single week like a headmistress.", "H2+"},
		{"None of what they taught us helps when you're actually in it and someone's squaring up to you.", "E6- H1+"},
		{"Nobody ever taught me what to do when I get angry.", "E6-"},
		{"My reparation was Saturday mornings at the charity shop.", "D8+"},
		{"A letter of apology is offered in every referral order contract.", "D8+"},
		{"After a few weeks I stopped dreading Thursdays and just went.", "D1+"},
		{"I'm a plasterer's labourer now.", "D2+"},
		{"My older brother's doing a four stretch.", "D2+"},
		{"I'm not that girl anymore.", "D7+"},
		{"I always lied about everything.", "D7+"},
		{"I got permanently excluded in year ten.", "D4+"},
		{"There's no PRU place in the borough.", "D4+"},
		{"The CAMHS referral went in last March and he still hasn't been seen.", "H4+"},
		{"It's hard cos if you stop chilling with them they think you're a snitch.", "E5-"},
		{"If they'd asked me what I wanted I'd have said boxing, not some course about knives.", "H5+ H6+"},
		{"The victim was an old fella who ran the paper shop.", ""},
		{"Everyone used to call me a victim.", ""},
		{"My plan for the weekend is just sleep.", ""},
		{"I left the group chat.", ""},
		{"My mum's a support worker.", ""},
		{"I support Palace.", ""},
		{"Our managers changed the recording templates.", ""},
		{"I like to be kept busy.", ""},
		{"I was always getting into trouble because I got bored.", ""},
	} {
		var got []string
		for _, a := range coder.Code(tt.text) {
			pol := "+"
			if a.Polarity == coding.Absent {
				pol = "-"
			}
			got = append(got, a.Code.ID+pol)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, g, tt.want)
		}
	}
}

// TestWithoutCues checks that the bare copy of the codebook gives no code
// by itself, keeps its codes and referents, and leaves the original as it
// was.
func TestWithoutCues(t *testing.T) {
	cb := defaultCodebook(t)
	bare := cb.WithoutCues()
	const text = "My YOT worker really listened to me."
	tests := []struct {
		name  string
		cb    *coding.Codebook
		codes bool // whether text gets a code
	}{
		{"original still codes", cb, true},
		{"bare codes nothing", bare, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := coding.NewCoder(tt.cb).Code(text); (len(got) > 0) != tt.codes {
				t.Errorf("codes %v, want some: %v", got, tt.codes)
			}
		})
	}
	if len(bare.Codes) != len(cb.Codes) || len(bare.Referents) != len(cb.Referents) {
		t.Errorf("bare copy has %d codes and %d referents, want %d and %d", len(bare.Codes), len(bare.Referents), len(cb.Codes), len(cb.Referents))
	}
	for _, c := range cb.Codes {
		b, ok := bare.Code(c.ID)
		if !ok || b == c || len(b.Cues)+len(b.AbsentCues) > 0 || b.Label != c.Label {
			t.Errorf("bare %s: %+v", c.ID, b)
		}
	}
}
