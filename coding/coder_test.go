package coding

import (
	"strings"
	"testing"
)

func mustSmall(t testing.TB) *Codebook {
	t.Helper()
	cb, err := Parse("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// codesOf renders assignments as "E1+ H2-" (code, then + present or -
// absent).
func codesOf(as []Assignment) string {
	var parts []string
	for _, a := range as {
		pol := "+"
		if a.Polarity == Absent {
			pol = "-"
		}
		parts = append(parts, a.Code.ID+pol)
	}
	return strings.Join(parts, " ")
}

func TestCoder(t *testing.T) {
	c := NewCoder(mustSmall(t))
	tests := []struct {
		name, text, want string
	}{
		{"cue present", "She really listened to me.", "E1+"},
		{"negated enabling becomes its opposite", "My worker never listened to me.", "H2+"},
		{"negator at a distance", "Nobody at that place ever listened to me.", "H2+"},
		{"negator inside a gap", "She never once listened to me.", "H2+"},
		{"negator in a gap of a family cue", "My nan never really stood by me.", "E2-"},
		{"contracted negator", "He didn't listen to me at all.", "H2+"},
		{"negation does not cross a clause", "I was never in trouble at home, and she listened to me.", "E1+"},
		{"no domain beside a factor", "At school she listened to me.", "E1+"},
		{"domain ignores negation", "I never went to college.", "D2+"},
		{"negation does not cross but", "Not the first one but the second listened to me", "E1+"},
		{"hypothetical describes what was missing", "If they had listened to me it would have been different.", "H2+"},
		{"negated hypothetical says it was there", "If she hadn't listened to me I wouldn't have gone.", "E1+"},
		{"family excluded from worker code", "My mum listened to me when nobody else did.", "E2+"},
		{"hindering present", "They kept changing my worker.", "H3+"},
		{"hindering negated is absent", "They never kept changing it, I had the same one.", "H3-"},
		{"several codes", "She never judged me and I could talk to her about anything.", "E1+"},
		{"negated hindering is its enabling opposite", "She never judged me.", "E1+"},
		{"two codes", "They kept changing my worker but I could talk to him about anything.", "E1+ H3+"},
		{"opposite merges with its own cue", "She judged me and never listened to me.", "H2+"},
		{"domain alone", "My worker came round on Tuesday.", "D1+"},
		{"domain not given beside its factor", "My worker listened to me.", "E1+"},
		{"absent cue", "I'm still with the same lot.", "E5-"},
		{"family named after the cue is not who it is about", "He talked down to me in front of my mum.", "H2+"},
		{"negated absent cue", "I'm not with the same lot any more.", "E5+"},
		{"enabling absent cue stays absent", "There was no one I could trust there.", "E1-"},
		{"as if is not a condition", "It's not as if she judged me.", "E1+"},
		{"if I'm honest is not a condition", "If I'm honest she talked down to me.", "H2+"},
		{"negated say cancels a negator", "I can't say nobody listened to me.", "E1+"},
		{"not like cancels a later negator", "It's not like she didn't listen to me.", "E1+"},
		{"not like cancels an earlier one", "It's not like nobody listened to me.", "E1+"},
		{"didn't not", "Honestly she didn't not listen to me.", "E1+"},
		{"not like alone negates", "It's not like she listened to me.", "H2+"},
		{"someone else's relative is not family", "Jayden's dad talked down to me.", "H2+"},
		{"she after a family member in the sentence", "My nan was strict, she talked down to me.", ""},
		{"he after reported speech keeps its code", "My dad said he talked down to me.", "H2+"},
		{"nobody can say frames a negator in a gap", "Nobody can say my nan never stood by me.", "E2+"},
		{"both readings of an enabling code", "She listened to me at first, but then nobody listened to me.", "E1+ H2+"},
		{"a plain absent cue decides the polarity", "I made new friends but I'm still with the same lot.", "E5-"},
		{"someone named in a later clause is not who it is about", "Talked down to me every week, and my mum was fuming.", "H2+"},
		{"each match is read for whom it is about", "My dad talked down to me, and my worker talked down to me.", "H2+"},
		{"a name said to the listener is not who it is about", "Honestly mum, he talked down to me.", "H2+"},
		{"a condition ends where the main clause's subject comes", "If you ask them about it he talked down to me.", "H2+"},
		{"an absent cue inside a cue's match is read with it", "I stopped seeing the same lot.", "E5+"},
		{"would have is a counterfactual", "She would have listened to me, maybe.", "H2+"},
		{"not like denies a cue that names the negative", "It's not like she never judged me.", "H2+"},
		{"nothing", "We went to the shops.", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Code(tt.text)
			if s := codesOf(got); s != tt.want {
				t.Errorf("Code(%q) = %q, want %q", tt.text, s, tt.want)
				for _, a := range got {
					t.Logf("  %s: %s (%.2f)", a.Code.ID, a.Cue, a.Confidence)
				}
			}
			for _, a := range got {
				if a.Cue == "" || a.Confidence <= 0 || a.Confidence > 1 {
					t.Errorf("%s: cue %q confidence %v", a.Code.ID, a.Cue, a.Confidence)
				}
			}
		})
	}
}

func TestCoderCueExplains(t *testing.T) {
	c := NewCoder(mustSmall(t))
	got := c.Code("My worker never listened to me.")
	if len(got) != 1 {
		t.Fatalf("got %d codes, want 1", len(got))
	}
	want := `E1 described as missing: negated ("never"): listen ... to me → "listened to me"`
	if got[0].Cue != want {
		t.Errorf("Cue = %q, want %q", got[0].Cue, want)
	}
}

func TestConfidenceRises(t *testing.T) {
	c := NewCoder(mustSmall(t))
	one := c.Code("She listened to me.")
	two := c.Code("She listened to me, I could talk to her about anything.")
	if len(one) != 1 || len(two) != 1 {
		t.Fatalf("got %q and %q", codesOf(one), codesOf(two))
	}
	if two[0].Confidence <= one[0].Confidence {
		t.Errorf("two cues gave confidence %.2f, one cue %.2f: want it higher", two[0].Confidence, one[0].Confidence)
	}
}

func BenchmarkCoder(b *testing.B) {
	c := NewCoder(mustSmall(b))
	text := "Honestly my worker never really listened to me, she kept changing and I could talk to him about anything at college."
	for b.Loop() {
		c.Code(text)
	}
}

func TestHinderingOpposite(t *testing.T) {
	src := small + `  - id: H4
    type: hindering
    domain: D1
    label: Turnover, with an opposite
    opposite: E1
    cues: [start again]
`
	cb, err := Parse("small.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(cb)
	for text, want := range map[string]string{
		"I had to start again with her.":       "H4+",
		"I never had to start again with her.": "E1+",
	} {
		if got := codesOf(c.Code(text)); got != want {
			t.Errorf("Code(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestDomainBeside(t *testing.T) {
	src := strings.Replace(small, "    cues: [\"school|college\"]\n", "    cues: [\"school|college\"]\n    beside: [H3]\n", 1)
	cb, err := Parse("small.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCoder(cb)
	for text, want := range map[string]string{
		"They kept changing my worker at college.": "D2+ H3+",
		"She talked down to me at college.":        "H2+",
		"I go to college.":                         "D2+",
	} {
		if got := codesOf(c.Code(text)); got != want {
			t.Errorf("Code(%q) = %q, want %q", text, got, want)
		}
	}
	bad := strings.Replace(small, "    cues: [\"school|college\"]\n", "    cues: [\"school|college\"]\n    beside: [D1, X9]\n", 1)
	if _, err := Parse("bad.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "beside D1 is not a factor") || !strings.Contains(err.Error(), "beside X9") {
		t.Errorf("Parse with bad beside: %v", err)
	}
}
