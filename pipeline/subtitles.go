package pipeline

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
)

// ParseSubtitles reads a subtitle transcript: WebVTT (.vtt, as Teams and
// Zoom write) or SubRip (.srt). ext is the file's ending; a file that
// starts with WEBVTT is read as WebVTT whatever its ending. The text must
// already be UTF-8.
//
// Each cue's text becomes a line: Line.N is the number of the cue's first
// text line in the file, Line.Offset that line's byte offset, Line.Time
// the cue's start time as written ("00:01:02.500", "00:01:02,500"), and
// Line.Text the text without tags. The speaker is a WebVTT voice tag
// (<v Sam Okafor>) or a "Name:" label as in text files; a cue with
// neither continues the previous speaker (no speaker at the start), and
// consecutive cues by one speaker make one turn. Interviewers are known
// by their labels as in text files, or from front matter: the `---`
// block of text files, at the top of the file or, in WebVTT, in a NOTE
// block before the first cue (where players ignore it):
//
//	WEBVTT
//
//	NOTE
//	---
//	participant: YP03
//	interviewer: Sam Okafor
//	---
//
// The WEBVTT header, NOTE, STYLE and REGION blocks, cue identifiers, SRT
// index numbers and cue settings are not text. Text after a blank line
// inside a cue (an SRT edited by hand) belongs to that cue; text before
// the first cue is an error.
//
// The cues are parsed here rather than with github.com/asticode/go-astisub:
// its items carry no line numbers or offsets, only a parsed start time
// (not the time as written), and it trims and re-splits the text, so
// none of Line.N, Line.Offset or Line.Time could be given. Both formats
// are a few rules of lines and blank lines.
func ParseSubtitles(name string, text []byte, ext string) (*Transcript, error) {
	t := &Transcript{Source: name}
	lines := splitLines(text)
	if len(lines) > 0 {
		lines[0].Text = strings.TrimPrefix(lines[0].Text, "\uFEFF")
	}
	i := 0
	if len(lines) > 0 && strings.TrimSpace(lines[0].Text) == "---" {
		end := -1
		for j := 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j].Text) == "---" {
				end = j
				break
			}
		}
		if end < 0 {
			return nil, &InputError{File: name, Line: 1, Err: errors.New("front matter opened with --- is never closed")}
		}
		if err := t.frontMatter(name, lines[1:end]); err != nil {
			return nil, err
		}
		i = end + 1
	}
	vtt := strings.EqualFold(strings.TrimPrefix(ext, "."), "vtt")
	for j := i; j < len(lines); j++ {
		if s := strings.TrimSpace(lines[j].Text); s != "" {
			if isWebVTTHeader(s) {
				vtt = true
			}
			break
		}
	}
	p := &subParser{t: t, name: name, vtt: vtt}
	if err := p.parse(lines[i:]); err != nil {
		return nil, err
	}
	return t, nil
}

func isWebVTTHeader(s string) bool {
	return s == "WEBVTT" || strings.HasPrefix(s, "WEBVTT ") || strings.HasPrefix(s, "WEBVTT\t")
}

// cueTime matches a cue time: hh:mm:ss.ttt or mm:ss.ttt in WebVTT,
// hh:mm:ss,ttt in SubRip, allowing the slips of hand-edited files.
var cueTime = regexp.MustCompile(`^(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?$`)

// A subCue is a cue's start time as written and its text lines.
type subCue struct {
	time  string
	lines []Line
}

// subParser reads subtitle lines into cues and cues into turns.
type subParser struct {
	t      *Transcript
	name   string
	vtt    bool
	cur    *subCue
	cues   int    // cues ended so far
	fmSeen bool   // front matter has been read
	who    string // the current speaker
}

