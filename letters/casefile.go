// Package letters holds the case file: the facts of one case, entered once and read by every procedure.
// It knows nothing of HTTP or PDF. The JSON names below are the public v1 contract documented in
// docs/case-file.md: fields may be added, never renamed or removed.
package letters

// Version is the case-file format version this code reads and writes.
const Version = 1

// Case is a whole case file.
type Case struct {
	Version            int           `json:"version" validate:"omitempty,eq=1"`
	Sender             Sender        `json:"sender"`
	Signatories        []Signatory   `json:"signatories" validate:"dive"`
	Commune            Commune       `json:"commune"`
	Facts              Facts         `json:"facts"`
	PriorSteps         []PriorStep   `json:"prior_steps" validate:"dive"`
	Requests           []string      `json:"requests" validate:"unique,dive,oneof=control stop_processing erase_data communicate_aipd inform_me sanction"`
	DocumentsRequested []string      `json:"documents_requested" validate:"unique,dive,oneof=contract aipd prefectoral_authorisation deliberations register_entry user_manual usage_logs cnil_correspondence"`
	Exhibits           []Exhibit     `json:"exhibits" validate:"dive"`
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
	Kind         string       `json:"kind" validate:"required,oneof=resident councillors association"`
	Civility     string       `json:"civility" validate:"omitempty,oneof=Madame Monsieur"`
	FirstName    string       `json:"first_name" validate:"omitempty,text,max=38"`
	LastName     string       `json:"last_name" validate:"omitempty,text,max=38"`
	Organisation string       `json:"organisation" validate:"omitempty,text,max=120"`
	Role         string       `json:"role" validate:"omitempty,text,max=100"`
	Address      Address      `json:"address"`
	Email        string       `json:"email" validate:"omitempty,text,max=254,mail"`
	Phone        string       `json:"phone" validate:"omitempty,text,max=30,phone"`
	Association  *Association `json:"association,omitempty"`
}

// Address is a French postal address; each line must fit 38 characters (NF Z10-011).
type Address struct {
	Street     string `json:"street" validate:"omitempty,text,max=38"`
	Complement string `json:"complement" validate:"omitempty,text,max=38"`
	PostalCode string `json:"postal_code" validate:"omitempty,postcode"`
	City       string `json:"city" validate:"omitempty,text,max=38"`
}

// Association identifies a sending association.
type Association struct {
	RNA        string `json:"rna" validate:"omitempty,rna"`
	SIREN      string `json:"siren" validate:"omitempty,siren"`
	DeclaredOn string `json:"declared_on" validate:"omitempty,pdate"`
	Purpose    string `json:"purpose" validate:"omitempty,mtext,max=2000"`
}

// Signatory is one person who signs: a councillor, or an association's representative.
type Signatory struct {
	Civility  string `json:"civility" validate:"omitempty,oneof=Madame Monsieur"`
	FirstName string `json:"first_name" validate:"omitempty,text,max=38"`
	LastName  string `json:"last_name" validate:"omitempty,text,max=38"`
	Role      string `json:"role" validate:"omitempty,text,max=100"`
}

// Commune is the local authority whose processing is at issue (the controller, represented by its mayor).
type Commune struct {
	Name       string  `json:"name" validate:"required,text,max=100"`
	InseeCode  string  `json:"insee_code" validate:"omitempty,insee"`
	PostalCode string  `json:"postal_code" validate:"omitempty,postcode"`
	Mayor      Mayor   `json:"mayor"`
	Address    Address `json:"address"`
	DPOEmail   string  `json:"dpo_email" validate:"omitempty,text,max=254,mail"`
}

// Mayor is the commune's mayor, when known.
type Mayor struct {
	Civility string `json:"civility" validate:"omitempty,oneof=Madame Monsieur"`
	Name     string `json:"name" validate:"omitempty,text,max=60"`
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
	Software                 string   `json:"software" validate:"omitempty,text,max=100"`
	Vendor                   string   `json:"vendor" validate:"omitempty,text,max=100"`
	Acquired                 string   `json:"acquired" validate:"omitempty,pdate"`
	InUseFrom                string   `json:"in_use_from" validate:"omitempty,pdate"`
	InUseUntil               string   `json:"in_use_until" validate:"omitempty,pdate"`
	Capabilities             []string `json:"capabilities" validate:"unique,dive,oneof=video_synopsis appearance_search facial_recognition plate_reading realtime_detection statistics"`
	PurposesClaimed          string   `json:"purposes_claimed" validate:"omitempty,mtext,max=1000"`
	AIPD                     string   `json:"aipd" validate:"omitempty,oneof=missing incomplete exists unknown"`
	CNILConsulted            string   `json:"cnil_consulted" validate:"omitempty,oneof=no yes unknown"`
	PrefectoralAuthorisation string   `json:"prefectoral_authorisation" validate:"omitempty,oneof=none expired valid unknown"`
	Signage                  string   `json:"signage" validate:"omitempty,oneof=none incomplete adequate unknown"`
	EthicsCommitteeInformed  string   `json:"ethics_committee_informed" validate:"omitempty,oneof=no yes unknown"`
	CouncilDeliberation      string   `json:"council_deliberation" validate:"omitempty,oneof=none exists unknown"`
	WhereFilmed              string   `json:"where_filmed" validate:"omitempty,mtext,max=2000"`
	Sources                  []Source `json:"sources" validate:"dive"`
	// RetentionDays is how long the commune keeps recordings or derived data (index, synopsis,
	// metadata), when known; 0 means unknown. An addition to the v1 fields of case-file.md.
	RetentionDays int `json:"retention_days,omitempty" validate:"omitempty,gte=1,lte=36500"`
}

// Source is a public source of a fact: a press article, a deliberation, an official answer.
type Source struct {
	Title     string `json:"title" validate:"required,text,max=300"`
	Publisher string `json:"publisher" validate:"required,text,max=200"`
	Date      string `json:"date" validate:"omitempty,pdate"`
	URL       string `json:"url" validate:"required,text,max=2000,weburl"`
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
	Kind       string `json:"kind" validate:"required,oneof=crpa_request rights_request councillor_request cnil_complaint cada_referral letter"`
	Recipient  string `json:"recipient" validate:"omitempty,text,max=200"`
	SentOn     string `json:"sent_on" validate:"required,fdate"`
	ReceivedOn string `json:"received_on" validate:"omitempty,fdate"`
	Answer     string `json:"answer" validate:"omitempty,oneof=none refusal partial full"`
	AnswerOn   string `json:"answer_on" validate:"omitempty,fdate"`
	Reference  string `json:"reference" validate:"omitempty,text,max=100"`
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
	Title  string `json:"title" validate:"required,text,max=300"`
	Date   string `json:"date" validate:"omitempty,pdate"`
	Source string `json:"source" validate:"omitempty,text,max=2000,source"`
	File   string `json:"file" validate:"omitempty,text,max=255"`
	SHA256 string `json:"sha256" validate:"omitempty,sha256"`
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
	Place   string `json:"place" validate:"required,text,max=100"`
	Date    string `json:"date" validate:"omitempty,ldate"`
	Sending string `json:"sending" validate:"omitempty,oneof=lrar online email hand"`
	// RecipientAddress is the postal address of a recipient the tool cannot know, given by the
	// sender (today: the commission départementale de vidéoprotection, at the préfecture); nil
	// when not given. An addition to the v1 fields of case-file.md.
	RecipientAddress *Address `json:"recipient_address,omitempty"`
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
