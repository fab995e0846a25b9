package procedures

import "saisine/letters"

// Example returns a valid example case for a procedure (nil for an unknown id). The people are
// fictional; the facts are the public facts of the Lille case (press reports of November and December
// 2024, see ../shared/cases/README.md).
func Example(id string) *letters.Case {
	switch id {
	case PlainteCNIL:
		c := lilleCase()
		resident(c)
		// The CNIL expects a complainant to have written to the organisation first: the example shows an
		// access request to the mayor left unanswered.
		c.PriorSteps = []letters.PriorStep{{
			Kind:       letters.StepRightsRequest,
			Recipient:  "Maire de Lille, à l’attention du délégué à la protection des données",
			SentOn:     "2026-09-14",
			ReceivedOn: "2026-09-16",
			Answer:     letters.AnswerNone,
		}}
		c.Requests = []string{letters.ReqControl, letters.ReqCommunicateAIPD, letters.ReqInformMe}
		return c
	case SignalementCNIL:
		c := lilleCase()
		councillors(c)
		c.Requests = []string{letters.ReqControl, letters.ReqStopProcessing, letters.ReqCommunicateAIPD, letters.ReqInformMe}
		return c
	case DemandeDocuments:
		c := lilleCase()
		resident(c)
		c.DocumentsRequested = append(c.DocumentsRequested, letters.DocUserManual, letters.DocCNILCorrespondence)
		return c
	case SaisineCADA:
		// A document request received on 16 September 2026 and left unanswered: refused on 16 October,
		// the CADA can be seized from 17 October to 16 December 2026.
		c := lilleCase()
		resident(c)
		c.PriorSteps = []letters.PriorStep{{
			Kind:       letters.StepCRPARequest,
			Recipient:  "Maire de Lille",
			SentOn:     "2026-09-14",
			ReceivedOn: "2026-09-16",
			Answer:     letters.AnswerNone,
		}}
		c.Exhibits = append(c.Exhibits, letters.Exhibit{
			Title:  "Demande de communication de documents administratifs adressée au maire de Lille",
			Date:   "2026-09-14",
			Source: "Lettre recommandée avec demande d’avis de réception",
		})
		return c
	case DemandeDroits:
		c := lilleCase()
		resident(c)
		c.Commune.DPOEmail = "protection-donnees@example.org"
		return c
	case DemandeInformationElus:
		c := lilleCase()
		councillors(c)
		c.DocumentsRequested = append(c.DocumentsRequested, letters.DocUserManual)
		return c
	case CommissionVideoprotection, PlainteCollectiveCNIL, Mandat:
		c := lilleCase()
		association(c)
		return c
	case DemandeCessation:
		c := lilleCase()
		resident(c)
		c.PriorSteps = []letters.PriorStep{{
			Kind:       letters.StepCRPARequest,
			Recipient:  "Maire de Lille",
			SentOn:     "2026-09-14",
			ReceivedOn: "2026-09-16",
			Answer:     letters.AnswerNone,
		}}
		c.Requests = []string{letters.ReqStopProcessing, letters.ReqEraseData, letters.ReqCommunicateAIPD}
		return c
	}
	return nil
}

// association makes the sender the fictional association of the examples.
func association(c *letters.Case) {
	c.Sender = letters.Sender{
		Kind:         letters.SenderAssociation,
		Civility:     letters.CivilityMonsieur,
		FirstName:    "Jean",
		LastName:     "Dupré",
		Organisation: "Association Vigilance Libertés Lille",
		Role:         "Président",
		Address:      letters.Address{Street: "5 rue des Arts", PostalCode: "59000", City: "Lille"},
		Email:        "contact@example.org",
		Association:  &letters.Association{RNA: "W595000000", DeclaredOn: "2015-03-01", Purpose: "défense des libertés publiques à Lille"},
	}
	c.Signatories = []letters.Signatory{{Civility: letters.CivilityMonsieur, FirstName: "Jean", LastName: "Dupré", Role: "Président"}}
}

