package handlers

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"saisine/assets"
	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// renderer holds one template set per page and per language: each set is the layout, the shared
// partials and that page's file, parsed with functions bound to the language. (One shared set would let
// pages overwrite each other's « content ».)
type renderer struct {
	pages map[i18n.Lang]map[string]*template.Template
}

// pageNames lists the page templates (assets/web/templates/pages/NAME.html).
func pageNames() ([]string, error) {
	files, err := fs.Glob(assets.WebTemplates(), "pages/*.html")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".html"))
	}
	return names, nil
}

func newRenderer() (*renderer, error) {
	names, err := pageNames()
	if err != nil {
		return nil, err
	}
	r := &renderer{pages: map[i18n.Lang]map[string]*template.Template{}}
	for _, lang := range i18n.Langs() {
		r.pages[lang] = map[string]*template.Template{}
		for _, name := range names {
			t, err := template.New(name).Funcs(funcs(lang)).ParseFS(assets.WebTemplates(),
				"layout.html", "partials.html", "pages/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("handlers: page %s: %w", name, err)
			}
			r.pages[lang][name] = t
		}
	}
	return r, nil
}

// view is what every page template receives.
type view struct {
	Lang  i18n.Lang
	Page  string // template name
	Title string
	// Self is the current page as a relative URL (path and query) for the language switch.
	Self string
	// Summary lists the errors at the top of the page; Errors maps an element id to its message.
	Summary []summaryItem
	Errors  map[string]string
	// Values are the form's values by name (the case flattened, or what was posted).
	Values url.Values
	// Posted is the raw form of a post shown again with its errors (nil on a GET).
	Posted url.Values
	// Notices are warnings shown without blocking.
	Notices []string

	Proc    *procedures.Procedure
	Token   string
	Step    *stepInfo
	Retour  string
	Script  bool
	Data    any
	Status  int
	Message string // a message for error pages
}

type summaryItem struct {
	Href    string
	Message string
}

func (s *Server) newView(c *gin.Context, page string) *view {
	self := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		// The language switch comes back here with a GET: a posted page goes back to its form
		// (steps and the resume page set theirs), anything else to the home page.
		self = "/"
	}
	return &view{
		Lang:   langOf(c),
		Page:   page,
		Self:   self,
		Errors: map[string]string{},
		Values: url.Values{},
		Status: http.StatusOK,
	}
}

// addProblems puts problems in the error summary and beside their fields. Warnings are notices.
func (v *view) addProblems(problems []letters.Problem) {
	for _, p := range problems {
		msg := p.Message(v.Lang.Letters())
		if p.Warning {
			v.Notices = append(v.Notices, msg)
			continue
		}
		v.addError(targetPath(p.Path), msg)
	}
}

// addError records one error on the element of path (an element id when path starts with "#").
func (v *view) addError(path, msg string) {
	id := strings.TrimPrefix(path, "#")
	if !strings.HasPrefix(path, "#") {
		id = fieldID(path)
	}
	if path == "" {
		v.Summary = append(v.Summary, summaryItem{Message: msg})
		return
	}
	if _, dup := v.Errors[id]; dup {
		return
	}
	v.Errors[id] = msg
	v.Summary = append(v.Summary, summaryItem{Href: "#" + id, Message: msg})
}

// render writes the page with v.Status.
func (s *Server) render(c *gin.Context, v *view) {
	t, ok := s.views.pages[v.Lang][v.Page]
	if !ok {
		s.log.Error("unknown page template", "page", v.Page)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "render page", slog.String("page", v.Page), slog.String("err", err.Error()))
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Data(v.Status, "text/html; charset=utf-8", buf.Bytes())
}

