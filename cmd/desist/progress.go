package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progressEvery is the least time between two progress lines when stderr
// is not a terminal.
const progressEvery = 5 * time.Second

// A progressFunc is told, as each transcript is done, how many
// transcripts and bytes are done, of how many, in which stage.
type progressFunc = func(stage string, done, total int, doneBytes, totalBytes int64)

// progress returns a progress reporter for stderr, the writer for
// messages while it runs, and a function that ends it, to call before
// anything else is written to stderr. On a terminal it draws a bar for
// each stage with the transcripts and MB done, the rate and the time left,
// and messages are written above the bars; otherwise it writes a line at
// most every progressEvery, so a log stays short.
func progress(stderr io.Writer) (progressFunc, io.Writer, func()) {
	if f, ok := stderr.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			return progressBars(stderr)
		}
	}
	return progressLines(stderr, time.Now), stderr, func() {}
}

// progressBars draws the stages' bars with mpb.
func progressBars(w io.Writer) (progressFunc, io.Writer, func()) {
	p := mpb.New(mpb.WithOutput(w), mpb.WithWidth(32))
	var bar *mpb.Bar
	var stage string
	var files *atomic.Int64 // the current bar's, read by mpb's goroutine
	report := func(st string, done, total int, doneBytes, totalBytes int64) {
		if bar == nil || st != stage {
			if bar != nil && !bar.Completed() {
				bar.SetTotal(-1, true)
			}
			stage = st
			files = new(atomic.Int64)
			files := files
			bar = p.New(totalBytes, mpb.BarStyle(),
				mpb.PrependDecorators(
					decor.Name("desist: "+st, decor.WCSyncSpaceR),
					decor.Any(func(decor.Statistics) string {
						return fmt.Sprintf("%d/%d transcripts", files.Load(), total)
					}, decor.WCSyncSpace),
				),
				mpb.AppendDecorators(
					decor.Counters(decor.SizeB1000(0), "% .1f / % .1f", decor.WCSyncSpace),
					decor.AverageSpeed(decor.SizeB1000(0), "% .1f", decor.WCSyncSpace),
					decor.OnComplete(decor.AverageETA(decor.ET_STYLE_GO, decor.WCSyncSpace), "done"),
				))
		}
		files.Store(int64(done))
		bar.SetCurrent(doneBytes)
		if done == total && !bar.Completed() {
			bar.SetTotal(-1, true)
		}
	}
	finish := func() {
		if bar != nil && !bar.Completed() {
			bar.Abort(false)
		}
		p.Wait()
	}
	return report, p, finish
}

// progressLines writes a line of progress at most every progressEvery, by
// the clock now; a run or stage shorter than that writes none.
func progressLines(w io.Writer, now func() time.Time) progressFunc {
	var stage string
	var start, last time.Time
	return func(st string, done, total int, doneBytes, totalBytes int64) {
		t := now()
		if st != stage {
			stage, start, last = st, t, t
		}
		if t.Sub(last) < progressEvery {
			return
		}
		last = t
		line := fmt.Sprintf("desist: %s: %d of %d transcripts, %.1f of %.1f MB", st, done, total, float64(doneBytes)/1e6, float64(totalBytes)/1e6)
		if secs := t.Sub(start).Seconds(); secs > 0 && doneBytes > 0 {
			rate := float64(doneBytes) / secs
			line += fmt.Sprintf(", %.1f MB/s", rate/1e6)
			if left := float64(totalBytes - doneBytes); left > 0 {
				line += fmt.Sprintf(", about %s left", time.Duration(left/rate*float64(time.Second)).Round(time.Second))
			}
		}
		fmt.Fprintln(w, line)
	}
}
