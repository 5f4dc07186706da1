package coding

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// A Model is a learned complement to the cues: for each factor code, a
// logistic regression over a statement's stemmed words, word pairs, words
// in the scope of a negator or of an "if", the kinds of people it and the
// sentence before it mention, and the words of the sentence before,
// trained on hand-coded statements. The
// coder gives a code the cues missed when the model's probability reaches
// the threshold (a higher one, Coded, when the cues gave the statement
// another factor code), says whether it is described as missing with a
// second regression, and says so in the Cue column with the words that
// weighed most.
type Model struct {
	// Note says what the model was trained on, for people reading it.
	Note string `json:"note,omitempty"`
	// Threshold is the probability from which the model gives a code.
	Threshold float64 `json:"threshold"`
	// Coded, when above Threshold, is the threshold for adding a code to
	// a statement the cues already gave a factor code.
	Coded float64 `json:"coded_threshold,omitempty"`
	// Flip, when not 0, is how sure the polarity regression must be to
	// overrule the cues' polarity for a code they gave.
	Flip float64 `json:"flip,omitempty"`
	// Remove, when not 0, is the probability below which the model
	// drops a code the cues gave.
	Remove float64 `json:"remove_threshold,omitempty"`
	// Codes holds each code's weights, by code ID.
	Codes map[string]*CodeModel `json:"codes"`

	// The model's features are numbered, once, on first use, so that a
	// statement's features are found and scored by number: a word is
	// one look-up, and a feature's weights in every code one slice.
	once sync.Once
	ids  []string // the codes, in the order of a row's weights
	// names holds every feature with a weight in the model (the polarity
	// regressions' too), by number, and number each one's.
	names  []string
	number map[string]int32
	// rows holds each feature's weight in every code's regression, in
	// the order of ids (nil for a polarity regression's own features).
	rows [][]float64
	// A feature's name is a part, or two parts joined by "_" (a word
	// pair, "not_" or "if_" and a word, "ref_" and a class). parts
	// numbers the parts, whole gives the feature that a part is alone
	// (or -1), and pairs the feature two parts make.
	parts           map[string]int32
	whole           []int32
	pairs           map[[2]int32]int32
	notPart, ifPart int32 // the parts "not" and "if", or -1
	ctxwPart        int32 // the part "ctxw" (a word of the sentence before), or -1
	// models and bias hold each code's regression and its bias, in the
	// order of ids.
	models []*CodeModel
	bias   []float64
}

// build numbers the model's features and parts, once.
func (m *Model) build() {
	m.once.Do(func() {
		m.ids = slices.Sorted(maps.Keys(m.Codes))
		table := map[string][]float64{}
		known := map[string]bool{}
		for i, id := range m.ids {
			cm := m.Codes[id]
			m.models = append(m.models, cm)
			m.bias = append(m.bias, cm.Bias)
			for f, w := range cm.Weights {
				row := table[f]
				if row == nil {
					row = make([]float64, len(m.ids))
					table[f] = row
				}
				row[i] = w
				known[f] = true
			}
			if cm.Absent != nil {
				for f := range cm.Absent.Weights {
					known[f] = true
				}
			}
		}
		m.names = slices.Sorted(maps.Keys(known))
		m.number = make(map[string]int32, len(m.names))
		m.rows = make([][]float64, len(m.names))
		m.parts = map[string]int32{}
		m.pairs = map[[2]int32]int32{}
		part := func(p string) int32 {
			n, ok := m.parts[p]
			if !ok {
				n = int32(len(m.whole))
				m.parts[p] = n
				m.whole = append(m.whole, -1)
			}
			return n
		}
		for i, f := range m.names {
			n := int32(i)
			m.number[f], m.rows[i] = n, table[f]
			m.whole[part(f)] = n
			if a, b, ok := strings.Cut(f, "_"); ok {
				m.pairs[[2]int32{part(a), part(b)}] = n
			}
		}
		m.notPart, m.ifPart = m.partOf("not"), m.partOf("if")
		m.ctxwPart = m.partOf(contextWordPart)
	})
}

// partOf is p's number as a part of a feature's name, or -1.
func (m *Model) partOf(p string) int32 {
	if n, ok := m.parts[p]; ok {
		return n
	}
	return -1
}

// scores returns the score of every code in m.ids for the features
// numbered fs.
func (m *Model) scores(fs []int32) []float64 {
	m.build()
	z := slices.Clone(m.bias)
	for _, f := range fs {
		for i, w := range m.rows[f] {
			z[i] += w
		}
	}
	return z
}

// A CodeModel is one code's logistic regression.
type CodeModel struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Absent, when set, tells whether the code is described as missing:
	// a logistic regression over the statements that carry the code.
	Absent *CodeModel `json:"absent,omitempty"`
}

