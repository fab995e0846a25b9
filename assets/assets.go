// Package assets holds the files embedded in the binary: the letter fonts, and the web interface's
// templates and public static files.
package assets

import (
	"embed"
	"io/fs"
)

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

//go:embed web/templates web/static
var web embed.FS

// WebTemplates is the web interface's html/template sources (not served).
func WebTemplates() fs.FS {
	sub, err := fs.Sub(web, "web/templates")
	if err != nil {
		panic(err)
	}
	return sub
}

// WebStatic is the public subtree served under /static/: the stylesheet and the optional script.
func WebStatic() fs.FS {
	sub, err := fs.Sub(web, "web/static")
	if err != nil {
		panic(err)
	}
	return sub
}
