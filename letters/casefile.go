// Package letters holds the case file: the facts of one case, entered once and read by every procedure.
// It knows nothing of HTTP or PDF. The JSON names below are the public v1 contract documented in
// docs/case-file.md: fields may be added, never renamed or removed.
package letters

// Version is the case-file format version this code reads and writes.
const Version = 1

// Case is a whole case file.
type Case struct {
	Version            int           `json:"version"`
	Sender             Sender        `json:"sender"`
	Signatories        []Signatory   `json:"signatories"`
	Commune            Commune       `json:"commune"`
	Facts              Facts         `json:"facts"`
	PriorSteps         []PriorStep   `json:"prior_steps"`
	Requests           []string      `json:"requests"`
	DocumentsRequested []string      `json:"documents_requested"`
	Exhibits           []Exhibit     `json:"exhibits"`
	Letter             LetterOptions `json:"letter"`
}

// Sender kinds.
const (
	SenderResident    = "resident"
	SenderCouncillors = "councillors"
	SenderAssociation = "association"
)

// Civilities. The empty string means the person chose not to give one.
const (
	CivilityMadame   = "Madame"
	CivilityMonsieur = "Monsieur"
)

// Sender is the author of the letter: a resident, a group of councillors or an association.
type Sender struct {
	Kind         string       `json:"kind"`
	Civility     string       `json:"civility"`
	FirstName    string       `json:"first_name"`
	LastName     string       `json:"last_name"`
	Organisation string       `json:"organisation"`
	Role         string       `json:"role"`
	Address      Address      `json:"address"`
	Email        string       `json:"email"`
	Phone        string       `json:"phone"`
	Association  *Association `json:"association,omitempty"`
}

// Address is a French postal address; each line must fit 38 characters (NF Z10-011).
type Address struct {
	Street     string `json:"street"`
	Complement string `json:"complement"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
}

// Association identifies a sending association.
type Association struct {
	RNA        string `json:"rna"`
	SIREN      string `json:"siren"`
	DeclaredOn string `json:"declared_on"`
	Purpose    string `json:"purpose"`
}

// Signatory is one person who signs: a councillor, or an association's representative.
type Signatory struct {
	Civility  string `json:"civility"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Role      string `json:"role"`
}

// Commune is the local authority whose processing is at issue (the controller, represented by its mayor).
type Commune struct {
	Name       string  `json:"name"`
	InseeCode  string  `json:"insee_code"`
	PostalCode string  `json:"postal_code"`
	Mayor      Mayor   `json:"mayor"`
	Address    Address `json:"address"`
	DPOEmail   string  `json:"dpo_email"`
}

// Mayor is the commune's mayor, when known.
type Mayor struct {
	Civility string `json:"civility"`
	Name     string `json:"name"`
}

// Capabilities of the analytics software, as far as the sender knows them.
const (
	CapVideoSynopsis     = "video_synopsis"
	CapAppearanceSearch  = "appearance_search"
	CapFacialRecognition = "facial_recognition"
	CapPlateReading      = "plate_reading"
	CapRealtimeDetection = "realtime_detection"
	CapStatistics        = "statistics"
)

// Tri-state and multi-state answers. "unknown" is always allowed: a letter must not assert what the
// sender does not know.
const (
	Unknown = "unknown"

	AIPDMissing    = "missing"
	AIPDIncomplete = "incomplete"
	AIPDExists     = "exists"

	No  = "no"
	Yes = "yes"

	AuthNone    = "none"
	AuthExpired = "expired"
	AuthValid   = "valid"

	SignageNone       = "none"
	SignageIncomplete = "incomplete"
	SignageAdequate   = "adequate"

	DeliberationNone   = "none"
	DeliberationExists = "exists"
)

// Facts is what the sender knows about the system, and how they know it.
type Facts struct {
	Software                 string   `json:"software"`
	Vendor                   string   `json:"vendor"`
	Acquired                 string   `json:"acquired"`
	InUseFrom                string   `json:"in_use_from"`
	InUseUntil               string   `json:"in_use_until"`
	Capabilities             []string `json:"capabilities"`
	PurposesClaimed          string   `json:"purposes_claimed"`
	AIPD                     string   `json:"aipd"`
	CNILConsulted            string   `json:"cnil_consulted"`
	PrefectoralAuthorisation string   `json:"prefectoral_authorisation"`
	Signage                  string   `json:"signage"`
	EthicsCommitteeInformed  string   `json:"ethics_committee_informed"`
	CouncilDeliberation      string   `json:"council_deliberation"`
	WhereFilmed              string   `json:"where_filmed"`
	Sources                  []Source `json:"sources"`
	// RetentionDays is how long the commune keeps recordings or derived data (index, synopsis,
	// metadata), when known; 0 means unknown. An addition to the v1 fields of case-file.md.
	RetentionDays int `json:"retention_days,omitempty"`
}

