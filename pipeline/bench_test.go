package pipeline

import (
	"context"
	"os"
	"testing"

	"desist/coding"
)

// sampleTranscripts reads the sample study's transcripts as inputs.
func sampleTranscripts(tb testing.TB) []input {
	tb.Helper()
	ins, err := sampleInputs()
	if err != nil {
		tb.Fatal(err)
	}
	var out []input
	for _, in := range ins {
		if transcriptExts[in.ext] {
			out = append(out, in)
		}
	}
	return out
}

// readStatements reads the transcripts and returns their statements.
func readStatements(b *testing.B, ins []input) []Statement {
	b.Helper()
	var stmts []Statement
	for _, in := range ins {
		r := readTranscript(in, true)
		if r.err != nil {
			b.Fatal(r.err)
		}
		stmts = append(stmts, r.statements...)
	}
	return stmts
}

// BenchmarkStages times reading and splitting the sample's transcripts
// against coding their statements, to show which dominates. Compare the
// two sub-benchmarks' ns/op: their ratio is the figure to quote.
func BenchmarkStages(b *testing.B) {
	ins := sampleTranscripts(b)
	cb, err := LoadCodebook("")
	if err != nil {
		b.Fatal(err)
	}
	coder := coding.NewCoder(cb)
	stmts := readStatements(b, ins)
	b.Run("read-and-split", func(b *testing.B) {
		for b.Loop() {
			for _, in := range ins {
				readTranscript(in, true)
			}
		}
	})
	m, err := DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		coder *coding.Coder
	}{{"code", coder}, {"code-with-model", coder.WithModel(m)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for i := range stmts {
					c.coder.CodeIn(stmts[i].Text, stmts[i].context)
				}
			}
			b.ReportMetric(float64(len(stmts)), "statements/op")
		})
	}
}

// BenchmarkRunSample times a whole run on the sample study, outputs
// included, with the built-in model (the default) and without it.
func BenchmarkRunSample(b *testing.B) {
	for _, c := range []struct {
		name    string
		noModel bool
	}{{"model", false}, {"no-model", true}} {
		b.Run(c.name, func(b *testing.B) {
			out := b.TempDir()
			for b.Loop() {
				if _, err := Run(context.Background(), Config{Out: out, NoModel: c.noModel}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRunCorpus times a whole run on the corpus in the folder named
// by DESIST_BENCH_CORPUS (bench/run.sh makes one with bench/gencorpus);
// it is skipped when that is unset. With -cpuprofile or -memprofile it
// shows where a large run spends its time and memory.
func BenchmarkRunCorpus(b *testing.B) {
	dir := os.Getenv("DESIST_BENCH_CORPUS")
	if dir == "" {
		b.Skip("DESIST_BENCH_CORPUS is not set")
	}
	out := b.TempDir()
	for b.Loop() {
		if _, err := Run(context.Background(), Config{Paths: []string{dir}, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodeCorpus codes, on one goroutine, the statements of the
// corpus in DESIST_BENCH_CORPUS with the built-in model, as a run does:
// with -cpuprofile it shows where coding spends its time.
func BenchmarkCodeCorpus(b *testing.B) {
	dir := os.Getenv("DESIST_BENCH_CORPUS")
	if dir == "" {
		b.Skip("DESIST_BENCH_CORPUS is not set")
	}
	ins, errs := findInputs([]string{dir}, "")
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	stmts := readStatements(b, ins)
	cb, err := LoadCodebook("")
	if err != nil {
		b.Fatal(err)
	}
	m, err := DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	coder := coding.NewCoder(cb).WithModel(m)
	for b.Loop() {
		seq := coder.Sequence()
		for i := range stmts {
			seq.CodeIn(stmts[i].Text, stmts[i].context)
		}
	}
	b.ReportMetric(float64(len(stmts)), "statements/op")
}
