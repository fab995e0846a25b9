package letters

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SenderKindLabel names a sender kind for people: « particulier », « groupe d’élus », « association »
// in French. An unknown kind is returned as is.
func SenderKindLabel(kind string, lang Lang) string {
	if l, ok := senderKinds[kind]; ok {
		if lang == EN {
			return l.en
		}
		return l.fr
	}
	return kind
}

var senderKinds = map[string]struct{ fr, frWithArticle, en, enWithArticle string }{
	SenderResident:    {"particulier", "un particulier", "resident", "a resident"},
	SenderCouncillors: {"groupe d’élus", "un groupe d’élus", "group of councillors", "a group of councillors"},
	SenderAssociation: {"association", "une association", "association", "an association"},
}

func senderKindWithArticle(kind string, lang Lang) string {
	if l, ok := senderKinds[kind]; ok {
		if lang == EN {
			return l.enWithArticle
		}
		return l.frWithArticle
	}
	return kind
}

// fieldLabels names every field for messages, with its article so that a sentence can start with it.
// Keys are JSON paths with list indexes written "[]"; {n} is replaced by the item's number (index + 1).
var fieldLabels = map[string]struct{ fr, en string }{
	"":        {"le dossier", "the case file"},
	"version": {"la version du format", "the format version"},

	"sender":                          {"l’expéditeur", "the sender"},
	"sender.kind":                     {"le type d’expéditeur", "the sender kind"},
	"sender.civility":                 {"la civilité de l’expéditeur", "the sender’s title"},
	"sender.first_name":               {"le prénom de l’expéditeur", "the sender’s first name"},
	"sender.last_name":                {"le nom de famille de l’expéditeur", "the sender’s last name"},
	"sender.organisation":             {"le nom du groupe ou de l’association", "the name of the group or association"},
	"sender.role":                     {"la qualité de l’expéditeur", "the sender’s capacity"},
	"sender.address":                  {"l’adresse de l’expéditeur", "the sender’s address"},
	"sender.address.street":           {"la rue (numéro et voie) de l’expéditeur", "the sender’s street (number and street)"},
	"sender.address.complement":       {"le complément d’adresse de l’expéditeur", "the sender’s address complement"},
	"sender.address.postal_code":      {"le code postal de l’expéditeur", "the sender’s postcode"},
	"sender.address.city":             {"la ville de l’expéditeur", "the sender’s town"},
	"sender.email":                    {"l’adresse électronique de l’expéditeur", "the sender’s e-mail address"},
	"sender.phone":                    {"le téléphone de l’expéditeur", "the sender’s phone number"},
	"sender.association":              {"l’identification de l’association", "the association’s identification"},
	"sender.association.rna":          {"le numéro RNA de l’association", "the association’s RNA number"},
	"sender.association.siren":        {"le numéro SIREN de l’association", "the association’s SIREN number"},
	"sender.association.declared_on":  {"la date de déclaration de l’association", "the association’s declaration date"},
	"sender.association.purpose":      {"l’objet de l’association", "the association’s purpose"},
	"signatories":                     {"la liste des signataires", "the list of signatories"},
	"signatories[]":                   {"le signataire n° {n}", "signatory no. {n}"},
	"signatories[].civility":          {"la civilité du signataire n° {n}", "the title of signatory no. {n}"},
	"signatories[].first_name":        {"le prénom du signataire n° {n}", "the first name of signatory no. {n}"},
	"signatories[].last_name":         {"le nom de famille du signataire n° {n}", "the last name of signatory no. {n}"},
	"signatories[].role":              {"la qualité du signataire n° {n}", "the capacity of signatory no. {n}"},
	"commune":                         {"la commune", "the commune"},
	"commune.name":                    {"le nom de la commune", "the commune’s name"},
	"commune.insee_code":              {"le code INSEE de la commune", "the commune’s INSEE code"},
	"commune.postal_code":             {"le code postal de la commune", "the commune’s postcode"},
	"commune.mayor":                   {"le maire", "the mayor"},
	"commune.mayor.civility":          {"la civilité du maire", "the mayor’s title"},
	"commune.mayor.name":              {"le nom du maire", "the mayor’s name"},
	"commune.address":                 {"l’adresse de la mairie", "the town hall’s address"},
	"commune.address.street":          {"la rue (numéro et voie) de la mairie", "the town hall’s street (number and street)"},
	"commune.address.complement":      {"le complément d’adresse de la mairie", "the town hall’s address complement"},
	"commune.address.postal_code":     {"le code postal de la mairie", "the town hall’s postcode"},
	"commune.address.city":            {"la ville de la mairie", "the town hall’s town"},
	"commune.dpo_email":               {"l’adresse électronique du délégué à la protection des données de la commune", "the e-mail address of the commune’s data protection officer"},
	"facts":                           {"les faits", "the facts"},
	"facts.software":                  {"le nom du logiciel", "the software’s name"},
	"facts.vendor":                    {"le fournisseur du logiciel", "the software’s vendor"},
	"facts.acquired":                  {"la date d’acquisition du logiciel", "the date the software was acquired"},
	"facts.in_use_from":               {"la date de début d’utilisation", "the date use began"},
	"facts.in_use_until":              {"la date de fin d’utilisation", "the date use ended"},
	"facts.capabilities":              {"la liste des fonctions du logiciel", "the list of the software’s functions"},
	"facts.capabilities[]":            {"la fonction n° {n} du logiciel", "software function no. {n}"},
	"facts.purposes_claimed":          {"la description des finalités annoncées par la commune", "the description of the purposes the commune claims"},
	"facts.aipd":                      {"l’état de l’analyse d’impact (AIPD)", "the state of the impact assessment (DPIA)"},
	"facts.cnil_consulted":            {"la consultation de la CNIL", "whether the CNIL was consulted"},
	"facts.prefectoral_authorisation": {"l’autorisation préfectorale", "the prefect’s authorisation"},
	"facts.signage":                   {"l’information du public par des panneaux", "the public signage"},
	"facts.ethics_committee_informed": {"l’information du comité d’éthique", "whether the ethics committee was informed"},
	"facts.council_deliberation":      {"la délibération du conseil municipal", "the council’s deliberation"},
	"facts.where_filmed":              {"la description des lieux où l’on vous filme", "the description of where you are filmed"},
	"facts.sources":                   {"la liste des sources", "the list of sources"},
	"facts.sources[]":                 {"la source n° {n}", "source no. {n}"},
	"facts.sources[].title":           {"le titre de la source n° {n}", "the title of source no. {n}"},
	"facts.sources[].publisher":       {"l’éditeur de la source n° {n}", "the publisher of source no. {n}"},
	"facts.sources[].date":            {"la date de la source n° {n}", "the date of source no. {n}"},
	"facts.sources[].url":             {"l’adresse web de la source n° {n}", "the web address of source no. {n}"},
	"facts.retention_days":            {"la durée de conservation des images", "the retention period"},
	"prior_steps":                     {"la liste des démarches déjà faites", "the list of steps already taken"},
	"prior_steps[]":                   {"la démarche n° {n}", "step no. {n}"},
	"prior_steps[].kind":              {"le type de la démarche n° {n}", "the kind of step no. {n}"},
	"prior_steps[].recipient":         {"le destinataire de la démarche n° {n}", "the recipient of step no. {n}"},
	"prior_steps[].sent_on":           {"la date d’envoi de la démarche n° {n}", "the sending date of step no. {n}"},
	"prior_steps[].received_on":       {"la date de réception de la démarche n° {n}", "the receipt date of step no. {n}"},
	"prior_steps[].answer":            {"la réponse à la démarche n° {n}", "the answer to step no. {n}"},
	"prior_steps[].answer_on":         {"la date de la réponse à la démarche n° {n}", "the date of the answer to step no. {n}"},
	"prior_steps[].reference":         {"la référence de la démarche n° {n}", "the reference of step no. {n}"},
	"requests":                        {"la liste des demandes", "the list of requests"},
	"requests[]":                      {"la demande n° {n}", "request no. {n}"},
	"documents_requested":             {"la liste des documents demandés", "the list of documents requested"},
	"documents_requested[]":           {"le document demandé n° {n}", "requested document no. {n}"},
	"exhibits":                        {"la liste des pièces", "the list of exhibits"},
	"exhibits[]":                      {"la pièce n° {n}", "exhibit no. {n}"},
	"exhibits[].title":                {"le titre de la pièce n° {n}", "the title of exhibit no. {n}"},
	"exhibits[].date":                 {"la date de la pièce n° {n}", "the date of exhibit no. {n}"},
	"exhibits[].source":               {"l’origine de la pièce n° {n}", "the source of exhibit no. {n}"},
	"exhibits[].file":                 {"le fichier de la pièce n° {n}", "the file of exhibit no. {n}"},
	"exhibits[].sha256":               {"l’empreinte SHA-256 de la pièce n° {n}", "the SHA-256 digest of exhibit no. {n}"},
	"letter":                          {"la lettre", "the letter"},
	"letter.place":                    {"le lieu d’écriture de la lettre", "the place the letter is written from"},
	// Columns of a mandants list (CSV), one resident per row.
	"mandant.civility":    {"la civilité du mandant", "the mandant’s title"},
	"mandant.first_name":  {"le prénom du mandant", "the mandant’s first name"},
	"mandant.last_name":   {"le nom du mandant", "the mandant’s last name"},
	"mandant.street":      {"le numéro et la voie du mandant", "the mandant’s street"},
	"mandant.complement":  {"le complément d’adresse du mandant", "the mandant’s address complement"},
	"mandant.postal_code": {"le code postal du mandant", "the mandant’s postcode"},
	"mandant.city":        {"la commune du mandant", "the mandant’s town"},
	"mandant.email":       {"l’adresse électronique du mandant", "the mandant’s e-mail address"},
	"mandant.signed_on":   {"la date de signature du mandat", "the date the mandate was signed"},

	"letter.date":                          {"la date de la lettre", "the letter’s date"},
	"letter.sending":                       {"le mode d’envoi de la lettre", "how the letter is sent"},
	"letter.recipient_address":             {"l’adresse du destinataire", "the recipient’s address"},
	"letter.recipient_address.street":      {"la rue (numéro et voie) du destinataire", "the recipient’s street (number and street)"},
	"letter.recipient_address.complement":  {"le complément d’adresse du destinataire", "the recipient’s address complement"},
	"letter.recipient_address.postal_code": {"le code postal du destinataire", "the recipient’s postcode"},
	"letter.recipient_address.city":        {"la ville du destinataire", "the recipient’s town"},
}

