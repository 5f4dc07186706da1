// Package data holds the files desist carries inside its binary: the
// default codebook and the fictional sample study that runs when desist is
// given no inputs. It has no logic.
package data

import "embed"

// Codebook is the default codebook, as YAML text.
//
//go:embed codebook.yaml
var Codebook []byte

// CodebookName is the name the default codebook goes by in messages.
const CodebookName = "data/codebook.yaml"

// Sample is the sample study: transcripts/ and the participants and case
// sheets. Every person in it is fictional (see sample/FICTIONAL.md).
//
//go:embed sample
var Sample embed.FS
