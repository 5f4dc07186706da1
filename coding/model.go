package coding

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// A Model is a learned complement to the cues: for each code, a logistic
// regression over a statement's words and word pairs, trained on
// hand-coded statements. The coder gives a code the cues missed when the
// model's probability reaches the code's threshold, drops a cue's code
// when the probability falls below the code's veto, and says so in the
// Cue column with the words that weighed most.
type Model struct {
	// Threshold is the probability from which the model gives a code,
	// for codes without a threshold of their own.
	Threshold float64 `json:"threshold"`
	// Codes holds each code's weights, by code ID.
	Codes map[string]*CodeModel `json:"codes"`
	// Stacked says that the model also weighs which codes the cues gave
	// (features "cue_E1" and so on).
	Stacked bool `json:"stacked,omitempty"`
	// Coded, when not 0, is the threshold for adding a code to a
	// statement the cues already gave a factor code.
	Coded float64 `json:"coded_threshold,omitempty"`
	// Flip, when not 0, is how sure the polarity model must be to
	// overrule the cues' polarity.
	Flip float64 `json:"flip,omitempty"`
	// MaxAdd, when not 0, is the most codes the model adds to a statement.
	MaxAdd int `json:"max_add,omitempty"`
	// Set says which kinds of features the model was trained on.
	Set featureSet `json:"features"`
}

// A CodeModel is one code's logistic regression.
type CodeModel struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Threshold, when not 0, is this code's own threshold, chosen by
	// cross-validation on the training statements.
	Threshold float64 `json:"threshold,omitempty"`
	// Veto, when not 0, is the probability below which a code the cues
	// gave is dropped.
	Veto float64 `json:"veto,omitempty"`
	// Absent, when set, tells whether a code the model gives is described
	// as missing: a logistic regression over the statements that carry
	// the code.
	Absent *CodeModel `json:"absent,omitempty"`
}

// An Example is a hand-coded statement to learn from.
type Example struct {
	Text, Context string
	Codes         []string // the code IDs it carries
	Absent        []string // those of Codes described as missing
	// Group names where the example comes from (an author's gold file,
	// say). Thresholds are chosen by leaving one group out at a time when
	// there are several.
	Group string
}

// TrainOptions tune training. The zero value means the defaults.
type TrainOptions struct {
	Epochs    int     // passes over the examples; default 60
	Rate      float64 // learning rate; default 0.5
	L2        float64 // weight decay; default 0.001
	Threshold float64 // default 0.35
	MinCount  int     // a feature must occur in this many examples; default 2
	// Rules, when set, is the cue coder the model complements: each
	// code's threshold and veto are then chosen by cross-validation on
	// the examples, for the best F1 of the cues and model together.
	Rules *Coder
	// Folds for that cross-validation when the examples have fewer than
	// two groups; default 4.
	Folds int
	// NoVeto keeps every code the cues give.
	NoVeto bool
	// NoTune keeps one threshold for every code and no veto.
	NoTune bool
	// NoReferents leaves out the people mentioned as features.
	NoReferents bool
	// TuneAlone chooses thresholds for the model's own F1, as if there
	// were no cues.
	TuneAlone bool
	// Stack gives the model the cues' codes as features (it needs Rules).
	Stack  bool
	Coded  float64
	MaxAdd int
	// Flip, when not 0, lets the polarity model overrule the cues'
	// polarity when it is at least this sure.
	Flip float64
	// Shuffle visits the examples in a new order each epoch, from a
	// fixed seed.
	Shuffle bool
	// Average averages the weights at the end of each epoch of the
	// second half of training.
	Average bool
	// VetoAll, when not 0, is every code's veto (without tuning).
	VetoAll float64
	// NB trains naive Bayes (Bernoulli, present features only, with
	// add-Alpha smoothing) instead of logistic regression.
	NB    bool
	Alpha float64
	// Stem2, Hyp, CtxWords, Names: experimental feature switches.
	Stem2, Hyp, CtxWords, Names, NoCtxRefs bool
	// CharGrams adds each word's character n-grams of this length.
	CharGrams int
	// RandomFolds tunes over opt.Folds folds even when there are groups.
	RandomFolds bool
}

