package charts

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium is Debian's browser, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// showTips is added to each page in the browser test: once the charts are
// drawn it shows the tooltip of every data item, so that ECharts builds
// the tooltips' HTML from the hostile strings too.
const showTips = `<script>
setTimeout(function () {
  document.querySelectorAll(".desist-chart").forEach(function (el) {
    var chart = echarts.getInstanceByDom(el);
    if (!chart) { return; }
    var series = chart.getOption().series;
    // Last to first, so that the tooltip left showing is the first
    // item's, where the hostile strings are.
    for (var si = series.length - 1; si >= 0; si--) {
      for (var di = (series[si].data || []).length - 1; di >= 0; di--) {
        chart.dispatchAction({type: "showTip", seriesIndex: si, dataIndex: di});
      }
    }
  });
}, 200);
</script>
`

// TestBrowser opens every page, and a host page holding every snippet,
// in headless Chromium with no network, and checks from the DOM it leaves
// that each chart was drawn (ECharts leaves a canvas in the chart's div)
// and that none of the hostile strings ran as script (each would set the
// title to "pwned" or leave an img element). It is skipped when Chromium
// is not installed, unless CI is set, when it fails.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing (apt-get install chromium): %v", chromium, err)
		}
		t.Skipf("%s is not installed; skipping the browser test (apt-get install chromium)", chromium)
	}
	dir := t.TempDir()
	rep := hostileReport()
	charts := rep.charts()
	type page struct {
		name, file string
		ids        []string // charts that must be drawn
		title      string
	}
	var pages []page
	var host bytes.Buffer
	host.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>host</title><script src=\"echarts.min.js\"></script></head><body>\n")
	var all []string
	for i, p := range Pages(rep) {
		c := charts[i]
		html := render(t, func(b *bytes.Buffer) error { return p.Write(b) })
		write(t, filepath.Join(dir, p.Name), addTips(html))
		pages = append(pages, page{p.Name, p.Name, []string{"desist-" + c.Name}, c.Title})
		snippet := render(t, func(b *bytes.Buffer) error { return p.WriteSnippet(b) })
		host.WriteString(snippet)
		all = append(all, "desist-"+c.Name)
	}
	host.WriteString(showTips + "</body></html>\n")
	write(t, filepath.Join(dir, "host.html"), host.String())
	lib := render(t, func(b *bytes.Buffer) error { return WriteLibrary(b) })
	write(t, filepath.Join(dir, LibraryName), lib)
	pages = append(pages, page{"snippets", "host.html", all, "host"})
	report := render(t, func(b *bytes.Buffer) error { return WriteReport(b, rep) })
	write(t, filepath.Join(dir, "report.html"), addTips(report))
	pages = append(pages, page{"report.html", "report.html", all, "Desistance: coded evidence"})

	// Two browsers at a time: more, on a busy two-core machine, have
	// timed out.
	slots := make(chan struct{}, 2)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			// The inlined library's own text holds "<img" (in its
			// data view, which these charts do not use); the HTML parser
			// reads its CR LF line ends as LF.
			lib := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(library))
			dom := strings.Replace(dumpDOM(t, filepath.Join(dir, p.file)), lib, "", 1)
			if strings.Contains(dom, "pwned</title>") || strings.Contains(dom, "<img") {
				t.Errorf("a hostile string ran as script")
			}
			if !strings.Contains(dom, "<title>"+strings.ReplaceAll(p.title, "&", "&amp;")+"</title>") {
				t.Errorf("title changed or missing")
			}
			for _, id := range p.ids {
				start := strings.Index(dom, `id="`+id+`"`)
				if start < 0 {
					t.Errorf("%s: no chart element", id)
					continue
				}
				// The chart's element ends before its script.
				end := strings.Index(dom[start:], "<script")
				if end < 0 {
					end = len(dom) - start
				}
				if !strings.Contains(dom[start:start+end], "<canvas") {
					t.Errorf("%s: nothing drawn (no canvas in the chart's element)", id)
				}
			}
		})
	}
}

// addTips adds showTips before the page's last </body> (the inlined
// library holds the string too).
func addTips(html string) string {
	i := strings.LastIndex(html, "</body>")
	return html[:i] + showTips + html[i:]
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dumpDOM loads a file in headless Chromium, with networking features
// off, and returns the DOM it leaves after five seconds of virtual time.
func dumpDOM(t *testing.T, path string) string {
	t.Helper()
	// A browser that fails to start or crashes is tried once more: that
	// says nothing about the page.
	var err error
	var stderr bytes.Buffer
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--no-first-run", "--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000",
			"--window-size=1200,900", "--dump-dom", "file://"+path)
		var stdout bytes.Buffer
		stderr.Reset()
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		cancel()
		if err == nil {
			return stdout.String()
		}
		t.Logf("chromium: %v; trying again", err)
	}
	t.Fatalf("chromium: %v\n%s", err, stderr.String())
	return ""
}
