package handlers

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"saisine/store"
)

// memStore is an in-memory store.Store for the handler tests, following the interface's documented
// behaviour (the real implementations have their own shared test suite in store/).
type memStore struct {
	mu        sync.Mutex
	campaigns map[string]store.Campaign
	mandates  map[string]store.Mandate
	fail      error // every call returns it when set (a database that went away)
	pings     int
}

func newMemStore() *memStore {
	return &memStore{campaigns: map[string]store.Campaign{}, mandates: map[string]store.Mandate{}}
}

func (m *memStore) CreateCampaign(_ context.Context, c store.Campaign) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.campaigns[c.ID] = c
	return nil
}

func (m *memStore) Campaign(_ context.Context, id string) (store.Campaign, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return store.Campaign{}, m.fail
	}
	c, ok := m.campaigns[id]
	if !ok {
		return store.Campaign{}, store.ErrNotFound
	}
	return c, nil
}

func (m *memStore) UpdateCampaign(_ context.Context, c store.Campaign) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.campaigns[c.ID]
	if !ok {
		return store.ErrNotFound
	}
	old.Case, old.Title, old.ClosesOn, old.RetentionDays, old.ClosedAt = c.Case, c.Title, c.ClosesOn, c.RetentionDays, c.ClosedAt
	m.campaigns[c.ID] = old
	return nil
}

func (m *memStore) DeleteCampaign(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.campaigns[id]; !ok {
		return store.ErrNotFound
	}
	delete(m.campaigns, id)
	for k, v := range m.mandates {
		if v.CampaignID == id {
			delete(m.mandates, k)
		}
	}
	return nil
}

func (m *memStore) SignMandate(_ context.Context, md store.Mandate, now time.Time) (store.Mandate, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return store.Mandate{}, false, m.fail
	}
	c, ok := m.campaigns[md.CampaignID]
	if !ok {
		return store.Mandate{}, false, store.ErrNotFound
	}
	if !c.Open(now) {
		return store.Mandate{}, false, store.ErrClosed
	}
	for id, old := range m.mandates {
		if old.CampaignID == md.CampaignID && md.Email != "" && strings.EqualFold(old.Email, md.Email) {
			md.ID, md.CreatedAt, md.UpdatedAt, md.RevokedAt = id, old.CreatedAt, now, time.Time{}
			md.Source = store.SourceWeb
			m.mandates[id] = md
			return md, false, nil
		}
	}
	md.ID = store.NewID()
	md.CreatedAt, md.UpdatedAt, md.Source = now, now, store.SourceWeb
	m.mandates[md.ID] = md
	return md, true, nil
}

func (m *memStore) ImportMandates(_ context.Context, id string, ms []store.Mandate, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.campaigns[id]
	if !ok {
		return store.ErrNotFound
	}
	if !c.ClosedAt.IsZero() {
		return store.ErrClosed
	}
	seen := map[string]bool{}
	for _, old := range m.mandates {
		if old.CampaignID == id && old.Email != "" {
			seen[strings.ToLower(old.Email)] = true
		}
	}
	for _, md := range ms {
		if md.Email == "" {
			continue
		}
		e := strings.ToLower(md.Email)
		if seen[e] {
			return fmt.Errorf("%w: %s", store.ErrDuplicate, md.Email)
		}
		seen[e] = true
	}
	for _, md := range ms {
		md.ID, md.CampaignID, md.Source, md.CreatedAt, md.UpdatedAt = store.NewID(), id, store.SourcePaper, now, now
		m.mandates[md.ID] = md
	}
	return nil
}

func (m *memStore) Mandate(_ context.Context, id string) (store.Mandate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	md, ok := m.mandates[id]
	if !ok {
		return store.Mandate{}, store.ErrNotFound
	}
	return md, nil
}

func (m *memStore) RevokeMandate(_ context.Context, id string, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	md, ok := m.mandates[id]
	if !ok {
		return store.ErrNotFound
	}
	if md.RevokedAt.IsZero() {
		md.RevokedAt = now
		m.mandates[id] = md
	}
	return nil
}

func (m *memStore) sorted(id string, keep func(store.Mandate) bool) []store.Mandate {
	var out []store.Mandate
	for _, md := range m.mandates {
		if md.CampaignID == id && keep(md) {
			out = append(out, md)
		}
	}
	slices.SortFunc(out, func(a, b store.Mandate) int {
		return cmp.Or(cmp.Compare(a.LastName, b.LastName), cmp.Compare(a.FirstName, b.FirstName), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func (m *memStore) ListMandates(_ context.Context, id string, o store.ListOptions) ([]store.Mandate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	q := strings.ToLower(o.Query)
	all := m.sorted(id, func(md store.Mandate) bool {
		if md.Revoked() != o.Revoked {
			return false
		}
		if q == "" {
			return true
		}
		for _, f := range []string{md.FirstName, md.LastName, md.Email, md.City} {
			if strings.Contains(strings.ToLower(f), q) {
				return true
			}
		}
		return false
	})
	limit := o.Limit
	if limit == 0 {
		limit = 100
	}
	if o.Offset >= len(all) {
		return nil, nil
	}
	all = all[o.Offset:]
	if len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

func (m *memStore) EachMandate(_ context.Context, id string, fn func(store.Mandate) error) error {
	m.mu.Lock()
	list := m.sorted(id, func(md store.Mandate) bool { return !md.Revoked() })
	m.mu.Unlock()
	for _, md := range list {
		if err := fn(md); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Counts(_ context.Context, id string) (store.Counts, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var c store.Counts
	for _, md := range m.mandates {
		if md.CampaignID != id {
			continue
		}
		if md.Revoked() {
			c.Revoked++
		} else {
			c.Standing++
		}
	}
	return c, nil
}

func (m *memStore) PerDay(_ context.Context, id string) ([]store.DayCount, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := map[string]int{}
	for _, md := range m.mandates {
		if md.CampaignID == id && !md.Revoked() {
			n[md.SignedOn]++
		}
	}
	var out []store.DayCount
	for d, c := range n {
		out = append(out, store.DayCount{Day: d, Count: c})
	}
	slices.SortFunc(out, func(a, b store.DayCount) int { return cmp.Compare(a.Day, b.Day) })
	return out, nil
}

func (m *memStore) Purge(_ context.Context, now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, c := range m.campaigns {
		if !c.PurgeAt().After(now) {
			delete(m.campaigns, id)
			for k, v := range m.mandates {
				if v.CampaignID == id {
					delete(m.mandates, k)
				}
			}
			n++
		}
	}
	return n, nil
}

func (m *memStore) Ping(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pings++
	return m.fail
}

func (m *memStore) Close() error { return nil }

var _ store.Store = (*memStore)(nil)