// Features returns the features of a statement: its words, adjacent word
// pairs, and words in the scope of a negator marked "not_".
func Features(text string) []string { return features(text, nil) }

// features adds to Features the given extra features (the people the
// statement and its context mention, from the codebook's referents).
func features(text string, extra []string) []string {
	return featuresWith(text, extra, defaultFeatureSet)
}

// A featureSet says which kinds of features to take.
type featureSet struct {
	Stem2     bool `json:"stem2,omitempty"`
	Hyp       bool `json:"hyp,omitempty"`
	CharGrams int  `json:"chargrams,omitempty"`
	CtxWords  bool `json:"ctxwords,omitempty"`
	Names     bool `json:"names,omitempty"`
	NoCtxRefs bool `json:"noctxrefs,omitempty"`
}

var defaultFeatureSet = featureSet{}

func featuresWith(text string, extra []string, set featureSet) []string {
	stemOf := stemOf
	if set.Stem2 {
		stemOf = stem2
	}
	words := Words(text)
	seen := map[string]bool{}
	var fs []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	negated, hyp := 0, 0
	for i, w := range words {
		if w.Break || scopeEnds[w.Text] {
			negated, hyp = 0, 0
		}
		stem := stemOf(w.Text)
		add(stem)
		if set.Hyp {
			if hyp > 0 {
				add("if_" + stem)
				hyp--
			}
			if conditionals[w.Text] {
				hyp = 8
			}
		}
		if set.CharGrams > 0 && len(w.Text) > set.CharGrams {
			g := "#" + w.Text + "#"
			for k := 0; k+set.CharGrams <= len(g); k++ {
				add("c:" + g[k:k+set.CharGrams])
			}
		}
		if negated > 0 {
			add("not_" + stem)
			negated--
		}
		if isNegator(w.Text) {
			negated = negationWindow
		}
		if i > 0 && !w.Break {
			add(stemOf(words[i-1].Text) + "_" + stem)
		}
	}
	for _, f := range extra {
		add(f)
	}
	return fs
}

// stemOf strips a regular English ending, so that listen, listens,
// listened and listening are one feature.
func stemOf(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// stem2 is a little more thorough than stemOf: it also folds -ies and
// -ied to -i, a final -y to -i and a final -e away, and undoes a doubled
// consonant ("stopped", "stop"), so that judge, judges and judged, and
// worry, worries and worried, are one feature each.
func stem2(w string) string {
	w = strings.TrimSuffix(w, "'s")
	switch {
	case len(w) > 4 && (strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied")):
		return w[:len(w)-3] + "i"
	}
	for _, suf := range []string{"ing", "ed", "es", "s", "ly"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-len(suf)]
			if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
				w = w[:n-1]
			}
			break
		}
	}
	if n := len(w); n > 3 && (w[n-1] == 'e' || w[n-1] == 'y') {
		if w[n-1] == 'y' {
			return w[:n-1] + "i"
		}
		return w[:n-1]
	}
	return w
}

func (opt *TrainOptions) defaults() {
	if opt.Epochs == 0 {
		opt.Epochs = 60
	}
	if opt.Rate == 0 {
		opt.Rate = 0.5
	}
	if opt.L2 == 0 {
		opt.L2 = 0.001
	}
	if opt.Threshold == 0 {
		opt.Threshold = 0.35
	}
	if opt.MinCount == 0 {
		opt.MinCount = 2
	}
	if opt.Folds == 0 {
		opt.Folds = 4
	}
}

