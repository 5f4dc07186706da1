package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"desist/charts"
	"desist/coding"
	"desist/data"
)

// Config is what a run reads and where it writes. The zero value runs the
// embedded sample study into desist-out with the embedded codebook.
type Config struct {
	// Paths are the files and folders to read; none means the sample.
	Paths []string
	// Participants and Cases name sheets explicitly, beside Paths.
	Participants []string
	Cases        []string
	// Out is the output folder; "" means desist-out.
	Out string
	// Codebook is the codebook file; "" means the embedded default.
	Codebook string
	// Columns is a column map file for sheets with other headers; ""
	// means none.
	Columns string
	// Review is an earlier coded.xlsx whose decisions are carried over.
	Review string
	// Learn trains a model on the review's decisions, codes this run with
	// it beside the cues, and writes it to the output folder as
	// LearnedModelName. It needs Review.
	Learn bool
	// Model is a learned model file (from Learn, or desist eval
	// -save-model) to code with beside the cues; "" means the built-in
	// one (data/model.json), unless NoModel.
	Model string
	// NoModel codes with the cues alone (unless Learn learns a model).
	NoModel bool
	// NoRedact keeps names in quotes.
	NoRedact bool
	// Names is a file of names to redact, one per line; "" means none.
	Names string
	// Redactions adds a Redactions sheet listing what was replaced: for
	// the analyst's eyes only.
	Redactions bool
	// RecogniseNames also runs prose's named-entity recogniser over each
	// transcript to find names that no list holds. It is slower, and its
	// ties can fall differently between runs.
	RecogniseNames bool
	// Workers is how many files are read and coded at once; 0 means one
	// per CPU.
	Workers int
	// Progress, when set, is told as each transcript is done how many
	// transcripts and bytes of them are done, of how many, in which stage:
	// StageLearning (redaction's first reading of every transcript) or
	// StageCoding.
	Progress func(stage string, done, total int, doneBytes, totalBytes int64)
	// Warn, when set, is told of things worth knowing that are not
	// errors (a participant missing from the sheet, a skipped file).
	Warn func(error)
}

// The stages Config.Progress reports.
const (
	StageLearning = "learning names"
	StageCoding   = "coding"
)

// Result says what a run did.
type Result struct {
	Out          string
	Transcripts  int
	Sheets       int // participants and case sheets read
	Cases        int
	Participants int
	Statements   int // statements by participants (interviewer turns are not counted)
	Coded        int // statements with at least one code
	Codes        int // rows of Statements: codes given
	Reviewed     int // statements with a reviewer's decision carried to this run
	Orphaned     int // decisions that found no segment in this run
	// Rejected lists every input, or part of one, that could not be used.
	Rejected []error
}

// LoadCodebook reads the codebook at path, or the embedded one when path
// is "".
func LoadCodebook(path string) (*coding.Codebook, error) {
	if path == "" {
		return coding.Parse(data.CodebookName, data.Codebook)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading codebook: %w", err)
	}
	return coding.Parse(path, src)
}

