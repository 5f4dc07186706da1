package charts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata")

func smallReport() *Report {
	return &Report{
		Participants: 5, Statements: 40, Coded: 12,
		Groups: []Group{{"desister", 3}, {"persister", 2}},
		Codes: []CodeRow{
			{ID: "E1", Label: "Trusting relationship <with> a worker", Type: "enabling", Domain: "D1", Participants: []int{3, 1}, Statements: []int{5, 1}},
			{ID: "H3", Label: "Frequent changes of worker", Type: "hindering", Domain: "D1", Participants: []int{0, 2}, Statements: []int{0, 4}},
			{ID: "D4", Label: "Structural barriers", Type: "domain", Participants: []int{1, 0}, Statements: []int{1, 0}},
		},
	}
}

func render(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPages(t *testing.T) {
	rep := smallReport()
	pages := map[string]string{
		"report.html": render(t, func(b *bytes.Buffer) error { return WriteReport(b, rep) }),
	}
	for _, p := range Pages(rep) {
		pages[p.Name] = render(t, func(b *bytes.Buffer) error { return p.Write(b) })
	}
	outside := regexp.MustCompile(`(src|href)\s*=\s*["']?(https?:)?//`)
	for name, html := range pages {
		t.Run(name, func(t *testing.T) {
			if outside.MatchString(html) {
				t.Errorf("%s refers to an outside host", name)
			}
			if strings.Contains(html, "<with>") {
				t.Errorf("%s does not escape labels", name)
			}
			for _, want := range []string{"E1", "desister (n=3)", "100%", "persister", "H3"} {
				if !strings.Contains(html, want) {
					t.Errorf("%s lacks %q", name, want)
				}
			}
			if strings.Contains(html, ">D4 Structural") {
				t.Errorf("%s charts a domain among the factors", name)
			}
			golden := filepath.Join("testdata", name)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(html), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./charts -update makes it)", err)
			}
			if html != string(want) {
				t.Errorf("%s differs from %s (go test ./charts -update if intended)", name, golden)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	rep := smallReport()
	tests := []struct {
		code, group int
		want        string
	}{{0, 0, "100.0"}, {0, 1, "50.0"}, {1, 0, "0.0"}}
	for _, tt := range tests {
		if got := rep.Percent(rep.Codes[tt.code], tt.group); got != tt.want {
			t.Errorf("Percent(%s, %s) = %q, want %q", rep.Codes[tt.code].ID, rep.Groups[tt.group].Name, got, tt.want)
		}
	}
	empty := &Report{Groups: []Group{{"desister", 0}}}
	if got := empty.Percent(CodeRow{Participants: []int{0}}, 0); got != "" {
		t.Errorf("Percent of an empty group = %q, want blank", got)
	}
}
