package letters

// Problem codes. A code names one kind of defect; Problem.Message turns it, with the problem's path and
// arguments, into a sentence in French or English. Other packages build problems with these codes
// (claims: CodeNoClaim; procedures: through CheckOptions.Require), so every sentence comes from the one
// catalogue in messages.go.
const (
	// Reading the file (Decode).
	CodeTooLarge     = "too_large"     // path ""; args: limit in bytes
	CodeEmpty        = "empty"         // path ""
	CodeReadError    = "read_error"    // path ""; the reader failed (network, disk), not the file's content
	CodeEncoding     = "encoding"      // path ""; the file is not UTF-8
	CodeSyntax       = "syntax"        // path ""; args: line, column, offending character ("" at end of file)
	CodeTrailingData = "trailing_data" // path ""; args: line, column
	CodeUnknownField = "unknown_field" // args: field name, closest known name or ""
	CodeDuplicateKey = "duplicate_key" // args: field name
	CodeWrongType    = "wrong_type"    // args: expected JSON kind, JSON kind found (see jsonKind*)
	CodeVersion      = "version"       // path "version"; args: version found ("" when missing)

	// Values (Check).
	CodeRequired           = "required"
	CodeRequiredForKind    = "required_for_kind"  // args: sender kind
	CodeSignatoryRequired  = "signatory_required" // path "signatories"; args: sender kind
	CodeAssociationID      = "association_id"     // path "sender.association.rna": neither RNA nor SIREN
	CodePostalCode         = "postal_code"
	CodeINSEE              = "insee_code"
	CodeINSEECorsica       = "insee_corsica" // a 20xxx INSEE code
	CodeEmail              = "email"
	CodePhone              = "phone"
	CodeRNA                = "rna"
	CodeSIREN              = "siren"           // not 9 digits
	CodeSIRENChecksum      = "siren_checksum"  // 9 digits, Luhn key wrong; args: value
	CodeDate               = "date"            // not YYYY, YYYY-MM or YYYY-MM-DD; args: value
	CodeDateFull           = "date_full"       // a full YYYY-MM-DD is needed; args: value
	CodeDateInvalid        = "date_invalid"    // not in the calendar; args: value, reason, [year, month, days]
	CodeDateFuture         = "date_future"     // args: value, today (YYYY-MM-DD)
	CodeDateOrder          = "date_order"      // args: value, other path, other value
	CodeLetterDateFar      = "letter_date_far" // args: value, latest allowed (YYYY-MM-DD)
	CodeURL                = "url"             // args: value
	CodeURLScheme          = "url_scheme"      // args: value, scheme
	CodeEnum               = "enum"            // args: value, allowed values...
	CodeDuplicate          = "duplicate"       // args: duplicated value
	CodeSHA256             = "sha256"
	CodeTooLong            = "too_long"              // args: maximum, actual (runes)
	CodeAddressLineTooLong = "address_line_too_long" // path …address.city; args: the line, its length
	CodeControlChar        = "control_char"          // args: "U+XXXX"
	CodeUnprintable        = "unprintable"           // args: the character, "U+XXXX"
	CodeNumberMin          = "number_min"            // args: minimum
	CodeNumberMax          = "number_max"            // args: maximum
	CodeInvalid            = "invalid"               // fallback; should never be seen

	// Procedures and claims.
	CodeProcedureSenderKind = "procedure_sender_kind" // path "sender.kind"; args: procedure, kind, allowed kinds...
	CodeProcedureRequired   = "procedure_required"    // path of the empty field; args: procedure
	CodeNoClaim             = "no_claim_applies"      // warning, path "facts"
	CodeNoPriorStep         = "no_prior_step"         // warning, path "prior_steps"
	// CADA referral timing: the request is unanswered and less than a month old (error; path
	// prior_steps[i].received_on, or sent_on when the receipt date is unknown; args: procedure, that date,
	// first possible day), or the two months of CRPA R343-1 seem to have run out (warning; args:
	// procedure, the day the refusal arose, the last day).
	CodeReferralTooEarly = "referral_too_early"
	CodeReferralLate     = "referral_late"
	// The recipient block has lines for the sender to complete (warning; path "letter"; args:
	// procedure, the recipient as printed).
	CodeRecipientAddress = "recipient_address_missing"
)

// JSON kinds used in CodeWrongType arguments.
const (
	jsonKindString  = "string"
	jsonKindInteger = "integer"
	jsonKindNumber  = "number"
	jsonKindDecimal = "decimal" // a number that is not a whole number of a sensible size
	jsonKindBool    = "boolean"
	jsonKindArray   = "array"
	jsonKindObject  = "object"
)
