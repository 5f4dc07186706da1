package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSubtitlesFixtures(t *testing.T) {
	tests := []struct {
		name, file, ext, want string
	}{
		{"Teams WebVTT with voice tags and GUID cue ids", "teams.vtt", ".vtt",
			"Sam Okafor=5@00:00:03.120:Thanks for agreeing to talk to me today, Riley./9@00:00:07.480:Can you tell me about your worker?" +
				` | Riley Evans=13@00:00:11.350:She was different from the others. She actually\nlistened to what I said./18@00:00:16.020:Me & my mum both thought that.` +
				" | Sam Okafor=22@00:00:20.110:What about college?" +
				" | Riley Evans=26@00:00:23.000:I got a place on the bricklaying course. Starting in September."},
		{"Zoom WebVTT with name prefixes and numeric cue ids", "zoom.vtt", ".vtt",
			"Inspector(I)=5@00:00:01.260:Thanks for joining. Is the sound okay for you?" +
				" | Dana Price=9@00:00:05.400:Yeah, I can hear you fine." +
				" | Inspector(I)=13@00:00:07.500:How has it been since the referral order ended?" +
				" | Dana Price=17@00:00:12.900:Better. My son is back at school and he's not out at night./21@00:00:17.450:The YOT worker sorted the school meeting for us." +
				" | Inspector(I)=25@00:00:21.800:That's good to hear."},
		{"SubRip with CRLF, name prefixes and italics", "subrip.srt", ".srt",
			"Interviewer(I)=3@00:00:00,500:When did you last see your case manager?" +
				` | Tyler=7@00:00:03,400:Tuesday. He comes round\nevery week without fail./12@00:00:07,000:(laughs) He even drove me to the job centre.` +
				" | Interviewer(I)=16@00:00:10,000:And the curfew?" +
				" | Tyler=20@00:00:13,100:I broke it twice. Nobody asked why."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := readTranscriptFixture(t, tt.file)
			tr, err := ParseSubtitles(tt.file, data, tt.ext)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Source != tt.file {
				t.Errorf("source %q, want %q", tr.Source, tt.file)
			}
			if got := turnsWithTimes(tr); got != tt.want {
				t.Errorf("turns:\n got %s\nwant %s", got, tt.want)
			}
			checkSubtitleLines(t, data, tr)
		})
	}
}

// checkSubtitleLines checks that each line's offset is in its line of
// the file, that lines are in file order, and that every line has a time.
func checkSubtitleLines(tb testing.TB, data []byte, tr *Transcript) {
	tb.Helper()
	file := splitLines(data)
	prevN, prevOff := 0, -1
	for _, turn := range tr.Turns {
		for _, l := range turn.Lines {
			if l.N < prevN || l.N == prevN && l.Offset <= prevOff {
				tb.Fatalf("line %d offset %d comes after line %d offset %d", l.N, l.Offset, prevN, prevOff)
			}
			prevN, prevOff = l.N, l.Offset
			if l.N < 1 || l.N > len(file) {
				tb.Fatalf("line %d is not in the file's %d lines", l.N, len(file))
			}
			fl := file[l.N-1]
			if l.Offset < fl.Offset || l.Offset >= fl.Offset+len(fl.Text) {
				tb.Fatalf("line %d: offset %d is outside the line's bytes [%d,%d)", l.N, l.Offset, fl.Offset, fl.Offset+len(fl.Text))
			}
			if l.Text == "" || l.Time == "" {
				tb.Fatalf("line %d: text %q at time %q", l.N, l.Text, l.Time)
			}
		}
	}
}

func TestParseSubtitlesOffsets(t *testing.T) {
	// Each line's offset is where its text starts in the file, after
	// tags and labels.
	for _, file := range []string{"teams.vtt", "zoom.vtt", "subrip.srt"} {
		t.Run(file, func(t *testing.T) {
			data := readTranscriptFixture(t, file)
			tr, err := ParseSubtitles(file, data, file[strings.LastIndex(file, "."):])
			if err != nil {
				t.Fatal(err)
			}
			for _, turn := range tr.Turns {
				for _, l := range turn.Lines {
					word, _, _ := strings.Cut(l.Text, " ")
					if !strings.HasPrefix(string(data[l.Offset:]), word) {
						t.Errorf("line %d: offset %d selects %.20q, want the text %q", l.N, l.Offset, data[l.Offset:], l.Text)
					}
				}
			}
		})
	}
}

