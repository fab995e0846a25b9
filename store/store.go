// Package store keeps the server state of collective campaigns: an association's campaign and the
// mandates residents sign for it. It is the only state the server holds; the individual interview keeps
// none. Two implementations share one behaviour, proved by one test suite (storetest): SQLite (pure Go,
// the default, one file under the data folder) and PostgreSQL (several instances behind a load balancer).
//
// Secrets (the campaign's administration link, each mandate's revocation link) are never stored: only
// their SHA-256, which the caller compares in constant time (see Secret). They carry 128 random bits or
// more, so a fast hash is enough: there is nothing to brute-force.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors every implementation returns, to be tested with errors.Is.
var (
	// ErrNotFound: no campaign or mandate with that id (or it was purged or deleted).
	ErrNotFound = errors.New("store: not found")
	// ErrClosed: the campaign is closed and takes no more signatures or imports.
	ErrClosed = errors.New("store: campaign closed")
	// ErrDuplicate: an import holds the same e-mail twice, or one already in the campaign.
	ErrDuplicate = errors.New("store: duplicate e-mail")
	// ErrUnavailable wraps failures of the database itself (read-only file, disk full, connection
	// refused): the caller shows a clear error page and the health check fails.
	ErrUnavailable = errors.New("store: database unavailable")
)

// Campaign is one association's collective filing.
type Campaign struct {
	// ID is random (≥ 128 bits, URL-safe) and public: it is the signing link.
	ID string
	// AdminHash is the SHA-256 of the administration secret.
	AdminHash []byte
	// Case is the case file (JSON, letters format) with the association as sender and the facts.
	Case []byte
	// Title is the name shown to signers and in lists (the association and the commune).
	Title string
	// ClosesOn is the last day signatures are taken (a date, UTC midnight).
	ClosesOn time.Time
	// RetentionDays is how long data is kept after closing (about six months by default: 0 stores
	// DefaultRetentionDays).
	RetentionDays int
	CreatedAt     time.Time
	// ClosedAt is set when the association closes the campaign early; zero while open.
	ClosedAt time.Time
}

// Settle checks what every implementation needs before storing a campaign and fills the default: an
// id is required, a negative retention is refused, and a zero retention becomes DefaultRetentionDays (a
// forgotten value must not purge the data on closing day).
func (c *Campaign) Settle() error {
	if c.ID == "" {
		return errors.New("store: campaign without id")
	}
	if c.RetentionDays < 0 {
		return fmt.Errorf("store: campaign %s: negative retention (%d days)", c.ID, c.RetentionDays)
	}
	if c.RetentionDays == 0 {
		c.RetentionDays = DefaultRetentionDays
	}
	return nil
}

// PurgeAt is when the campaign and its mandates are deleted: the retention period after the earlier of
// the closing day's end and the day the association closed it.
func (c Campaign) PurgeAt() time.Time {
	end := c.ClosesOn.AddDate(0, 0, 1)
	if !c.ClosedAt.IsZero() && c.ClosedAt.Before(end) {
		end = c.ClosedAt
	}
	return end.AddDate(0, 0, c.RetentionDays)
}

// Open reports whether the campaign still takes signatures at t.
func (c Campaign) Open(t time.Time) bool {
	return c.ClosedAt.IsZero() && t.Before(c.ClosesOn.AddDate(0, 0, 1))
}

// Mandate sources.
const (
	SourceWeb   = "web"   // signed on the signing page
	SourcePaper = "paper" // imported from a CSV of paper mandates
)

// Mandate is one resident's mandate. The identity fields are those of the mandants CSV
// (letters/mandants.Mandant), already validated by the caller.
type Mandate struct {
	ID         string // random, URL-safe
	CampaignID string
	// RevokeHash is the SHA-256 of the revocation secret; empty for paper mandates.
	RevokeHash []byte
	Civility   string
	FirstName  string
	LastName   string
	Street     string
	Complement string
	PostalCode string
	City       string
	// Email may be empty for paper mandates. Within a campaign a non-empty e-mail (compared in lower
	// case) identifies the signer: signing again updates the mandate.
	Email string
	// SignedOn is the date of signature, YYYY-MM-DD.
	SignedOn string
	// Signature is the name the signer typed (web), or empty (paper: signed by hand).
	Signature string
	Source    string
	CreatedAt time.Time
	UpdatedAt time.Time
	// RevokedAt is zero while the mandate stands.
	RevokedAt time.Time
}

