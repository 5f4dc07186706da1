package pipeline

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// contractColumns are the column names a column map may point to.
func contractColumns() []string {
	var names []string
	for _, hs := range caseHeaders {
		names = append(names, hs[0])
	}
	return append(names, participantCols[0], roleCols[0])
}

// LoadColumnMap reads a column map: a YAML file of "your header: desist
// column" lines, for sheets whose headers desist does not know, e.g.
//
//	Ref no: Case
//	WDYT done: Self-assessment completed
//
// Every problem is reported with its line.
func LoadColumnMap(path string) (columnMap, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading column map: %w", err)
	}
	return parseColumnMap(path, src)
}

func parseColumnMap(path string, src []byte) (columnMap, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &InputError{File: path, Line: 1, Err: fmt.Errorf("not valid YAML: %w", err)}
	}
	cols := columnMap{}
	if len(doc.Content) == 0 {
		return cols, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &InputError{File: path, Line: root.Line, Err: errors.New(`a column map is lines of "your header: desist column"`)}
	}
	known := map[string]string{}
	for _, c := range contractColumns() {
		known[normHeader(c)] = c
	}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			errs = append(errs, &InputError{File: path, Line: v.Line, Err: fmt.Errorf("%q must map to one desist column", k.Value)})
			continue
		}
		to, ok := known[normHeader(v.Value)]
		if !ok {
			errs = append(errs, &InputError{File: path, Line: v.Line, Err: fmt.Errorf("%q is not a desist column (known: %s)", v.Value, strings.Join(contractColumns(), ", "))})
			continue
		}
		from := normHeader(k.Value)
		if prev, dup := cols[from]; dup {
			errs = append(errs, &InputError{File: path, Line: k.Line, Err: fmt.Errorf("%q is mapped twice (already to %s)", k.Value, prev)})
			continue
		}
		cols[from] = to
	}
	return cols, errors.Join(errs...)
}
