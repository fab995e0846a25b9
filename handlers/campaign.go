package handlers

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris must load in a distroless image, which has no zoneinfo
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"saisine/i18n"
	"saisine/internal/ratelimit"
	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/mandants"
	"saisine/store"
)

// Collective campaigns (docs/web-contract.md, « Campaigns »): an association creates a campaign from its
// checked case, residents sign mandates on a public page, and the association administers the
// campaign through a secret link. These are the only pages that keep personal data on the server; the
// store holds secrets as hashes only, and every page that shows mandants requires the admin secret.

// Default limits of the campaign POSTs, per client address: a signer corrects a few errors, an
// association imports and closes a few times; a script sending mandates by the hundred is refused.
var defaultCampaignLimit = ratelimit.Config{Every: 3 * time.Second, Burst: 20}

// Bounds of the campaign's settings.
const (
	defaultRetentionDays = store.DefaultRetentionDays // about six months after closing
	minRetentionDays     = 30
	maxRetentionDays     = 730
	maxCampaignDays      = 366 // a campaign closes within a year of its creation
	adminPageSize        = 50
	maxImportRows        = 20000
	// maxImportBytes bounds the CSV import's body (limitBody). 10,000 rows take 1 to 1.7 MB
	// (scripts/genmandants' 0.95 MB; complements and long e-mails add the rest), 20,000 long ones
	// about 3.3 MB: maxImportRows, not the size, is what a list meets first.
	maxImportBytes = 4 << 20
)

// paris is where the campaigns' residents live: their day (the date of a signature, the last day of a
// campaign, "today" for the dates of an import) turns at midnight in Paris, not in UTC, or a mandate
// signed at 00:30 would carry the day before.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("handlers: " + err.Error()) // cannot happen: time/tzdata is embedded
	}
	return loc
}()

// parisNow is the server's clock as a French resident reads it; letters.DateOf and the mandants
// checks take the day of the time's own location.
func (s *Server) parisNow() time.Time { return s.now().In(paris) }

// parisDay is the day of t in Paris, as the store keeps dates (UTC midnight).
func parisDay(t time.Time) time.Time {
	y, m, d := t.In(paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// campaignOpen reports whether the campaign takes signatures at t: not closed early, and its last day
// not yet over in Paris. store.Campaign.Open ends the last day at midnight UTC, an hour or two later;
// the store's own check therefore never refuses what this one lets through.
func campaignOpen(camp store.Campaign, t time.Time) bool {
	return camp.ClosedAt.IsZero() && !parisDay(t).After(camp.ClosesOn)
}

func (s *Server) campaignRoutes(e *gin.Engine) {
	g := e.Group("", s.needStore)
	g.GET("/campagnes/nouvelle", s.campaignNew)
	g.POST("/campagnes", s.limited(s.adminLimit), s.campaignCreate)

	g.GET("/signer/:id", s.signGet)
	g.POST("/signer/:id", s.limited(s.signLimit), s.signPost)
	g.GET("/revoquer/:mandate/:secret", s.revokeGet)
	g.POST("/revoquer/:mandate/:secret", s.limited(s.signLimit), s.revokePost)
	g.GET("/mandats/:mandate/:secret/pdf", s.mandatePDF)

	a := g.Group("/campagnes/:id/admin/:secret", s.requireAdmin)
	a.GET("", s.adminHome)
	a.GET("/mandats", s.adminList)
	a.GET("/importer", s.importGet)
	a.POST("/importer", s.limited(s.adminLimit), s.importPost)
	a.GET("/export.csv", s.exportCSV)
	a.GET("/mandats.pdf", s.mandatesPDF)
	a.GET("/plainte.pdf", s.complaintPDF)
	a.POST("/fermer", s.limited(s.adminLimit), s.closeCampaign)
	a.GET("/supprimer", s.deleteGet)
	a.POST("/supprimer", s.limited(s.adminLimit), s.deletePost)
}

// needStore answers every campaign page with a 503 when the server runs without storage.
func (s *Server) needStore(c *gin.Context) {
	if s.store == nil {
		s.renderError(c, http.StatusServiceUnavailable, "campaign.unavailable")
		c.Abort()
		return
	}
	c.Next()
}

// limited spends a token of the client's bucket; over the limit, a 429 page says when to try again.
func (s *Server) limited(l *ratelimit.Limiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if ok, wait := l.Allow(c.Request); !ok {
			c.Header("Retry-After", ratelimit.RetryAfter(wait))
			s.renderError(c, http.StatusTooManyRequests, "error.rate_limited")
			c.Abort()
			return
		}
		c.Next()
	}
}

// storeFailed shows what a store error means to the person: an unknown campaign or mandate is a 404, a
// closed campaign its page, anything else a 503. The log names the operation only: a store error may
// quote an e-mail address.
func (s *Server) storeFailed(c *gin.Context, op string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
	case errors.Is(err, store.ErrClosed):
		s.renderError(c, http.StatusGone, "campaign.closed")
	default:
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "campaign store", slog.String("op", op),
			slog.Bool("unavailable", errors.Is(err, store.ErrUnavailable)))
		s.renderError(c, http.StatusServiceUnavailable, "campaign.store_error")
	}
}