// Revoked reports whether the mandate was withdrawn.
func (m Mandate) Revoked() bool { return !m.RevokedAt.IsZero() }

// ListOptions filter and page ListMandates. Results are ordered by last name, first name, id; names
// compare as a French reader expects, ignoring case and accents (« de Gaulle », « Dupont », « Émile »,
// « Zola »), the same on every implementation.
type ListOptions struct {
	// Query matches, ignoring case and accents (« helene » finds « Hélène »), a substring of the first
	// name, last name, e-mail or city.
	Query string
	// Revoked: false lists standing mandates only; true lists revoked ones only.
	Revoked bool
	Limit   int // 0 means 100
	Offset  int
}

// DayCount is the number of mandates signed (SignedOn) on one day, revoked ones excluded.
type DayCount struct {
	Day   string // YYYY-MM-DD
	Count int
}

// Counts of a campaign's mandates.
type Counts struct {
	Standing int
	Revoked  int
}

// Store is the campaign storage. Every method is safe for concurrent use; a method that returned nil
// has made its write durable (committed, synced): an acknowledged mandate survives a crash.
//
// Times are kept in UTC to the microsecond (PostgreSQL's precision) and returned in UTC. Methods that
// take a campaign id return ErrNotFound when there is no such campaign. Failures of the database itself
// wrap ErrUnavailable.
type Store interface {
	CreateCampaign(ctx context.Context, c Campaign) error
	// Campaign returns ErrNotFound for an unknown id.
	Campaign(ctx context.Context, id string) (Campaign, error)
	// UpdateCampaign replaces Case, Title, ClosesOn, RetentionDays and ClosedAt; ErrNotFound for an
	// unknown id.
	UpdateCampaign(ctx context.Context, c Campaign) error
	// DeleteCampaign deletes the campaign and all its mandates now; ErrNotFound for an unknown id.
	DeleteCampaign(ctx context.Context, id string) error

	// SignMandate records a web signature at time now. When the campaign already holds a mandate with
	// the same e-mail (any case), that mandate is updated in place (identity, date, signature, new
	// RevokeHash, revocation cleared) and keeps its ID; created is false. ErrClosed when the campaign is
	// not Open(now); ErrNotFound for an unknown campaign. An empty m.ID is given a NewID; Source is
	// SourceWeb; CreatedAt and UpdatedAt are now.
	SignMandate(ctx context.Context, m Mandate, now time.Time) (saved Mandate, created bool, err error)
	// ImportMandates adds paper mandates in one transaction: all or none. An e-mail given twice in ms or
	// already in the campaign fails the whole import with a *DuplicateError (errors.Is ErrDuplicate) that
	// names them. ErrClosed when the campaign is not Open(now). Empty IDs are given a NewID; Source is
	// SourcePaper.
	ImportMandates(ctx context.Context, campaignID string, ms []Mandate, now time.Time) error
	// Mandate returns ErrNotFound for an unknown id.
	Mandate(ctx context.Context, id string) (Mandate, error)
	// RevokeMandate marks the mandate revoked at now (idempotent: an already revoked one keeps its date).
	RevokeMandate(ctx context.Context, id string, now time.Time) error
	ListMandates(ctx context.Context, campaignID string, o ListOptions) ([]Mandate, error)
	// EachMandate calls fn for every standing mandate of the campaign, ordered by last name, first name,
	// id, without loading them all in memory. fn's error stops the iteration and is returned.
	EachMandate(ctx context.Context, campaignID string, fn func(Mandate) error) error
	Counts(ctx context.Context, campaignID string) (Counts, error)
	// PerDay counts standing mandates by SignedOn, oldest day first.
	PerDay(ctx context.Context, campaignID string) ([]DayCount, error)

	// Purge deletes every campaign whose PurgeAt is at or before now, with its mandates, and returns
	// how many campaigns it deleted.
	Purge(ctx context.Context, now time.Time) (int, error)
	// Ping checks that the database answers and accepts writes (the health check).
	Ping(ctx context.Context) error
	Close() error
}
