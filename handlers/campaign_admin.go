package handlers

import (
	"encoding/csv"
	"errors"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/mandants"
	"saisine/letters/procedures"
	"saisine/letters/render"
	"saisine/store"
)

// The administration pages of a campaign, all under /campagnes/{id}/admin/{secret} (requireAdmin).

type adminData struct {
	Info    campaignInfo
	Base    string
	SignURL string
	Counts  store.Counts
	PerDay  []dayRow
	Notice  string
}

type dayRow struct {
	Day   string
	Count int
}

type mandateRow struct {
	Name      string
	Address   string
	Email     string
	SignedOn  string
	Source    string
	RevokedOn string
}

type adminListData struct {
	Info    campaignInfo
	Base    string
	Query   string
	Revoked bool
	Rows    []mandateRow
	Page    int
	Prev    string
	Next    string
	Action  string
}

type importLine struct {
	Line    int
	Field   string
	Message string
}

type importData struct {
	Info     campaignInfo
	Base     string
	Problems []importLine
	Skipped  []importLine
	Imported int
	Done     bool
	Skip     bool
}

// adminCampaign is the campaign requireAdmin checked, with its case.
func (s *Server) adminCampaign(c *gin.Context) (store.Campaign, *letters.Case, bool) {
	camp, _ := c.MustGet(adminCampaignKey).(store.Campaign)
	return s.campaignCase(c, camp)
}

func adminBase(c *gin.Context) string {
	return "/campagnes/" + c.Param("id") + "/admin/" + c.Param("secret")
}

func (s *Server) adminView(c *gin.Context, page, titleKey string) *view {
	v := s.newView(c, page)
	v.Title = i18n.T(v.Lang, titleKey)
	if c.Request.Method != http.MethodGet {
		v.Self = adminBase(c)
	}
	return v
}

// adminHome answers GET …/admin/{secret}: counts, signatures per day, and what can be done.
func (s *Server) adminHome(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	counts, err := s.store.Counts(ctx, camp.ID)
	if err != nil {
		s.storeFailed(c, "counts", err)
		return
	}
	days, err := s.store.PerDay(ctx, camp.ID)
	if err != nil {
		s.storeFailed(c, "per day", err)
		return
	}
	v := s.adminView(c, "admin", "admin.title")
	d := adminData{Info: s.info(v.Lang, camp, cs), Base: adminBase(c), SignURL: absURL(c, "/signer/"+camp.ID), Counts: counts}
	for _, dc := range days {
		d.PerDay = append(d.PerDay, dayRow{Day: formatDate(v.Lang, dc.Day), Count: dc.Count})
	}
	if n := c.Query("fait"); n == "fermee" {
		d.Notice = i18n.T(v.Lang, "admin.closed_notice")
	}
	v.Data = d
	s.render(c, v)
}