// webVTTBlock reports whether s starts a WebVTT block that is not a cue:
// NOTE, STYLE or REGION, alone or followed by a space or tab.
func webVTTBlock(s, word string) bool {
	rest, ok := strings.CutPrefix(s, word)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// timing returns the start time of a cue timing line, "start --> end
// settings"; ok is false when s has no "-->". A line with "-->" whose
// start is not a time gives an error.
func (p *subParser) timing(l Line) (start string, ok bool, err error) {
	before, _, found := strings.Cut(l.Text, "-->")
	if !found {
		return "", false, nil
	}
	start = strings.TrimSpace(before)
	if !cueTime.MatchString(start) {
		return "", true, &InputError{File: p.name, Line: l.N, Err: fmt.Errorf("cue timing %q does not start with a time such as 00:01:02.500", strings.TrimSpace(l.Text))}
	}
	return start, true, nil
}

func (p *subParser) parse(lines []Line) error {
	const (
		between = iota // between blocks
		header         // in the WEBVTT header block
		skip           // in a NOTE, STYLE or REGION block
		text           // in a cue's text
	)
	state := between
	var note []Line // the NOTE block being skipped, for front matter
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		s := strings.TrimSpace(l.Text)
		if s == "" {
			if state == skip && note != nil {
				if err := p.noteFrontMatter(note); err != nil {
					return err
				}
			}
			note = nil
			if state != text {
				state = between
			}
			continue
		}
		switch state {
		case header, skip:
			if start, ok, err := p.timing(l); ok && state == header {
				// A cue right after the header, without a blank line.
				if err != nil {
					return err
				}
				p.startCue(start)
				state = text
				continue
			}
			if note != nil {
				note = append(note, l)
			}
			continue
		case text:
			if strings.TrimSpace(lines[i-1].Text) != "" {
				// Within a block: a timing line starts the next cue (a
				// blank line is missing); anything else is text.
				if start, ok, err := p.timing(l); ok && err == nil {
					if n := len(p.cur.lines); !p.vtt && n > 0 && isSRTIndex(p.cur.lines[n-1].Text) {
						p.cur.lines = p.cur.lines[:n-1] // the next cue's index
					}
					p.startCue(start)
					continue
				}
				p.cur.lines = append(p.cur.lines, l)
				continue
			}
			state = between
		}
		// Between blocks: a new block begins with l.
		if p.vtt {
			switch {
			case p.cues == 0 && p.cur == nil && isWebVTTHeader(s) && i == firstNonBlank(lines):
				state = header
				continue
			case webVTTBlock(s, "NOTE"):
				state = skip
				if p.cues == 0 && p.cur == nil && !p.fmSeen {
					note = []Line{l}
				}
				continue
			case webVTTBlock(s, "STYLE"), webVTTBlock(s, "REGION"):
				state = skip
				continue
			}
		}
		start, ok, err := p.timing(l)
		if err != nil {
			return err
		}
		if !ok && i+1 < len(lines) {
			// A cue identifier or SRT index, then the timing line.
			if start, ok, err = p.timing(lines[i+1]); ok {
				if err != nil {
					return err
				}
				i++
			}
		}
		if ok {
			p.startCue(start)
			state = text
			continue
		}
		if p.cur == nil {
			return &InputError{File: p.name, Line: l.N, Err: fmt.Errorf("text %q is outside any cue: no timing line such as \"00:00:01.000 --> 00:00:04.000\" comes before it", shortQuote(s, 40))}
		}
		// Text after a blank line inside a cue: more of the same cue.
		p.cur.lines = append(p.cur.lines, l)
		state = text
	}
	if state == skip && note != nil {
		if err := p.noteFrontMatter(note); err != nil {
			return err
		}
	}
	p.endCue()
	return nil
}

// firstNonBlank is the index of the first line that is not blank.
func firstNonBlank(lines []Line) int {
	for i, l := range lines {
		if strings.TrimSpace(l.Text) != "" {
			return i
		}
	}
	return -1
}

func isSRTIndex(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func shortQuote(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}

// noteFrontMatter reads front matter from a NOTE block before the first
// cue: "NOTE", then a "---" line, key: value lines, and a "---" line.
func (p *subParser) noteFrontMatter(note []Line) error {
	body := note[1:]
	if rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(note[0].Text), "NOTE")); rest != "" {
		first := note[0]
		first.Text = rest
		body = append([]Line{first}, body...)
	}
	if len(body) == 0 || strings.TrimSpace(body[0].Text) != "---" {
		return nil
	}
	for j := 1; j < len(body); j++ {
		if strings.TrimSpace(body[j].Text) == "---" {
			p.fmSeen = true
			return p.t.frontMatter(p.name, body[1:j])
		}
	}
	return &InputError{File: p.name, Line: body[0].N, Err: errors.New("front matter opened with --- in a NOTE block is never closed (a NOTE block ends at a blank line)")}
}

func (p *subParser) startCue(start string) {
	p.endCue()
	p.cur = &subCue{time: start}
}

// A cueVoice is a <v Name> tag: the speaker, from where in the line's text
// it begins.
type cueVoice struct {
	at   int
	name string
}

// srtDialogueDash is the dash before a speaker in SRT two-speaker cues.
var srtDialogueDash = regexp.MustCompile(`^\s*[-\x{2013}\x{2014}]\s*`)