// loadCampaign reads the campaign of the :id parameter and its case.
func (s *Server) loadCampaign(c *gin.Context) (store.Campaign, *letters.Case, bool) {
	camp, err := s.store.Campaign(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.storeFailed(c, "campaign", err)
		return camp, nil, false
	}
	return s.campaignCase(c, camp)
}

// campaignCase decodes the case stored with the campaign (written by letters.Encode at creation).
func (s *Server) campaignCase(c *gin.Context, camp store.Campaign) (store.Campaign, *letters.Case, bool) {
	cs, problems := letters.Decode(bytes.NewReader(camp.Case))
	if cs == nil || hasErrors(problems) {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "campaign case unreadable")
		s.serverError(c)
		return camp, nil, false
	}
	return camp, cs, true
}

const adminCampaignKey = "campaign"

// requireAdmin lets through only the holder of the campaign's admin secret (compared in constant time);
// an unknown campaign and a wrong secret get the same 404, which says nothing of which was wrong.
func (s *Server) requireAdmin(c *gin.Context) {
	camp, err := s.store.Campaign(c.Request.Context(), c.Param("id"))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.storeFailed(c, "campaign", err)
		c.Abort()
		return
	}
	if err != nil || !store.SecretMatches(c.Param("secret"), camp.AdminHash) {
		s.notFound(c)
		c.Abort()
		return
	}
	// Nothing of these pages may be kept by a cache or indexed, whatever the global headers become.
	c.Header("Cache-Control", "no-store")
	c.Header("X-Robots-Tag", "noindex, nofollow")
	c.Set(adminCampaignKey, camp)
	c.Next()
}

// campaignInfo is what the pages say about a campaign: who collects the mandates, about which commune,
// until when, and until when the data is kept.
type campaignInfo struct {
	ID          string
	Title       string
	Association string
	Identifiers []string // RNA, SIREN
	Address     []string
	Email       string
	Commune     string
	// CommuneDe is the commune as the French sentences need it after « la commune » (« de Lille »,
	// « du Havre »); in English, the name alone.
	CommuneDe   string
	Signatory   string // who represents the association
	ClosesOn    string
	PurgeOn     string
	Open        bool
	ClosedEarly bool
}

// communeDe is the commune's name with the French preposition and article it takes (frtext.De), for
// the sentences « … la commune %s »; English sentences take the name alone.
func communeDe(lang i18n.Lang, name string) string {
	if lang == i18n.EN {
		return name
	}
	return frtext.De(name)
}