func (s *Server) row(lang i18n.Lang, m store.Mandate) mandateRow {
	r := mandateRow{
		Name:     strings.TrimSpace(strings.Join([]string{m.Civility, m.FirstName, m.LastName}, " ")),
		Address:  strings.Join(nonBlank(m.Street, m.Complement, strings.TrimSpace(m.PostalCode+" "+m.City)), ", "),
		Email:    m.Email,
		SignedOn: formatDate(lang, m.SignedOn),
		Source:   i18n.T(lang, "admin.source."+m.Source),
	}
	if m.Revoked() {
		r.RevokedOn = formatDate(lang, m.RevokedAt.Format(time.DateOnly))
	}
	return r
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// adminList answers GET …/mandats?q=TEXT&page=N[&revoques=1]: the standing (or revoked) mandates, by
// name, 50 a page.
func (s *Server) adminList(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	page, err := strconv.Atoi(c.DefaultQuery("page", "1"))
	if err != nil || page < 1 {
		page = 1
	}
	q := strings.TrimSpace(c.Query("q"))
	revoked := c.Query("revoques") == "1"
	list, err := s.store.ListMandates(c.Request.Context(), camp.ID, store.ListOptions{
		Query: q, Revoked: revoked, Limit: adminPageSize + 1, Offset: (page - 1) * adminPageSize,
	})
	if err != nil {
		s.storeFailed(c, "list", err)
		return
	}
	titleKey := "admin.list.title"
	if revoked {
		titleKey = "admin.list.revoked_title"
	}
	v := s.adminView(c, "admin_list", titleKey)
	base := adminBase(c)
	d := adminListData{Info: s.info(v.Lang, camp, cs), Base: base, Query: q, Revoked: revoked, Page: page, Action: base + "/mandats"}
	link := func(p int) string {
		u := url.Values{}
		if q != "" {
			u.Set("q", q)
		}
		if revoked {
			u.Set("revoques", "1")
		}
		u.Set("page", strconv.Itoa(p))
		return base + "/mandats?" + u.Encode()
	}
	if len(list) > adminPageSize {
		list = list[:adminPageSize]
		d.Next = link(page + 1)
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	for _, m := range list {
		d.Rows = append(d.Rows, s.row(v.Lang, m))
	}
	v.Data = d
	s.render(c, v)
}

func (s *Server) importView(c *gin.Context, camp store.Campaign, cs *letters.Case) (*view, importData) {
	v := s.adminView(c, "admin_import", "admin.import.title")
	return v, importData{Info: s.info(v.Lang, camp, cs), Base: adminBase(c)}
}

// importGet answers GET …/importer: the upload form.
func (s *Server) importGet(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	v, d := s.importView(c, camp, cs)
	v.Data = d
	s.render(c, v)
}

// importPost answers POST …/importer (multipart: file « fichier », checkbox « ignorer » = « oui »).
// Every row is checked (mandants.Read, and e-mails given twice or already in the campaign); with any
// refused row nothing is imported unless « ignorer » is ticked, and then the page lists what was left
// out.
func (s *Server) importPost(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	if !campaignOpen(camp, s.now()) {
		// The store would still take the rows until midnight UTC; the campaign's day ended in Paris.
		s.renderError(c, http.StatusGone, "campaign.closed")
		return
	}
	v, d := s.importView(c, camp, cs)
	fail := func(status int, id, msg string) {
		v.addError("#"+id, msg)
		v.Status = status
		v.Data = d
		s.render(c, v)
	}
	file, _, err := c.Request.FormFile("fichier")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, "f-fichier", i18n.T(v.Lang, "admin.import.error.too_large", maxImportBytes>>20))
		} else {
			fail(http.StatusUnprocessableEntity, "f-fichier", i18n.T(v.Lang, "admin.import.error.no_file"))
		}
		return
	}
	defer file.Close()
	d.Skip = c.Request.PostFormValue("ignorer") == "oui"
	now := s.parisNow()
	ms, rowProblems, err := mandants.Read(file, now)
	if err != nil {
		var me *mandants.Error
		if errors.As(err, &me) {
			fail(http.StatusUnprocessableEntity, "f-fichier", me.Message(v.Lang.Letters()))
		} else {
			fail(http.StatusUnprocessableEntity, "f-fichier", i18n.T(v.Lang, "admin.import.error.no_file"))
		}
		return
	}
	if len(ms)+len(rowProblems) > maxImportRows {
		fail(http.StatusUnprocessableEntity, "f-fichier", i18n.T(v.Lang, "admin.import.error.too_many", maxImportRows))
		return
	}
	for _, p := range rowProblems {
		d.Problems = append(d.Problems, importLine{Line: p.Line, Field: p.Field, Message: p.Problem.Message(v.Lang.Letters())})
	}
	seen, err := s.campaignEmails(c, camp.ID)
	if err != nil {
		s.storeFailed(c, "emails", err)
		return
	}
	var keep []store.Mandate
	for _, m := range ms {
		e := strings.ToLower(m.Email)
		if e != "" {
			if line, dup := seen[e]; dup {
				msg := i18n.T(v.Lang, "admin.import.error.email_in_campaign")
				if line > 0 {
					msg = i18n.T(v.Lang, "admin.import.error.email_twice", line)
				}
				d.Problems = append(d.Problems, importLine{Line: m.Line, Field: "email", Message: msg})
				continue
			}
			seen[e] = m.Line
		}
		keep = append(keep, fromMandant(m))
	}
	sortLines(d.Problems)
	if len(d.Problems) > 0 && !d.Skip {
		fail(http.StatusUnprocessableEntity, "import-problems", i18n.T(v.Lang, "admin.import.error.rows", len(d.Problems)))
		return
	}
	if len(keep) == 0 {
		fail(http.StatusUnprocessableEntity, "f-fichier", i18n.T(v.Lang, "admin.import.error.none"))
		return
	}
	if err := s.store.ImportMandates(c.Request.Context(), camp.ID, keep, now); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			fail(http.StatusConflict, "f-fichier", i18n.T(v.Lang, "admin.import.error.duplicate"))
			return
		}
		s.storeFailed(c, "import", err)
		return
	}
	d.Skipped, d.Problems = d.Problems, nil
	d.Imported, d.Done = len(keep), true
	v.Data = d
	s.render(c, v)
}

