package charts

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// The ECharts library, from the npm package "echarts" (dist/echarts.min.js),
// Apache-2.0; see echarts/README.md. It is inlined into every page, so
// that the pages draw with no network, and written beside the snippets.
//
//go:embed echarts/echarts.min.js
var library []byte

//go:embed echarts/VERSION
var libraryVersion string

// LibraryName is the file the snippets need loaded once on their host
// page; the run writes it into charts/ beside them.
const LibraryName = "echarts.min.js"

// EChartsVersion is the version of the embedded ECharts library.
var EChartsVersion = strings.TrimSpace(libraryVersion)

// WriteLibrary writes the embedded ECharts library, for the snippets.
func WriteLibrary(w io.Writer) error {
	_, err := w.Write(library)
	return err
}

// inlineLibrary returns the library for a <script> element, after
// checking that nothing in it would end the element early or switch the
// HTML parser into its escaped script states, and that it does not hold
// go-echarts' marker, which execute rewrites outside scripts.
func inlineLibrary() (template.JS, error) {
	lower := bytes.ToLower(library)
	for _, bad := range []string{"</script", "<!--", funcMarker} {
		if bytes.Contains(lower, []byte(bad)) {
			return "", fmt.Errorf("inlining echarts %s: the library contains %q", EChartsVersion, bad)
		}
	}
	return template.JS(library), nil
}

// funcMarker is go-echarts' marker for raw JavaScript inside a string
// ("__f__function(){...}__f__"): its renderer strips the quotes around
// such strings. These pages are not made by that renderer, so the marker
// has no effect here; scriptJSON and execute still make sure the bytes
// never appear in a page, so that no later change of renderer can give it
// one.
const funcMarker = "__f__"

// scriptJSON encodes v as JSON that is safe inside a <script> element in
// an HTML page: encoding/json writes <, > and & as \u003c, \u003e and
// \u0026, so neither "</script" nor "<!--" can occur, and U+2028 and
// U+2029 as \u2028 and \u2029, which older JavaScript engines read as
// line ends inside string literals. When the output would hold
// go-echarts' raw-JavaScript marker, every underscore is written as
// \u005f, which leaves the values as they were.
func scriptJSON(v any) (template.JS, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encoding chart options: %w", err)
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	if bytes.Contains(out, []byte(funcMarker)) {
		out = bytes.ReplaceAll(out, []byte("_"), []byte(`\u005f`))
	}
	return template.JS(out), nil
}
