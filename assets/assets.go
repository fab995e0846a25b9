// Package assets holds the files embedded in the binary: the letter fonts, and the web interface's
// templates and public static files.
package assets

import (
	"embed"
	"io/fs"
)

// The fonts are []byte variables rather than an embed.FS, whose ReadFile copies: a process that
// writes one letter should not copy a megabyte of fonts it mostly does not read.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	serifRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	serifBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	serifItalic []byte
	//go:embed fonts/LiberationSerif-Regular.preset
	presetRegular []byte
	//go:embed fonts/LiberationSerif-Bold.preset
	presetBold []byte
	//go:embed fonts/LiberationSerif-Italic.preset
	presetItalic []byte
)

// Font returns the bytes of an embedded font file, e.g. "LiberationSerif-Regular.ttf".
// The slice is shared: callers that hand it to code which mutates its input must copy it first.
func Font(name string) []byte {
	switch name {
	case SerifRegular:
		return serifRegular
	case SerifBold:
		return serifBold
	case SerifItalic:
		return serifItalic
	}
	panic("assets: missing embedded font " + name)
}

// FontPreset returns the embedded preset of a font file (gofpdf.FontPreset, made by
// scripts/genfontpreset): its subset for the repertoire of letters/render, cut ahead of time.
// The slice is shared and must not be modified.
func FontPreset(name string) []byte {
	switch name {
	case SerifRegular:
		return presetRegular
	case SerifBold:
		return presetBold
	case SerifItalic:
		return presetItalic
	}
	panic("assets: no embedded preset for font " + name)
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