// An Example is a hand-coded statement to learn from.
type Example struct {
	Text, Context string
	Codes         []string // the code IDs it carries
	Absent        []string // those of Codes described as missing
}

// TrainOptions tune training. The zero value means the defaults, which
// were chosen by leaving one gold file's author out at a time (see
// README.md).
type TrainOptions struct {
	Epochs    int     // passes over the examples; default 60
	Rate      float64 // learning rate; default 0.5
	L2        float64 // weight decay; default 0.001
	Threshold float64 // default 0.4
	Coded     float64 // default 0.7; negative for Threshold
	Flip      float64 // default 0.9; negative for never
	Remove    float64 // default 0.01; negative for never
	MinCount  int     // a feature must occur in this many examples; default 2
	Prune     float64 // weights smaller than this are dropped; default 0.1
	// Rules, when set, is the coder whose codebook's referents (worker,
	// family, partner, friends) give the people-mentioned features.
	Rules *Coder
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
		opt.Threshold = 0.4
	}
	if opt.Coded == 0 {
		opt.Coded = 0.7
	}
	if opt.Flip == 0 {
		opt.Flip = 0.9
	}
	if opt.Remove == 0 {
		opt.Remove = 0.01
	}
	if opt.MinCount == 0 {
		opt.MinCount = 2
	}
	if opt.Prune == 0 {
		opt.Prune = 0.1
	}
}

// Features returns the features of a statement: its stemmed words,
// adjacent word pairs, words in the scope of a negator marked "not_", and
// words in the scope of a condition or wish marked "if_".
func Features(text string) []string { return features(text, nil) }

// features is Features with extra features added (the people mentioned).
func features(text string, extra []string) []string {
	return featuresOf(Words(text), extra)
}

// features returns the numbers of the features featuresOf returns for a
// statement's words, with extra and then the words of the sentence before
// (contextWordFeatures), that m weighs (those it gives no weight count for
// nothing in its scores, nor in why), in the same order, without building
// the names of any.
//
// infos, when not nil, holds what a Sequence found of each word (with this
// model); context holds the part number of each word of the sentence
// before (contextParts).
func (m *Model) features(words []Word, infos []wordInfo, extra []string, context []int32) []int32 {
	m.build()
	parts := make([]int32, len(words))
	for i, w := range words {
		if infos != nil {
			parts[i] = infos[i].part
		} else {
			parts[i] = m.partOf(stemOf(w.Text))
		}
	}
	var fs []int32
	add := func(f int32) {
		if f >= 0 && !slices.Contains(fs, f) {
			fs = append(fs, f)
		}
	}
	pair := func(a, b int32) {
		if a >= 0 && b >= 0 {
			if f, ok := m.pairs[[2]int32{a, b}]; ok {
				add(f)
			}
		}
	}
	eachFeature(words, infos, func(kind featureKind, i int) {
		switch kind {
		case wordFeature:
			if parts[i] >= 0 {
				add(m.whole[parts[i]])
			}
		case negatedFeature:
			pair(m.notPart, parts[i])
		case conditionFeature:
			pair(m.ifPart, parts[i])
		case pairFeature:
			pair(parts[i-1], parts[i])
		}
	})
	for _, f := range extra {
		if n, ok := m.number[f]; ok {
			add(n)
		}
	}
	for _, p := range context {
		pair(m.ctxwPart, p)
	}
	return fs
}

// contextParts returns the part number of each word of context, the
// sentence before a statement (-1 for a word m does not know).
func (m *Model) contextParts(context string) []int32 {
	m.build()
	words := Words(context)
	parts := make([]int32, len(words))
	for i, w := range words {
		parts[i] = m.partOf(stemOf(w.Text))
	}
	return parts
}

// featureNames names the features numbered fs.
func (m *Model) featureNames(fs []int32) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = m.names[f]
	}
	return names
}

// featuresOf is features for a statement's words.
func featuresOf(words []Word, extra []string) []string {
	seen := make(map[string]bool, 3*len(words))
	var fs []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = stemOf(w.Text)
	}
	eachFeature(words, nil, func(kind featureKind, i int) {
		switch kind {
		case wordFeature:
			add(stems[i])
		case negatedFeature:
			add("not_" + stems[i])
		case conditionFeature:
			add("if_" + stems[i])
		case pairFeature:
			add(stems[i-1] + "_" + stems[i])
		}
	})
	for _, f := range extra {
		add(f)
	}
	return fs
}

// A featureKind is what a feature of a word says.
type featureKind int

