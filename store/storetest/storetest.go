// Package storetest is the behaviour every store.Store implementation must have, as one suite that
// each implementation's tests run against a fresh database.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"saisine/store"
	"saisine/store/internal/fold"
)

// Run runs the suite. open returns a new, empty store each time it is called and closes it with
// t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Campaign", testCampaign},
		{"NotFound", testNotFound},
		{"SignAgain", testSignAgain},
		{"Closed", testClosed},
		{"Import", testImport},
		{"EmptyEmails", testEmptyEmails},
		{"Revoke", testRevoke},
		{"List", testList},
		{"Each", testEach},
		{"Each10000", testEach10000},
		{"CountsPerDay", testCountsPerDay},
		{"Purge", testPurge},
		{"DeleteCascades", testDeleteCascades},
		{"ConcurrentSign", testConcurrentSign},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// now has nanoseconds on purpose: stores keep microseconds.
var now = time.Date(2026, 3, 10, 9, 30, 15, 123456789, time.UTC)

func µs(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func ctx(t *testing.T) context.Context { return t.Context() }

// campaign creates an open campaign (closing in a month) after applying mods.
func campaign(t *testing.T, s store.Store, mods ...func(*store.Campaign)) store.Campaign {
	t.Helper()
	_, hash := store.NewSecret()
	c := store.Campaign{
		ID:            store.NewID(),
		AdminHash:     hash,
		Case:          []byte(`{"sender":{"name":"Association des habitants"}}`),
		Title:         "Association des habitants — Saint-Étienne",
		ClosesOn:      time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC),
		RetentionDays: 183,
		CreatedAt:     now,
	}
	for _, m := range mods {
		m(&c)
	}
	if err := s.CreateCampaign(ctx(t), c); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	return c
}

func mandate(campaignID, first, last, email string) store.Mandate {
	_, hash := store.NewSecret()
	return store.Mandate{
		CampaignID: campaignID, RevokeHash: hash, Civility: "Mme", FirstName: first, LastName: last,
		Street: "3 rue de la Paix", Complement: "Bât. B", PostalCode: "42000", City: "Saint-Étienne",
		Email: email, SignedOn: "2026-03-10", Signature: first + " " + last,
	}
}

func sign(t *testing.T, s store.Store, m store.Mandate, at time.Time) (store.Mandate, bool) {
	t.Helper()
	saved, created, err := s.SignMandate(ctx(t), m, at)
	if err != nil {
		t.Fatalf("SignMandate(%s %s): %v", m.FirstName, m.LastName, err)
	}
	return saved, created
}

func getMandate(t *testing.T, s store.Store, id string) store.Mandate {
	t.Helper()
	m, err := s.Mandate(ctx(t), id)
	if err != nil {
		t.Fatalf("Mandate(%s): %v", id, err)
	}
	return m
}

