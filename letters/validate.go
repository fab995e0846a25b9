package letters

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Check validates a case (normally one returned by Decode, or passed through Normalize) and, with
// opts.Require, one procedure's needs. It returns every problem, at most one per JSON path (the most
// basic one: a missing value before a procedure's need for it), in document order, i.e. the order of
// the fields in the case-file format. A nil or empty result means the case is fit.
//
// Date rules, which other packages rely on:
//   - facts.acquired, facts.in_use_from, facts.in_use_until, facts.sources[].date, exhibits[].date and
//     sender.association.declared_on may be partial (YYYY or YYYY-MM): press articles often give no
//     more. prior_steps[].sent_on, received_on and answer_on must be full days, since deadlines are
//     computed from them; letter.date too.
//   - All of them are past events and may not start after opts.Today (a year or month containing
//     today is fine). facts.in_use_until included: while the software is in use, leave it empty.
//   - letter.date may be up to LetterDateMaxAhead days after today (a letter prepared for a later
//     posting); empty means "today".
//   - Orderings compare what the dates cover: in_use_from ≤ in_use_until, and for a prior step
//     sent_on ≤ received_on ≤ answer_on (sent_on ≤ answer_on when there is no received_on).
//
// Other decisions worth knowing:
//   - An empty enumerated fact (facts.aipd, facts.signage…) is allowed and means "not stated", like
//     "unknown"; an empty letter.sending means no mode is printed. sender.kind is required.
//   - Lengths count characters: person names, street and complement lines ≤ 38, and the line
//     "postal_code city" ≤ 38 (NF Z10-011); commune.name ≤ 100, commune.mayor.name ≤ 60, titles ≤ 300.
//   - A zero Version (a case built in code) is accepted; Encode writes it as 1.
func Check(c *Case, opts CheckOptions) []Problem {
	if c == nil {
		return []Problem{{Code: CodeEmpty}}
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	env := &checkEnv{today: DateOf(today), require: opts.Require}
	ctx := context.WithValue(context.Background(), checkEnvKey{}, env)

	var problems []Problem
	err := caseValidator().StructCtx(ctx, c)
	var verrs validator.ValidationErrors
	if errors.As(err, &verrs) {
		for _, fe := range verrs {
			problems = append(problems, fieldProblem(fe, env))
		}
	} else if err != nil {
		// Only an invalid argument (not a struct) makes the validator fail this way.
		panic("letters: Check: " + err.Error())
	}
	return orderProblems(problems)
}

// LetterDateMaxAhead is how many days after today a letter may be dated.
const LetterDateMaxAhead = 31

type checkEnvKey struct{}

type checkEnv struct {
	today   PartialDate
	require *Requirements
}

func envOf(ctx context.Context) *checkEnv {
	if e, ok := ctx.Value(checkEnvKey{}).(*checkEnv); ok {
		return e
	}
	return &checkEnv{today: DateOf(time.Now())}
}

var (
	validatorOnce sync.Once
	theValidator  *validator.Validate
)

// caseValidator builds the validator once: registration is not safe for concurrent use, validation is.
func caseValidator() *validator.Validate {
	validatorOnce.Do(func() {
		v := validator.New()
		// Namespaces in JSON names, so that errors carry the path the user sees in the file.
		v.RegisterTagNameFunc(jsonName)
		for tag, fn := range map[string]func(string) bool{
			"text":     func(s string) bool { return badRune(s, false) < 0 },
			"mtext":    func(s string) bool { return badRune(s, true) < 0 },
			"postcode": ValidPostalCode,
			"insee":    ValidINSEE,
			"mail":     ValidEmail,
			"phone":    ValidPhone,
			"rna":      ValidRNA,
			"siren":    ValidSIREN,
			"sha256":   ValidSHA256,
			"weburl":   ValidWebURL,
			"source":   func(s string) bool { return !looksLikeURL(s) || ValidWebURL(s) },
		} {
			mustRegister(v.RegisterValidation(tag, stringRule(fn)))
		}
		for tag, rule := range map[string]dateRule{
			"pdate": {partial: true},
			"fdate": {},
			"ldate": {aheadDays: LetterDateMaxAhead},
		} {
			mustRegister(v.RegisterValidationCtx(tag, rule.check))
		}
		v.RegisterStructValidationCtx(caseRules, Case{})
		v.RegisterStructValidation(senderRules, Sender{})
		v.RegisterStructValidation(communeRules, Commune{})
		v.RegisterStructValidation(letterRules, LetterOptions{})
		v.RegisterStructValidation(addressRules, Address{})
		v.RegisterStructValidation(factsRules, Facts{})
		v.RegisterStructValidation(priorStepRules, PriorStep{})
		theValidator = v
	})
	return theValidator
}

func mustRegister(err error) {
	if err != nil {
		panic("letters: " + err.Error())
	}
}

func stringRule(ok func(string) bool) validator.Func {
	return func(fl validator.FieldLevel) bool {
		return fl.Field().Kind() == reflect.String && ok(fl.Field().String())
	}
}

// badRune returns the byte index of the first character a field may not hold, or -1: control
// characters (line feed allowed in multi-line fields) and anything the letter fonts cannot draw.
func badRune(s string, multiline bool) int {
	for i, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if r == utf8.RuneError || !Printable(r) {
			return i
		}
	}
	return -1
}