// Run reads the inputs, codes them and writes every output. Problems with
// single inputs are listed in the result and the rest go on; the error is
// for a run that could not go on: a *ConfigError for bad settings,
// ErrNothingUsable when no input could be read, or a failure to write.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Out == "" {
		cfg.Out = "desist-out"
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Learn && cfg.Review == "" {
		return nil, &ConfigError{Err: errors.New("--learn needs --review: it learns from a reviewed workbook's decisions")}
	}
	warn := cfg.Warn
	if warn == nil {
		warn = func(error) {}
	}
	cb, err := LoadCodebook(cfg.Codebook)
	if err != nil {
		return nil, &ConfigError{Err: err}
	}
	coder := coding.NewCoder(cb)
	res := &Result{Out: cfg.Out}
	var rv *review
	if cfg.Review != "" {
		var bad []error
		if rv, bad, err = readReview(cfg.Review, cb); err != nil {
			return nil, &ConfigError{Err: fmt.Errorf("--review: %w", err)}
		}
		res.Rejected = append(res.Rejected, bad...)
	}
	if cfg.Model != "" && cfg.NoModel {
		return nil, &ConfigError{Err: errors.New("--model and --no-model contradict each other")}
	}
	var learned *coding.Model
	modelNote := "none: every code was given by the codebook's cues alone."
	switch {
	case cfg.Model != "":
		if learned, err = LoadModel(cfg.Model); err != nil {
			return nil, &ConfigError{Err: err}
		}
		coder = coder.WithModel(learned)
		modelNote = fmt.Sprintf("the model file %s was used beside the cues", path.Base(cfg.Model))
		if learned.Note != "" {
			modelNote += " (" + learned.Note + ")"
		}
		modelNote += "."
	case cfg.Learn:
		ex := rv.examples()
		if len(ex) < minLearn {
			warn(fmt.Errorf("--learn: %s has %d fully reviewed statements; at least %d are needed to learn from, so this run codes with the cues alone", cfg.Review, len(ex), minLearn))
			break
		}
		learned = coding.Train(ex, factorIDs(cb), coding.TrainOptions{Rules: coder})
		coder = coder.WithModel(learned)
		modelNote = fmt.Sprintf("a model learned from %d statements reviewed in %s was used beside the cues.", len(ex), path.Base(cfg.Review))
		warn(fmt.Errorf("--learn: learned from %d reviewed statements of %s; codes the cues missed may come from it (their Cue says \"model\"), and it is written to %s", len(ex), cfg.Review, path.Join(cfg.Out, LearnedModelName)))
	}
	if coder.Model() == nil && !cfg.NoModel {
		m, err := DefaultModel()
		if err != nil {
			return nil, &ConfigError{Err: err}
		}
		coder = coder.WithModel(m)
		modelNote = "the built-in model (" + data.ModelName + ") was used beside the cues"
		if m.Note != "" {
			modelNote += ": " + m.Note
		}
		modelNote += "."
	}
	if coder.Model() != nil {
		modelNote += " A learned model adds a factor code the cues missed when it finds the code likely from the statement's words (its Cue in coded.xlsx starts \"model:\" and names the words that weighed most), and may say whether a code is described as missing."
	}
	var cols columnMap
	if cfg.Columns != "" {
		if cols, err = LoadColumnMap(cfg.Columns); err != nil {
			return nil, &ConfigError{Err: err}
		}
	}

	ins, err := gatherInputs(cfg, res)
	if err != nil {
		return nil, err
	}
	var transcripts, sheets []input
	var totalBytes int64
	for _, in := range ins {
		if sheetExts[in.ext] {
			sheets = append(sheets, in)
		} else {
			transcripts = append(transcripts, in)
			totalBytes += in.size
		}
	}
	var doneBytes int64
	progress := func(stage string, i int) {
		if cfg.Progress != nil {
			if i == 0 {
				doneBytes = 0
			}
			doneBytes += transcripts[i].size
			cfg.Progress(stage, i+1, len(transcripts), doneBytes, totalBytes)
		}
	}
	red := &redactor{off: cfg.NoRedact}
	if cfg.RecogniseNames && !cfg.NoRedact {
		if err := red.useRecogniser(); err != nil {
			return nil, &ConfigError{Err: fmt.Errorf("loading the name recogniser: %w", err)}
		}
	}
	if cfg.Names != "" {
		if err := red.learnNames(cfg.Names); err != nil {
			return nil, &ConfigError{Err: err}
		}
	}
	people, cases := readSheets(sheets, cols, res, warn)
	res.Participants = len(people)
	res.Cases = len(cases)

	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, &ConfigError{Err: fmt.Errorf("making output folder: %w", err)}
	}
	out := &outputs{dir: cfg.Out}
	out.removeStale()
	defer out.abort()
	ids := make([]string, len(cb.Codes))
	for i, c := range cb.Codes {
		ids[i] = c.ID
	}
	wb, err := newWorkbook(ids)
	if err != nil {
		return nil, err
	}
	defer wb.discard()
	csvw, err := newStatementsCSV()
	if err != nil {
		return nil, err
	}
	defer csvw.discard()
	if !red.off {
		// Names are learned from every input before any statement is
		// written, so that a name first met in the last transcript is
		// redacted in the first too. This reads the transcripts twice
		// rather than holding them all.
		red.learnParticipants(people)
		// The workers split the lines into words; learning what they
		// say is done in input order.
		prep := func(r *fileResult) { r.learn = prepareLearning(r.transcript) }
		err := codeTranscripts(ctx, cfg, transcripts, nil, prep, func(i int, r fileResult) error {
			progress(StageLearning, i)
			if r.err == nil {
				red.learnPrepared(r.transcript, r.learn)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			for _, n := range c.notes {
				red.learnText(n.Value)
			}
		}
		red.freeze()
	}
	// Once every name is learned, the workers plan each statement's
	// redaction, which is most of its cost; emit only numbers the people
	// in output order (and redacts afresh the few statements a plan does
	// not hold for).
	var plan func(*fileResult)
	if !red.off {
		rd := red.reader()
		plan = func(r *fileResult) {
			for j := range r.statements {
				rd.planStatement(&r.statements[j])
			}
		}
	}
	tl := newTally(cb)
	defer tl.discard()
	rb := newReportBuilder(tl)
	exp := &refiExport{}
	ag := newAgreement(cb)
	sources := map[string]bool{}
	defer exp.discard()
	emit := func(s *Statement) error {
		sources[s.Source] = true
		if rv != nil {
			rv.apply(s, cb)
			if s.review != nil && s.review.reviewed {
				coderV, reviewerV := statementVerdicts(s)
				ag.add(reviewerV, coderV)
			}
		}
		red.apply(s)
		tl.add(s)
		rb.add(s)
		exp.add(s)
		if err := csvw.add(s); err != nil {
			return err
		}
		return wb.addStatement(s)
	}

	seenParticipants := map[string]string{}
	err = codeTranscripts(ctx, cfg, transcripts, coder, plan, func(i int, r fileResult) error {
		progress(StageCoding, i)
		if r.err != nil {
			res.Rejected = append(res.Rejected, r.err)
			return nil
		}
		res.Transcripts++
		for _, w := range r.warnings {
			warn(w)
		}
		t := r.transcript
		if prev, dup := seenParticipants[t.Participant]; dup {
			warn(&InputError{File: t.Source, Err: fmt.Errorf("participant %s also has the transcript %s; both are coded as that participant", t.Participant, prev)})
		} else {
			seenParticipants[t.Participant] = t.Source
		}
		if p, ok := people[t.Participant]; ok {
			fillFromSheet(t, p)
		} else if len(people) > 0 {
			warn(&InputError{File: t.Source, Err: fmt.Errorf("participant %q is not in the participants sheet; coded without role, group or YOT from it", t.Participant)})
		}
		attrs := make([]Attr, len(t.Attrs))
		for k, a := range t.Attrs {
			attrs[k] = Attr{Key: a.Key, Value: red.redactValue(a.Value)}
		}
		exp.attributes(red.participant(t.Participant), attrs)
		for j := range r.statements {
			s := &r.statements[j]
			s.Role, s.Group, s.YOT = t.Role, t.Group, t.YOT
			if err := emit(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		for _, s := range caseStatements(c) {
			s.Codes = coder.Code(s.Text)
			if err := emit(&s); err != nil {
				return nil, err
			}
		}
	}
	res.Statements, res.Coded, res.Codes = tl.statements, tl.coded, tl.rows
	if res.Transcripts == 0 && len(cases) == 0 {
		return res, ErrNothingUsable
	}

	var orphans []orphan
	if rv != nil {
		orphans = rv.finish(sources)
		res.Orphaned = len(orphans)
		res.Reviewed = len(ag.each)
	}
	if err := writeOutputs(out, wb, csvw, tl, rb, exp, cb, cases, red, cfg.Redactions, ag, orphans, modelNote); err != nil {
		return nil, err
	}
	if cfg.Learn && learned != nil {
		if err := out.write(LearnedModelName, func(w io.Writer) error { return writeModel(w, learned) }); err != nil {
			return nil, err
		}
	}
	if err := wb.tooBig(); err != nil {
		warn(err)
	}
	if err := out.commit(); err != nil {
		return nil, err
	}
	return res, nil
}

// gatherInputs finds the run's inputs: the sample, or the paths and named
// sheets.
func gatherInputs(cfg Config, res *Result) ([]input, error) {
	if len(cfg.Paths) == 0 && len(cfg.Participants) == 0 && len(cfg.Cases) == 0 {
		ins, err := sampleInputs()
		if err != nil {
			return nil, fmt.Errorf("reading the embedded sample: %w", err)
		}
		return ins, nil
	}
	ins, errs := findInputs(cfg.Paths, cfg.Out)
	res.Rejected = append(res.Rejected, errs...)
	for _, named := range []struct {
		paths []string
		role  string
	}{{cfg.Participants, "participants"}, {cfg.Cases, "cases"}} {
		for _, p := range named.paths {
			p, sheet := splitSheet(p)
			found, errs := findInputs([]string{p}, cfg.Out)
			res.Rejected = append(res.Rejected, errs...)
			for _, in := range found {
				if !sheetExts[in.ext] {
					res.Rejected = append(res.Rejected, &InputError{File: in.name, Err: fmt.Errorf("a %s sheet must be .xlsx or .csv", named.role)})
					continue
				}
				in.role, in.sheet = named.role, sheet
				ins = slices.DeleteFunc(ins, func(x input) bool { return x.path == in.path })
				ins = append(ins, in)
			}
		}
	}
	return ins, nil
}

// splitSheet splits "FILE:SHEET" into the file and the sheet's name, when
// FILE exists and the whole does not.
func splitSheet(p string) (string, string) {
	i := strings.LastIndex(p, ":")
	if i <= 0 {
		return p, ""
	}
	if _, err := os.Stat(p); err == nil {
		return p, ""
	}
	if _, err := os.Stat(p[:i]); err == nil {
		return p[:i], p[i+1:]
	}
	return p, ""
}

// readSheets reads the spreadsheets: participants sheets into a map by
// participant ID, case sheets into cases.
func readSheets(sheets []input, cols columnMap, res *Result, warn func(error)) (map[string]Participant, []*Case) {
	people := map[string]Participant{}
	var cases []*Case
	for _, in := range sheets {
		raw, err := in.read()
		if err != nil {
			res.Rejected = append(res.Rejected, &InputError{File: in.name, Err: cleanPathError(err)})
			continue
		}
		tables, err := readTables(in.name, raw, in.ext, cols, in.sheet)
		if err != nil {
			res.Rejected = append(res.Rejected, err)
			continue
		}
		used := false
		for _, t := range tables {
			if t.note != nil {
				warn(t.note)
			}
			switch {
			case in.role != "cases" && isParticipantTable(t):
				ps, errs := readParticipants(t)
				res.Rejected = append(res.Rejected, errs...)
				for id, p := range ps {
					if _, dup := people[id]; dup {
						res.Rejected = append(res.Rejected, &InputError{File: in.name, Sheet: t.sheet, Err: fmt.Errorf("participant %s is also in another participants sheet; the first is used", id)})
						continue
					}
					people[id] = p
				}
				used = true
			case in.role != "participants" && isCaseTable(t):
				cs, errs := readCases(t)
				res.Rejected = append(res.Rejected, errs...)
				cases = append(cases, cs...)
				used = true
			}
		}
		if used {
			res.Sheets++
			continue
		}
		err = &InputError{File: in.name, Err: fmt.Errorf("no sheet with a Participant or Case column")}
		if in.role != "" {
			res.Rejected = append(res.Rejected, err)
		} else {
			warn(fmt.Errorf("%w; skipped", err))
		}
	}
	return people, cases
}

// fillFromSheet fills in what the transcript's front matter left blank
// from its participant's row.
func fillFromSheet(t *Transcript, p Participant) {
	if t.Role == "" {
		t.Role = p.Role
	}
	if t.Group == "" {
		t.Group = p.Group
	}
	if t.YOT == "" {
		t.YOT = p.YOT
	}
	for _, a := range p.Attrs {
		if !slices.ContainsFunc(t.Attrs, func(b Attr) bool { return strings.EqualFold(a.Key, b.Key) }) {
			t.Attrs = append(t.Attrs, a)
		}
	}
}

// A fileResult is one transcript read and split.
type fileResult struct {
	transcript *Transcript
	statements []Statement
	err        error
	warnings   []error
	learn      *learnPrep // for the learning pass: its lines split into words
}

// codeTranscripts reads and splits the transcripts, codes their
// statements when coder is not nil and then calls prepare on the result
// when it is not nil, cfg.Workers at a time, and hands each result to emit
// in input order while the workers go on with the next ones. At most a
// few results per worker are held at once.
func codeTranscripts(ctx context.Context, cfg Config, ins []input, coder *coding.Coder, prepare func(*fileResult), emit func(int, fileResult) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// pending holds each transcript's result-to-be, in input order; its
	// capacity bounds how far the workers run ahead of emit.
	pending := make(chan chan fileResult, cfg.Workers*4)
	sem := make(chan struct{}, cfg.Workers)
	// The workers' Sequences are kept from one transcript to the next:
	// each remembers what coding needs of the words it has met.
	var seqs sync.Pool
	go func() {
		defer close(pending)
		for _, in := range ins {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			ch := make(chan fileResult, 1)
			select {
			case pending <- ch:
			case <-ctx.Done():
				<-sem
				return
			}
			go func() {
				defer func() { <-sem }()
				// The learning pass (no coder) needs the lines, not the
				// statements.
				r := readTranscript(in, coder != nil)
				if coder != nil {
					seq, ok := seqs.Get().(*coding.Sequence)
					if !ok {
						seq = coder.Sequence()
					}
					for j := range r.statements {
						s := &r.statements[j]
						s.Codes = seq.CodeIn(s.Text, s.context)
					}
					seqs.Put(seq)
				}
				if prepare != nil && r.err == nil {
					prepare(&r)
				}
				ch <- r
			}()
		}
	}()
	i := 0
	for ch := range pending {
		var r fileResult
		select {
		case r = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := emit(i, r); err != nil {
			return err
		}
		i++
	}
	// pending is closed early when ctx is cancelled.
	return ctx.Err()
}

// readTranscript reads, decodes and parses one transcript, and splits it
// into statements when asked.
func readTranscript(in input, statements bool) fileResult {
	raw, err := in.read()
	if err != nil {
		return fileResult{err: &InputError{File: in.name, Err: cleanPathError(err)}}
	}
	var t *Transcript
	if in.ext == ".docx" {
		t, err = ParseDocx(in.name, raw)
	} else {
		text, derr := decodeText(raw)
		if derr != nil {
			return fileResult{err: &InputError{File: in.name, Err: derr}}
		}
		if in.ext == ".vtt" || in.ext == ".srt" {
			t, err = ParseSubtitles(in.name, text, in.ext)
		} else {
			t, err = ParseTranscript(in.name, text, in.ext == ".md")
		}
	}
	if err != nil {
		return fileResult{err: err}
	}
	for _, turn := range t.Turns {
		if err := checkLines(in.name, turn.Lines); err != nil {
			return fileResult{err: err}
		}
	}
	if t.Participant == "" {
		base := path.Base(in.name)
		t.Participant = strings.TrimSuffix(base, path.Ext(base))
	}
	r := fileResult{transcript: t}
	if !statements {
		return r
	}
	r.statements = split(t)
	labelled := slices.ContainsFunc(t.Turns, func(turn Turn) bool { return turn.Speaker != "" })
	switch {
	case len(r.statements) == 0:
		r.warnings = append(r.warnings, &InputError{File: in.name, Err: errors.New("no statements by the participant found (an empty file, or only the interviewer speaks)")})
	case !labelled:
		r.warnings = append(r.warnings, &InputError{File: in.name, Err: errors.New("no speaker labels (\"Name: ...\"); all its text is taken as the participant's")})
	}
	return r
}

// caseStatements turns a case's free-text cells into statements, spoken
// by a worker with the case as participant.
func caseStatements(c *Case) []Statement {
	var out []Statement
	seen := map[string]int{}
	for _, n := range c.notes {
		for _, sp := range Sentences(n.Value) {
			s := Statement{
				Source: c.Source, Line: c.Row, Participant: c.ID, Role: "worker",
				Group: c.Group, YOT: c.YOT, Speaker: n.Key,
				Text: strings.Join(strings.Fields(n.Value[sp.Start:sp.End]), " "),
			}
			s.ID = segmentID(s.Source+"#"+c.Sheet+"#"+c.ID, s.Text, seen[s.Text])
			seen[s.Text]++
			out = append(out, s)
		}
	}
	return out
}

// writeOutputs writes every output to the staging area. red is the run's
// redactor; with redactions, its table goes in a Redactions sheet.
func writeOutputs(out *outputs, wb *workbook, csvw *statementsCSV, tl *tally, rb *reportBuilder, exp *refiExport, cb *coding.Codebook, cases []*Case, red *redactor, redactions bool, ag *agreement, orphans []orphan, modelNote string) (err error) {
	// The REFI-QDA files are written beside the rest, on another core:
	// they and coded.xlsx are the two costly ones (compressing).
	expDone := make(chan error, 1)
	go func() { expDone <- exp.write(out, cb) }()
	defer func() {
		if expErr := <-expDone; err == nil {
			err = expErr
		}
	}()
	if err := wb.writeTable(sheetSummary, tl.summaryHeader(), tl.summaryRows(), []float64{7, 34, 10, 8}); err != nil {
		return err
	}
	fw := []float64{12, 9, 10, 18, 10, 8}
	for range cb.Codes {
		fw = append(fw, 50)
	}
	if err := wb.writeRows(sheetFramework, tl.frameworkHeader(), fw, tl.frameworkRows); err != nil {
		return err
	}
	caseHeader, caseRows := casesTable(cases)
	if err := wb.writeTable(sheetCases, caseHeader, caseRows, []float64{9, 60}); err != nil {
		return err
	}
	if err := wb.writeTable(sheetCodebook, codebookHeader, codebookRows(cb), []float64{7, 10, 8, 30, 60, 50, 50, 9, 50, 30, 50, 50}); err != nil {
		return err
	}
	if len(cases) > 0 {
		h, rows := caseDetails(cases)
		if _, err := wb.f.NewSheet(sheetCaseDetails); err != nil {
			return err
		}
		if err := wb.writeTable(sheetCaseDetails, h, rows, []float64{10, 24, 14, 6, 18, 10}); err != nil {
			return err
		}
	}
	if ag.any() {
		if _, err := wb.f.NewSheet(sheetAgreement); err != nil {
			return err
		}
		if err := wb.writeTable(sheetAgreement, agreementHeader("Reviewer", "Coder"), ag.rows(), []float64{9, 34, 11, 8, 9, 7, 10, 10, 8, 7, 9, 11, 11}); err != nil {
			return err
		}
	}
	if len(orphans) > 0 {
		rows := orphanRows(orphans)
		for _, r := range rows {
			for _, k := range []int{3, 4, 5, 8} { // participant, speaker, text, note
				if v, ok := r[k].(string); ok {
					r[k] = red.redact(v)
				}
			}
		}
		if _, err := wb.f.NewSheet(sheetOrphaned); err != nil {
			return err
		}
		if err := wb.writeTable(sheetOrphaned, OrphanedHeader, rows, []float64{15, 28, 6, 12, 12, 70, 7, 10, 30, 50}); err != nil {
			return err
		}
	}
	if redactions && !red.off {
		h, rows := red.table()
		if _, err := wb.f.NewSheet(sheetRedactions); err != nil {
			return err
		}
		if err := wb.writeTable(sheetRedactions, h, rows, []float64{24, 16, 30, 8}); err != nil {
			return err
		}
	}
	if err := wb.save(out, "coded.xlsx"); err != nil {
		return err
	}
	if err := out.write("statements.csv", csvw.copyTo); err != nil {
		return err
	}
	if err := out.write("summary.csv", func(w io.Writer) error { return writeCSV(w, tl.summaryHeader(), tl.summaryRows()) }); err != nil {
		return err
	}
	if err := out.write("cases.csv", func(w io.Writer) error { return writeCSV(w, caseHeader, caseRows) }); err != nil {
		return err
	}
	rep := rb.build(cb, cases)
	rep.Redacted = red != nil && !red.off
	if ag.any() {
		rep.AgreementTable, rep.Agreement = ag.report()
	}
	rep.Model = modelNote
	for _, page := range charts.Pages(rep) {
		if err := out.write("charts/"+page.Name, page.Write); err != nil {
			return err
		}
		if err := out.write("charts/"+page.SnippetName, page.WriteSnippet); err != nil {
			return err
		}
	}
	if err := out.write("charts/"+charts.LibraryName, charts.WriteLibrary); err != nil {
		return err
	}
	return out.write("report.html", func(w io.Writer) error { return charts.WriteReport(w, rep) })
}
