package coding

import (
	"math"
	"slices"
	"sort"
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

// TestF1Interval checks the bootstrap interval against the exact bootstrap
// distribution, enumerated over every one of the n^n equally likely draws
// of a few statements: with enough resamples, the interval's ends are that
// distribution's quantiles (the smallest F1 whose cumulative share reaches
// (1−level)/2 and (1+level)/2; Efron and Tibshirani 1993, ch. 13).
func TestF1Interval(t *testing.T) {
	right, wrong, missed := Confusion{Both: 1}, Confusion{CandOnly: 1}, Confusion{RefOnly: 1}
	none := Confusion{Neither: 13}
	tests := []struct {
		name  string
		each  []Confusion
		level float64
	}{
		{"one right one wrong", []Confusion{right, wrong}, 0.95},
		{"right wrong missed", []Confusion{right, wrong, missed}, 0.9},
		{"mostly right", []Confusion{right, right, right, wrong, missed}, 0.8},
		{"with an uncoded statement", []Confusion{right, right, none, missed, {Both: 2, CandOnly: 1}}, 0.66},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantLo, wantHi := exactF1Quantiles(t, tt.each, tt.level)
			lo, hi := F1Interval(tt.each, tt.level, 20000)
			if lo != wantLo || hi != wantHi {
				t.Errorf("interval %.4f to %.4f, want %.4f to %.4f", lo, hi, wantLo, wantHi)
			}
			if lo2, hi2 := F1Interval(tt.each, tt.level, 20000); lo2 != lo || hi2 != hi {
				t.Errorf("second call gave %v to %v, first %v to %v", lo2, hi2, lo, hi)
			}
		})
	}
	t.Run("alike statements give the point", func(t *testing.T) {
		each := slices.Repeat([]Confusion{{Both: 1, RefOnly: 1, Neither: 11}}, 40)
		lo, hi := F1Interval(each, 0.95, 500)
		if !near(lo, 2.0/3) || !near(hi, 2.0/3) {
			t.Errorf("interval %v to %v, want 2/3 to 2/3", lo, hi)
		}
	})
	t.Run("more statements narrow it", func(t *testing.T) {
		few := []Confusion{right, right, right, wrong, missed, none}
		lo1, hi1 := F1Interval(few, 0.95, 2000)
		lo2, hi2 := F1Interval(slices.Repeat(few, 20), 0.95, 2000)
		point := 0.75
		if !(lo1 <= lo2 && lo2 < point && point < hi2 && hi2 <= hi1 && hi2-lo2 < (hi1-lo1)/2) {
			t.Errorf("6 statements %.3f to %.3f, 120 statements %.3f to %.3f around %.3f", lo1, hi1, lo2, hi2, point)
		}
	})
	t.Run("no code at all", func(t *testing.T) {
		for _, each := range [][]Confusion{nil, {none, none}} {
			if lo, hi := F1Interval(each, 0.95, 100); !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("%v: interval %v to %v, want NaN", each, lo, hi)
			}
		}
	})
}

// exactF1Quantiles enumerates every draw of len(each) statements with
// replacement and returns the quantiles of their F1 at (1−level)/2 and
// (1+level)/2, failing the test when either lies within 0.01 of a step of the
// distribution that 20,000 resamples could land either side of it.
func exactF1Quantiles(t *testing.T, each []Confusion, level float64) (lo, hi float64) {
	n := len(each)
	var f1s []float64
	idx := make([]int, n)
	for {
		var sum Confusion
		for _, i := range idx {
			sum.Merge(each[i])
		}
		if f := sum.F1(); !math.IsNaN(f) {
			f1s = append(f1s, f)
		}
		k := 0
		for k < n && idx[k] == n-1 {
			idx[k] = 0
			k++
		}
		if k == n {
			break
		}
		idx[k]++
	}
	slices.Sort(f1s)
	quantile := func(q float64) float64 {
		for i, f := range f1s {
			if share := float64(i+1) / float64(len(f1s)); share >= q && (i+1 == len(f1s) || f1s[i+1] != f) {
				below := float64(sort.SearchFloat64s(f1s, f)) / float64(len(f1s))
				if share-q < 0.01 && share != q || q-below < 0.01 {
					t.Fatalf("quantile %.3f lies within 0.01 of a step (%.3f to %.3f); choose another case", q, below, share)
				}
				return f
			}
		}
		return f1s[len(f1s)-1]
	}
	return quantile((1 - level) / 2), quantile((1 + level) / 2)
}