// Train fits a model for the given codes on the examples. It is
// deterministic: the same examples in the same order give the same model.
func Train(examples []Example, codes []string, opt TrainOptions) *Model {
	opt.defaults()
	saved := defaultFeatureSet
	defaultFeatureSet = featureSet{Stem2: opt.Stem2, Hyp: opt.Hyp, CharGrams: opt.CharGrams, CtxWords: opt.CtxWords, Names: opt.Names, NoCtxRefs: opt.NoCtxRefs}
	defer func() { defaultFeatureSet = saved }()
	feats := make([][]string, len(examples))
	for i, ex := range examples {
		if opt.NoReferents {
			feats[i] = features(ex.Text, nil)
		} else {
			feats[i] = opt.Rules.exampleFeatures(ex)
		}
		if opt.Stack && opt.Rules != nil {
			for _, a := range opt.Rules.CodeIn(ex.Text, ex.Context) {
				feats[i] = append(feats[i], "cue_"+a.Code.ID)
			}
		}
	}
	m := fit(examples, feats, codes, opt)
	m.Stacked = opt.Stack && opt.Rules != nil
	m.Set = defaultFeatureSet
	m.Coded, m.MaxAdd, m.Flip = opt.Coded, opt.MaxAdd, opt.Flip
	if opt.VetoAll > 0 {
		for _, cm := range m.Codes {
			cm.Veto = opt.VetoAll
		}
	}
	if opt.Rules != nil && !opt.NoTune {
		m.tune(examples, feats, codes, opt)
	}
	return m
}

// exampleFeatures returns an example's features, with the people it and
// its context mention when c is not nil.
func (c *Coder) exampleFeatures(ex Example) []string {
	if c == nil {
		return features(ex.Text, nil)
	}
	return features(ex.Text, c.referentFeatures(ex.Text, Words(ex.Text), ex.Context))
}

// referentFeatures names the classes of people words mention ("ref_worker"),
// and those context mentions ("ctx_family").
func (c *Coder) referentFeatures(text string, words []Word, context string) []string {
	var fs []string
	if defaultFeatureSet.Names {
		for i, w := range words[min(1, len(words)):] {
			if r := text[w.Start]; r >= 'A' && r <= 'Z' && w.Text != "i" && !strings.HasPrefix(w.Text, "i'") && !words[i].Break {
				fs = append(fs, "ref_name")
				break
			}
		}
	}
	for _, m := range c.mentions(words, c.candidates(words)) {
		if m.class != "" {
			fs = append(fs, "ref_"+m.class)
		}
	}
	if context != "" && defaultFeatureSet.CtxWords {
		for _, w := range Words(context) {
			fs = append(fs, "ctx_"+stemOf(w.Text))
		}
	}
	if context != "" && !defaultFeatureSet.NoCtxRefs {
		cw := Words(context)
		for _, m := range c.mentions(cw, c.candidates(cw)) {
			if m.class != "" {
				fs = append(fs, "ctx_"+m.class)
			}
		}
	}
	return fs
}

// fit trains each code's logistic regression, and its polarity model.
func fit(examples []Example, feats [][]string, codes []string, opt TrainOptions) *Model {
	count := map[string]int{}
	for i := range feats {
		for _, f := range feats[i] {
			count[f]++
		}
	}
	kept := make([][]string, len(feats))
	for i := range feats {
		kept[i] = slices.DeleteFunc(slices.Clone(feats[i]), func(f string) bool { return count[f] < opt.MinCount })
	}
	m := &Model{Threshold: opt.Threshold, Codes: map[string]*CodeModel{}}
	for _, code := range codes {
		labels := make([]bool, len(examples))
		for i, ex := range examples {
			labels[i] = slices.Contains(ex.Codes, code)
		}
		var cm *CodeModel
		if opt.NB {
			cm = naiveBayes(kept, labels, opt)
		} else {
			cm = logistic(kept, labels, opt)
		}
		if cm == nil {
			continue
		}
		// The polarity model learns from the statements carrying the code.
		var pf [][]string
		var absent []bool
		nAbsent := 0
		for i, ex := range examples {
			if labels[i] {
				pf = append(pf, kept[i])
				a := slices.Contains(ex.Absent, code)
				absent = append(absent, a)
				if a {
					nAbsent++
				}
			}
		}
		if nAbsent >= 3 && len(pf)-nAbsent >= 3 {
			cm.Absent = logistic(pf, absent, opt)
		}
		m.Codes[code] = cm
	}
	return m
}

