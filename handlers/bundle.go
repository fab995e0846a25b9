package handlers

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/bundle"
	"saisine/letters/document"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// The complete dossier: on the preview page, one file input per line of the bordereau (« Pièce n° N —
// title ») and one for more files; POST /dossier/{procedure}/dossier-complet answers ONE PDF: the
// letter, whose bordereau gives the SHA-256 of each file sent, then the exhibits. The files are read
// from the request into memory, part by part within limits, and forgotten with the response: nothing
// is written to disk.

const slugBundle = "dossier-complet"

// Upload limits: the exhibits' own (bundle.MaxFileSize a file, bundle.MaxFiles files,
// bundle.MaxTotalSize in all), plus room for the state and the multipart envelope.
const (
	maxBundleBytes = bundle.MaxTotalSize + 1<<20
	maxBundleField = 64 << 10 // a form value (the state token)
	maxBundleParts = 2*bundle.MaxFiles + 16
	extraField     = "autres"
	piecesID       = "f-pieces"
)

// bundleForm is the upload form of the preview page.
type bundleForm struct {
	Pieces []pieceField
	Extra  pieceField
	// Error is a problem with the files as a whole (none chosen, too many, too large in all).
	Error   string
	ErrorID string
	// Refused: the page comes back after a refused upload (the browser forgets the files chosen).
	Refused bool
}

// pieceField is one file input: Number and Title as in the bordereau (Title is French).
type pieceField struct {
	Number      int
	Title       string
	Name, ID    string
	HintID      string
	Error       string
	ErrorID     string
	DescribedBy string
}

func pieceName(n int) string { return "piece-" + strconv.Itoa(n) }

// newBundleForm lists the bordereau's lines as file inputs, with the errors of v.
func newBundleForm(v *view, exhibits []document.Exhibit) bundleForm {
	f := bundleForm{}
	field := func(n int, title, name string, hint bool) pieceField {
		pf := pieceField{Number: n, Title: title, Name: name, ID: "f-" + name}
		var described []string
		if hint {
			pf.HintID = pf.ID + "-hint"
			described = append(described, pf.HintID)
		}
		if msg, ok := v.Errors[pf.ID]; ok {
			pf.Error, pf.ErrorID = msg, pf.ID+"-error"
			described = append(described, pf.ErrorID)
		}
		pf.DescribedBy = strings.Join(described, " ")
		return pf
	}
	for _, e := range exhibits {
		f.Pieces = append(f.Pieces, field(e.Number, e.Title, pieceName(e.Number), false))
	}
	f.Extra = field(0, "", extraField, true)
	if msg, ok := v.Errors[piecesID]; ok {
		f.Error, f.ErrorID = msg, piecesID+"-error"
	}
	return f
}

// upload is one file received.
type upload struct {
	field string // piece-N or autres
	name  string // the file's base name, as the person knows it
	data  []byte
	size  int64 // the real size when over bundle.MaxFileSize (data is then cut)
}

// readUpload reads the multipart body part by part: the form values (etat) up to maxBundleField, each
// file up to bundle.MaxFileSize (the rest of a larger one is read to learn its size, and dropped).
// http.MaxBytesReader (limitBody) bounds the whole.
func readUpload(r *http.Request) (map[string]string, []upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	values := map[string]string{}
	var files []upload
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return values, files, nil
		}
		if err != nil {
			return values, files, err
		}
		if n >= maxBundleParts {
			part.Close()
			return values, files, errTooManyParts
		}
		name := part.FormName()
		switch {
		case name == extraField || strings.HasPrefix(name, "piece-"):
			u, err := readFilePart(part, name)
			if err != nil {
				return values, files, err
			}
			if u.name != "" || len(u.data) > 0 {
				files = append(files, u)
			}
		case name == "etat":
			b, err := io.ReadAll(io.LimitReader(part, maxBundleField+1))
			if err != nil {
				return values, files, err
			}
			if len(b) > maxBundleField {
				return values, files, errTooManyParts
			}
			values[name] = string(b)
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return values, files, err
			}
		}
		part.Close()
	}
}

var errTooManyParts = errors.New("handlers: malformed upload")

func readFilePart(part *multipart.Part, field string) (upload, error) {
	u := upload{field: field, name: baseName(part.FileName())}
	data, err := io.ReadAll(io.LimitReader(part, bundle.MaxFileSize+1))
	if err != nil {
		return u, err
	}
	u.data, u.size = data, int64(len(data))
	if len(data) > bundle.MaxFileSize {
		rest, err := io.Copy(io.Discard, part)
		if err != nil {
			return u, err
		}
		u.size += rest
		u.data = data[:0:0] // not kept
	}
	return u, nil
}