func (s *Server) info(lang i18n.Lang, camp store.Campaign, cs *letters.Case) campaignInfo {
	in := campaignInfo{
		ID:          camp.ID,
		Title:       camp.Title,
		Association: cs.Sender.Organisation,
		Email:       cs.Sender.Email,
		Commune:     cs.Commune.Name,
		CommuneDe:   communeDe(lang, cs.Commune.Name),
		ClosesOn:    formatDate(lang, camp.ClosesOn.Format(time.DateOnly)),
		// The last day data is kept is the day before the purge.
		PurgeOn:     formatDate(lang, camp.PurgeAt().AddDate(0, 0, -1).Format(time.DateOnly)),
		Open:        campaignOpen(camp, s.now()),
		ClosedEarly: !camp.ClosedAt.IsZero(),
	}
	if a := cs.Sender.Association; a != nil {
		if a.RNA != "" {
			in.Identifiers = append(in.Identifiers, "RNA "+a.RNA)
		}
		if a.SIREN != "" {
			in.Identifiers = append(in.Identifiers, "SIREN "+a.SIREN)
		}
	}
	ad := cs.Sender.Address
	for _, l := range []string{ad.Street, ad.Complement, strings.TrimSpace(ad.PostalCode + " " + ad.City)} {
		if l != "" {
			in.Address = append(in.Address, l)
		}
	}
	if len(cs.Signatories) > 0 {
		sg := cs.Signatories[0]
		in.Signatory = strings.TrimSpace(strings.Join([]string{sg.FirstName, sg.LastName}, " "))
		if sg.Role != "" {
			in.Signatory += ", " + sg.Role
		}
	}
	return in
}

// campaignTitle names the campaign for its pages: the association and the commune.
func campaignTitle(cs *letters.Case) string {
	return cs.Sender.Organisation + " — " + cs.Commune.Name
}

// toMandant and fromMandant convert between the store's mandate and the letters' mandant.
func toMandant(m store.Mandate) mandants.Mandant {
	return mandants.Mandant{Civility: m.Civility, FirstName: m.FirstName, LastName: m.LastName, Street: m.Street,
		Complement: m.Complement, PostalCode: m.PostalCode, City: m.City, Email: m.Email, SignedOn: m.SignedOn,
		Signature: m.Signature}
}

func fromMandant(m mandants.Mandant) store.Mandate {
	return store.Mandate{Civility: m.Civility, FirstName: m.FirstName, LastName: m.LastName, Street: m.Street,
		Complement: m.Complement, PostalCode: m.PostalCode, City: m.City, Email: m.Email, SignedOn: m.SignedOn,
		Signature: m.Signature}
}

// foldName reduces a name to what a signature must match: lower case, no accents, letters and digits
// separated by single spaces (hyphens and apostrophes count as spaces).
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// absURL is the full address of a path on this site, as the person will copy it. The scheme is https
// unless the request came in plain HTTP without a proxy saying otherwise.
func absURL(c *gin.Context, path string) string {
	scheme := "https"
	if c.Request.TLS == nil && c.GetHeader("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + c.Request.Host + path
}

// lazyWriter starts the response (status and headers) only at the first byte, so that an error before
// any output still gets an error page instead of a broken download.
type lazyWriter struct {
	c       *gin.Context
	start   func()
	started bool
}

func (w *lazyWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		w.start()
	}
	return w.c.Writer.Write(p)
}

// longWrite lifts the server's write timeout for a long streamed download (thousands of mandates).
func longWrite(c *gin.Context) {
	_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(30 * time.Minute))
}

// purgeEvery is how often the purge loop runs.
const purgeEvery = time.Hour

// RunPurge deletes the campaigns whose retention has ended, once now and then every interval (zero
// means hourly), until ctx is done. It logs how many campaigns it purged, and nothing about them.
func RunPurge(ctx context.Context, st store.Store, logger *slog.Logger, interval time.Duration, now func() time.Time) {
	if interval <= 0 {
		interval = purgeEvery
	}
	if now == nil {
		now = time.Now
	}
	purge := func() {
		n, err := st.Purge(ctx, now())
		if err != nil {
			if ctx.Err() == nil {
				logger.LogAttrs(ctx, slog.LevelError, "campaign purge failed", slog.Bool("unavailable", errors.Is(err, store.ErrUnavailable)))
			}
			return
		}
		logger.LogAttrs(ctx, slog.LevelInfo, "campaign purge", slog.Int("purged", n))
	}
	purge()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			purge()
		}
	}
}