// logistic fits one logistic regression by stochastic gradient descent,
// in the examples' order; nil when no example is positive.
func logistic(feats [][]string, labels []bool, opt TrainOptions) *CodeModel {
	pos := 0
	for _, l := range labels {
		if l {
			pos++
		}
	}
	if pos == 0 {
		return nil
	}
	// Weigh the few positive examples up so that the code is not
	// simply never predicted.
	posWeight := math.Max(1, math.Min(float64(len(labels)-pos)/float64(pos), 10))
	cm := &CodeModel{Weights: map[string]float64{}}
	avg := &CodeModel{Weights: map[string]float64{}}
	rng := rand.New(rand.NewPCG(1, 2))
	var identity []int
	snaps := 0
	for e := range opt.Epochs {
		if opt.Average && e > 0 && e >= opt.Epochs/2 {
			snaps++
			avg.Bias += cm.Bias
			for f, w := range cm.Weights {
				avg.Weights[f] += w
			}
		}
		order := identity
		if opt.Shuffle {
			order = rng.Perm(len(feats))
		}
		for k := range feats {
			i := k
			if order != nil {
				i = order[k]
			}
			fs := feats[i]
			p := cm.prob(fs)
			y, w := 0.0, 1.0
			if labels[i] {
				y, w = 1, posWeight
			}
			g := w * (p - y) * opt.Rate / math.Sqrt(float64(len(fs)+1))
			cm.Bias -= g
			for _, f := range fs {
				cm.Weights[f] -= g + opt.Rate*opt.L2*cm.Weights[f]
			}
		}
	}
	if opt.Average {
		snaps++
		avg.Bias += cm.Bias
		for f, w := range cm.Weights {
			avg.Weights[f] += w
		}
		avg.Bias /= float64(snaps)
		for f := range avg.Weights {
			avg.Weights[f] /= float64(snaps)
		}
		cm = avg
	}
	for f, wt := range cm.Weights {
		if math.Abs(wt) < 1e-3 {
			delete(cm.Weights, f)
		} else {
			cm.Weights[f] = math.Round(wt*1e4) / 1e4
		}
	}
	cm.Bias = math.Round(cm.Bias*1e4) / 1e4
	return cm
}

// naiveBayes fits one code's naive Bayes as a linear model: each
// feature's weight is the log of how much likelier it is in a statement
// with the code than in one without.
func naiveBayes(feats [][]string, labels []bool, opt TrainOptions) *CodeModel {
	a := opt.Alpha
	if a == 0 {
		a = 0.5
	}
	pos, neg := 0.0, 0.0
	cp, cn := map[string]float64{}, map[string]float64{}
	for i, fs := range feats {
		if labels[i] {
			pos++
		} else {
			neg++
		}
		for _, f := range fs {
			if labels[i] {
				cp[f]++
			} else {
				cn[f]++
			}
		}
	}
	if pos == 0 || neg == 0 {
		return nil
	}
	// Each feature's rate is smoothed towards its rate over all
	// statements (an m-estimate), so that a rare feature is not taken for
	// a sign of the smaller class.
	bias := math.Log(pos / neg)
	cm := &CodeModel{Weights: map[string]float64{}}
	for _, m := range []map[string]float64{cp, cn} {
		for f := range m {
			if _, done := cm.Weights[f]; done {
				continue
			}
			all := (cp[f] + cn[f]) / (pos + neg)
			tp, tn := (cp[f]+a*all)/(pos+a), (cn[f]+a*all)/(neg+a)
			absent := math.Log((1 - tp) / (1 - tn))
			bias += absent
			w := math.Log(tp/tn) - absent
			if math.Abs(w) >= 1e-3 {
				cm.Weights[f] = math.Round(w*1e4) / 1e4
			}
		}
	}
	cm.Bias = math.Round(bias*1e4) / 1e4
	return cm
}

