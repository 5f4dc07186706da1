package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outputText returns the text of every output file of a run, the files in
// project.qdpx included, by name.
func outputText(t *testing.T, out string) map[string]string {
	t.Helper()
	texts := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		zr, zerr := zip.OpenReader(p)
		if zerr != nil {
			b, err := os.ReadFile(p)
			texts[p] = string(b)
			return err
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return err
			}
			texts[p+"!"+f.Name] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

func TestRedaction(t *testing.T) {
	names := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(names, []byte("# people to redact\nOtherton\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("on by default, everywhere", func(t *testing.T) {
		out := t.TempDir()
		if code, _, stderr := desist(t, "run", "--quiet", "--out", out, "testdata/study"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		texts := outputText(t, out)
		if len(texts) < 8 {
			t.Fatalf("only %d output files", len(texts))
		}
		for name, text := range texts {
			if strings.Contains(text, "Dee") {
				t.Errorf("%s contains the name Dee", name)
			}
		}
		if !strings.Contains(texts[filepath.Join(out, "statements.csv")], "[Person 1]") {
			t.Error("statements.csv has no placeholder")
		}
		if !strings.Contains(texts[filepath.Join(out, "report.html")], "names in the quotes were replaced") {
			t.Error("report.html does not say names were redacted")
		}
		_, sh := sheets(t, filepath.Join(out, "coded.xlsx"))
		if _, ok := sh["Redactions"]; ok {
			t.Error("Redactions sheet written without --redactions")
		}
	})
	t.Run("names list and Redactions sheet", func(t *testing.T) {
		out := t.TempDir()
		if code, _, stderr := desist(t, "run", "--quiet", "--redactions", "--names", names, "--out", out, "testdata/study"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		_, sh := sheets(t, filepath.Join(out, "coded.xlsx"))
		var originals []string
		for _, r := range sh["Redactions"][1:] {
			originals = append(originals, r[0])
		}
		if !strings.Contains(strings.Join(originals, "|"), "Dee") {
			t.Errorf("Redactions sheet lacks Dee: %q", originals)
		}
	})
	t.Run("off with --no-redact", func(t *testing.T) {
		out := t.TempDir()
		if code, _, stderr := desist(t, "run", "--quiet", "--no-redact", "--out", out, "testdata/study"); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "statements.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "My worker Dee really listened to me.") {
			t.Error("--no-redact still redacted")
		}
		rep, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil || !strings.Contains(string(rep), "names in the quotes were not redacted") {
			t.Errorf("report.html does not say names were kept (err %v)", err)
		}
	})
	t.Run("missing names file is a usage error", func(t *testing.T) {
		code, _, stderr := desist(t, "run", "--quiet", "--names", filepath.Join(t.TempDir(), "nope.txt"), "--out", t.TempDir(), "testdata/study")
		if code != exitUsage || !strings.Contains(stderr, "nope.txt") {
			t.Errorf("exit %d, stderr %s", code, stderr)
		}
	})
}