func sortLines(ls []importLine) {
	// Insertion sort keeps the order of a row's fields (they arrive in column order).
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].Line < ls[j-1].Line; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// campaignEmails is the set of the campaign's e-mails, standing and revoked (lower case → 0).
func (s *Server) campaignEmails(c *gin.Context, id string) (map[string]int, error) {
	out := map[string]int{}
	for _, revoked := range []bool{false, true} {
		err := s.eachListed(c, id, revoked, func(m store.Mandate) error {
			if m.Email != "" {
				out[strings.ToLower(m.Email)] = 0
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eachListed pages through ListMandates (EachMandate gives standing mandates only).
func (s *Server) eachListed(c *gin.Context, id string, revoked bool, fn func(store.Mandate) error) error {
	const page = 500
	for off := 0; ; off += page {
		list, err := s.store.ListMandates(c.Request.Context(), id, store.ListOptions{Revoked: revoked, Limit: page, Offset: off})
		if err != nil {
			return err
		}
		for _, m := range list {
			if err := fn(m); err != nil {
				return err
			}
		}
		if len(list) < page {
			return nil
		}
	}
}

// exportColumns are the mandants CSV's columns, then where each mandate comes from and when it was
// revoked (empty while it stands).
var exportColumns = append(append([]string{}, mandants.Columns...), "source", "revoked_on")

// csvCell protects a cell from formula injection: a spreadsheet evaluates a cell starting with
// = + - @ (or a tab or carriage return before one of them), so such a cell is prefixed with a quote.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportCSV answers GET …/export.csv: every mandate, standing ones first, streamed.
func (s *Server) exportCSV(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+fileSlug("mandants", cs.Commune.Name)+`.csv"`)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	longWrite(c)
	w := csv.NewWriter(c.Writer)
	// A byte order mark: spreadsheet software then reads the file as UTF-8 (mandants.Read skips it).
	c.Writer.WriteString("\ufeff")
	w.Write(exportColumns)
	write := func(m store.Mandate) error {
		revoked := ""
		if m.Revoked() {
			revoked = m.RevokedAt.Format(time.DateOnly)
		}
		rec := []string{m.Civility, m.FirstName, m.LastName, m.Street, m.Complement, m.PostalCode, m.City, m.Email, m.SignedOn, m.Source, revoked}
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		return w.Write(rec)
	}
	err := s.store.EachMandate(c.Request.Context(), camp.ID, write)
	if err == nil {
		err = s.eachListed(c, camp.ID, true, write)
	}
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "campaign export interrupted")
	}
}

// standing yields the campaign's standing mandates as the store reads them, one at a time.
func (s *Server) standing(c *gin.Context, id string) iter.Seq2[mandants.Mandant, error] {
	return func(yield func(mandants.Mandant, error) bool) {
		stop := errors.New("stop")
		err := s.store.EachMandate(c.Request.Context(), id, func(m store.Mandate) error {
			if !yield(toMandant(m), nil) {
				return stop
			}
			return nil
		})
		if err != nil && !errors.Is(err, stop) {
			yield(mandants.Mandant{}, err)
		}
	}
}

// streamPDF renders docs straight into the response; status and headers are sent with the first byte,
// so that a failure before it still gets an error page.
func (s *Server) streamPDF(c *gin.Context, name string, docs iter.Seq2[*document.Document, error]) {
	longWrite(c)
	w := &lazyWriter{c: c, start: func() {
		c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
		c.Header("Content-Type", "application/pdf")
		c.Status(http.StatusOK)
	}}
	err := render.PDFAll(w, docs, render.DefaultPDFOptions())
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "campaign pdf failed", slog.Bool("started", w.started))
		if !w.started {
			s.storeOrServerError(c, err)
		}
	}
}

