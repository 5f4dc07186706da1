package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary act as the desist command when
// DESIST_TEST_IS_DESIST is set, so that a test can run it as a process
// and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("DESIST_TEST_IS_DESIST") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// bigCorpus writes n copies of a long fictional transcript to a folder.
func bigCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "Interviewer: And then what happened, part %d?\n", i)
		b.WriteString("YP: My worker really listened to me. They kept changing my worker though. My mum stood by me.\n")
	}
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("T%03d.txt", i), []byte(b.String()))
	}
	return dir
}

// TestInterruptedRunKeepsOutputs kills a run in the middle and checks that
// every output is whole (the earlier run's, or, if the kill fell while the
// finished files were being renamed into place, the new run's), and that
// the next run cleans up and succeeds.
func TestInterruptedRunKeepsOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command as a process")
	}
	out := t.TempDir()
	if code, _, stderr := desist(t, "run", "--quiet", "--out", out, "testdata/study"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	names := []string{"coded.xlsx", "statements.csv", "summary.csv", "cases.csv", "report.html", "codebook.qdc", "project.qdpx"}
	before := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			t.Fatal(err)
		}
		before[n] = b
	}
	corpus := bigCorpus(t, 12)
	// Time a whole run as a process, then kill runs at points through it,
	// late ones falling while the outputs are being written.
	fullOut := t.TempDir()
	full := exec.Command(os.Args[0], "run", "--quiet", "--out", fullOut, corpus)
	full.Env = append(os.Environ(), "DESIST_TEST_IS_DESIST=1")
	start := time.Now()
	if err := full.Run(); err != nil {
		t.Fatalf("a whole run: %v", err)
	}
	whole := time.Since(start)
	after := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(fullOut, n))
		if err != nil {
			t.Fatal(err)
		}
		after[n] = b
	}
	for _, frac := range []float64{0.4, 0.8, 0.95} {
		delay := time.Duration(frac * float64(whole))
		t.Run(fmt.Sprintf("at %.0f%%", 100*frac), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "run", "--quiet", "--out", out, corpus)
			cmd.Env = append(os.Environ(), "DESIST_TEST_IS_DESIST=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(delay)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if err == nil {
				t.Skipf("the run finished within %v; nothing to interrupt", delay)
			}
			for _, n := range names {
				b, err := os.ReadFile(filepath.Join(out, n))
				if err != nil {
					t.Fatalf("%s after the kill: %v", n, err)
				}
				// A kill while the finished files are being renamed into
				// place may leave some new ones beside old ones, but never
				// a file that is neither whole old nor whole new.
				if !bytes.Equal(b, before[n]) && !bytes.Equal(b, after[n]) {
					t.Errorf("%s is neither the earlier output nor a whole new one", n)
				}
			}
		})
	}
	// The next run removes what the killed ones left and writes anew.
	if code, _, stderr := desist(t, "run", "--quiet", "--out", out, "testdata/study"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
