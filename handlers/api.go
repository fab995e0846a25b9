package handlers

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/letters/render"
	"saisine/letters/schema"
)

// The JSON API: the same engine and the same validation as the interview, for scripts.
//
//	POST /api/v1/render?procedure=ID&format=pdf|txt|html   case JSON → the document (attachment)
//	GET  /api/v1/procedures                                 the procedures
//	GET  /api/v1/schema                                     JSON Schema of the case file
//	GET  /api/v1/example/ID                                 a valid example case
//
// Errors are {"errors":[{"path","code","message"}],"more":N}, at most maxListedProblems listed and
// « more » counting the rest (absent when none): 400 for a body that is not JSON, 404 for an
// unknown procedure, 413 for a body over 1 MiB, 422 for a case the engine refuses. Messages are French,
// English with Accept-Language: en.

type apiError struct {
	Path    string `json:"path"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

type apiErrors struct {
	Errors []apiError `json:"errors"`
	// More counts the errors found beyond the maxListedProblems listed; absent when all are listed.
	More int `json:"more,omitempty"`
}

// maxListedProblems bounds the problems an answer lists (the API, the resume page): 1 MiB of unknown
// fields makes tens of thousands of them, 16 MB of JSON or a page nobody reads, and writing them out
// cost seconds. The first hundred say what is wrong; the rest are counted.
const maxListedProblems = 100

func apiProblems(lang i18n.Lang, problems []letters.Problem) apiErrors {
	out := apiErrors{Errors: []apiError{}}
	for _, p := range problems {
		if p.Warning {
			continue
		}
		if len(out.Errors) == maxListedProblems {
			out.More++
			continue
		}
		out.Errors = append(out.Errors, apiError{Path: p.Path, Code: p.Code, Message: p.Message(lang.Letters())})
	}
	return out
}

func apiFail(c *gin.Context, status int, path, key string, args ...any) {
	c.JSON(status, apiErrors{Errors: []apiError{{Path: path, Message: i18n.T(langOf(c), key, args...)}}})
}

// Decoding problems that mean « this is not a JSON case file at all ».
var malformed = map[string]bool{
	letters.CodeSyntax: true, letters.CodeEncoding: true, letters.CodeEmpty: true,
	letters.CodeTrailingData: true, letters.CodeReadError: true,
}

func (s *Server) apiRender(c *gin.Context) {
	lang := langOf(c)
	p, ok := procedures.Get(c.Query("procedure"))
	if !ok {
		apiFail(c, http.StatusNotFound, "", "api.unknown_procedure", c.Query("procedure"))
		return
	}
	format := c.DefaultQuery("format", "pdf")
	if format != "pdf" && format != "txt" && format != "html" {
		apiFail(c, http.StatusBadRequest, "", "api.unknown_format")
		return
	}
	// The body is read before taking a heavy-work slot, so that a client sending slowly holds none;
	// one byte over the case file's limit is enough for Decode to say « too large ».
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, letters.MaxCaseFileSize+1))
	if err != nil {
		apiFail(c, http.StatusBadRequest, "", "error.bad_request.body")
		return
	}
	release, ok := s.heavySlot(c)
	if !ok {
		return
	}
	defer release()
	cs, problems := letters.Decode(bytes.NewReader(body))
	if len(problems) > 0 {
		status := http.StatusUnprocessableEntity
		switch {
		case problems[0].Code == letters.CodeTooLarge:
			status = http.StatusRequestEntityTooLarge
		case malformed[problems[0].Code]:
			status = http.StatusBadRequest
		}
		c.JSON(status, apiProblems(lang, problems))
		return
	}
	if problems := procedures.Check(cs, p.ID, s.now()); hasErrors(problems) {
		c.JSON(http.StatusUnprocessableEntity, apiProblems(lang, problems))
		return
	}
	if s.stopped(c) {
		return
	}
	doc, err := s.build(p, cs)
	if err != nil {
		apiFail(c, http.StatusInternalServerError, "", "api.internal")
		return
	}
	var buf bytes.Buffer
	var ctype string
	switch format {
	case "pdf":
		err, ctype = render.PDF(&buf, doc, render.DefaultPDFOptions()), "application/pdf"
	case "txt":
		err, ctype = render.Text(&buf, doc, render.TextOptions{Counts: true}), "text/plain; charset=utf-8"
	case "html":
		err, ctype = render.HTML(&buf, doc), "text/html; charset=utf-8"
	}
	if err != nil {
		apiFail(c, http.StatusInternalServerError, "", "api.internal")
		return
	}
	attach(c, fileSlug(p.ID, cs.Commune.Name)+"."+format, ctype, buf.Bytes())
}

type apiProcedure struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Summary        string   `json:"summary"`
	SummaryEN      string   `json:"summary_en"`
	SenderKinds    []string `json:"sender_kinds"`
	RequiredFields []string `json:"required_fields"`
	Steps          []string `json:"steps"`
}

func (s *Server) apiProcedures(c *gin.Context) {
	out := []apiProcedure{}
	for _, p := range procedures.All() {
		kinds := p.Require.SenderKinds
		if len(kinds) == 0 {
			kinds = letters.Enumerations["sender.kind"]
		}
		fields := p.Require.Fields
		if fields == nil {
			fields = []string{}
		}
		var steps []string
		for _, st := range stepsOf(p) {
			steps = append(steps, st.Slug)
		}
		out = append(out, apiProcedure{ID: p.ID, Title: p.Title, Summary: p.Summary, SummaryEN: p.SummaryEN,
			SenderKinds: kinds, RequiredFields: fields, Steps: steps})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiSchema(c *gin.Context) {
	c.Data(http.StatusOK, "application/schema+json", schema.JSON())
}

func (s *Server) apiExample(c *gin.Context) {
	ex := procedures.Example(c.Param("id"))
	if ex == nil {
		apiFail(c, http.StatusNotFound, "", "api.unknown_procedure", c.Param("id"))
		return
	}
	var buf bytes.Buffer
	if err := letters.Encode(&buf, ex); err != nil {
		apiFail(c, http.StatusInternalServerError, "", "api.internal")
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}
