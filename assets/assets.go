// Package assets holds the files embedded in the binary: fonts now, web templates and static files later.
package assets

import "embed"

//go:embed fonts/*.ttf
var fonts embed.FS

// Font returns the bytes of an embedded font file, e.g. "LiberationSerif-Regular.ttf".
// The slice is shared: callers that hand it to code which mutates its input must copy it first.
func Font(name string) []byte {
	b, err := fonts.ReadFile("fonts/" + name)
	if err != nil {
		panic("assets: missing embedded font " + name)
	}
	return b
}

// Font file names of the letter typeface.
const (
	SerifRegular = "LiberationSerif-Regular.ttf"
	SerifBold    = "LiberationSerif-Bold.ttf"
	SerifItalic  = "LiberationSerif-Italic.ttf"
)
