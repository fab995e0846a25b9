package render

import (
	"errors"
	"io"
	"iter"

	"saisine/letters/document"
)

// PDFAll writes several documents as one PDF, each starting on a new page with its own « n/N » page
// numbers (a complaint followed by the mandates, or thousands of one-page mandates). The PDF's metadata
// is the first document's. A document error stops the rendering and is returned; nothing useful has
// then been written.
func PDFAll(w io.Writer, docs iter.Seq2[*document.Document, error], opts PDFOptions) error {
	return errors.New("render: PDFAll not implemented yet")
}