var indexRe = regexp.MustCompile(`\[[0-9]*\]`)

// pathKey turns "prior_steps[1].sent_on" into "prior_steps[].sent_on", the form catalogue keys use.
func pathKey(path string) string {
	return indexRe.ReplaceAllString(path, "[]")
}

// lastIndex returns the last list index in path, or -1.
func lastIndex(path string) int {
	m := indexRe.FindAllString(path, -1)
	if len(m) == 0 {
		return -1
	}
	n, err := strconv.Atoi(strings.Trim(m[len(m)-1], "[]"))
	if err != nil {
		return -1
	}
	return n
}

// FieldLabel names the field at path for people, with its article (« le code postal de
// l’expéditeur », « le titre de la pièce n° 2 »), for error summaries. An unknown path gets a neutral
// label that quotes it.
func FieldLabel(path string, lang Lang) string {
	l, ok := fieldLabels[pathKey(path)]
	if !ok {
		if lang == EN {
			return "the field " + quoteEN(path)
		}
		return "le champ " + quoteFR(path)
	}
	s := l.fr
	if lang == EN {
		s = l.en
	}
	if i := lastIndex(path); i >= 0 {
		s = strings.ReplaceAll(s, "{n}", strconv.Itoa(i+1))
	}
	return s
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// French quotation marks hold a narrow no-break space on each side of the quoted text.
func quoteFR(s string) string { return "«\u202f" + s + "\u202f»" }

func quoteEN(s string) string { return "“" + s + "”" }
