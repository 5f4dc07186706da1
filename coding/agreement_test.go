package coding

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// TestKappaWorkedExamples checks Cohen's kappa against published worked
// examples.
func TestKappaWorkedExamples(t *testing.T) {
	tests := []struct {
		name                       string
		both, refOnly, candOnly, n int
		want                       float64
	}{
		// Wikipedia, "Cohen's kappa", worked example: 50 proposals, both
		// readers yes 20, A yes B no 5, A no B yes 10, both no 15:
		// po = 0.7, pe = 0.5, kappa = 0.4.
		{"Wikipedia grant proposals", 20, 5, 10, 15, 0.4},
		// Feinstein and Cicchetti (1990), "High agreement but low kappa:
		// I. The problems of two paradoxes", J Clin Epidemiol 43(6):543-9.
		// Both tables have po = 0.85; balanced margins give kappa 0.70,
		// while with high chance agreement (one answer 85-90% of the
		// time) the same po gives only 0.32.
		{"Feinstein-Cicchetti balanced", 40, 9, 6, 45, 0.70},
		{"Feinstein-Cicchetti high chance agreement", 80, 10, 5, 5, 0.32},
		// Perfect agreement, and agreement no better than chance.
		{"perfect", 10, 0, 0, 30, 1},
		{"chance", 25, 25, 25, 25, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Confusion{Both: tt.both, RefOnly: tt.refOnly, CandOnly: tt.candOnly, Neither: tt.n}
			if got := c.Kappa(); !near(got, tt.want) {
				t.Errorf("kappa = %.4f, want %.2f", got, tt.want)
			}
		})
	}
	t.Run("undefined when both always say no", func(t *testing.T) {
		if k := (Confusion{Neither: 10}).Kappa(); !math.IsNaN(k) {
			t.Errorf("kappa = %v, want NaN", k)
		}
	})
}

// TestF1WorkedExample checks precision, recall and F1 against the worked
// example of Wikipedia's "Precision and recall" article: a program finds 8
// dogs in a picture of 12 dogs and 10 cats, and 5 of the 8 are dogs, so
// precision is 5/8, recall 5/12 and F1 = 2·5 / (2·5 + 3 + 7) = 0.5.
func TestF1WorkedExample(t *testing.T) {
	c := Confusion{Both: 5, CandOnly: 3, RefOnly: 7, Neither: 7}
	if got := c.Precision(); !near(got, 5.0/8) {
		t.Errorf("precision = %v, want 0.625", got)
	}
	if got := c.Recall(); !near(got, 5.0/12) {
		t.Errorf("recall = %v, want 0.417", got)
	}
	if got := c.F1(); !near(got, 0.5) {
		t.Errorf("F1 = %v, want 0.5", got)
	}
	p, r := c.Precision(), c.Recall()
	if got := 2 * p * r / (p + r); !near(got, c.F1()) {
		t.Errorf("harmonic mean %v differs from F1 %v", got, c.F1())
	}
	if f := (Confusion{Neither: 3}).F1(); !math.IsNaN(f) {
		t.Errorf("F1 with no codes at all = %v, want NaN", f)
	}
}

func TestConfusionAddMerge(t *testing.T) {
	var a, b Confusion
	for _, v := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}, {true, true}} {
		a.Add(v[0], v[1])
	}
	b.Add(true, true)
	a.Merge(b)
	if a.Both != 3 || a.RefOnly != 1 || a.CandOnly != 1 || a.Neither != 1 || a.N() != 6 {
		t.Errorf("got %+v", a)
	}
}

// TestKrippendorffAlphaWorkedExamples checks alpha against the worked
// examples of Krippendorff (2011), "Computing Krippendorff's
// Alpha-Reliability", Annenberg School for Communication, University of
// Pennsylvania: section A (binary data, two observers, no missing values,
// alpha = 0.095) and section C (nominal data, four observers, missing
// values, alpha = 0.743).
func TestKrippendorffAlphaWorkedExamples(t *testing.T) {
	cols := func(coders ...string) [][]string {
		// Each string is one coder's values over the units; "." is missing.
		units := make([][]string, len(coders[0]))
		for u := range units {
			for _, c := range coders {
				v := string(c[u])
				if v == "." {
					v = Missing
				}
				units[u] = append(units[u], v)
			}
		}
		return units
	}
	tests := []struct {
		name  string
		units [][]string
		want  float64
	}{
		{"Krippendorff 2011 A: binary, two observers", cols(
			"0100000010",
			"1110010000",
		), 0.095},
		{"Krippendorff 2011 C: nominal, four observers, missing values", cols(
			"123321412...",
			"1233224125.3",
			".3332342251.",
			"12332441251.",
		), 0.743},
		{"perfect agreement", cols("aabba", "aabba"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KrippendorffAlpha(tt.units); !near(got, tt.want) {
				t.Errorf("alpha = %.4f, want %.3f", got, tt.want)
			}
		})
	}
	t.Run("undefined without variation", func(t *testing.T) {
		if a := KrippendorffAlpha(cols("aaa", "aaa")); !math.IsNaN(a) {
			t.Errorf("alpha = %v, want NaN", a)
		}
	})
	t.Run("no pairable unit", func(t *testing.T) {
		if a := KrippendorffAlpha(cols("a.", ".b")); !math.IsNaN(a) {
			t.Errorf("alpha = %v, want NaN", a)
		}
	})
}

// TestAlphaHighChanceAgreement checks that alpha, like kappa, is low when
// agreement is high only because one answer dominates: the second
// Feinstein and Cicchetti (1990) table (po = 0.85, one answer 85-90% of
// the time). By hand: 200 values, 175 yes and 25 no, 15 units that
// disagree; alpha = 1 − 199·30 / (200² − 175² − 25²) = 0.318.
func TestAlphaHighChanceAgreement(t *testing.T) {
	c := Confusion{Both: 80, RefOnly: 10, CandOnly: 5, Neither: 5}
	if got := c.Alpha(); !near(got, 0.318) {
		t.Errorf("alpha = %.4f, want 0.318", got)
	}
	balanced := Confusion{Both: 40, RefOnly: 9, CandOnly: 6, Neither: 45}
	if a, k := balanced.Alpha(), balanced.Kappa(); math.Abs(a-k) > 0.01 {
		t.Errorf("balanced margins: alpha %.3f and kappa %.3f should nearly agree", a, k)
	}
}
