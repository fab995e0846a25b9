package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"iter"
	"os"
	"saisine/internal/slug"
	"time"

	"saisine/letters"
	"saisine/letters/bundle"
	"saisine/letters/document"
	"saisine/letters/mandants"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// collectiveOutput is where and how render --mandants writes.
type collectiveOutput struct {
	format string // pdf, zip (mandat), txt or html (plainte-collective-cnil: the complaint alone)
	out    string
	pdf    render.PDFOptions
	bundle bool
	files  []bundle.Exhibit
}

// renderMandants writes the mandates (one per page, or one PDF per mandant in a zip) or the collective
// complaint followed by the mandates. Pages are produced as they are written: ten thousand mandates
// never sit in memory as documents.
func (e *env) renderMandants(proc procedures.Procedure, c *letters.Case, ms []mandants.Mandant, opts procedures.Options, o collectiveOutput) int {
	progress := e.progress(len(ms))
	defer progress.done()
	var err error
	switch {
	case proc.ID == procedures.Mandat && o.format == "zip":
		err = streamOutput(e.stdout, o.out, func(w io.Writer) error {
			return writeMandatesZip(w, c, ms, opts, o.pdf, progress.step)
		})
	case proc.ID == procedures.Mandat:
		err = streamOutput(e.stdout, o.out, func(w io.Writer) error {
			return render.PDFAll(w, counted(procedures.Mandates(c, procedures.Slice(ms), opts), progress.step), o.pdf)
		})
	case o.format == "txt" || o.format == "html":
		doc, err := procedures.CollectiveComplaint(c, ms, opts)
		if err != nil {
			return e.internal(err)
		}
		var buf bytes.Buffer
		if o.format == "txt" {
			err = render.Text(&buf, doc, render.TextOptions{Counts: true})
		} else {
			err = render.HTML(&buf, doc)
		}
		if err != nil {
			return e.internal(err)
		}
		return e.internal(writeOutput(e.stdout, o.out, buf.Bytes()))
	case o.bundle:
		// The bordereau lists the case's exhibits, then the mandates: the bundle follows that order.
		var letter, mandates bytes.Buffer
		doc, err := procedures.CollectiveComplaint(c, ms, opts)
		if err != nil {
			return e.internal(err)
		}
		if err := render.PDF(&letter, doc, o.pdf); err != nil {
			return e.internal(err)
		}
		if err := render.PDFAll(&mandates, counted(procedures.Mandates(c, procedures.Slice(ms), opts), progress.step), o.pdf); err != nil {
			return e.internal(err)
		}
		files := append(o.files, bundle.Exhibit{Number: len(o.files) + 1, Title: "Mandats", Name: "mandats.pdf", Data: mandates.Bytes()})
		var all bytes.Buffer
		if err := bundle.Write(&all, letter.Bytes(), files); err != nil {
			if ps := bundle.Problems(err); len(ps) > 0 {
				e.printExhibitProblems(ps)
				return exitInvalid
			}
			return e.internal(err)
		}
		return e.internal(writeOutput(e.stdout, o.out, all.Bytes()))
	default:
		first := true
		err = streamOutput(e.stdout, o.out, func(w io.Writer) error {
			return render.PDFAll(w, counted(procedures.CollectiveFiling(c, ms, opts), func() {
				if first { // the complaint itself is not a mandate
					first = false
					return
				}
				progress.step()
			}), o.pdf)
		})
	}
	return e.internal(err)
}

// counted calls step after each document the sequence yields.
func counted(docs iter.Seq2[*document.Document, error], step func()) iter.Seq2[*document.Document, error] {
	return func(yield func(*document.Document, error) bool) {
		for d, err := range docs {
			if !yield(d, err) {
				return
			}
			step()
		}
	}
}

// writeMandatesZip writes one PDF per mandant, « mandat-0001-lefevre-ines.pdf », each compressed as it is
// made.
func writeMandatesZip(w io.Writer, c *letters.Case, ms []mandants.Mandant, opts procedures.Options, pdf render.PDFOptions, step func()) error {
	zw := zip.NewWriter(w)
	width := len(fmt.Sprint(len(ms)))
	if width < 4 {
		width = 4
	}
	i := 0
	var buf bytes.Buffer
	for d, err := range procedures.Mandates(c, procedures.Slice(ms), opts) {
		if err != nil {
			return err
		}
		m := ms[i]
		i++
		buf.Reset()
		if err := render.PDF(&buf, d, pdf); err != nil {
			return err
		}
		name := fmt.Sprintf("mandat-%0*d-%s.pdf", width, i, slug.Make(m.LastName, m.FirstName))
		// A fixed time keeps the archive byte-identical from one run to the next.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := fw.Write(buf.Bytes()); err != nil {
			return err
		}
		step()
	}
	return zw.Close()
}

// progress reports « mandats : 1 200 / 10 000 » on stderr when it is a terminal, overwriting its line;
// on a pipe or a file it says nothing, so that scripts and logs stay clean.
type progressLine struct {
	w         io.Writer
	n, total  int
	lastShown time.Time
	shownOnce bool
}

func (e *env) progress(total int) *progressLine {
	p := &progressLine{total: total}
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.w = f
		}
	}
	return p
}

func (p *progressLine) step() {
	p.n++
	if p.w == nil {
		return
	}
	if now := time.Now(); p.n == p.total || now.Sub(p.lastShown) > 200*time.Millisecond {
		p.lastShown = now
		p.shownOnce = true
		fmt.Fprintf(p.w, "\rmandats : %d / %d", p.n, p.total)
	}
}

func (p *progressLine) done() {
	if p.w != nil && p.shownOnce {
		fmt.Fprintln(p.w)
	}
}