// baseName is a file name without its folders (old browsers send the full path), without control
// characters, at most 200 characters.
func baseName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return strings.TrimSpace(name)
}

// titleOf makes an exhibit's title from a file name: without its extension, « _ » read as a space,
// normalised as the case's text is (letters.NormalizeText: a bidi override or a zero-width character
// in a file name must not reach the bordereau, where it would be invisible or turn text round).
func titleOf(name string) string {
	t := letters.NormalizeText(strings.TrimSuffix(name, path.Ext(name)))
	t = strings.Join(strings.Fields(strings.ReplaceAll(t, "_", " ")), " ")
	if t == "" {
		return i18n.T(i18n.FR, "bundle.untitled")
	}
	return t
}

// bundleIOTimeout is how long the complete dossier's upload may take to arrive, and then its answer to
// leave: the server's ReadTimeout (20 s for the whole body) would cut a 50 MB upload on a line slower
// than 20 Mbit/s; 5 minutes take it at 1.4 Mbit/s, a poor ADSL line's upload.
var bundleIOTimeout = 5 * time.Minute

// completeDossier answers POST /dossier/{procedure}/dossier-complet.
func (s *Server) completeDossier(c *gin.Context, p procedures.Procedure) {
	lang := langOf(c)
	// Room for the upload in the server-wide budget before reading it (limits.go, uploadBudget).
	freeRoom, ok := s.uploadRoom(c)
	if !ok {
		return
	}
	defer freeRoom()
	// The write deadline runs from the request's start too (WriteTimeout): it must outlast the upload.
	// Under a recorder (tests) the deadlines cannot be set, and do not matter.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(bundleIOTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(2 * bundleIOTimeout))
	values, files, err := readUpload(c.Request)
	_ = rc.SetWriteDeadline(time.Now().Add(bundleIOTimeout))
	if err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			s.renderError(c, http.StatusBadRequest, "error.bad_request")
			return
		}
		// The state comes first in the form: show the page again with the message when it was read.
		tok := values["etat"]
		if tok == "" {
			s.renderError(c, http.StatusRequestEntityTooLarge, "error.bundle_too_large")
			return
		}
		st, ok := s.open(c, tok, p)
		if !ok {
			return
		}
		s.refuseUpload(c, p, tok, st.Case, http.StatusRequestEntityTooLarge,
			[]uploadError{{id: piecesID, msg: i18n.T(lang, "error.bundle_too_large.body")}})
		return
	}
	tok := values["etat"]
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	// The files are in memory already: the slot bounds the checking, converting and merging.
	release, ok := s.letterSlot(c, p, tok, st.Case)
	if !ok {
		return
	}
	defer release()
	doc, err := s.build(p, st.Case)
	if err != nil {
		s.serverError(c)
		return
	}
	listed := map[string]document.Exhibit{}
	for _, e := range doc.Exhibits {
		listed[pieceName(e.Number)] = e
	}

	// Check every file: its type from its content, then what bundle.Check says.
	var problems []uploadError
	cs := cloneCase(st.Case)
	nCase := len(cs.Exhibits)
	var extras []upload
	byField := map[string]upload{}
	var sizes []int64
	for _, u := range files {
		if u.field == extraField {
			extras = append(extras, u)
		} else if _, ok := listed[u.field]; ok {
			if _, dup := byField[u.field]; dup {
				continue
			}
			byField[u.field] = u
		} else {
			continue // a line the bordereau does not have (a stale form)
		}
		sizes = append(sizes, u.size)
	}
	if len(sizes) == 0 {
		problems = append(problems, uploadError{id: piecesID, msg: i18n.T(lang, "bundle.error.none")})
	}
	for _, e := range bundle.Problems(bundle.CheckLimits(sizes)) {
		problems = append(problems, uploadError{id: piecesID, msg: e.Message(lang.Letters())})
	}
	// Each file is read and converted once: the Prepared value goes to bundle.WritePrepared as it is.
	// Images share one decoding budget (bundle.MaxDecodedTotal).
	budget := bundle.NewBudget()
	check := func(id string, ex bundle.Exhibit, size int64) *bundle.Prepared {
		if size > bundle.MaxFileSize {
			e := &bundle.Error{Number: ex.Number, Name: ex.Name, Code: bundle.CodeTooLarge, Size: size}
			problems = append(problems, uploadError{id: id, msg: e.Message(lang.Letters())})
			return nil
		}
		if _, err := bundle.Detect(ex.Data); err != nil {
			for _, e := range bundle.Problems(err) {
				e.Number, e.Name = ex.Number, ex.Name
				problems = append(problems, uploadError{id: id, msg: e.Message(lang.Letters())})
			}
			return nil
		}
		pr, err := bundle.Prepare(ex, budget)
		if err != nil {
			for _, e := range bundle.Problems(err) {
				problems = append(problems, uploadError{id: id, msg: e.Message(lang.Letters())})
			}
			if len(bundle.Problems(err)) == 0 {
				problems = append(problems, uploadError{id: id, msg: i18n.T(lang, "bundle.error.unreadable")})
			}
			return nil
		}
		return pr
	}
	// The bordereau's lines keep their numbers; the extra files come after the case's exhibits, so the
	// lines the procedure adds (a copy of the request…) move after them.
	var exhibits []*bundle.Prepared
	added := map[int]string{} // new number of a line the procedure adds → digest
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(i, j int) bool { return listed[fields[i]].Number < listed[fields[j]].Number })
	for _, f := range fields {
		if s.stopped(c) { // between exhibits: each may take seconds
			return
		}
		u := byField[f]
		e := listed[f]
		pr := check("f-"+f, bundle.Exhibit{Number: e.Number, Title: e.Title, Data: u.data, Name: u.name}, u.size)
		if pr == nil {
			continue
		}
		sum := bundle.SHA256(u.data)
		if e.Number <= nCase {
			cs.Exhibits[e.Number-1].SHA256 = sum
		} else {
			pr.SetNumber(e.Number + len(extras))
			added[pr.Exhibit().Number] = sum
		}
		exhibits = append(exhibits, pr)
	}
	for k, u := range extras {
		if s.stopped(c) {
			return
		}
		n := nCase + k + 1
		title := titleOf(u.name)
		pr := check("f-"+extraField, bundle.Exhibit{Number: n, Title: title, Data: u.data, Name: u.name}, u.size)
		if pr == nil {
			continue
		}
		cs.Exhibits = append(cs.Exhibits, letters.Exhibit{Title: title, SHA256: bundle.SHA256(u.data)})
		exhibits = append(exhibits, pr)
	}
	if len(problems) == 0 {
		for _, pr := range procedures.Check(cs, p.ID, s.now()) {
			if !pr.Warning {
				problems = append(problems, uploadError{id: "f-" + extraField, msg: pr.Message(lang.Letters())})
			}
		}
	}
	if len(problems) > 0 {
		s.refuseUpload(c, p, tok, st.Case, http.StatusUnprocessableEntity, problems)
		return
	}

	// The letter again, its bordereau with the digests of the files sent.
	doc, err = s.build(p, cs)
	if err != nil {
		s.serverError(c)
		return
	}
	for i := range doc.Exhibits {
		if sum, ok := added[doc.Exhibits[i].Number]; ok {
			doc.Exhibits[i].SHA256 = sum
		}
	}
	sort.Slice(exhibits, func(i, j int) bool { return exhibits[i].Exhibit().Number < exhibits[j].Exhibit().Number })
	if s.stopped(c) {
		return
	}
	var letterPDF, out bytes.Buffer
	if err := render.PDF(&letterPDF, doc, render.DefaultPDFOptions()); err != nil {
		s.serverError(c)
		return
	}
	if err := bundle.WritePrepared(c.Request.Context(), &out, letterPDF.Bytes(), exhibits); err != nil {
		if s.stopped(c) {
			return
		}
		if pr := bundle.Problems(err); len(pr) > 0 {
			var ue []uploadError
			for _, e := range pr {
				ue = append(ue, uploadError{id: piecesID, msg: e.Message(lang.Letters())})
			}
			s.refuseUpload(c, p, tok, st.Case, http.StatusUnprocessableEntity, ue)
			return
		}
		s.log.Error("bundle", "procedure", p.ID, "err_type", "write")
		s.serverError(c)
		return
	}
	attach(c, fileSlug("dossier-complet", p.ID, st.Case.Commune.Name)+".pdf", "application/pdf", out.Bytes())
}

type uploadError struct{ id, msg string }

// refuseUpload shows the preview again with the upload's errors beside the file fields.
func (s *Server) refuseUpload(c *gin.Context, p procedures.Procedure, tok string, cs *letters.Case, status int, errs []uploadError) {
	// One message per field: the problems of several files sent through one input are put together.
	var ids []string
	msgs := map[string][]string{}
	for _, e := range errs {
		if _, ok := msgs[e.id]; !ok {
			ids = append(ids, e.id)
		}
		msgs[e.id] = append(msgs[e.id], e.msg)
	}
	v, ok := s.previewView(c, p, tok, cs, func(v *view) {
		for _, id := range ids {
			v.addError("#"+id, strings.Join(msgs[id], " "))
		}
	})
	if !ok {
		return
	}
	v.Status = status
	s.render(c, v)
}
