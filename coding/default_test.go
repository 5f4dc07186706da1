package coding_test

import (
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
