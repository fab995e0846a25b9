package store

import (
	"fmt"
	"strings"
)

// DefaultRetentionDays is the retention a campaign gets when created or updated with RetentionDays 0:
// a zero left by mistake must not purge the mandates the day the campaign closes.
const DefaultRetentionDays = 183

// DuplicateError is the error of an import that repeats e-mails. errors.Is(err, ErrDuplicate) holds;
// errors.As gives every e-mail at fault, so the page can name them all at once.
type DuplicateError struct {
	// Repeated are e-mails given more than once in the import, as first given.
	Repeated []string
	// Existing are e-mails of the import already in the campaign, as given in the import.
	Existing []string
}

func (e *DuplicateError) Error() string {
	var b strings.Builder
	b.WriteString(ErrDuplicate.Error())
	list := func(what string, emails []string) {
		if len(emails) == 0 {
			return
		}
		const shown = 5
		fmt.Fprintf(&b, "; %s: %s", what, strings.Join(emails[:min(len(emails), shown)], ", "))
		if len(emails) > shown {
			fmt.Fprintf(&b, " and %d more", len(emails)-shown)
		}
	}
	list("given twice in the import", e.Repeated)
	list("already in the campaign", e.Existing)
	return b.String()
}

// Is makes errors.Is(err, ErrDuplicate) hold.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }
