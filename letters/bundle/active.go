package bundle

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// activeContent reports whether a PDF carries something that runs when it is opened or read: JavaScript
// (a /JS entry, an action of type /JavaScript, the catalog's JavaScript name tree), a /Launch action
// that starts a program, or an embedded /RichMedia or /XFA form. pdfcpu's merge would carry them into
// the complete dossier, which the user sends to an administration and which others will open: such an
// exhibit is refused, with the way to get a harmless copy (print it to PDF). Every object of the file is
// looked at, those inside object streams included, since pdfcpu has read them all by then.
func activeContent(ctx *model.Context) bool {
	for _, e := range ctx.XRefTable.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		if active(e.Object, 0) {
			return true
		}
	}
	return false
}

// active looks into direct objects (a dictionary inside a dictionary); indirect references are objects
// of the table in their own right and are visited there. depth bounds a hostile nesting.
func active(o types.Object, depth int) bool {
	if depth > 64 {
		return false
	}
	var d types.Dict
	switch v := o.(type) {
	case types.Dict:
		d = v
	case types.StreamDict:
		d = v.Dict
	case types.Array:
		for _, x := range v {
			if active(x, depth+1) {
				return true
			}
		}
		return false
	default:
		return false
	}
	for k, v := range d {
		switch k {
		case "JS", "JavaScript", "RichMedia", "XFA":
			return true
		case "S":
			if n, ok := v.(types.Name); ok && (n == "JavaScript" || n == "Launch" || n == "RichMediaExecute") {
				return true
			}
		}
		if active(v, depth+1) {
			return true
		}
	}
	return false
}
