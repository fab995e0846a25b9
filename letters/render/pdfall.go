package render

import (
	"errors"
	"io"
	"iter"

	"saisine/letters/document"
)

// PDFAll writes several documents as one PDF, each starting on a new page with its own « n/N » page
// numbers (a complaint followed by the mandates, or thousands of one-page mandates). The PDF's metadata
// is the first document's. Each document is laid out and drawn as soon as the sequence yields it, so
// only one document's layout is held at a time. A document error stops the rendering and is returned
// before anything is written to w.
func PDFAll(w io.Writer, docs iter.Seq2[*document.Document, error], opts PDFOptions) error {
	opts, err := opts.normalise()
	if err != nil {
		return err
	}
	var pw *pdfWriter
	for d, err := range docs {
		if err != nil {
			return err
		}
		if d == nil {
			return errors.New("render: nil document")
		}
		if pw == nil {
			if pw, err = newPDFWriter(d.Meta); err != nil {
				return err
			}
		}
		layout(pw, d, opts)
	}
	if pw == nil {
		return errors.New("render: no document to write")
	}
	return pw.output(w)
}