func counts(t *testing.T, s store.Store, campaignID string) store.Counts {
	t.Helper()
	c, err := s.Counts(ctx(t), campaignID)
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

func testCampaign(t *testing.T, s store.Store) {
	paris := time.FixedZone("CET", 3600)
	c := campaign(t, s, func(c *store.Campaign) { c.CreatedAt = now.In(paris) })
	got, err := s.Campaign(ctx(t), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := c
	want.CreatedAt = µs(now)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Campaign =\n%+v\nwant\n%+v", got, want)
	}
	if got.CreatedAt.Location() != time.UTC || got.ClosesOn.Location() != time.UTC {
		t.Error("times not returned in UTC")
	}

	// UpdateCampaign replaces what it says, nothing else.
	upd := got
	upd.Case = []byte(`{"updated":true}`)
	upd.Title = "Nouveau titre"
	upd.ClosesOn = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	upd.RetentionDays = 30
	upd.ClosedAt = now.Add(time.Hour)
	upd.AdminHash = store.Hash("another secret")
	upd.CreatedAt = now.AddDate(1, 0, 0)
	if err := s.UpdateCampaign(ctx(t), upd); err != nil {
		t.Fatal(err)
	}
	got, err = s.Campaign(ctx(t), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want = upd
	want.AdminHash, want.CreatedAt, want.ClosedAt = c.AdminHash, µs(now), µs(upd.ClosedAt)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after update Campaign =\n%+v\nwant\n%+v", got, want)
	}

	// Reopening clears ClosedAt; a zero retention takes the default.
	upd.ClosedAt, upd.RetentionDays = time.Time{}, 0
	if err := s.UpdateCampaign(ctx(t), upd); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Campaign(ctx(t), c.ID); !got.ClosedAt.IsZero() || got.RetentionDays != store.DefaultRetentionDays {
		t.Errorf("after reopening: ClosedAt %v, RetentionDays %d", got.ClosedAt, got.RetentionDays)
	}

	if err := s.CreateCampaign(ctx(t), c); err == nil {
		t.Error("creating a campaign twice with the same id succeeded")
	}
	if err := s.DeleteCampaign(ctx(t), c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign(ctx(t), c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Campaign after delete: %v, want ErrNotFound", err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	c := campaign(t, s)
	m, _ := sign(t, s, mandate(c.ID, "Léa", "Martin", "lea@exemple.fr"), now)
	unknown := store.NewID()
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Campaign", func() error { _, err := s.Campaign(ctx(t), unknown); return err }},
		{"UpdateCampaign", func() error { c := c; c.ID = unknown; return s.UpdateCampaign(ctx(t), c) }},
		{"DeleteCampaign", func() error { return s.DeleteCampaign(ctx(t), unknown) }},
		{"SignMandate", func() error { _, _, err := s.SignMandate(ctx(t), mandate(unknown, "A", "B", ""), now); return err }},
		{"ImportMandates", func() error {
			return s.ImportMandates(ctx(t), unknown, []store.Mandate{mandate("", "A", "B", "")}, now)
		}},
		{"Mandate", func() error { _, err := s.Mandate(ctx(t), unknown); return err }},
		{"RevokeMandate", func() error { return s.RevokeMandate(ctx(t), unknown, now) }},
		{"ListMandates", func() error { _, err := s.ListMandates(ctx(t), unknown, store.ListOptions{}); return err }},
		{"EachMandate", func() error { return s.EachMandate(ctx(t), unknown, func(store.Mandate) error { return nil }) }},
		{"Counts", func() error { _, err := s.Counts(ctx(t), unknown); return err }},
		{"PerDay", func() error { _, err := s.PerDay(ctx(t), unknown); return err }},
	} {
		if err := tc.call(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s with an unknown id: %v, want ErrNotFound", tc.name, err)
		}
	}
	// The known ones still answer.
	if got := getMandate(t, s, m.ID); got.ID != m.ID {
		t.Errorf("Mandate(%s).ID = %s", m.ID, got.ID)
	}
}

func testSignAgain(t *testing.T, s store.Store) {
	c := campaign(t, s)
	first := mandate(c.ID, "Léa", "Martin", "Lea.Martin@Exemple.fr")
	saved, created := sign(t, s, first, now)
	if !created || saved.ID == "" {
		t.Fatalf("first signature: created %v, id %q", created, saved.ID)
	}
	want := first
	want.ID, want.Source, want.CreatedAt, want.UpdatedAt = saved.ID, store.SourceWeb, µs(now), µs(now)
	if !reflect.DeepEqual(saved, want) {
		t.Errorf("saved =\n%+v\nwant\n%+v", saved, want)
	}
	if got := getMandate(t, s, saved.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("Mandate =\n%+v\nwant\n%+v", got, want)
	}
	if err := s.RevokeMandate(ctx(t), saved.ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}

	later := now.Add(48 * time.Hour)
	again := mandate(c.ID, "Léa", "Martin-Dubois", "lea.martin@exemple.FR")
	again.Street, again.SignedOn, again.Signature = "12 avenue Foch", "2026-03-12", "L. Martin-Dubois"
	saved2, created := sign(t, s, again, later)
	if created {
		t.Error("signing again with the same e-mail created a mandate")
	}
	want = again
	want.ID, want.Source, want.CreatedAt, want.UpdatedAt = saved.ID, store.SourceWeb, µs(now), µs(later)
	if !reflect.DeepEqual(saved2, want) {
		t.Errorf("saved again =\n%+v\nwant\n%+v", saved2, want)
	}
	got := getMandate(t, s, saved.ID)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Mandate after signing again =\n%+v\nwant\n%+v", got, want)
	}
	if n := counts(t, s, c.ID); n != (store.Counts{Standing: 1}) {
		t.Errorf("Counts = %+v, want one standing mandate", n)
	}
	// The same e-mail in another campaign is another signer.
	other := campaign(t, s)
	if _, created := sign(t, s, mandate(other.ID, "Léa", "Martin", "lea.martin@exemple.fr"), now); !created {
		t.Error("the same e-mail in another campaign did not create a mandate")
	}
}

func testClosed(t *testing.T, s store.Store) {
	for _, tc := range []struct {
		name string
		mod  func(*store.Campaign)
		open bool
	}{
		{"closed early", func(c *store.Campaign) { c.ClosedAt = now.Add(-time.Hour) }, false},
		{"closing day past", func(c *store.Campaign) { c.ClosesOn = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC) }, false},
		{"closing day today", func(c *store.Campaign) { c.ClosesOn = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := campaign(t, s, tc.mod)
			_, _, signErr := s.SignMandate(ctx(t), mandate(c.ID, "Léa", "Martin", "lea@exemple.fr"), now)
			importErr := s.ImportMandates(ctx(t), c.ID, []store.Mandate{mandate("", "Paul", "Durand", "")}, now)
			for name, err := range map[string]error{"SignMandate": signErr, "ImportMandates": importErr} {
				if tc.open && err != nil {
					t.Errorf("%s: %v", name, err)
				}
				if !tc.open && !errors.Is(err, store.ErrClosed) {
					t.Errorf("%s: %v, want ErrClosed", name, err)
				}
			}
			want := store.Counts{}
			if tc.open {
				want.Standing = 2
			}
			if n := counts(t, s, c.ID); n != want {
				t.Errorf("Counts = %+v, want %+v", n, want)
			}
		})
	}
}

