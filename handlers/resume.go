package handlers

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// Resuming: the person uploads the case file they downloaded earlier and picks the procedure; a file
// the engine reads goes straight to the verification page, anything else is explained. An encrypted
// file (age, passphrase) takes a second step that asks for the passphrase; the file travels back in
// that step's form, never stored on the server.

type resumeData struct {
	File      fieldView
	Procedure fieldView
	// Encrypted is set on the passphrase step: the uploaded encrypted file, base64, sent back in a
	// hidden field so that nothing is kept on the server between the two steps.
	Encrypted  string
	Passphrase fieldView
}

func (s *Server) resumeView(c *gin.Context) *view {
	v := s.newView(c, "resume")
	v.Title = i18n.T(v.Lang, "resume.title")
	v.Self = "/reprendre"
	return v
}

func (s *Server) fillResume(v *view) {
	proc := makeField(v.Lang, v, "procedure", "label=field.procedure.label_resume", "hint=field.procedure.hint_resume")
	proc.Kind = kindSelect
	proc.Options = []optionView{{Value: "", Label: i18n.T(v.Lang, "resume.choose"), Checked: v.Values.Get("procedure") == ""}}
	for _, p := range procedures.All() {
		proc.Options = append(proc.Options, optionView{Value: p.ID, Label: procTitle(v.Lang, p), Checked: v.Values.Get("procedure") == p.ID})
	}
	v.Data = resumeData{File: makeField(v.Lang, v, "dossier"), Procedure: proc}
}

// fillPassphrase makes the resume page the passphrase step for an encrypted file.
func (s *Server) fillPassphrase(v *view, encrypted []byte) {
	s.fillResume(v)
	d := v.Data.(resumeData)
	d.Encrypted = base64.StdEncoding.EncodeToString(encrypted)
	d.Passphrase = makeField(v.Lang, v, fieldPassphrase, "label=resume.passphrase.label", "hint=resume.passphrase.hint")
	d.Passphrase.Type, d.Passphrase.Autocomplete, d.Passphrase.Value = "password", "current-password", ""
	v.Data = d
	v.Title = i18n.T(v.Lang, "resume.passphrase.title")
}

// Fields of the passphrase step.
const (
	fieldEncrypted  = "dossier_chiffre"
	fieldPassphrase = "passphrase"
)

func (s *Server) resumeGet(c *gin.Context) {
	v := s.resumeView(c)
	if id := c.Query("procedure"); id != "" {
		v.Values.Set("procedure", id)
	}
	s.fillResume(v)
	s.render(c, v)
}

