package pipeline

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// outputs stages a run's output files under temporary names in the output
// folder and renames them all into place at the end, so that a failed run
// leaves no half-written file and keeps the outputs of the run before.
type outputs struct {
	dir    string
	mu     sync.Mutex // guards staged: files may be written at once
	staged []stagedFile
}

type stagedFile struct {
	tmp, final string
}

// write stages the file name (a slash-separated path under the output
// folder) with the content fn writes.
func (o *outputs) write(name string, fn func(io.Writer) error) (err error) {
	final := filepath.Join(o.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("writing %s: %w", final, err)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fn(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	o.mu.Lock()
	o.staged = append(o.staged, stagedFile{tmp: f.Name(), final: final})
	o.mu.Unlock()
	return nil
}

// commit renames every staged file into place.
func (o *outputs) commit() error {
	var errs []error
	for _, s := range o.staged {
		if err := os.Rename(s.tmp, s.final); err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", s.final, err))
			os.Remove(s.tmp)
		}
	}
	o.staged = nil
	return errors.Join(errs...)
}

// abort removes every staged file.
func (o *outputs) abort() {
	for _, s := range o.staged {
		os.Remove(s.tmp)
	}
	o.staged = nil
}

// removeStale removes temporary files that an interrupted earlier run
// left in the output folder (a killed process cannot clean up after
// itself). Only names of the form this package makes are touched.
func (o *outputs) removeStale() {
	for _, dir := range []string{o.dir, filepath.Join(o.dir, "charts")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if n := e.Name(); !e.IsDir() && strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp-") {
				os.Remove(filepath.Join(dir, n))
			}
		}
	}
}

// zipEpoch sets h's date to 1980-01-01 00:00, the earliest a zip holds,
// with no extended timestamp, so that archives this package writes are the
// same bytes from run to run. It uses the MS-DOS fields because
// zip.Writer keeps them as given when Modified is zero.
func zipEpoch(h *zip.FileHeader) {
	h.Modified, h.Extra = time.Time{}, nil
	//lint:ignore SA1019 the MS-DOS fields are the way to give a fixed date without the extended timestamp
	h.ModifiedDate, h.ModifiedTime = 1<<5|1, 0
}

// zipLevel is the deflate level of the archives this package writes.
// klauspost's level 5 deflates spreadsheet XML about three times as fast
// as the standard library's default level, into about 5% more bytes
// (measured on a generated Uncoded sheet of 100 MB); its level 3 takes
// 70% of level 5's time, into 10% more bytes (the Uncoded sheet of a
// generated 5 MB corpus, 42 MB of XML: 75 ms and 4.4 MB against 107 ms
// and 4.0 MB), and a large run spends a tenth of its time deflating.
const zipLevel = 3

// newZipWriter returns a zip writer on w whose deflate is klauspost's
// flate at zipLevel.
func newZipWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw, ok := flateWriters.Get().(*flate.Writer); ok {
			fw.Reset(out)
			return pooledFlate{fw}, nil
		}
		fw, err := flate.NewWriter(out, zipLevel)
		if err != nil {
			return nil, err
		}
		return pooledFlate{fw}, nil
	})
	return zw
}

// flateWriters keeps compressors for reuse: each holds about 1 MB of
// tables, and project.qdpx has an entry for every transcript.
var flateWriters sync.Pool

// A pooledFlate goes back to flateWriters when its entry is closed.
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	if err == nil {
		flateWriters.Put(p.Writer)
	}
	return err
}