const (
	wordFeature      featureKind = iota // the word's stem
	negatedFeature                      // "not_" and the stem: in a negator's scope
	conditionFeature                    // "if_" and the stem: in a condition's scope
	pairFeature                         // the stem before and the stem, joined by "_"
)

// eachFeature calls fn with the kind and word of each feature of a
// statement's words, in order: for each word its stem, then, where they
// apply, the stem in the scope of a negator, in the scope of a condition,
// and after the word before it. infos, when not nil, holds each word's
// flags.
func eachFeature(words []Word, infos []wordInfo, fn func(kind featureKind, i int)) {
	negated, hyp := 0, 0
	for i, w := range words {
		var flags wordFlag
		if infos != nil {
			flags = infos[i].flags
		} else {
			flags = flagsOf(w.Text)
		}
		if w.Break || flags&scopeEndWord != 0 {
			negated, hyp = 0, 0
		}
		fn(wordFeature, i)
		if negated > 0 {
			fn(negatedFeature, i)
			negated--
		}
		if hyp > 0 {
			fn(conditionFeature, i)
			hyp--
		}
		if flags&negatorWord != 0 {
			negated = negationWindow
		}
		if flags&conditionalWord != 0 {
			hyp = hypotheticalWindow
		}
		if i > 0 && !w.Break {
			fn(pairFeature, i)
		}
	}
}

// hypotheticalWindow is how many words after "if" or "wish" are marked.
const hypotheticalWindow = 8

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

// contextWordPart starts the name of a feature that is a word of the
// sentence before: "ctxw_listen". It is no word anyone says, so no pair of
// a statement's own words makes the same name.
const contextWordPart = "ctxw"

// contextWordFeatures names the stemmed words of context, the sentence
// before a statement: a follow-up ("Yeah, every week.") often carries its
// code in the sentence it follows.
func contextWordFeatures(context string) []string {
	var fs []string
	for _, w := range Words(context) {
		fs = append(fs, contextWordPart+"_"+stemOf(w.Text))
	}
	return fs
}

// extraFeatures are the features of a statement beyond its own words: the
// kinds of people it and the sentence before mention, then the words of
// the sentence before. A nil coder gives the words alone.
func (c *Coder) extraFeatures(words []Word, context string) []string {
	return append(c.referentFeatures(words, nil, context), contextWordFeatures(context)...)
}

// referentFeatures names the classes of the people words mention
// ("ref_worker") and those context mentions ("ctx_family"). A nil coder
// gives none.
func (c *Coder) referentFeatures(words []Word, cand *cands, context string) []string {
	if c == nil {
		return nil
	}
	st := &statement{c: c, words: words, cand: cand, context: context}
	return st.referentFeatures()
}

// referentFeatures is Coder.referentFeatures for the statement.
func (st *statement) referentFeatures() []string {
	var fs []string
	for _, m := range st.mentions() {
		if m.class != "" {
			fs = append(fs, "ref_"+m.class)
		}
	}
	for _, m := range st.contextMentions() {
		if m.class != "" {
			fs = append(fs, "ctx_"+m.class)
		}
	}
	return fs
}

