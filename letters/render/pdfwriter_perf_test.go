package render

import (
	"testing"

	"saisine/letters/document"
)

// width reads the shared font tables instead of asking gofpdf: it must give what GetStringWidth gives
// for the drawable text in the selected face.
func TestWidthMatchesGofpdf(t *testing.T) {
	w, err := newPDFWriter(document.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"", " ", "Madame, Monsieur,", "l’article 77 du RGPD\u202f; « vidéoprotection » — n°\u00a012",
		"Saint\u2011Denis", "co\u00adopé\u2060ra\ufefftion", "œ Œ ç É à ï ẞ 𝔄", "octet \xff invalide",
	} {
		for _, fc := range []face{{styleRegular, 11}, {styleBold, 14}, {styleItalic, 8.5}} {
			got := w.width(fc, s)
			w.setFace(fc)
			if want := w.f.GetStringWidth(drawable.Replace(s)); got != want {
				t.Errorf("%q in %v: %v mm, gofpdf %v mm", s, fc, got, want)
			}
		}
	}
}
