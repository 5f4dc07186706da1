package coding

import (
	"errors"
	"strings"
	"testing"
)

// small is a valid codebook used across the tests.
const small = `name: test codebook
version: 1
referents:
  worker: [worker, yot]
  family: ["mum|dad|nan"]
codes:
  - id: D1
    type: domain
    label: Relationships
    cues: [my worker]
  - id: D2
    type: domain
    label: Social context
    cues: ["school|college"]
  - id: E1
    type: enabling
    domain: D1
    label: Trusting relationship
    opposite: H2
    about: worker
    cues:
      - listen ... to me
      - could talk to (her|him) about anything
    absent_cues:
      - no one i ... trust*
    except:
      - mum|dad|nan
  - id: E2
    type: enabling
    domain: D2
    label: Family belonging
    cues:
      - mum|dad|nan ... listen*
      - stood by me
  - id: E5
    type: enabling
    domain: D2
    label: New peers
    cues: [new friends, stopped seeing the same]
    absent_cues: [same lot]
  - id: H2
    type: hindering
    domain: D1
    label: Poor relationship
    about: worker
    cues:
      - talked down to me
      - "judg*"
  - id: H3
    type: hindering
    domain: D1
    label: Worker turnover
    cues:
      - kept changing
      - new worker
`

func TestParseValid(t *testing.T) {
	cb, err := Parse("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cb.Codes); got != 7 {
		t.Fatalf("got %d codes, want 7", got)
	}
	e1, ok := cb.Code("E1")
	if !ok {
		t.Fatal("E1 missing")
	}
	if e1.Type != Enabling || e1.Domain != "D1" || e1.Opposite != "H2" || len(e1.Cues) != 2 || len(e1.Except) != 1 {
		t.Errorf("E1 = %+v", e1)
	}
	if e1.Line != 15 {
		t.Errorf("E1 at line %d, want 15", e1.Line)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // each must appear in the error, with its line
	}{
		{"unknown field", "codes:\n  - id: D1\n    type: domain\n    label: x\n    colour: red\n",
			[]string{`x.yaml:5: unknown field "colour" in a code`}},
		{"unknown top-level field", "nmae: x\ncodes:\n  - id: D1\n    type: domain\n    label: x\n",
			[]string{`x.yaml:1: unknown field "nmae" in codebook`}},
		{"duplicate ID", "codes:\n  - id: D1\n    type: domain\n    label: x\n  - id: D1\n    type: domain\n    label: y\n",
			[]string{"x.yaml:5: duplicate code ID D1 (first defined at line 2)"}},
		{"factor without domain", "codes:\n  - id: E1\n    type: enabling\n    label: x\n",
			[]string{"x.yaml:2: code E1: a enabling factor needs a domain"}},
		{"domain not defined", "codes:\n  - id: E1\n    type: enabling\n    domain: D9\n    label: x\n",
			[]string{"x.yaml:2: code E1: domain D9 is not defined"}},
		{"domain not a domain", "codes:\n  - id: D1\n    type: domain\n    label: d\n  - id: E1\n    type: enabling\n    domain: D1\n    label: x\n  - id: E2\n    type: enabling\n    domain: E1\n    label: y\n",
			[]string{"x.yaml:9: code E2: domain E1 is a enabling code, not a domain"}},
		{"broken pattern", "codes:\n  - id: D1\n    type: domain\n    label: x\n    cues:\n      - fine\n      - listen ...\n",
			[]string{`x.yaml:7: code D1: broken pattern "listen ..." in cues: pattern cannot end with "..."`}},
		{"bad type", "codes:\n  - id: D1\n    type: domian\n    label: x\n",
			[]string{`x.yaml:3: code D1: unknown type "domian"`}},
		{"no label", "codes:\n  - id: D1\n    type: domain\n",
			[]string{"x.yaml:2: code D1: no label"}},
		{"not YAML", "codes: [\n", []string{"x.yaml:1: not valid YAML"}},
		{"no codes", "name: x\n", []string{"x.yaml:1: no codes"}},
		{"several problems reported together", "codes:\n  - id: D1\n    type: domain\n    label: x\n    cues: [\"a||b\"]\n  - id: D1\n    type: domain\n    label: y\n",
			[]string{"x.yaml:5: code D1: broken pattern", "x.yaml:6: duplicate code ID D1"}},
		{"hindering opposite not enabling", "codes:\n  - id: D1\n    type: domain\n    label: d\n  - id: H1\n    type: hindering\n    domain: D1\n    label: x\n    opposite: H1\n",
			[]string{"x.yaml:5: code H1: opposite H1 must be an enabling code"}},
		{"opposite on a domain code", "codes:\n  - id: D1\n    type: domain\n    label: d\n    opposite: D1\n",
			[]string{"x.yaml:2: code D1: only an enabling or hindering code can have an opposite"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain %q", err, w)
				}
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.File != "x.yaml" || se.Line < 1 {
				t.Errorf("error %v is not a *SyntaxError with file and line", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte("codes:\n  - id: D1\n    type: domain\n    label: x\n"))
	f.Add([]byte("codes: [\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cb, err := Parse("fuzz.yaml", src)
		if err != nil {
			for _, e := range unjoin(err) {
				var se *SyntaxError
				if !errors.As(e, &se) || se.Line < 0 {
					t.Fatalf("error without a position: %v", e)
				}
			}
			return
		}
		for _, c := range cb.Codes {
			if c.ID == "" || c.Label == "" {
				t.Fatalf("accepted a code without ID or label: %+v", c)
			}
			if c.IsFactor() {
				if d, ok := cb.Code(c.Domain); !ok || d.Type != DomainT {
					t.Fatalf("accepted factor %s with domain %q", c.ID, c.Domain)
				}
			}
		}
		NewCoder(cb).Code("she listened to me and my nan stood by me")
	})
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