// Train fits a model for the given codes on the examples. It is
// deterministic: the same examples in the same order give the same model.
func Train(examples []Example, codes []string, opt TrainOptions) *Model {
	opt.defaults()
	feats := make([][]string, len(examples))
	count := map[string]int{}
	for i, ex := range examples {
		feats[i] = features(ex.Text, opt.Rules.extraFeatures(Words(ex.Text), ex.Context))
		for _, f := range feats[i] {
			count[f]++
		}
	}
	for i := range feats {
		feats[i] = slices.DeleteFunc(feats[i], func(f string) bool { return count[f] < opt.MinCount })
	}
	m := &Model{Threshold: opt.Threshold, Coded: max(opt.Coded, 0), Flip: max(opt.Flip, 0), Remove: max(opt.Remove, 0), Codes: map[string]*CodeModel{}}
	for _, code := range codes {
		labels := make([]bool, len(examples))
		for i, ex := range examples {
			labels[i] = slices.Contains(ex.Codes, code)
		}
		cm := logistic(feats, labels, opt)
		if cm == nil {
			continue
		}
		// The polarity regression learns from the statements carrying
		// the code, when a few carry it each way.
		var pf [][]string
		var absent []bool
		nAbsent := 0
		for i, ex := range examples {
			if labels[i] {
				a := slices.Contains(ex.Absent, code)
				pf, absent = append(pf, feats[i]), append(absent, a)
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
	for range opt.Epochs {
		for i, fs := range feats {
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
	for f, wt := range cm.Weights {
		if math.Abs(wt) < opt.Prune {
			delete(cm.Weights, f)
		} else {
			cm.Weights[f] = math.Round(wt*1e4) / 1e4
		}
	}
	cm.Bias = math.Round(cm.Bias*1e4) / 1e4
	return cm
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
	// Each weight looked up once, then a stable sort: on equal weights,
	// the earlier feature first.
	type weighed struct {
		f string
		w float64
	}
	var ws []weighed
	for _, f := range fs {
		if w := sign * cm.Weights[f]; w > 0 {
			ws = append(ws, weighed{f, w})
		}
	}
	slices.SortStableFunc(ws, func(a, b weighed) int { return cmp.Compare(b.w, a.w) })
	var top []string
	for _, x := range ws[:min(3, len(ws))] {
		top = append(top, featureLabel(x.f))
	}
	return strings.Join(top, ", ")
}

// featureLabel says what a feature stands for, in words a reviewer can
// read: "not_listen" is "not … listen", "ref_worker" "mentions worker".
func featureLabel(f string) string {
	kind, rest, _ := strings.Cut(f, "_")
	switch kind {
	case "not", "if":
		return kind + " … " + strings.ReplaceAll(rest, "_", " ")
	case "ref":
		return "mentions " + rest
	case "ctx":
		return "sentence before mentions " + rest
	case contextWordPart:
		return "sentence before has " + strings.ReplaceAll(rest, "_", " ")
	}
	return strings.ReplaceAll(f, "_", " ")
}

// File returns the model as a file's contents: MarshalJSON's layout,
// which json.Marshal would squeeze onto one line, and a final newline.
func (m *Model) File() ([]byte, error) {
	b, err := m.MarshalJSON()
	return append(b, '\n'), err
}

// MarshalJSON writes the model with its weights sorted, heaviest first,
// one [feature, weight] pair a line, so that the same model gives the same
// file and a reader can see which words weigh for each code.
func (m *Model) MarshalJSON() ([]byte, error) {
	var codes []jsonCode
	for _, id := range slices.Sorted(maps.Keys(m.Codes)) {
		c := m.Codes[id]
		jc := jsonCode{Code: id, Bias: c.Bias, Weights: sortedWeights(c.Weights)}
		if c.Absent != nil {
			jc.AbsentBias, jc.AbsentWeights = c.Absent.Bias, sortedWeights(c.Absent.Weights)
		}
		codes = append(codes, jc)
	}
	b, err := json.Marshal(jsonModel{m.Note, m.Threshold, m.Coded, m.Flip, m.Remove, codes})
	if err != nil {
		return nil, err
	}
	// Feature names hold no brackets, quotes or commas, so these are
	// always the boundaries between pairs and codes.
	r := strings.NewReplacer(`],[`, "],\n[", `[[`, "[\n[", `]]`, "]\n]", `{"code"`, "\n{\"code\"")
	return []byte(r.Replace(string(b))), nil
}

// jsonModel is a model as written.
type jsonModel struct {
	Note      string     `json:"note,omitempty"`
	Threshold float64    `json:"threshold"`
	Coded     float64    `json:"coded_threshold,omitempty"`
	Flip      float64    `json:"flip,omitempty"`
	Remove    float64    `json:"remove_threshold,omitempty"`
	Codes     []jsonCode `json:"codes"`
}

// jsonCode is one code's model as written: weights as [feature, weight]
// pairs, heaviest first.
type jsonCode struct {
	Code          string            `json:"code"`
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

func readWeights(code string, raw [][2]any) (map[string]float64, error) {
	out := make(map[string]float64, len(raw))
	for _, w := range raw {
		f, ok := w[0].(string)
		v, ok2 := w[1].(float64)
		if !ok || !ok2 {
			return nil, fmt.Errorf("code %s: weight %v is not a [feature, number] pair", code, w)
		}
		out[f] = v
	}
	return out, nil
}

// UnmarshalJSON reads a model written by MarshalJSON.
func (m *Model) UnmarshalJSON(b []byte) error {
	var raw struct {
		Note      string  `json:"note"`
		Threshold float64 `json:"threshold"`
		Coded     float64 `json:"coded_threshold"`
		Flip      float64 `json:"flip"`
		Remove    float64 `json:"remove_threshold"`
		Codes     []struct {
			Code          string   `json:"code"`
			Bias          float64  `json:"bias"`
			Weights       [][2]any `json:"weights"`
			AbsentBias    float64  `json:"absent_bias"`
			AbsentWeights [][2]any `json:"absent_weights"`
		} `json:"codes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Note, m.Threshold, m.Coded, m.Flip, m.Remove, m.Codes = raw.Note, raw.Threshold, raw.Coded, raw.Flip, raw.Remove, map[string]*CodeModel{}
	for _, c := range raw.Codes {
		cm := &CodeModel{Bias: c.Bias}
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