type dateRule struct {
	partial   bool // YYYY and YYYY-MM accepted
	aheadDays int  // how far after today the date may start
}

func (d dateRule) check(ctx context.Context, fl validator.FieldLevel) bool {
	pd, err := ParseDate(fl.Field().String())
	if err != nil || (!d.partial && pd.Precision != PrecisionDay) {
		return false
	}
	limit := envOf(ctx).today.First().AddDate(0, 0, d.aheadDays)
	return !pd.First().After(limit)
}

// tagCodes lists, for every validator tag used on the case types, the codes its failure may become
// (the completeness test checks each has a French and an English message).
var tagCodes = map[string][]string{
	"required": {CodeRequired},
	"eq":       {CodeVersion},
	"oneof":    {CodeEnum},
	"unique":   {CodeDuplicate},
	"max":      {CodeTooLong},
	"gte":      {CodeNumberMin},
	"lte":      {CodeNumberMax},
	"text":     {CodeControlChar, CodeUnprintable},
	"mtext":    {CodeControlChar, CodeUnprintable},
	"postcode": {CodePostalCode},
	"insee":    {CodeINSEE, CodeINSEECorsica},
	"mail":     {CodeEmail},
	"phone":    {CodePhone},
	"rna":      {CodeRNA},
	"siren":    {CodeSIREN, CodeSIRENChecksum},
	"sha256":   {CodeSHA256},
	"weburl":   {CodeURL, CodeURLScheme},
	"source":   {CodeURL, CodeURLScheme},
	"pdate":    {CodeDate, CodeDateInvalid, CodeDateFuture},
	"fdate":    {CodeDateFull, CodeDateInvalid, CodeDateFuture},
	"ldate":    {CodeDateFull, CodeDateInvalid, CodeLetterDateFar},
}

// structLevelCodes are reported by the struct-level rules below, with their code as the validator tag
// and their arguments joined by argSep in the tag parameter.
var structLevelCodes = []string{CodeRequired, CodeRequiredForKind, CodeSignatoryRequired, CodeAssociationID,
	CodeAddressLineTooLong, CodeDateOrder, CodeProcedureSenderKind, CodeProcedureRequired}

const argSep = "\x1f"

