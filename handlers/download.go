package handlers

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// download answers POST /dossier/{procedure}/telecharger: the case file (JSON, or encrypted with a
// passphrase) at any step, the letter (PDF, text) once the case has no error.
func (s *Server) download(c *gin.Context, p procedures.Procedure) {
	if !s.parseForm(c) {
		return
	}
	tok := c.Request.PostForm.Get("etat")
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	format := c.Request.PostForm.Get("format")
	var buf bytes.Buffer
	var ctype, ext string
	switch format {
	case "json":
		if err := letters.Encode(&buf, st.Case); err != nil {
			s.serverError(c)
			return
		}
		ctype, ext = "application/json; charset=utf-8", "json"
		attach(c, fileSlug("dossier", p.ID, st.Case.Commune.Name)+"."+ext, ctype, buf.Bytes())
		return
	case formatProtectPage:
		s.protectPage(c, p, tok, nil)
		return
	case formatAge:
		s.downloadProtected(c, p, tok, st.Case)
		return
	case "pdf", "txt":
	default:
		s.renderError(c, http.StatusBadRequest, "error.format")
		return
	}
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
	if format == "pdf" {
		err = render.PDF(&buf, doc, render.DefaultPDFOptions())
		ctype = "application/pdf"
	} else {
		err = render.Text(&buf, doc, render.TextOptions{Counts: true})
		ctype = "text/plain; charset=utf-8"
	}
	if err != nil {
		s.serverError(c)
		return
	}
	attach(c, fileSlug(p.ID, st.Case.Commune.Name)+"."+format, ctype, buf.Bytes())
}

// attach sends a file to save (never shown inline), with an ASCII file name.
func attach(c *gin.Context, name, ctype string, body []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, ctype, body)
}

// Formats of the passphrase-protected download: « proteger » shows the page asking for the
// passphrase (a POST, so that the token stays out of the address), « age » sends the encrypted file.
const (
	formatProtectPage = "proteger"
	formatAge         = "age"
)

// caseFileWorkFactor is the scrypt work factor of the files the server encrypts; zero is age's default.
// Tests lower it: at the default, one encryption takes a second and 256 MiB.
var caseFileWorkFactor = 0

type protectData struct {
	Passphrase, Confirm fieldView
}

// protectPage shows the form that encrypts the case file, with errors when problems is not nil. The
// passphrases typed are never written back into the page.
func (s *Server) protectPage(c *gin.Context, p procedures.Procedure, tok string, problems map[string]string) {
	v := s.newView(c, "protect")
	v.Proc = &p
	v.Token = tok
	v.Title = i18n.T(v.Lang, "protect.title")
	back := stepURL(p.ID, slugVerification, tok, "")
	v.Self = back
	v.Step = &stepInfo{Slug: slugDownload, Back: back}
	for _, path := range []string{"passphrase", "passphrase_confirm"} {
		if msg, ok := problems[path]; ok {
			v.addError(path, msg)
		}
	}
	if len(problems) > 0 {
		v.Status = http.StatusUnprocessableEntity
	}
	pass := makeField(v.Lang, v, "passphrase", "label=protect.passphrase.label",
		"hint=protect.passphrase.hint")
	pass.Hint = i18n.T(v.Lang, "protect.passphrase.hint", MinPassphraseRunes)
	conf := makeField(v.Lang, v, "passphrase_confirm", "label=protect.confirm.label")
	for _, f := range []*fieldView{&pass, &conf} {
		f.Type, f.Autocomplete, f.Value = "password", "new-password", ""
	}
	v.Data = protectData{Passphrase: pass, Confirm: conf}
	s.render(c, v)
}

// downloadProtected sends the case file encrypted with the passphrase typed, or the form again with
// the error beside the field.
func (s *Server) downloadProtected(c *gin.Context, p procedures.Procedure, tok string, cs *letters.Case) {
	lang := langOf(c)
	pass := c.Request.PostForm.Get("passphrase")
	problems := map[string]string{}
	switch err := checkPassphrase(pass); {
	case pass == "":
		problems["passphrase"] = i18n.T(lang, "error.passphrase.required")
	case errors.Is(err, errPassphraseTooShort):
		problems["passphrase"] = i18n.T(lang, "error.passphrase.too_short", MinPassphraseRunes)
	case err != nil:
		problems["passphrase"] = i18n.T(lang, "error.passphrase.invalid", MaxPassphraseBytes)
	case c.Request.PostForm.Get("passphrase_confirm") != pass:
		problems["passphrase_confirm"] = i18n.T(lang, "error.passphrase.mismatch")
	}
	if len(problems) > 0 {
		s.protectPage(c, p, tok, problems)
		return
	}
	var plain bytes.Buffer
	if err := letters.Encode(&plain, cs); err != nil {
		s.serverError(c)
		return
	}
	enc, err := EncryptCaseFile(c.Request.Context(), plain.Bytes(), pass, caseFileWorkFactor)
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "encrypt case file", slog.String("err", err.Error()))
		s.serverError(c)
		return
	}
	attach(c, fileSlug("dossier", p.ID, cs.Commune.Name)+".json.age", "application/octet-stream", enc)
}
