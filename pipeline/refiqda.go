package pipeline

import "desist/coding"

// A refiExport gathers the statements of a run, by source, for the
// REFI-QDA exchange files codebook.qdc and project.qdpx.
type refiExport struct {
	statements []Statement
}

// add is called for every statement, coded or not, in output order, after
// redaction.
func (e *refiExport) add(s *Statement) {}

// write stages codebook.qdc and project.qdpx.
func (e *refiExport) write(out *outputs, cb *coding.Codebook) error { return nil }