// fieldProblem turns a validator error into a Problem. The validator's own (English) text is never
// used: each tag maps to codes of our catalogue, and the arguments are recomputed from the value.
func fieldProblem(fe validator.FieldError, env *checkEnv) Problem {
	path := strings.TrimPrefix(fe.Namespace(), "Case.")
	p := Problem{Path: path}
	s, _ := fe.Value().(string)
	switch tag := fe.Tag(); tag {
	case "eq":
		p.Code, p.Args = CodeVersion, []string{fmt.Sprint(fe.Value())}
	case "oneof":
		p.Code, p.Args = CodeEnum, append([]string{s}, strings.Fields(fe.Param())...)
	case "unique":
		p.Code = CodeDuplicate
		if list, ok := fe.Value().([]string); ok {
			p.Args = []string{firstDuplicate(list)}
		}
	case "max":
		p.Code, p.Args = CodeTooLong, []string{fe.Param(), strconv.Itoa(utf8.RuneCountInString(s))}
	case "gte":
		p.Code, p.Args = CodeNumberMin, []string{fe.Param()}
	case "lte":
		p.Code, p.Args = CodeNumberMax, []string{fe.Param()}
	case "text", "mtext":
		i := badRune(s, tag == "mtext")
		r, _ := utf8.DecodeRuneInString(s[max(i, 0):])
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			p.Code, p.Args = CodeControlChar, []string{codePoint(r)}
		} else {
			p.Code, p.Args = CodeUnprintable, []string{string(r), codePoint(r)}
		}
	case "postcode":
		p.Code, p.Args = CodePostalCode, []string{s}
	case "insee":
		p.Code, p.Args = CodeINSEE, []string{s}
		if isCorsicanPostcodeAsINSEE(s) {
			p.Code = CodeINSEECorsica
		}
	case "mail":
		p.Code, p.Args = CodeEmail, []string{s}
	case "phone":
		p.Code, p.Args = CodePhone, []string{s}
	case "rna":
		p.Code, p.Args = CodeRNA, []string{s}
	case "siren":
		p.Code, p.Args = CodeSIREN, []string{s}
		if len(s) == 9 && digits(s) {
			p.Code = CodeSIRENChecksum
		}
	case "sha256":
		p.Code, p.Args = CodeSHA256, []string{s}
	case "weburl", "source":
		p.Code, p.Args = CodeURL, []string{s}
		if _, scheme := webURL(s); scheme != "" {
			p.Code, p.Args = CodeURLScheme, []string{s, scheme}
		}
	case "pdate", "fdate", "ldate":
		p.Code, p.Args = dateProblem(tag, s, env.today)
	default:
		if slices.Contains(structLevelCodes, tag) {
			p.Code = tag
			if fe.Param() != "" {
				p.Args = strings.Split(fe.Param(), argSep)
			}
		} else {
			p.Code = CodeInvalid
		}
	}
	return p
}

func dateProblem(tag, s string, today PartialDate) (string, []string) {
	d, err := ParseDate(s)
	var de *DateError
	if errors.As(err, &de) {
		switch {
		case de.Reason == DateBadFormat && tag == "pdate":
			return CodeDate, []string{s}
		case de.Reason == DateBadFormat:
			return CodeDateFull, []string{s}
		case de.Reason == DateBadDay:
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[5:7])
			return CodeDateInvalid, []string{s, de.Reason, s[:7], strconv.Itoa(daysIn(y, time.Month(m)))}
		}
		return CodeDateInvalid, []string{s, de.Reason}
	}
	if tag != "pdate" && d.Precision != PrecisionDay {
		return CodeDateFull, []string{s}
	}
	if tag == "ldate" {
		return CodeLetterDateFar, []string{s, DateOf(today.First().AddDate(0, 0, LetterDateMaxAhead)).String()}
	}
	return CodeDateFuture, []string{s, today.String()}
}

func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

func firstDuplicate(list []string) string {
	seen := map[string]bool{}
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}

// report records a struct-level problem at path (relative to the struct being checked).
func report(sl validator.StructLevel, path string, value any, code string, args ...string) {
	sl.ReportError(value, path, path, code, strings.Join(args, argSep))
}

