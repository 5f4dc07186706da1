// Package data holds the files desist carries inside its binary: the
// default codebook, the learned model and the fictional sample study that runs when desist is
// given no inputs. It has no logic.
package data

import "embed"

// Codebook is the default codebook, as YAML text.
//
//go:embed codebook.yaml
var Codebook []byte

// CodebookName is the name the default codebook goes by in messages.
const CodebookName = "data/codebook.yaml"

// Model is the learned model that complements the codebook's cues by
// default, as JSON: trained on the development gold files of
// coding/testdata/gold, and regenerated with
// go test ./pipeline -run EmbeddedModel -update.
//
//go:embed model.json
var Model []byte

// ModelName is the name the default model goes by in messages.
const ModelName = "data/model.json"

// Sample is the sample study: transcripts/ and the participants and case
// sheets. Every person in it is fictional (see sample/FICTIONAL.md).
//
//go:embed sample
var Sample embed.FS
