package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"saisine/store"
)

// tenThousand is a campaign's worth of paper mandates, all with an e-mail so that the duplicate check
// has work to do.
func tenThousand(campaignID string) []store.Mandate {
	ms := make([]store.Mandate, 10000)
	for i := range ms {
		ms[i] = store.Mandate{
			CampaignID: campaignID, Civility: "Mme", FirstName: fmt.Sprintf("Prénom%05d", (i*7919)%10000),
			LastName: fmt.Sprintf("Nom%03d", (i*31)%997), Street: "3 rue de la République", PostalCode: "42000",
			City: "Saint-Étienne", Email: fmt.Sprintf("p%d@exemple.fr", i), SignedOn: "2026-03-10",
		}
	}
	return ms
}

func benchCampaign(b *testing.B, s store.Store) string {
	id := store.NewID()
	err := s.CreateCampaign(context.Background(), store.Campaign{ID: id, Title: "Bench",
		ClosesOn: time.Now().AddDate(1, 0, 0)})
	if err != nil {
		b.Fatal(err)
	}
	return id
}

func BenchmarkImportMandates10000(b *testing.B) {
	s := openTemp(b)
	ms := tenThousand("")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.ImportMandates(context.Background(), benchCampaign(b, s), ms, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEachMandate10000(b *testing.B) {
	s := openTemp(b)
	id := benchCampaign(b, s)
	if err := s.ImportMandates(context.Background(), id, tenThousand(id), time.Now()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := s.EachMandate(context.Background(), id, func(store.Mandate) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 10000 {
			b.Fatalf("%d mandates", n)
		}
	}
}