func (s *Server) storeOrServerError(c *gin.Context, err error) {
	if errors.Is(err, store.ErrUnavailable) || errors.Is(err, store.ErrNotFound) {
		s.storeFailed(c, "pdf", err)
		return
	}
	s.serverError(c)
}

// needMandates answers 409 when the campaign has no standing mandate: there is nothing to print.
func (s *Server) needMandates(c *gin.Context, id string) bool {
	counts, err := s.store.Counts(c.Request.Context(), id)
	if err != nil {
		s.storeFailed(c, "counts", err)
		return false
	}
	if counts.Standing == 0 {
		s.renderError(c, http.StatusConflict, "admin.no_mandates")
		return false
	}
	return true
}

// mandatesPDF answers GET …/mandats.pdf: one mandate a page, streamed.
func (s *Server) mandatesPDF(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok || !s.needMandates(c, camp.ID) {
		return
	}
	s.streamPDF(c, fileSlug("mandats", cs.Commune.Name)+".pdf",
		procedures.Mandates(cs, s.standing(c, camp.ID), procedures.Options{Settings: s.settings}))
}

// complaintPDF answers GET …/plainte.pdf: the collective complaint with its annex, then the mandates.
// The complaint's annex needs the whole list first; the list is small, the PDF is what is streamed.
func (s *Server) complaintPDF(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok || !s.needMandates(c, camp.ID) {
		return
	}
	var ms []mandants.Mandant
	if err := s.store.EachMandate(c.Request.Context(), camp.ID, func(m store.Mandate) error {
		ms = append(ms, toMandant(m))
		return nil
	}); err != nil {
		s.storeFailed(c, "each", err)
		return
	}
	s.streamPDF(c, fileSlug(procedures.PlainteCollectiveCNIL, cs.Commune.Name)+".pdf",
		procedures.CollectiveFiling(cs, ms, procedures.Options{Settings: s.settings, Date: s.parisNow()}))
}

// closeCampaign answers POST …/fermer: no more signatures nor imports; the purge date is counted from
// now.
func (s *Server) closeCampaign(c *gin.Context) {
	camp, _, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	if camp.ClosedAt.IsZero() {
		camp.ClosedAt = s.now()
		if err := s.store.UpdateCampaign(c.Request.Context(), camp); err != nil {
			s.storeFailed(c, "close", err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, adminBase(c)+"?fait=fermee")
}

type deleteData struct {
	Info   campaignInfo
	Base   string
	Counts store.Counts
	Done   bool
}

// deleteGet answers GET …/supprimer: what will be deleted, and the button.
func (s *Server) deleteGet(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	counts, err := s.store.Counts(c.Request.Context(), camp.ID)
	if err != nil {
		s.storeFailed(c, "counts", err)
		return
	}
	v := s.adminView(c, "admin_delete", "admin.delete.title")
	v.Data = deleteData{Info: s.info(v.Lang, camp, cs), Base: adminBase(c), Counts: counts}
	s.render(c, v)
}

// deletePost answers POST …/supprimer: the campaign and every mandate are deleted now.
func (s *Server) deletePost(c *gin.Context) {
	camp, cs, ok := s.adminCampaign(c)
	if !ok {
		return
	}
	if err := s.store.DeleteCampaign(c.Request.Context(), camp.ID); err != nil {
		s.storeFailed(c, "delete", err)
		return
	}
	v := s.adminView(c, "admin_delete", "admin.delete.done_title")
	v.Self = "/"
	v.Data = deleteData{Info: s.info(v.Lang, camp, cs), Done: true}
	s.render(c, v)
}