// Source is a public source of a fact: a press article, a deliberation, an official answer.
type Source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	URL       string `json:"url"`
}

// Prior step kinds.
const (
	StepCRPARequest       = "crpa_request"
	StepRightsRequest     = "rights_request"
	StepCouncillorRequest = "councillor_request"
	StepCNILComplaint     = "cnil_complaint"
	StepCADAReferral      = "cada_referral"
	StepLetter            = "letter"
)

// Answers to a prior step.
const (
	AnswerNone    = "none"
	AnswerRefusal = "refusal"
	AnswerPartial = "partial"
	AnswerFull    = "full"
)

// PriorStep is something the sender already did: a request, a complaint, a letter.
type PriorStep struct {
	Kind       string `json:"kind"`
	Recipient  string `json:"recipient"`
	SentOn     string `json:"sent_on"`
	ReceivedOn string `json:"received_on"`
	Answer     string `json:"answer"`
	AnswerOn   string `json:"answer_on"`
	Reference  string `json:"reference"`
}

// Requests the sender may make.
const (
	ReqControl         = "control"
	ReqStopProcessing  = "stop_processing"
	ReqEraseData       = "erase_data"
	ReqCommunicateAIPD = "communicate_aipd"
	ReqInformMe        = "inform_me"
	ReqSanction        = "sanction"
)

// Documents that can be requested from the commune.
const (
	DocContract                 = "contract"
	DocAIPD                     = "aipd"
	DocPrefectoralAuthorisation = "prefectoral_authorisation"
	DocDeliberations            = "deliberations"
	DocRegisterEntry            = "register_entry"
	DocUserManual               = "user_manual"
	DocUsageLogs                = "usage_logs"
	DocCNILCorrespondence       = "cnil_correspondence"
)

// Exhibit is a numbered piece attached to the letter (pièce n° N, N = index + 1).
type Exhibit struct {
	Title  string `json:"title"`
	Date   string `json:"date"`
	Source string `json:"source"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Sending modes.
const (
	SendingLRAR   = "lrar"
	SendingOnline = "online"
	SendingEmail  = "email"
	SendingHand   = "hand"
)

// LetterOptions are the place, date and mode of sending of the letter itself.
type LetterOptions struct {
	Place   string `json:"place"`
	Date    string `json:"date"`
	Sending string `json:"sending"`
}

// Enumerations lists every allowed value per enumerated field, for validation, the JSON Schema and the
// interview. The order is the order shown to users.
var Enumerations = map[string][]string{
	"sender.kind":                     {SenderResident, SenderCouncillors, SenderAssociation},
	"civility":                        {CivilityMadame, CivilityMonsieur, ""},
	"facts.capabilities":              {CapVideoSynopsis, CapAppearanceSearch, CapFacialRecognition, CapPlateReading, CapRealtimeDetection, CapStatistics},
	"facts.aipd":                      {AIPDMissing, AIPDIncomplete, AIPDExists, Unknown},
	"facts.cnil_consulted":            {No, Yes, Unknown},
	"facts.prefectoral_authorisation": {AuthNone, AuthExpired, AuthValid, Unknown},
	"facts.signage":                   {SignageNone, SignageIncomplete, SignageAdequate, Unknown},
	"facts.ethics_committee_informed": {No, Yes, Unknown},
	"facts.council_deliberation":      {DeliberationNone, DeliberationExists, Unknown},
	"prior_steps.kind":                {StepCRPARequest, StepRightsRequest, StepCouncillorRequest, StepCNILComplaint, StepCADAReferral, StepLetter},
	"prior_steps.answer":              {AnswerNone, AnswerRefusal, AnswerPartial, AnswerFull},
	"requests":                        {ReqControl, ReqStopProcessing, ReqEraseData, ReqCommunicateAIPD, ReqInformMe, ReqSanction},
	"documents_requested":             {DocContract, DocAIPD, DocPrefectoralAuthorisation, DocDeliberations, DocRegisterEntry, DocUserManual, DocUsageLogs, DocCNILCorrespondence},
	"letter.sending":                  {SendingLRAR, SendingOnline, SendingEmail, SendingHand},
}

// HasCapability reports whether the facts list the given capability.
func (f Facts) HasCapability(c string) bool {
	for _, x := range f.Capabilities {
		if x == c {
			return true
		}
	}
	return false
}

// HasRequest reports whether the case asks for the given request.
func (c *Case) HasRequest(r string) bool {
	for _, x := range c.Requests {
		if x == r {
			return true
		}
	}
	return false
}