// resident makes the sender the fictional resident of the examples.
func resident(c *letters.Case) {
	c.Sender = letters.Sender{
		Kind:      letters.SenderResident,
		Civility:  letters.CivilityMadame,
		FirstName: "Camille",
		LastName:  "Martin",
		Address:   letters.Address{Street: "12 rue Nationale", Complement: "Appartement 4", PostalCode: "59000", City: "Lille"},
		Email:     "camille.martin@example.org",
	}
	c.Facts.WhereFilmed = "J’habite le centre de Lille et je passe chaque jour devant des caméras de la voie publique reliées au centre de supervision urbain."
}

// councillors makes the sender the fictional group of two councillors of the examples.
func councillors(c *letters.Case) {
	c.Sender = letters.Sender{
		Kind:         letters.SenderCouncillors,
		Civility:     letters.CivilityMadame,
		FirstName:    "Hélène",
		LastName:     "Roussel",
		Organisation: "Groupe Lille Autrement",
		Role:         "Présidente du groupe",
		Address:      letters.Address{Street: "Place Augustin Laurent", Complement: "Hôtel de ville", PostalCode: "59000", City: "Lille"},
		Email:        "groupe.lille.autrement@example.org",
	}
	c.Signatories = []letters.Signatory{
		{Civility: letters.CivilityMadame, FirstName: "Hélène", LastName: "Roussel", Role: "Conseillère municipale"},
		{Civility: letters.CivilityMonsieur, FirstName: "Thomas", LastName: "Lefebvre", Role: "Conseiller municipal"},
	}
}

// lilleCase holds the public facts of the Lille case, without a sender.
func lilleCase() *letters.Case {
	return &letters.Case{
		Version: letters.Version,
		Commune: letters.Commune{
			Name:       "Lille",
			InseeCode:  "59350",
			PostalCode: "59000",
			Address:    letters.Address{Street: "Place Augustin Laurent", Complement: "CS 30667", PostalCode: "59033", City: "LILLE CEDEX"},
		},
		Facts: letters.Facts{
			Software:                 "BriefCam",
			Acquired:                 "2021",
			InUseFrom:                "2022-11",
			InUseUntil:               "2025-01",
			Capabilities:             []string{letters.CapVideoSynopsis, letters.CapPlateReading},
			PurposesClaimed:          "identification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire",
			AIPD:                     letters.AIPDIncomplete,
			CNILConsulted:            letters.No,
			PrefectoralAuthorisation: letters.Unknown,
			Signage:                  letters.Unknown,
			EthicsCommitteeInformed:  letters.No,
			CouncilDeliberation:      letters.Unknown,
			Sources: []letters.Source{
				{
					Title:     "Vidéosurveillance algorithmique : Lille a déployé en secret un logiciel controversé",
					Publisher: "Médiacités",
					Date:      "2024-11-21",
					URL:       "https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-a-deploye-en-secret-un-logiciel-controverse/",
				},
				{
					Title:     "Vidéosurveillance algorithmique à Lille : l’analyse d’impact envoyée à la CNIL comporte bien un oubli",
					Publisher: "Médiacités",
					Date:      "2024-12-20",
					URL:       "https://www.mediacites.fr/complement-denquete/lille/2024/12/20/videosurveillance-algorithmique-a-lille-lanalyse-dimpact-envoyee-a-la-cnil-comporte-bien-un-oubli/",
				},
			},
		},
		DocumentsRequested: []string{letters.DocContract, letters.DocAIPD, letters.DocPrefectoralAuthorisation, letters.DocDeliberations, letters.DocRegisterEntry, letters.DocUsageLogs},
		Exhibits: []letters.Exhibit{{
			Title:  "Article de Médiacités du 21 novembre 2024",
			Date:   "2024-11-21",
			Source: "https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-a-deploye-en-secret-un-logiciel-controverse/",
		}},
		Letter: letters.LetterOptions{Place: "Lille", Date: "2026-11-27", Sending: letters.SendingLRAR},
	}
}