func testImport(t *testing.T, s store.Store) {
	c := campaign(t, s)
	existing, _ := sign(t, s, mandate(c.ID, "Bernard", "Petit", "bernard@exemple.fr"), now)
	for _, tc := range []struct {
		name                string
		emails              []string
		repeated, inCampain []string
	}{
		{"twice in the import", []string{"a@exemple.fr", "", "A@Exemple.fr", "c@exemple.fr"}, []string{"a@exemple.fr"}, nil},
		{"already in the campaign", []string{"d@exemple.fr", "BERNARD@exemple.fr"}, nil, []string{"BERNARD@exemple.fr"}},
		{"both", []string{"e@exemple.fr", "bernard@exemple.fr", "e@exemple.fr"}, []string{"e@exemple.fr"}, []string{"bernard@exemple.fr"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ms []store.Mandate
			for i, e := range tc.emails {
				ms = append(ms, mandate("", fmt.Sprint("Prénom", i), "Papier", e))
			}
			err := s.ImportMandates(ctx(t), c.ID, ms, now)
			if !errors.Is(err, store.ErrDuplicate) {
				t.Fatalf("ImportMandates: %v, want ErrDuplicate", err)
			}
			var d *store.DuplicateError
			if !errors.As(err, &d) {
				t.Fatalf("%v is no *store.DuplicateError", err)
			}
			if !reflect.DeepEqual(d.Repeated, tc.repeated) || !reflect.DeepEqual(d.Existing, tc.inCampain) {
				t.Errorf("Repeated %q, Existing %q; want %q, %q", d.Repeated, d.Existing, tc.repeated, tc.inCampain)
			}
			for _, e := range append(tc.repeated, tc.inCampain...) {
				if !strings.Contains(err.Error(), e) {
					t.Errorf("%q does not name %s", err, e)
				}
			}
			if n := counts(t, s, c.ID); n != (store.Counts{Standing: 1}) {
				t.Errorf("after a failed import Counts = %+v: something was imported", n)
			}
		})
	}

	ms := []store.Mandate{mandate("", "Anne", "Papier", "anne@exemple.fr"), mandate("", "Jean", "Papier", "")}
	ms[0].RevokeHash, ms[1].RevokeHash = nil, nil
	ms[1].ID = "given-id"
	if err := s.ImportMandates(ctx(t), c.ID, ms, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListMandates(ctx(t), c.ID, store.ListOptions{Query: "papier"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("imported %d mandates, want 2", len(got))
	}
	for i, m := range got {
		want := ms[i]
		want.ID, want.CampaignID, want.Source, want.CreatedAt, want.UpdatedAt = m.ID, c.ID, store.SourcePaper, µs(now), µs(now)
		if !reflect.DeepEqual(m, want) {
			t.Errorf("imported =\n%+v\nwant\n%+v", m, want)
		}
	}
	if got[1].ID != "given-id" || got[0].ID == "" {
		t.Errorf("ids %q, %q: a given id must be kept, an empty one made", got[0].ID, got[1].ID)
	}
	if getMandate(t, s, existing.ID).Source != store.SourceWeb {
		t.Error("the signed mandate changed")
	}
	if err := s.ImportMandates(ctx(t), c.ID, nil, now); err != nil {
		t.Errorf("empty import: %v", err)
	}
}

func testEmptyEmails(t *testing.T, s store.Store) {
	c := campaign(t, s)
	a, createdA := sign(t, s, mandate(c.ID, "Anne", "Sans", ""), now)
	b, createdB := sign(t, s, mandate(c.ID, "Anne", "Sans", ""), now)
	if !createdA || !createdB || a.ID == b.ID {
		t.Errorf("two signatures without e-mail: created %v %v, ids %s %s", createdA, createdB, a.ID, b.ID)
	}
	ms := []store.Mandate{mandate("", "A", "Papier", ""), mandate("", "B", "Papier", ""), mandate("", "C", "Papier", "")}
	if err := s.ImportMandates(ctx(t), c.ID, ms, now); err != nil {
		t.Fatal(err)
	}
	if err := s.ImportMandates(ctx(t), c.ID, ms[:1], now); err != nil {
		t.Fatal(err)
	}
	if n := counts(t, s, c.ID); n.Standing != 6 {
		t.Errorf("Counts = %+v, want 6 standing", n)
	}
}

func testRevoke(t *testing.T, s store.Store) {
	c := campaign(t, s)
	m, _ := sign(t, s, mandate(c.ID, "Léa", "Martin", "lea@exemple.fr"), now)
	for _, at := range []time.Time{now.Add(time.Hour), now.Add(2 * time.Hour)} {
		if err := s.RevokeMandate(ctx(t), m.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	got := getMandate(t, s, m.ID)
	if !got.Revoked() || !got.RevokedAt.Equal(µs(now.Add(time.Hour))) {
		t.Errorf("RevokedAt = %v, want the first revocation %v", got.RevokedAt, µs(now.Add(time.Hour)))
	}
	if n := counts(t, s, c.ID); n != (store.Counts{Revoked: 1}) {
		t.Errorf("Counts = %+v, want one revoked", n)
	}
	// Revocation stays possible once the campaign is closed.
	m2, _ := sign(t, s, mandate(c.ID, "Paul", "Durand", "paul@exemple.fr"), now)
	c.ClosedAt = now.Add(time.Hour)
	if err := s.UpdateCampaign(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeMandate(ctx(t), m2.ID, now.Add(2*time.Hour)); err != nil {
		t.Errorf("revoking in a closed campaign: %v", err)
	}
}

// people are given in an order unlike the expected one; want lists their ids in list order.
var people = []struct{ id, first, last, email, city string }{
	{"m6", "Émile", "Zola", "emile@exemple.fr", "Paris"},
	{"m4", "Zoé", "Dupont", "zoe@exemple.fr", "Lyon"},
	{"m5", "Léa", "Émond", "LEA.EMOND@exemple.fr", "Saint-Étienne"},
	{"m3", "Albert", "Dupont", "", "Lyon"},
	{"m1", "Charles", "de Gaulle", "charles@exemple.fr", "Colombey"},
	{"m2", "Albert", "Dupont", "", "Lyon"},
}

func importPeople(t *testing.T, s store.Store) store.Campaign {
	t.Helper()
	c := campaign(t, s)
	var ms []store.Mandate
	for _, p := range people {
		m := mandate("", p.first, p.last, p.email)
		m.ID, m.City = p.id, p.city
		ms = append(ms, m)
	}
	if err := s.ImportMandates(ctx(t), c.ID, ms, now); err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(ms []store.Mandate) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.ID)
	}
	return strings.Join(s, " ")
}

func testList(t *testing.T, s store.Store) {
	c := importPeople(t, s)
	other := campaign(t, s)
	sign(t, s, mandate(other.ID, "Léa", "Autre", "lea@exemple.fr"), now)
	if err := s.RevokeMandate(ctx(t), "m4", now); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		o    store.ListOptions
		want string
	}{
		{"all standing, French order", store.ListOptions{}, "m1 m2 m3 m5 m6"},
		{"revoked", store.ListOptions{Revoked: true}, "m4"},
		{"first name, same case", store.ListOptions{Query: "Léa"}, "m5"},
		{"first name, lower case", store.ListOptions{Query: "léa"}, "m5"},
		{"upper case", store.ListOptions{Query: "LÉA"}, "m5"},
		{"without accent", store.ListOptions{Query: "lea"}, "m5"},
		{"last name", store.ListOptions{Query: "DUPONT"}, "m2 m3"},
		{"e-mail", store.ListOptions{Query: "charles@"}, "m1"},
		{"city", store.ListOptions{Query: "étienne"}, "m5"},
		{"substring", store.ListOptions{Query: "aull"}, "m1"},
		{"query and revoked", store.ListOptions{Query: "zoé", Revoked: true}, "m4"},
		{"no match", store.ListOptions{Query: "inconnu"}, ""},
		{"no match across fields", store.ListOptions{Query: "émile zola"}, ""},
		{"limit", store.ListOptions{Limit: 2}, "m1 m2"},
		{"limit and offset", store.ListOptions{Limit: 2, Offset: 1}, "m2 m3"},
		{"offset past the end", store.ListOptions{Offset: 10}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListMandates(ctx(t), c.ID, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != tc.want {
				t.Errorf("ListMandates(%+v) = %q, want %q", tc.o, ids(got), tc.want)
			}
		})
	}
	// Limit 0 means 100.
	var ms []store.Mandate
	for i := range 120 {
		ms = append(ms, mandate("", fmt.Sprint("P", i), "Nombre", ""))
	}
	if err := s.ImportMandates(ctx(t), other.ID, ms, now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ListMandates(ctx(t), other.ID, store.ListOptions{}); err != nil || len(got) != 100 {
		t.Errorf("ListMandates without limit: %d mandates, %v; want 100", len(got), err)
	}
}

func testEach(t *testing.T, s store.Store) {
	c := importPeople(t, s)
	if err := s.RevokeMandate(ctx(t), "m3", now); err != nil {
		t.Fatal(err)
	}
	var got []store.Mandate
	if err := s.EachMandate(ctx(t), c.ID, func(m store.Mandate) error { got = append(got, m); return nil }); err != nil {
		t.Fatal(err)
	}
	if ids(got) != "m1 m2 m4 m5 m6" {
		t.Errorf("EachMandate gave %q, want the standing ones in order", ids(got))
	}
	if !reflect.DeepEqual(got[0], getMandate(t, s, "m1")) {
		t.Errorf("EachMandate gave %+v, Mandate gives %+v", got[0], getMandate(t, s, "m1"))
	}

	stop := errors.New("stop")
	n := 0
	err := s.EachMandate(ctx(t), c.ID, func(store.Mandate) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("EachMandate after fn's error: %v after %d calls, want fn's error after 2", err, n)
	}

	// An empty campaign is no error.
	empty := campaign(t, s)
	if err := s.EachMandate(ctx(t), empty.ID, func(store.Mandate) error { t.Error("called"); return nil }); err != nil {
		t.Errorf("EachMandate on an empty campaign: %v", err)
	}
}

func testEach10000(t *testing.T, s store.Store) {
	c := campaign(t, s)
	const n = 10000
	ms := make([]store.Mandate, n)
	for i := range ms {
		ms[i] = mandate("", fmt.Sprintf("Prénom%05d", (i*7919)%n), fmt.Sprintf("Nom%03d", (i*31)%997), fmt.Sprintf("p%d@exemple.fr", i))
	}
	if err := s.ImportMandates(ctx(t), c.ID, ms, now); err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool, n)
	var prev store.Mandate
	err := s.EachMandate(ctx(t), c.ID, func(m store.Mandate) error {
		if len(seen) > 0 {
			if a, b := fold.SortKey(prev.LastName, prev.FirstName), fold.SortKey(m.LastName, m.FirstName); a > b {
				return fmt.Errorf("%s %s came before %s %s", prev.LastName, prev.FirstName, m.LastName, m.FirstName)
			}
		}
		if seen[m.ID] {
			return fmt.Errorf("mandate %s given twice", m.ID)
		}
		seen[m.ID], prev = true, m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Errorf("EachMandate gave %d mandates, want %d", len(seen), n)
	}
}

func testCountsPerDay(t *testing.T, s store.Store) {
	c := campaign(t, s)
	if n := counts(t, s, c.ID); n != (store.Counts{}) {
		t.Errorf("Counts of an empty campaign = %+v", n)
	}
	if days, err := s.PerDay(ctx(t), c.ID); err != nil || len(days) != 0 {
		t.Errorf("PerDay of an empty campaign = %v, %v", days, err)
	}
	var revokeID string
	for i, day := range []string{"2026-03-03", "2026-03-01", "2026-03-02", "2026-03-01"} {
		m := mandate(c.ID, "P", fmt.Sprint("N", i), fmt.Sprintf("p%d@exemple.fr", i))
		m.SignedOn = day
		saved, _ := sign(t, s, m, now)
		if day == "2026-03-02" {
			revokeID = saved.ID
		}
	}
	if err := s.RevokeMandate(ctx(t), revokeID, now); err != nil {
		t.Fatal(err)
	}
	if n := counts(t, s, c.ID); n != (store.Counts{Standing: 3, Revoked: 1}) {
		t.Errorf("Counts = %+v, want 3 standing and 1 revoked", n)
	}
	days, err := s.PerDay(ctx(t), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DayCount{{Day: "2026-03-01", Count: 2}, {Day: "2026-03-03", Count: 1}}
	if !reflect.DeepEqual(days, want) {
		t.Errorf("PerDay = %v, want %v", days, want)
	}
}

func testPurge(t *testing.T, s store.Store) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	type tc struct {
		name   string
		mod    func(*store.Campaign)
		purged bool
	}
	cases := []tc{
		{"retention over", func(c *store.Campaign) { c.ClosesOn, c.RetentionDays = day(2025, 12, 1), 30 }, true},
		{"closed early, retention over", func(c *store.Campaign) {
			c.ClosesOn, c.ClosedAt, c.RetentionDays = day(2026, 12, 1), now.AddDate(0, 0, -11), 10
		}, true},
		{"retention ends now", func(c *store.Campaign) { c.ClosesOn, c.RetentionDays = now.AddDate(0, 0, -11), 10 }, true},
		{"retention ends in a microsecond", func(c *store.Campaign) {
			c.ClosesOn, c.RetentionDays = µs(now).Add(time.Microsecond).AddDate(0, 0, -11), 10
		}, false},
		{"closed, within retention", func(c *store.Campaign) { c.ClosesOn, c.RetentionDays = day(2026, 3, 1), 30 }, false},
		{"open", func(c *store.Campaign) {}, false},
	}
	var kept, gone []string
	var goneMandates []string
	for _, tc := range cases {
		c := campaign(t, s, tc.mod)
		if err := s.ImportMandates(ctx(t), c.ID, []store.Mandate{mandate("", "A", "B", "")}, day(2025, 1, 1)); err != nil &&
			!errors.Is(err, store.ErrClosed) {
			t.Fatal(err)
		}
		// Closed campaigns take no import: reopen the closing day to add a mandate, then restore it.
		cc := c
		cc.ClosedAt = time.Time{}
		cc.ClosesOn = now.AddDate(1, 0, 0)
		if err := s.UpdateCampaign(ctx(t), cc); err != nil {
			t.Fatal(err)
		}
		m, _ := sign(t, s, mandate(c.ID, "Léa", "Martin", "lea@exemple.fr"), now)
		if err := s.UpdateCampaign(ctx(t), c); err != nil {
			t.Fatal(err)
		}
		if tc.purged {
			gone, goneMandates = append(gone, c.ID), append(goneMandates, m.ID)
		} else {
			kept = append(kept, c.ID)
		}
	}
	n, err := s.Purge(ctx(t), now)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(gone) {
		t.Errorf("Purge deleted %d campaigns, want %d", n, len(gone))
	}
	for i, id := range gone {
		if _, err := s.Campaign(ctx(t), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: campaign not purged: %v", cases[i].name, err)
		}
	}
	for _, id := range goneMandates {
		if _, err := s.Mandate(ctx(t), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("mandate %s of a purged campaign still there: %v", id, err)
		}
	}
	for _, id := range kept {
		if _, err := s.Campaign(ctx(t), id); err != nil {
			t.Errorf("campaign %s purged too early: %v", id, err)
		}
		if n := counts(t, s, id); n.Standing == 0 {
			t.Errorf("campaign %s lost its mandates", id)
		}
	}
	if n, err := s.Purge(ctx(t), now); n != 0 || err != nil {
		t.Errorf("second Purge = %d, %v; want 0", n, err)
	}
}

func testDeleteCascades(t *testing.T, s store.Store) {
	c := importPeople(t, s)
	other := campaign(t, s)
	keep, _ := sign(t, s, mandate(other.ID, "Léa", "Martin", "lea@exemple.fr"), now)
	if err := s.DeleteCampaign(ctx(t), c.ID); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if _, err := s.Mandate(ctx(t), p.id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("mandate %s of the deleted campaign: %v, want ErrNotFound", p.id, err)
		}
	}
	getMandate(t, s, keep.ID)
	if n := counts(t, s, other.ID); n.Standing != 1 {
		t.Errorf("other campaign: Counts = %+v", n)
	}
}

func testConcurrentSign(t *testing.T, s store.Store) {
	c := campaign(t, s)
	const workers, each = 16, 10
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		ids     = map[string]store.Mandate{}
		shared  []string
		created int
		errs    []error
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				email := fmt.Sprintf("w%d.%d@exemple.fr", w, i)
				if i == each/2 {
					// Everyone also signs with one e-mail, each in its own case.
					const e = "shared@exemple.fr"
					email = e[:w] + strings.ToUpper(e[w:w+1]) + e[w+1:]
				}
				m := mandate(c.ID, fmt.Sprint("W", w), fmt.Sprint("N", i), email)
				saved, isNew, err := s.SignMandate(context.Background(), m, now)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else if i == each/2 {
					shared = append(shared, saved.ID)
					if isNew {
						created++
					}
				} else {
					ids[saved.ID] = saved
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if created != 1 {
		t.Errorf("the shared e-mail was created %d times, want once", created)
	}
	for _, id := range shared {
		if id != shared[0] {
			t.Errorf("the shared e-mail got ids %s and %s", shared[0], id)
		}
	}
	want := workers*(each-1) + 1
	if n := counts(t, s, c.ID); n.Standing != want {
		t.Errorf("Counts = %+v, want %d standing", n, want)
	}
	for id, m := range ids {
		if got := getMandate(t, s, id); !reflect.DeepEqual(got, m) {
			t.Errorf("Mandate(%s) =\n%+v\nwant\n%+v", id, got, m)
		}
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(ctx(t)); err != nil {
		t.Errorf("Ping: %v", err)
	}
}