// tune chooses each code's threshold and veto by cross-validation on the
// examples: leaving one group out at a time when there are several groups
// (so that thresholds are chosen for an author the model has not read),
// else over opt.Folds folds. For each code it picks the pair that gives
// the best F1 of the cues and the model together on the held-out parts.
func (m *Model) tune(examples []Example, feats [][]string, codes []string, opt TrainOptions) {
	fold := make([]int, len(examples))
	var groups []string
	for _, ex := range examples {
		if !slices.Contains(groups, ex.Group) {
			groups = append(groups, ex.Group)
		}
	}
	k := opt.Folds
	if len(groups) >= 2 && !opt.RandomFolds {
		k = len(groups)
		for i, ex := range examples {
			fold[i] = slices.Index(groups, ex.Group)
		}
	} else {
		for i := range examples {
			fold[i] = i % k
		}
	}
	type outcome struct {
		p          float64
		cued, gold bool
	}
	seen := map[string][]outcome{}
	cued := make([]map[string]bool, len(examples))
	for i, ex := range examples {
		cued[i] = map[string]bool{}
		for _, a := range opt.Rules.CodeIn(ex.Text, ex.Context) {
			cued[i][a.Code.ID] = true
		}
	}
	for f := range k {
		var trEx []Example
		var trF [][]string
		for i := range examples {
			if fold[i] != f {
				trEx, trF = append(trEx, examples[i]), append(trF, feats[i])
			}
		}
		inner := fit(trEx, trF, codes, opt)
		for i, ex := range examples {
			if fold[i] != f {
				continue
			}
			for _, code := range codes {
				cm := inner.Codes[code]
				p := 0.0
				if cm != nil {
					p = cm.prob(feats[i])
				}
				seen[code] = append(seen[code], outcome{p, cued[i][code], slices.Contains(ex.Codes, code)})
			}
		}
	}
	vetoes := []float64{0}
	if !opt.NoVeto {
		vetoes = []float64{0, 0.02, 0.05, 0.1, 0.15}
	}
	for _, code := range codes {
		cm := m.Codes[code]
		if cm == nil {
			continue
		}
		best, bestT, bestV := -1.0, opt.Threshold, 0.0
		for t := 0.95; t > 0.1; t -= 0.05 {
			for _, v := range vetoes {
				var tp, fp, fn int
				for _, o := range seen[code] {
					given := (o.cued && o.p >= v) || o.p >= t
					if opt.TuneAlone {
						given = o.p >= t
					}
					switch {
					case given && o.gold:
						tp++
					case given:
						fp++
					case o.gold:
						fn++
					}
				}
				f1 := 2 * float64(tp) / float64(max(1, 2*tp+fp+fn))
				if f1 > best+1e-9 {
					best, bestT, bestV = f1, t, v
				}
			}
		}
		cm.Threshold = math.Round(bestT*100) / 100
		cm.Veto = bestV
	}
}

// threshold is the probability from which the model gives code.
func (m *Model) threshold(cm *CodeModel) float64 {
	if cm.Threshold > 0 {
		return cm.Threshold
	}
	return m.Threshold
}

func (cm *CodeModel) score(fs []string) float64 {
	z := cm.Bias
	for _, f := range fs {
		z += cm.Weights[f]
	}
	return z
}

func (cm *CodeModel) prob(fs []string) float64 { return 1 / (1 + math.Exp(-cm.score(fs))) }

// Predict returns the probability of each code the model knows for text.
func (m *Model) Predict(text string) map[string]float64 {
	fs := Features(text)
	out := map[string]float64{}
	for code, cm := range m.Codes {
		out[code] = cm.prob(fs)
	}
	return out
}