// caseRules holds the rules that span the sender and the signatories, and a procedure's requirements.
func caseRules(ctx context.Context, sl validator.StructLevel) {
	cv := sl.Current().Interface().(Case)
	c := &cv
	kind := c.Sender.Kind
	signing := kind == SenderCouncillors || kind == SenderAssociation
	if signing && len(c.Signatories) == 0 {
		report(sl, "signatories", c.Signatories, CodeSignatoryRequired, kind)
	}
	for i, s := range c.Signatories {
		at := "signatories[" + strconv.Itoa(i) + "]."
		if s.FirstName == "" {
			report(sl, at+"first_name", s.FirstName, CodeRequired)
		}
		if s.LastName == "" {
			report(sl, at+"last_name", s.LastName, CodeRequired)
		}
		if signing && s.Role == "" {
			report(sl, at+"role", s.Role, CodeRequiredForKind, kind)
		}
	}

	req := envOf(ctx).require
	if req == nil {
		return
	}
	if len(req.SenderKinds) > 0 && slices.Contains(Enumerations["sender.kind"], kind) &&
		!slices.Contains(req.SenderKinds, kind) {
		report(sl, "sender.kind", kind, CodeProcedureSenderKind,
			append([]string{req.Procedure, kind}, req.SenderKinds...)...)
	}
	for _, path := range req.Fields {
		v, ok := valueAt(reflect.ValueOf(c).Elem(), path)
		if !ok {
			// A requirement naming no field is a typo in a procedure's definition, not a user error:
			// fail loudly so that the procedure's own tests catch it.
			panic("letters: requirement on unknown path " + strconv.Quote(path))
		}
		if v.IsZero() || (v.Kind() == reflect.Slice && v.Len() == 0) {
			report(sl, path, v.Interface(), CodeProcedureRequired, req.Procedure)
		}
	}
}

// IsFieldPath reports whether path names a field of the case (JSON names, dot-separated, no list
// index), i.e. whether it may appear in Requirements.Fields.
func IsFieldPath(path string) bool {
	_, ok := valueAt(reflect.ValueOf(&Case{}).Elem(), path)
	return ok
}

// valueAt follows a dot-separated JSON path through structs. A nil pointer on the way yields the zero
// value of the field's type, i.e. "empty".
func valueAt(v reflect.Value, path string) (reflect.Value, bool) {
	for _, name := range strings.Split(path, ".") {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.New(v.Type().Elem()).Elem()
			} else {
				v = v.Elem()
			}
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		f, ok := jsonFields(v.Type())[name]
		if !ok {
			return reflect.Value{}, false
		}
		v = v.FieldByIndex(f.Index)
	}
	return v, true
}

func senderRules(sl validator.StructLevel) {
	s := sl.Current().Interface().(Sender)
	need := func(path, value string) {
		if value == "" {
			report(sl, path, value, CodeRequiredForKind, s.Kind)
		}
	}
	switch s.Kind {
	case SenderResident:
		need("first_name", s.FirstName)
		need("last_name", s.LastName)
		need("address.street", s.Address.Street)
		need("address.postal_code", s.Address.PostalCode)
		need("address.city", s.Address.City)
	case SenderCouncillors:
		need("organisation", s.Organisation)
	case SenderAssociation:
		need("organisation", s.Organisation)
		switch {
		case s.Association == nil:
			report(sl, "association", s.Association, CodeRequiredForKind, s.Kind)
		case s.Association.RNA == "" && s.Association.SIREN == "":
			report(sl, "association.rna", "", CodeAssociationID)
		}
	}
	if s.Kind != SenderResident {
		// A group or an association need not give an address, but half an address cannot be printed.
		a := s.Address
		if a.Street != "" || a.PostalCode != "" || a.City != "" {
			for _, f := range []struct{ path, value string }{
				{"address.street", a.Street}, {"address.postal_code", a.PostalCode}, {"address.city", a.City},
			} {
				if f.value == "" {
					report(sl, f.path, f.value, CodeRequired)
				}
			}
		}
	}
}

func communeRules(sl validator.StructLevel) {
	c := sl.Current().Interface().(Commune)
	// The letter is addressed to the mayor at the town hall: its address is never optional.
	for _, f := range []struct{ path, value string }{
		{"address.street", c.Address.Street}, {"address.postal_code", c.Address.PostalCode}, {"address.city", c.Address.City},
	} {
		if f.value == "" {
			report(sl, f.path, f.value, CodeRequired)
		}
	}
}

