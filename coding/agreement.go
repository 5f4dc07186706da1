package coding

import (
	"math"
	"math/rand/v2"
	"slices"
)

// A Confusion counts, for one code over a set of statements, how two
// coders (a reference, such as a gold set or a reviewer, and a candidate,
// such as the automatic coder) agreed on giving it.
type Confusion struct {
	Both       int // statements both gave the code
	RefOnly    int // only the reference gave it (missed)
	CandOnly   int // only the candidate gave it (wrongly given)
	Neither    int // neither gave it
	PolarityOK int // of Both, how many with the same polarity
}

// Add adds one statement's verdicts.
func (c *Confusion) Add(ref, cand bool) {
	switch {
	case ref && cand:
		c.Both++
	case ref:
		c.RefOnly++
	case cand:
		c.CandOnly++
	default:
		c.Neither++
	}
}

// Merge adds another confusion's counts.
func (c *Confusion) Merge(o Confusion) {
	c.Both += o.Both
	c.RefOnly += o.RefOnly
	c.CandOnly += o.CandOnly
	c.Neither += o.Neither
	c.PolarityOK += o.PolarityOK
}

// N is the number of statements counted.
func (c Confusion) N() int { return c.Both + c.RefOnly + c.CandOnly + c.Neither }

// Precision is the share of the candidate's codes the reference also gave,
// or NaN when the candidate gave none.
func (c Confusion) Precision() float64 { return ratio(c.Both, c.Both+c.CandOnly) }

// Recall is the share of the reference's codes the candidate found, or
// NaN when the reference gave none.
func (c Confusion) Recall() float64 { return ratio(c.Both, c.Both+c.RefOnly) }

// F1 is the harmonic mean of precision and recall, 2·TP / (2·TP + FP +
// FN), or NaN when neither coder gave the code.
func (c Confusion) F1() float64 { return ratio(2*c.Both, 2*c.Both+c.CandOnly+c.RefOnly) }

// Kappa is Cohen's kappa for the two coders' yes/no decisions on the code:
// (po − pe) / (1 − pe), with po the observed agreement and pe the
// agreement expected by chance from each coder's own rate. It is NaN when
// pe is 1 (both coders gave the same answer to every statement).
func (c Confusion) Kappa() float64 {
	n := float64(c.N())
	if n == 0 {
		return math.NaN()
	}
	po := float64(c.Both+c.Neither) / n
	refYes := float64(c.Both+c.RefOnly) / n
	candYes := float64(c.Both+c.CandOnly) / n
	pe := refYes*candYes + (1-refYes)*(1-candYes)
	if pe == 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

// PolarityAccuracy is the share of statements both coders gave the code
// where they also agreed on its polarity, or NaN when there are none.
func (c Confusion) PolarityAccuracy() float64 { return ratio(c.PolarityOK, c.Both) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// F1Interval is a percentile bootstrap interval for the micro F1 of a
// set of statements, each given as its own Confusion (summed over the codes
// that count), as Efron and Tibshirani (1993), "An Introduction to the
// Bootstrap", chapter 13, set it out: it draws len(each) statements with
// replacement, resamples times, takes the F1 of each draw, and returns the
// ordered F1s at (1−level)/2 and (1+level)/2. Draws with no code at all
// have no F1 and are left out. The draws come from a fixed seed, so the
// same statements always give the same interval. It is NaN, NaN when no
// draw has an F1.
func F1Interval(each []Confusion, level float64, resamples int) (lo, hi float64) {
	if len(each) == 0 {
		return math.NaN(), math.NaN()
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(each))))
	f1s := make([]float64, 0, resamples)
	for range resamples {
		var sum Confusion
		for range each {
			sum.Merge(each[rng.IntN(len(each))])
		}
		if f := sum.F1(); !math.IsNaN(f) {
			f1s = append(f1s, f)
		}
	}
	if len(f1s) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(f1s)
	return orderStat(f1s, (1-level)/2), orderStat(f1s, (1+level)/2)
}

// orderStat is the ⌈n·q⌉-th smallest of the n sorted values (the first
// for q = 0).
func orderStat(sorted []float64, q float64) float64 {
	k := int(math.Ceil(q*float64(len(sorted)) - 1e-9))
	return sorted[min(max(k, 1), len(sorted))-1]
}

// Missing marks a value a coder did not give, in the units passed to
// KrippendorffAlpha.
const Missing = ""

// KrippendorffAlpha is Krippendorff's alpha for nominal data: units[u][c]
// is the value coder c gave unit u, or Missing. Units with fewer than two
// values are not pairable and are left out. Alpha is 1 − Do/De, computed
// from the coincidence matrix as Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability", sets out: with n pairable values and
// n_k of them of value k, Do = Σ_u (1/(m_u−1)) · (pairs of unlike values
// in u) and De = (n² − Σ n_k²) / (n − 1), alpha = 1 − (n−1)·D_o′/D_e′ in
// his notation. It is NaN when no unit is pairable or every pairable value
// is the same (no variation to agree on).
func KrippendorffAlpha(units [][]string) float64 {
	var n float64
	counts := map[string]float64{}
	var disagree float64 // Σ_u of unlike ordered pairs / (m_u − 1)
	for _, u := range units {
		var vals []string
		for _, v := range u {
			if v != Missing {
				vals = append(vals, v)
			}
		}
		m := len(vals)
		if m < 2 {
			continue
		}
		unlike := 0
		for i := range vals {
			for j := range vals {
				if i != j && vals[i] != vals[j] {
					unlike++
				}
			}
		}
		disagree += float64(unlike) / float64(m-1)
		n += float64(m)
		for _, v := range vals {
			counts[v]++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	var sumSq float64
	for _, c := range counts {
		sumSq += c * c
	}
	expected := n*n - sumSq // ordered unlike pairs expected by chance, times n/(n-1) below
	if expected == 0 {
		return math.NaN()
	}
	return 1 - (n-1)*disagree/expected
}

// Alpha is Krippendorff's alpha for the two coders' yes/no decisions on
// the code, every statement a unit with both values present.
func (c Confusion) Alpha() float64 {
	var units [][]string
	add := func(k int, ref, cand string) {
		for range k {
			units = append(units, []string{ref, cand})
		}
	}
	add(c.Both, "y", "y")
	add(c.RefOnly, "y", "n")
	add(c.CandOnly, "n", "y")
	add(c.Neither, "n", "n")
	return KrippendorffAlpha(units)
}