func (s *Server) resumePost(c *gin.Context) {
	v := s.resumeView(c)
	fail := func() {
		v.Status = http.StatusUnprocessableEntity
		s.fillResume(v)
		s.render(c, v)
	}
	if err := c.Request.ParseMultipartForm(maxUploadBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.addError("dossier", letters.Problem{Code: letters.CodeTooLarge, Args: []string{"1048576"}}.Message(v.Lang.Letters()))
			fail()
			return
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			s.renderError(c, http.StatusBadRequest, "error.bad_request")
			return
		}
	}
	procID := c.Request.FormValue("procedure")
	v.Values.Set("procedure", procID)
	p, procOK := procedures.Get(procID)

	// The case file: uploaded, or sent back by the passphrase step.
	var data []byte
	var fileErr error
	if enc := c.Request.PostFormValue(fieldEncrypted); enc != "" {
		if base64.StdEncoding.DecodedLen(len(enc)) > MaxEncryptedCaseFileSize+3 {
			fileErr = ErrEncryptedTooLarge
		} else if data, fileErr = base64.StdEncoding.DecodeString(enc); fileErr != nil || !IsEncryptedCaseFile(data) {
			fileErr = ErrEncryptedDamaged
		}
	} else {
		file, _, err := c.Request.FormFile("dossier")
		if err != nil {
			fileErr = err
		} else {
			// A little more than either limit, so that letters.Decode or the encrypted file's check
			// still says « too large ».
			data, fileErr = io.ReadAll(io.LimitReader(file, MaxEncryptedCaseFileSize+1))
			file.Close()
		}
	}
	if fileErr != nil {
		switch {
		case errors.Is(fileErr, ErrEncryptedTooLarge) || errors.Is(fileErr, ErrEncryptedDamaged):
			v.addError("dossier", i18n.T(v.Lang, encryptedFileMessage(fileErr)))
		default:
			v.addError("dossier", i18n.T(v.Lang, "error.resume.no_file"))
		}
	}
	if !procOK {
		v.addError("procedure", i18n.T(v.Lang, "error.procedure.required"))
	}
	if fileErr != nil {
		fail()
		return
	}

	if IsEncryptedCaseFile(data) {
		bin, err := PrepareEncryptedCaseFile(data)
		if err != nil {
			v.addError("dossier", i18n.T(v.Lang, encryptedFileMessage(err)))
			fail()
			return
		}
		pass := c.Request.PostFormValue(fieldPassphrase)
		_, asked := c.Request.PostForm[fieldPassphrase]
		if pass == "" || !procOK {
			// First upload: ask for the passphrase. A passphrase step sent empty is an error.
			if asked && pass == "" {
				v.addError(fieldPassphrase, i18n.T(v.Lang, "error.passphrase.required"))
			}
			if len(v.Errors) > 0 {
				v.Status = http.StatusUnprocessableEntity
			}
			s.fillPassphrase(v, bin)
			s.render(c, v)
			return
		}
		plain, err := DecryptCaseFile(c.Request.Context(), bin, pass)
		switch {
		case errors.Is(err, ErrWrongPassphrase):
			v.addError(fieldPassphrase, i18n.T(v.Lang, "error.passphrase.wrong"))
			v.Status = http.StatusUnprocessableEntity
			s.fillPassphrase(v, bin)
			s.render(c, v)
			return
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			return
		case err != nil:
			v.addError("dossier", i18n.T(v.Lang, encryptedFileMessage(err)))
			fail()
			return
		}
		data = plain
	}

	cs, problems := letters.Decode(bytes.NewReader(data))
	if len(problems) > 0 {
		// The field shows the first problem, the summary the next ones up to maxListedProblems, then
		// how many more there are.
		for i, pr := range problems {
			if i == maxListedProblems {
				v.Summary = append(v.Summary, summaryItem{Href: "#" + fieldID("dossier"), Message: moreProblems(v.Lang, len(problems)-i)})
				break
			}
			msg := pr.Message(v.Lang.Letters())
			if pr.Path != "" {
				msg = pr.Path + i18n.T(v.Lang, "common.colon") + msg
			}
			if i == 0 {
				v.addError("dossier", msg)
				continue
			}
			v.Summary = append(v.Summary, summaryItem{Href: "#" + fieldID("dossier"), Message: msg})
		}
		fail()
		return
	}
	if !procOK {
		fail()
		return
	}
	if kinds := p.Require.SenderKinds; len(kinds) > 0 && slices.Contains(letters.Enumerations["sender.kind"], cs.Sender.Kind) &&
		!slices.Contains(kinds, cs.Sender.Kind) {
		pr := letters.Problem{Path: "sender.kind", Code: letters.CodeProcedureSenderKind,
			Args: append([]string{p.ID, cs.Sender.Kind}, kinds...)}
		v.addError("procedure", pr.Message(v.Lang.Letters()))
		fail()
		return
	}
	tok, ok := s.seal(c, p, cs)
	if !ok {
		return
	}
	c.Redirect(http.StatusSeeOther, stepURL(p.ID, slugVerification, tok, ""))
}

// encryptedFileMessage is the catalogue key explaining why an encrypted file cannot be read.
func encryptedFileMessage(err error) string {
	switch {
	case errors.Is(err, ErrWorkFactorTooLarge):
		return "error.resume.work_factor"
	case errors.Is(err, ErrNotPassphraseFile):
		return "error.resume.not_passphrase"
	case errors.Is(err, ErrEncryptedTooLarge):
		return "error.resume.encrypted_too_large"
	}
	return "error.resume.encrypted_damaged"
}

// moreProblems says how many problems were left out of a list: « … et 2 345 autres problèmes ».
func moreProblems(lang i18n.Lang, n int) string {
	if n == 1 {
		return i18n.T(lang, "problems.more_one", groupDigits(lang, n))
	}
	return i18n.T(lang, "problems.more", groupDigits(lang, n))
}