// endCue adds the current cue's text to the turns.
func (p *subParser) endCue() {
	c := p.cur
	if c == nil {
		return
	}
	p.cur = nil
	p.cues++
	type piece struct {
		line   Line
		text   string
		pos    []int
		voices []cueVoice
	}
	pieces := make([]piece, len(c.lines))
	voiced := false
	for i, l := range c.lines {
		text, pos, voices := cleanCueLine(l.Text, p.vtt)
		pieces[i] = piece{line: l, text: text, pos: pos, voices: voices}
		voiced = voiced || len(voices) > 0
	}
	// The cue's text in parts, one per speaker in a row.
	type part struct {
		who   string
		line  Line // where the part starts
		text  strings.Builder
		lastN int // the line of its last piece
	}
	var parts []*part
	for _, pc := range pieces {
		// Split the line where voices begin.
		cuts := []cueVoice{{at: 0}}
		for _, v := range pc.voices {
			if v.at == 0 {
				cuts[0] = v
			} else {
				cuts = append(cuts, v)
			}
		}
		for k, v := range cuts {
			end := len(pc.text)
			if k+1 < len(cuts) {
				end = cuts[k+1].at
			}
			from, speaker := v.at, v.name
			if speaker == "" && k == 0 && !voiced {
				seg := pc.text[from:end]
				dash := 0
				if m := srtDialogueDash.FindStringIndex(seg); m != nil {
					dash = m[1]
				}
				if m := speakerLine.FindStringSubmatchIndex(seg[dash:]); m != nil && isLabel(seg[dash+m[2]:dash+m[3]]) {
					speaker = seg[dash+m[2] : dash+m[3]]
					from += dash + m[1]
				}
			}
			if speaker != "" {
				p.who = speaker
			}
			seg := pc.text[from:end]
			body := strings.TrimSpace(seg)
			if body == "" {
				continue
			}
			if n := len(parts); n > 0 && parts[n-1].who == p.who {
				pt := parts[n-1]
				if pt.lastN == pc.line.N {
					pt.text.WriteByte(' ') // voices that change within a line
				} else {
					pt.text.WriteByte('\n')
				}
				pt.text.WriteString(body)
				pt.lastN = pc.line.N
				continue
			}
			lead := len(seg) - len(strings.TrimLeft(seg, " \t\u00a0"))
			pt := &part{who: p.who, lastN: pc.line.N}
			pt.line = Line{N: pc.line.N, Offset: pc.line.Offset + pc.pos[from+lead], Time: c.time}
			pt.text.WriteString(body)
			parts = append(parts, pt)
		}
	}
	for _, pt := range parts {
		l := pt.line
		l.Text = pt.text.String()
		p.add(pt.who, l)
	}
}

// add adds a line of cue text said by who: to the last turn when that
// is who's, else in a new turn.
func (p *subParser) add(who string, l Line) {
	if n := len(p.t.Turns); n > 0 && p.t.Turns[n-1].Speaker == who {
		p.t.Turns[n-1].Lines = append(p.t.Turns[n-1].Lines, l)
		return
	}
	p.t.Turns = append(p.t.Turns, Turn{Speaker: who, Interviewer: who != "" && p.t.isInterviewer(who), Lines: []Line{l}})
}

// cleanCueLine removes tags from a line of cue text: all tags (<i>,
// <c.loud>, <00:01:02.000>) and in WebVTT character references (&amp;);
// in SubRip also {\an8} position codes. It returns the text, the index
// in line of each of its bytes (and of its end), and the voices.
func cleanCueLine(line string, vtt bool) (string, []int, []cueVoice) {
	var b strings.Builder
	pos := make([]int, 0, len(line)+1)
	var voices []cueVoice
	emit := func(s string, at int) {
		for k := 0; k < len(s); k++ {
			pos = append(pos, at)
		}
		b.WriteString(s)
	}
	// Once no '>' (or '}') follows, none will: stop looking, so that a
	// line of unclosed tags takes linear time.
	noGT, noBrace := false, false
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '<' && !noGT && i+1 < len(line) && isCueTagStart(line[i+1]):
			j := strings.IndexByte(line[i:], '>')
			if j < 0 {
				noGT = true
				emit(line[i:i+1], i)
				i++
				continue
			}
			tag := line[i+1 : i+j]
			if name, ok := cueVoiceName(tag); ok {
				voices = append(voices, cueVoice{at: b.Len(), name: name})
			}
			i += j + 1
		case c == '{' && !vtt && !noBrace && i+1 < len(line) && line[i+1] == '\\':
			j := strings.IndexByte(line[i:], '}')
			if j < 0 {
				noBrace = true
				emit(line[i:i+1], i)
				i++
				continue
			}
			i += j + 1
		case c == '&' && vtt:
			j := strings.IndexByte(line[i:min(i+33, len(line))], ';')
			if j > 1 && j <= 32 {
				if s := html.UnescapeString(line[i : i+j+1]); s != line[i:i+j+1] {
					emit(s, i)
					i += j + 1
					continue
				}
			}
			emit(line[i:i+1], i)
			i++
		default:
			emit(line[i:i+1], i)
			i++
		}
	}
	pos = append(pos, len(line))
	return b.String(), pos, voices
}

func isCueTagStart(c byte) bool {
	return c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// cueVoiceName returns the speaker of a <v Name> or <v.class Name> tag.
func cueVoiceName(tag string) (string, bool) {
	if tag == "" || tag[0] != 'v' || len(tag) > 1 && tag[1] != '.' && tag[1] != ' ' && tag[1] != '\t' {
		return "", false
	}
	_, name, ok := strings.Cut(strings.Replace(tag, "\t", " ", -1), " ")
	name = strings.Join(strings.Fields(name), " ")
	return name, ok && name != ""
}
