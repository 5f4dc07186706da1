package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeFile writes data to dir/name.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// workbook returns an xlsx with rows written from A1 of its first sheet.
func workbook(t *testing.T, rows [][]any, blankAfter int) []byte {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	r := 1
	for i, row := range rows {
		if i == len(rows)-1 && blankAfter > 0 {
			for range blankAfter {
				if err := sw.SetRow("A"+strconv.Itoa(r), []any{""}); err != nil {
					t.Fatal(err)
				}
				r++
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), row); err != nil {
			t.Fatal(err)
		}
		r++
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipBomb is an xlsx-like archive whose sheet says it unpacks to 4 GB.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 4 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte{3, 0}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// corrupt flips a byte inside the compressed data of a zip's largest entry.
func corrupt(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var big *zip.File
	for _, f := range zr.File {
		if big == nil || f.CompressedSize64 > big.CompressedSize64 {
			big = f
		}
	}
	off, err := big.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(data)
	out[off+int64(big.CompressedSize64)/2] ^= 0xFF
	return out
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	cases := [][]any{{"Case", "YOT", "Group", "Notes"}, {"K1", "North", "desister", "Worker listened to him."}}
	good := workbook(t, cases, 0)
	files := map[string][]byte{
		"good.txt":           []byte("YP: My worker really listened to me.\n"),
		"empty.txt":          nil,
		"binary.txt":         {0x7f, 'E', 'L', 'F', 0, 0, 1},
		"nolabels.txt":       []byte("I dunno, it was alright.\nShe listened to me.\n"),
		"longline.txt":       append([]byte("YP: "), bytes.Repeat([]byte("a"), 2<<20)...),
		"dup1.txt":           []byte("---\nparticipant: P9\n---\nYP: fine.\n"),
		"dup2.txt":           []byte("---\nparticipant: P9\n---\nYP: still fine.\n"),
		"badgroup.txt":       []byte("---\ngroup: sometimes\n---\nYP: hi\n"),
		"truncated.xlsx":     good[:len(good)/2],
		"corrupt.xlsx":       corrupt(t, good),
		"bomb.xlsx":          zipBomb(t),
		"blankrows.xlsx":     workbook(t, cases, 10_050),
		"people.csv":         []byte("Participant,Role,Group\nP1,child,desister\nP1,child,persister\nP2,judge,desister\n"),
		"notadocx.docx":      []byte("this is not a zip"),
		"garbage-sheet.xlsx": []byte("PK\x03\x04 not really"),
	}
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
	out := t.TempDir()
	code, _, stderr := desist(t, "run", "--quiet", "--out", out, dir)
	if code != exitRejected {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitRejected, stderr)
	}
	for _, want := range []string{
		"empty.txt: no statements by the participant",
		"binary.txt: not a text file",
		"nolabels.txt: no speaker labels",
		"longline.txt:1: line of 2 MB is too long",
		"dup2.txt: participant P9 also has the transcript",
		`badgroup.txt:2: unknown group "sometimes"`,
		"truncated.xlsx: not a valid xlsx (zip) file",
		"corrupt.xlsx: entry xl/",
		"bomb.xlsx: unpacks to more than 1024 MB (a zip bomb?); refused",
		`blankrows.xlsx: sheet "Sheet1" cell A10001: 10000 blank rows in a row`,
		"people.csv: cell A3: participant P1 appears twice",
		`people.csv: cell B4: unknown role "judge"`,
		"notadocx.docx",
		"garbage-sheet.xlsx: not a valid xlsx (zip) file",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("stderr:\n%s", stderr)
	}
	// The good inputs were coded and written whole.
	recs := readCSV(t, filepath.Join(out, "statements.csv"))
	var sources []string
	for _, r := range recs[1:] {
		sources = append(sources, r[1])
	}
	joined := strings.Join(sources, " ")
	for _, want := range []string{"good.txt", "nolabels.txt"} {
		if !strings.Contains(joined, want) {
			t.Errorf("statements.csv has nothing from %s: %q", want, sources)
		}
	}
	if _, sh := sheets(t, filepath.Join(out, "coded.xlsx")); len(sh["Statements"]) < 2 {
		t.Error("coded.xlsx has no statements")
	}
}

func TestOutIsInputFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", []byte("YP: My worker really listened to me.\n"))
	for range 2 { // the second run finds the first run's outputs beside the input
		code, _, stderr := desist(t, "run", "--quiet", "--out", dir, dir)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "1 transcripts, 0 sheets") {
			t.Fatalf("outputs read as inputs: %s", stderr)
		}
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	out := t.TempDir()
	stale := writeFile(t, out, ".coded.xlsx.tmp-123", []byte("half"))
	keep := writeFile(t, out, "notes.txt", []byte("mine"))
	if code, _, stderr := desist(t, "run", "--quiet", "--out", out, "testdata/study"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept (err %v)", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a file of the user's in the output folder was touched: %v", err)
	}
}
