package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// referenceSegmentID is segmentID as first written, with the standard
// library's strings and encodings: the IDs reviewed workbooks hold, which
// must not change. (The golden workbook in cmd/desist/testdata pins the
// sample's IDs themselves.)
func referenceSegmentID(source, text string, occurrence int) string {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(text)))
	h.Write([]byte{0, byte(occurrence), byte(occurrence >> 8), byte(occurrence >> 16)})
	return "S" + strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:11])
}

func TestSegmentID(t *testing.T) {
	tests := []struct {
		name, source, text string
		occurrence         int
	}{
		{"sample statement", "sample/YP01.txt", "She actually listened to me.", 0},
		{"upper case", "a.txt", "I WAS AT THE YOT", 2},
		{"non-ASCII", "b.txt", "Café “proper” ĞİŞ Σ", 1},
		{"invalid UTF-8", "c.txt", "bad \xff byte", 0},
		{"occurrence past a byte", "d.txt", "again", 70000},
		{"empty", "", "", 0},
	}
	var m idMaker
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := referenceSegmentID(tt.source, tt.text, tt.occurrence)
			if got := segmentID(tt.source, tt.text, tt.occurrence); got != want {
				t.Errorf("segmentID = %s, want %s", got, want)
			}
			if got := m.id(tt.source, tt.text, tt.occurrence); got != want {
				t.Errorf("idMaker.id (reused) = %s, want %s", got, want)
			}
		})
	}
}

func FuzzSegmentID(f *testing.F) {
	f.Add("a.txt", "Hello There", 3)
	f.Add("ü.txt", "İstanbul ẞ", 0)
	var m idMaker
	f.Fuzz(func(t *testing.T, source, text string, occurrence int) {
		want := referenceSegmentID(source, text, occurrence)
		if got := m.id(source, text, occurrence); got != want {
			t.Errorf("id(%q, %q, %d) = %s, want %s", source, text, occurrence, got, want)
		}
	})
}

func TestCollapseSpaces(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "é b", "a \u2003 b", "x\v"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := collapseSpaces(s); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpaces(f *testing.F) {
	f.Add("a  b\tc\u00a0d ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}