func letterRules(sl validator.StructLevel) {
	l := sl.Current().Interface().(LetterOptions)
	// A recipient's address, when given, is printed as is: it must be whole.
	if a := l.RecipientAddress; a != nil {
		for _, f := range []struct{ path, value string }{
			{"recipient_address.street", a.Street}, {"recipient_address.postal_code", a.PostalCode}, {"recipient_address.city", a.City},
		} {
			if f.value == "" {
				report(sl, f.path, f.value, CodeRequired)
			}
		}
	}
}

// maxAddressLine is the longest line of a postal address (NF Z10-011): longer ones are cut or
// refused by sorting machines.
const maxAddressLine = 38

func addressRules(sl validator.StructLevel) {
	a := sl.Current().Interface().(Address)
	if a.PostalCode == "" || a.City == "" {
		return
	}
	line := a.PostalCode + " " + a.City
	if n := utf8.RuneCountInString(line); n > maxAddressLine {
		report(sl, "city", a.City, CodeAddressLineTooLong, line, strconv.Itoa(n))
	}
}

func factsRules(sl validator.StructLevel) {
	f := sl.Current().Interface().(Facts)
	dateOrder(sl, "in_use_from", f.InUseFrom, "in_use_until", f.InUseUntil)
}

func priorStepRules(sl validator.StructLevel) {
	s := sl.Current().Interface().(PriorStep)
	dateOrder(sl, "sent_on", s.SentOn, "received_on", s.ReceivedOn)
	if s.ReceivedOn != "" {
		dateOrder(sl, "received_on", s.ReceivedOn, "answer_on", s.AnswerOn)
	} else {
		dateOrder(sl, "sent_on", s.SentOn, "answer_on", s.AnswerOn)
	}
}

// dateOrder reports the later field when it cannot follow the earlier one. Partial dates compare by
// what they cover: "2022-11" may precede "2022-11-15". Unparsable dates have their own problem.
func dateOrder(sl validator.StructLevel, earlierPath, earlier, laterPath, later string) {
	a, errA := ParseDate(earlier)
	b, errB := ParseDate(later)
	if errA != nil || errB != nil || a.IsZero() || b.IsZero() {
		return
	}
	if b.Last().Before(a.First()) {
		report(sl, laterPath, later, CodeDateOrder, later, earlierPath, earlier)
	}
}

// orderProblems sorts problems in document order and keeps the first problem of each path.
func orderProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int { return slices.Compare(pathOrder(a.Path), pathOrder(b.Path)) })
	return slices.CompactFunc(ps, func(a, b Problem) bool { return a.Path == b.Path })
}

// pathOrder is a sort key following the order of fields in the Case type, which is the order of the
// documented format; list indexes sort numerically.
func pathOrder(path string) []int {
	var key []int
	t := reflect.TypeFor[Case]()
	for _, seg := range splitPath(path) {
		if seg.index >= 0 {
			key = append(key, seg.index)
			if t != nil && t.Kind() == reflect.Slice {
				t = t.Elem()
			}
			continue
		}
		if t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil && t.Kind() == reflect.Slice {
			t = t.Elem() // a list element path given without its index
		}
		pos := 1 << 20 // unknown names after known ones
		var next reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := jsonFields(t)[seg.name]; ok {
				pos, next = f.Index[0], f.Type
			}
		}
		key = append(key, pos)
		t = next
	}
	return key
}

type pathSeg struct {
	name  string
	index int // -1 for a name
}

// splitPath cuts "prior_steps[0].sent_on" into prior_steps, [0], sent_on.
func splitPath(path string) []pathSeg {
	var segs []pathSeg
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			segs = append(segs, pathSeg{name: name, index: -1})
		}
		for rest != "" {
			num, after, _ := strings.Cut(rest, "]")
			n, err := strconv.Atoi(num)
			if err != nil {
				n = 0
			}
			segs = append(segs, pathSeg{index: n})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return segs
}