// pageBuffers hold pages while they are rendered: a page is 10 to 40 KB, and growing a new buffer to
// that size for each page was a third of what a step's GET allocated.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer returns buf to the pool once its page is written, unless an unusual page made it
// large: the pool must not keep that memory for every page.
func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 256<<10 {
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

// renderError shows a simple page with a title and a message from the catalogue (key.title,
// key.body).
func (s *Server) renderError(c *gin.Context, status int, key string) {
	v := s.newView(c, "error")
	v.Status = status
	v.Title = i18n.T(v.Lang, key+".title")
	v.Message = i18n.T(v.Lang, key+".body")
	s.render(c, v)
}

func (s *Server) serverError(c *gin.Context) {
	s.renderError(c, http.StatusInternalServerError, "error.server")
}
func (s *Server) notFound(c *gin.Context) { s.renderError(c, http.StatusNotFound, "error.not_found") }
func (s *Server) methodNotAllowed(c *gin.Context) {
	s.renderError(c, http.StatusMethodNotAllowed, "error.method")
}

// --- template functions ---

// fieldView is one field as a template draws it.
type fieldView struct {
	Path, Name, ID   string
	Label, Hint      string
	HintID           string
	Error, ErrorID   string
	Value            string
	Values           []string
	Kind             fieldKind
	Type             string
	Autocomplete     string
	Inputmode        string
	Width            string
	Optional         bool
	Options          []optionView
	DescribedBy      string
	Checked          bool // kindCheckbox
	CheckboxValue    string
	LabelHidden      bool
	OptionalText     string
	ErrorPrefixLabel string
}

type optionView struct {
	Value, ID, Label, Hint, HintID string
	Checked                        bool
}

func (f fieldView) IsText() bool       { return f.Kind == kindText }
func (f fieldView) IsTextarea() bool   { return f.Kind == kindTextarea }
func (f fieldView) IsSelect() bool     { return f.Kind == kindSelect }
func (f fieldView) IsRadios() bool     { return f.Kind == kindRadios }
func (f fieldView) IsCheckboxes() bool { return f.Kind == kindCheckboxes }
func (f fieldView) IsCheckbox() bool   { return f.Kind == kindCheckbox }

// makeField builds the view of the field at path. Options: "optional", "required" override the
// « (facultatif) » mark; "label=KEY" takes the label from another catalogue key.
func makeField(lang i18n.Lang, v *view, p string, opts ...string) fieldView {
	st := staticField(lang, p, opts)
	f := st.fieldView
	f.Options = nil
	if v != nil {
		f.Value = v.Values.Get(p)
		f.Values = v.Values[p]
		if msg, ok := v.Errors[st.errorKey]; ok {
			f.Error = msg
			f.ErrorID = st.errorKey + "-error"
		}
	}
	switch {
	case f.HintID != "" && f.ErrorID != "":
		f.DescribedBy = f.HintID + " " + f.ErrorID
	case f.HintID != "":
		f.DescribedBy = f.HintID
	default:
		f.DescribedBy = f.ErrorID
	}
	if f.Kind == kindCheckbox {
		f.Checked = slices.Contains(f.Values, f.CheckboxValue)
	}
	if len(st.Options) > 0 {
		f.Options = slices.Clone(st.Options)
		for i := range f.Options {
			o := &f.Options[i]
			o.Checked = slices.Contains(f.Values, o.Value) ||
				(f.Kind == kindSelect && o.Value == "" && len(f.Values) == 0)
		}
	}
	return f
}

// fieldStatic is the part of a field's view that depends only on the language, the path and the
// options: labels, hints, ids and choices, looked up in the catalogues once rather than on every page
// (a page of radio buttons looked up three catalogue keys per choice). The paths come from the
// templates and row numbers bounded by maxRows, so the cache stays small.
type fieldStatic struct {
	fieldView        // without value, error or checked state
	errorKey  string // the key of the field's error in view.Errors: its id before a checkbox's own
}

type fieldKey struct {
	lang       i18n.Lang
	path, opts string
}

var staticFields sync.Map // fieldKey → *fieldStatic

func staticField(lang i18n.Lang, p string, opts []string) *fieldStatic {
	k := fieldKey{lang: lang, path: p, opts: strings.Join(opts, "\x00")}
	if st, ok := staticFields.Load(k); ok {
		return st.(*fieldStatic)
	}
	st, _ := staticFields.LoadOrStore(k, newFieldStatic(lang, p, opts))
	return st.(*fieldStatic)
}

func newFieldStatic(lang i18n.Lang, p string, opts []string) *fieldStatic {
	def := fieldDefs[pattern(p)]
	key := "field." + catalogKey(p)
	f := fieldView{
		Path: p, Name: p, ID: fieldID(p),
		Label:        i18n.T(lang, key+".label"),
		Kind:         def.Kind,
		Type:         def.Type,
		Autocomplete: def.Autocomplete,
		Inputmode:    def.Inputmode,
		Width:        def.Width,
		Optional:     def.Optional,
		OptionalText: i18n.T(lang, "common.optional"),
	}
	if f.Type == "" {
		f.Type = "text"
	}
	for _, o := range opts {
		switch {
		case o == "optional":
			f.Optional = true
		case o == "required":
			f.Optional = false
		case strings.HasPrefix(o, "label="):
			f.Label = i18n.T(lang, strings.TrimPrefix(o, "label="))
		case strings.HasPrefix(o, "hint="):
			f.Hint = i18n.T(lang, strings.TrimPrefix(o, "hint="))
		}
	}
	if f.Hint == "" {
		if h, ok := i18n.Lookup(lang, key+".hint"); ok {
			f.Hint = h
		}
	}
	if f.Hint != "" {
		f.HintID = f.ID + "-hint"
	}
	st := &fieldStatic{errorKey: f.ID}
	switch def.Kind {
	case kindCheckbox:
		f.CheckboxValue = def.Value
		f.ID = optionID(p, def.Value)
	case kindRadios, kindCheckboxes, kindSelect:
		if def.Enum != "" {
			values := enumValues(def.Enum)
			if def.Kind == kindRadios || def.Kind == kindCheckboxes {
				// "" is not a choice in a radio or checkbox list: leaving it blank says it.
				values = nonEmptyValues(values)
			}
			if def.Kind == kindSelect {
				// A select always starts blank: a row left empty must not send its first choice.
				values = append([]string{""}, nonEmptyValues(values)...)
			}
			for _, val := range values {
				o := optionView{Value: val, ID: optionID(p, val), Label: enumLabel(lang, def.Enum, val)}
				if h, ok := i18n.Lookup(lang, "enum."+def.Enum+"."+val+".hint"); ok && val != "" {
					o.Hint = h
					o.HintID = o.ID + "-hint"
				}
				f.Options = append(f.Options, o)
			}
		}
	}
	st.fieldView = f
	return st
}

func nonEmptyValues(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func funcs(lang i18n.Lang) template.FuncMap {
	return template.FuncMap{
		"t": func(key string) string { return i18n.T(lang, key) },
		"tf": func(key string, args ...any) string {
			return i18n.T(lang, key, args...)
		},
		"has": func(key string) bool { return i18n.Has(lang, key) },
		"field": func(v *view, p string, opts ...string) fieldView {
			return makeField(lang, v, p, opts...)
		},
		"row": func(prefix string, i int, name string) string { return rowPath(prefix, i, name) },
		"rowID": func(prefix string, i int) string {
			return fieldID(prefix + "[" + strconv.Itoa(i) + "]")
		},
		"errorAt": func(v *view, p string) string { return v.Errors[fieldID(p)] },
		"id":      fieldID,
		"inc":     func(i int) int { return i + 1 },
		"enum":    func(enum, value string) string { return enumLabel(lang, enum, value) },
		"langName": func(l i18n.Lang) string {
			return i18n.T(l, "layout.lang_name")
		},
		"switchHref": func(v *view) string {
			return "/langue/" + string(lang.Other()) + "?retour=" + url.QueryEscape(v.Self)
		},
		"stepHref": func(v *view, slug string) string {
			if v.Proc == nil {
				return "/"
			}
			return stepURL(v.Proc.ID, slug, v.Token, "")
		},
		"procTitle": func(p procedures.Procedure) string { return procTitle(lang, p) },
		"procSummary": func(p procedures.Procedure) string {
			if lang == i18n.EN && p.SummaryEN != "" {
				return p.SummaryEN
			}
			return p.Summary
		},
		"kindsLabel": func(p procedures.Procedure) string { return kindsLabel(lang, p) },
		"forKinds":   forKindsClass,
		"html":       func(s string) template.HTML { return template.HTML(s) },
	}
}

// procTitle is the procedure's title in lang (the catalogue may give an English title; new procedures
// fall back to their French title).
func procTitle(lang i18n.Lang, p procedures.Procedure) string {
	if t, ok := i18n.Lookup(lang, "procedure."+p.ID+".title"); ok {
		return t
	}
	return p.Title
}