// why names the features that raised cm's score most, or, with down, that
// lowered it most.
func why(cm *CodeModel, fs []string, down bool) string {
	sign := 1.0
	if down {
		sign = -1
	}
	fs = slices.Clone(fs)
	sort.SliceStable(fs, func(i, j int) bool { return sign*cm.Weights[fs[i]] > sign*cm.Weights[fs[j]] })
	var top []string
	for _, f := range fs[:min(3, len(fs))] {
		if sign*cm.Weights[f] > 0 {
			top = append(top, strings.ReplaceAll(f, "_", " "))
		}
	}
	return strings.Join(top, ", ")
}

// MarshalJSON writes the model with its weights sorted, so that the same
// model gives the same file.
func (m *Model) MarshalJSON() ([]byte, error) {
	var codes []jsonCode
	for _, id := range slices.Sorted(maps.Keys(m.Codes)) {
		c := m.Codes[id]
		jc := jsonCode{Code: id, Threshold: c.Threshold, Veto: c.Veto, Bias: c.Bias, Weights: sortedWeights(c.Weights)}
		if c.Absent != nil {
			jc.AbsentBias, jc.AbsentWeights = c.Absent.Bias, sortedWeights(c.Absent.Weights)
		}
		codes = append(codes, jc)
	}
	return json.MarshalIndent(struct {
		Threshold float64    `json:"threshold"`
		Codes     []jsonCode `json:"codes"`
	}{m.Threshold, codes}, "", " ")
}

// jsonCode is one code's model as written: weights as [feature, weight]
// pairs, heaviest first.
type jsonCode struct {
	Code          string            `json:"code"`
	Threshold     float64           `json:"threshold,omitempty"`
	Veto          float64           `json:"veto,omitempty"`
	Bias          float64           `json:"bias"`
	Weights       []json.RawMessage `json:"weights"`
	AbsentBias    float64           `json:"absent_bias,omitempty"`
	AbsentWeights []json.RawMessage `json:"absent_weights,omitempty"`
}

func sortedWeights(w map[string]float64) []json.RawMessage {
	fs := slices.Collect(maps.Keys(w))
	sort.Slice(fs, func(i, j int) bool {
		if w[fs[i]] != w[fs[j]] {
			return w[fs[i]] > w[fs[j]]
		}
		return fs[i] < fs[j]
	})
	out := make([]json.RawMessage, 0, len(fs))
	for _, f := range fs {
		b, _ := json.Marshal([2]any{f, w[f]})
		out = append(out, b)
	}
	return out
}

func readWeights(code string, raw []json.RawMessage) (map[string]float64, error) {
	out := map[string]float64{}
	for _, w := range raw {
		var pair [2]json.RawMessage
		var f string
		var v float64
		if err := json.Unmarshal(w, &pair); err != nil {
			return nil, fmt.Errorf("code %s: %w", code, err)
		}
		if err := json.Unmarshal(pair[0], &f); err != nil {
			return nil, fmt.Errorf("code %s: %w", code, err)
		}
		if err := json.Unmarshal(pair[1], &v); err != nil {
			return nil, fmt.Errorf("code %s: %w", code, err)
		}
		out[f] = v
	}
	return out, nil
}

// UnmarshalJSON reads a model written by MarshalJSON.
func (m *Model) UnmarshalJSON(b []byte) error {
	var raw struct {
		Threshold float64    `json:"threshold"`
		Codes     []jsonCode `json:"codes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Threshold, m.Codes = raw.Threshold, map[string]*CodeModel{}
	for _, c := range raw.Codes {
		cm := &CodeModel{Bias: c.Bias, Threshold: c.Threshold, Veto: c.Veto}
		var err error
		if cm.Weights, err = readWeights(c.Code, c.Weights); err != nil {
			return err
		}
		if c.AbsentWeights != nil {
			cm.Absent = &CodeModel{Bias: c.AbsentBias}
			if cm.Absent.Weights, err = readWeights(c.Code, c.AbsentWeights); err != nil {
				return err
			}
		}
		m.Codes[c.Code] = cm
	}
	return nil
}