func TestParseSubtitles(t *testing.T) {
	const vttCue = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
	tests := []struct {
		name, text, ext, want string
	}{
		{"voice class and no closing tag", vttCue + "<v.loud Mum>Get in now\n", ".vtt", "Mum=4@00:00:01.000:Get in now"},
		{"two voices in one cue", vttCue + "<v Ash>Did she help?</v> <v Bo>She did.</v>\n", ".vtt", "Ash=4@00:00:01.000:Did she help? | Bo=4@00:00:01.000:She did."},
		{"voice over two lines of a cue", vttCue + "<v Bo>one\ntwo</v>\n", ".vtt", `Bo=4@00:00:01.000:one\ntwo`},
		{"voice tag wins over a label", vttCue + "<v Bo>Note: that was it</v>\n", ".vtt", "Bo=4@00:00:01.000:Note: that was it"},
		{"no speaker at the start", vttCue + "hello\n\n00:00:03.000 --> 00:00:04.000\nQ: and?\n", ".vtt", "=4@00:00:01.000:hello | Q(I)=7@00:00:03.000:and?"},
		{"cue without speaker continues", "1\n00:00:01,000 --> 00:00:02,000\nYP: one\n\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n", ".srt",
			"YP=3@00:00:01,000:one/7@00:00:03,000:two"},
		{"same label again is the same turn", "1\n00:00:01,000 --> 00:00:02,000\nYP: one\n\n2\n00:00:03,000 --> 00:00:04,000\nYP: two\n", ".srt",
			"YP=3@00:00:01,000:one/7@00:00:03,000:two"},
		{"colon in speech is not a label", "1\n00:00:01,000 --> 00:00:02,000\nYP: she said: go home\n", ".srt", "YP=3@00:00:01,000:she said: go home"},
		{"header, NOTE, STYLE, REGION and settings are not text",
			"WEBVTT - interview\nKind: captions\nLanguage: en\n\nREGION\nid:r1 width:40%\n\nSTYLE\n::cue { color: yellow }\n\nNOTE made by hand\nQ: not this\n\nNOTE\nnor this\n\n" +
				"cue-1\n00:01:02.500 --> 00:01:04.000 align:start position:10%\n<c.yellow>YP:</c> <i>this</i> <b>is</b> <00:01:03.000>text\n", ".vtt",
			"YP=19@00:01:02.500:this is text"},
		{"hour-less times and entities", "WEBVTT\n\n01:02.500 --> 01:04.000\nYP: 5 &lt; 6 &amp;&amp; &quot;hi&quot;&nbsp;&unknown; a&b\n", ".vtt", "YP=4@01:02.500:5 < 6 && \"hi\"\u00a0&unknown; a&b"},
		{"WEBVTT content read as WebVTT whatever the ending", "WEBVTT\n\nNOTE x\n\n00:00:01.000 --> 00:00:02.000\nYP: hi\n", ".srt", "YP=6@00:00:01.000:hi"},
		{"byte order mark", "\uFEFFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nYP: hi\n", ".vtt", "YP=4@00:00:01.000:hi"},
		{"cue right after the header", "WEBVTT\n00:00:01.000 --> 00:00:02.000\nYP: hi\n", ".vtt", "YP=3@00:00:01.000:hi"},
		{"SRT without blank lines between cues", "1\n00:00:01,000 --> 00:00:02,000\nQ: a\n2\n00:00:03,000 --> 00:00:04,000\nYP: b\n", ".srt",
			"Q(I)=3@00:00:01,000:a | YP=6@00:00:03,000:b"},
		{"text after a blank line belongs to the cue", "1\n00:00:01,000 --> 00:00:02,000\nYP: one\n\ntwo\n\n2\n00:00:03,000 --> 00:00:04,000\nthree\n", ".srt",
			`YP=3@00:00:01,000:one\ntwo/9@00:00:03,000:three`},
		{"dialogue dashes", "1\n00:00:01,000 --> 00:00:02,000\n- Q: Ready?\n- YP: Yeah.\n", ".srt", "Q(I)=3@00:00:01,000:Ready? | YP=4@00:00:01,000:Yeah."},
		{"font tags and position codes", "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"#ffff00\">Tyler:</font> I was <18 then\n", ".srt", "Tyler=3@00:00:01,000:I was <18 then"},
		{"front matter at the top", "---\nparticipant: YP30\ninterviewer: Sam\n---\n1\n00:00:01,000 --> 00:00:02,000\nSam: So?\n", ".srt", "Sam(I)=7@00:00:01,000:So?"},
		{"front matter in a NOTE block", "WEBVTT\n\nNOTE\n---\nparticipant: YP31\ninterviewer: Sam Okafor\n---\n\n00:00:01.000 --> 00:00:02.000\n<v Sam Okafor>So?</v>\n\n00:00:03.000 --> 00:00:04.000\n<v Riley>Fine.</v>\n", ".vtt",
			"Sam Okafor(I)=10@00:00:01.000:So? | Riley=13@00:00:03.000:Fine."},
		{"NOTE after the first cue is not front matter", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nYP: hi\n\nNOTE\n---\nrole: judge\n---\n", ".vtt", "YP=4@00:00:01.000:hi"},
		{"empty cues and an empty file", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:04.000\n<v Ash></v>\n", ".vtt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseSubtitles("s"+tt.ext, []byte(tt.text), tt.ext)
			if err != nil {
				t.Fatal(err)
			}
			if got := turnsWithTimes(tr); got != tt.want {
				t.Errorf("turns:\n got %s\nwant %s", got, tt.want)
			}
			checkSubtitleLines(t, []byte(tt.text), tr)
		})
	}
	t.Run("front matter values", func(t *testing.T) {
		tr, err := ParseSubtitles("s.vtt", []byte("WEBVTT\n\nNOTE\n---\nparticipant: YP31\nrole: child\ngroup: desister\n---\n"), ".vtt")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Participant != "YP31" || tr.Role != "child" || tr.Group != "desister" {
			t.Errorf("participant %q role %q group %q", tr.Participant, tr.Role, tr.Group)
		}
	})
}

func TestParseSubtitlesErrors(t *testing.T) {
	tests := []struct {
		name, text, ext, want string
		line                  int
	}{
		{"text before any cue", "Interviewer: hello\n", ".srt", `s.srt:1: text "Interviewer: hello" is outside any cue`, 1},
		{"text after the header block", "WEBVTT\n\nhello\n\n00:00:01.000 --> 00:00:02.000\nhi\n", ".vtt", "s.vtt:3: text \"hello\" is outside any cue", 3},
		{"bad start time", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nsoon --> 00:00:04,000\nhi\n", ".srt", `s.srt:6: cue timing "soon --> 00:00:04,000" does not start with a time`, 6},
		{"unclosed front matter", "---\nparticipant: x\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", ".srt", "s.srt:1: front matter opened with --- is never closed", 1},
		{"unclosed NOTE front matter", "WEBVTT\n\nNOTE\n---\nparticipant: x\n\n---\n", ".vtt", "s.vtt:4: front matter opened with --- in a NOTE block is never closed", 4},
		{"bad role in NOTE front matter", "WEBVTT\n\nNOTE\n---\nrole: judge\n---\n", ".vtt", `s.vtt:5: unknown role "judge"`, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSubtitles("s"+tt.ext, []byte(tt.text), tt.ext)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line != tt.line {
				t.Errorf("error %v does not carry line %d", err, tt.line)
			}
		})
	}
}

func TestParseSubtitlesStatements(t *testing.T) {
	tests := []struct {
		file string
		want []string // "line@time: text"
	}{
		{"subrip.srt", []string{
			"7@00:00:03,400: Tuesday.",
			"7@00:00:03,400: He comes round every week without fail.",
			"12@00:00:07,000: (laughs) He even drove me to the job centre.",
			"20@00:00:13,100: I broke it twice.",
			"20@00:00:13,100: Nobody asked why.",
		}},
		{"zoom.vtt", []string{
			"9@00:00:05.400: Yeah, I can hear you fine.",
			"17@00:00:12.900: Better.",
			"17@00:00:12.900: My son is back at school and he's not out at night.",
			"21@00:00:17.450: The YOT worker sorted the school meeting for us.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tr, err := ParseSubtitles(tt.file, readTranscriptFixture(t, tt.file), tt.file[strings.LastIndex(tt.file, "."):])
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range split(tr) {
				got = append(got, fmt.Sprintf("%d@%s: %s", s.Line, s.Time, s.Text))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statements:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func FuzzParseSubtitles(f *testing.F) {
	for _, name := range []string{"teams.vtt", "zoom.vtt", "subrip.srt"} {
		f.Add(readTranscriptFixture(f, name), strings.HasSuffix(name, ".srt"))
	}
	f.Add([]byte("WEBVTT\n\nNOTE\n---\ninterviewer: A\n---\n\nSTYLE\n::cue{}\n\nid\n01:02.500 --> 01:04.000 align:start\n<v.x A>one &amp; <i>two</i></v><v B>three\n\n{\\an8}four\n"), false)
	f.Add([]byte("---\nrole: child\n---\r\n1\r\n00:00:01,000 --> 00:00:02,000\r\n- Q: a\r\n- YP: b\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n<font>c</font>\r\n\r\nd\r\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, srt bool) {
		ext := ".vtt"
		if srt {
			ext = ".srt"
		}
		tr, err := ParseSubtitles("f"+ext, data, ext)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "f"+ext || ie.Line < 1 {
				t.Fatalf("error %v is not an *InputError with f%s and a line", err, ext)
			}
			return
		}
		checkSubtitleLines(t, data, tr)
		for _, s := range split(tr) {
			if strings.TrimSpace(s.Text) == "" || s.Time == "" {
				t.Fatalf("statement %q at time %q", s.Text, s.Time)
			}
			if utf8.Valid(data) && !utf8.ValidString(s.Text) {
				t.Fatalf("statement %q is not UTF-8", s.Text)
			}
		}
	})
}
