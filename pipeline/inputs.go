package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"desist/data"
)

// An input is one file to read: from disk, or from the embedded sample.
type input struct {
	name  string // as shown in Source: the path as given, with / separators
	fsys  fs.FS  // where to read it from; nil for the disk
	path  string // the path to open in fsys, or on disk
	ext   string // lower-case extension with the dot
	role  string // "participants" or "cases" when named by a flag
	sheet string // the one sheet to read, when named as FILE:SHEET
	size  int64  // bytes, for progress
}

func (in input) read() ([]byte, error) {
	if in.fsys != nil {
		return fs.ReadFile(in.fsys, in.path)
	}
	return os.ReadFile(in.path)
}

var transcriptExts = map[string]bool{".txt": true, ".md": true, ".docx": true, ".vtt": true, ".srt": true}
var sheetExts = map[string]bool{".xlsx": true, ".csv": true}

// sampleInputs lists the embedded sample study's files.
func sampleInputs() ([]input, error) {
	var ins []input
	err := fs.WalkDir(data.Sample, "sample", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(path.Ext(p))
		inTranscripts := path.Dir(p) == "sample/transcripts"
		if d.IsDir() || !(transcriptExts[ext] && inTranscripts || sheetExts[ext]) {
			return nil // FICTIONAL.md and the like are about the sample, not in it
		}
		in := input{name: p, fsys: data.Sample, path: p, ext: ext}
		if info, err := d.Info(); err == nil {
			in.size = info.Size()
		}
		ins = append(ins, in)
		return nil
	})
	return ins, err
}

// findInputs expands paths (files or folders) into the inputs to read.
// Problems with single paths are returned, and the rest go on. skip is a
// folder never to walk into (the output folder).
func findInputs(paths []string, skip string) ([]input, []error) {
	var ins []input
	var errs []error
	skipAbs, _ := filepath.Abs(skip)
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &InputError{File: p, Err: cleanPathError(err)})
			continue
		}
		if !info.IsDir() {
			ext := strings.ToLower(filepath.Ext(p))
			if !transcriptExts[ext] && !sheetExts[ext] {
				errs = append(errs, &InputError{File: p, Err: fmt.Errorf("unknown kind of file %q (transcripts: .txt .md .docx .vtt .srt; sheets: .xlsx .csv)", ext)})
				continue
			}
			ins = append(ins, input{name: filepath.ToSlash(p), path: p, ext: ext, size: info.Size()})
			continue
		}
		err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &InputError{File: filepath.ToSlash(fp), Err: cleanPathError(err)})
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if abs, _ := filepath.Abs(fp); fp != p && (abs == skipAbs || strings.HasPrefix(name, ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if abs, _ := filepath.Abs(filepath.Dir(fp)); abs == skipAbs && outputNames[name] {
				return nil // desist's own outputs, when --out is an input folder
			}
			ext := strings.ToLower(filepath.Ext(name))
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || !(transcriptExts[ext] || sheetExts[ext]) {
				return nil
			}
			in := input{name: filepath.ToSlash(fp), path: fp, ext: ext}
			if info, err := d.Info(); err == nil {
				in.size = info.Size()
			}
			ins = append(ins, in)
			return nil
		})
		if err != nil {
			errs = append(errs, &InputError{File: p, Err: err})
		}
	}
	return ins, errs
}

// outputNames are the files a run writes at the top of its output folder.
var outputNames = map[string]bool{
	"coded.xlsx": true, "statements.csv": true, "summary.csv": true, "cases.csv": true,
	"report.html": true, "codebook.qdc": true, "project.qdpx": true,
}

// cleanPathError drops the path from an *fs.PathError, which the
// InputError names already.
func cleanPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return errors.New("no such file or folder")
		}
		return pe.Err
	}
	return err
}
