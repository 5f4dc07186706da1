package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressLines drives the plain progress lines with a made-up clock.
func TestProgressLines(t *testing.T) {
	type call struct {
		at          time.Duration // since the start
		stage       string
		done, total int
		bytes, all  int64
	}
	for _, tc := range []struct {
		name  string
		calls []call
		want  []string
	}{
		{"a short run says nothing", []call{
			{0, "coding", 1, 3, 100, 300}, {time.Second, "coding", 2, 3, 200, 300}, {2 * time.Second, "coding", 3, 3, 300, 300},
		}, nil},
		{"a line every five seconds at most, with rate and time left", []call{
			{0, "coding", 1, 4, 1e6, 4e6},
			{5 * time.Second, "coding", 2, 4, 2e6, 4e6},
			{7 * time.Second, "coding", 3, 4, 3e6, 4e6},
			{10 * time.Second, "coding", 4, 4, 4e6, 4e6},
		}, []string{
			"desist: coding: 2 of 4 transcripts, 2.0 of 4.0 MB, 0.4 MB/s, about 5s left",
			"desist: coding: 4 of 4 transcripts, 4.0 of 4.0 MB, 0.4 MB/s",
		}},
		{"a new stage starts its own clock", []call{
			{0, "learning names", 1, 2, 1e6, 2e6},
			{6 * time.Second, "learning names", 2, 2, 2e6, 2e6},
			{7 * time.Second, "coding", 1, 2, 1e6, 2e6},
			{11 * time.Second, "coding", 2, 2, 2e6, 2e6},
			{13 * time.Second, "coding", 2, 2, 2e6, 2e6},
		}, []string{
			"desist: learning names: 2 of 2 transcripts, 2.0 of 2.0 MB, 0.3 MB/s",
			"desist: coding: 2 of 2 transcripts, 2.0 of 2.0 MB, 0.3 MB/s",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var now time.Time
			report := progressLines(&buf, func() time.Time { return now })
			for _, c := range tc.calls {
				now = start.Add(c.at)
				report(c.stage, c.done, c.total, c.bytes, c.all)
			}
			got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if buf.Len() == 0 {
				got = nil
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
