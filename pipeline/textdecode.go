package pipeline

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// errNotText is the error for a file that holds something other than text.
var errNotText = errors.New("not a text file (it contains NUL bytes); save it as plain text")

// decodeText returns data as UTF-8: a UTF-8 byte order mark is dropped,
// UTF-16 with a byte order mark is converted, and text that is not valid
// UTF-8 is read as Windows-1252, the encoding of older Windows editors.
func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return nil, err
		}
		data = out
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errNotText
	}
	if !utf8.Valid(data) {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, err
		}
		data = out
	}
	return data, nil
}
