// Command genfontpreset writes the font presets embedded in the binary (assets/fonts/*.preset): for
// each face of the letter typeface, its subset for render.Repertoire, cut and compressed once, with the
// metrics a document needs (gofpdf.FontPreset). Run it through `go generate ./letters/render` after
// changing the repertoire or a font; letters/render's TestFontPresetsCurrent checks the files are
// current.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"saisine/assets"
	"saisine/letters/render"
)

func main() {
	dir := "assets/fonts"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	} else if _, err := os.Stat(dir); err != nil {
		dir = "../../assets/fonts" // run by go generate in letters/render
	}
	for _, name := range render.FontFiles() {
		b, err := render.MakeFontPreset(assets.Font(name))
		if err != nil {
			fmt.Fprintf(os.Stderr, "genfontpreset: %s: %v\n", name, err)
			os.Exit(1)
		}
		out := filepath.Join(dir, name[:len(name)-len(filepath.Ext(name))]+".preset")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genfontpreset:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d bytes\n", out, len(b))
	}
}
