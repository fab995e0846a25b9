// Package render draws a document.Document as PDF (gofpdf), HTML (preview) or plain text (CNIL online
// form, e-mail). Renderers know blocks, not procedures.
package render
