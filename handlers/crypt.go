package handlers

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"

	"saisine/letters"
)

// Passphrase-protected case files are age files (age-encryption.org/v1) with a single scrypt
// recipient: the person can open them with the age tool too, without saisine. The CLI reads them with
// the same functions, so the rules below hold for both.

const (
	// MinPassphraseRunes is the shortest passphrase accepted for a new file: the file leaves the
	// person's hands (e-mail, cloud drive), and offline guessing is only as slow as scrypt makes it.
	MinPassphraseRunes = 12
	// MaxPassphraseBytes bounds what is handed to scrypt; no one types more.
	MaxPassphraseBytes = 1024
	// MaxScryptWorkFactor is the largest scrypt work factor (log2 N) accepted when decrypting. age
	// encrypts at 18 (256 MiB and about a second); a file asking for more could make the server spend
	// gigabytes and minutes on one upload, so it is refused before any scrypt work.
	MaxScryptWorkFactor = 18
	// MaxEncryptedCaseFileSize is the largest encrypted case file read: a case file at its limit plus
	// age's header and its 16 bytes per 64 KiB chunk.
	MaxEncryptedCaseFileSize = letters.MaxCaseFileSize + 4096
)

// Errors of the case-file encryption.
var (
	ErrWrongPassphrase      = errors.New("wrong passphrase")
	ErrNotPassphraseFile    = errors.New("the file is encrypted, but not with a passphrase")
	ErrWorkFactorTooLarge   = errors.New("the file's scrypt work factor is larger than allowed")
	ErrEncryptedTooLarge    = errors.New("the encrypted file is too large")
	ErrEncryptedDamaged     = errors.New("the encrypted file is damaged")
	errPassphraseTooShort   = errors.New("passphrase too short")
	errPassphraseTooLong    = errors.New("passphrase too long")
	errPassphraseNotUTF8    = errors.New("passphrase is not valid UTF-8")
	scryptWorkFactorPattern = regexp.MustCompile(`^[1-9][0-9]?$`)
)

const ageMagic = "age-encryption.org/v1\n"

// IsEncryptedCaseFile reports whether data starts like an age file, binary or armored (PEM-like).
func IsEncryptedCaseFile(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return bytes.HasPrefix(data, []byte(ageMagic)) || bytes.HasPrefix(t, []byte(armor.Header))
}

// scryptSlots bounds the scrypt derivations running at once: each takes 256 MiB at age's work factor,
// and the routes that run them have no rate limit of their own.
var scryptSlots = make(chan struct{}, 2)

func withScryptSlot(ctx context.Context, f func() error) error {
	select {
	case scryptSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-scryptSlots }()
	return f()
}

// checkPassphrase applies the rules for a new passphrase.
func checkPassphrase(p string) error {
	switch {
	case !utf8.ValidString(p):
		return errPassphraseNotUTF8
	case len(p) > MaxPassphraseBytes:
		return errPassphraseTooLong
	case utf8.RuneCountInString(p) < MinPassphraseRunes:
		return errPassphraseTooShort
	}
	return nil
}

// EncryptCaseFile encrypts a case file with a passphrase (scrypt at logN, or age's default when logN is
// zero).
func EncryptCaseFile(ctx context.Context, plain []byte, passphrase string, logN int) ([]byte, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	if logN > 0 {
		r.SetWorkFactor(logN)
	}
	var out bytes.Buffer
	err = withScryptSlot(ctx, func() error {
		w, err := age.Encrypt(&out, r)
		if err != nil {
			return err
		}
		if _, err := w.Write(plain); err != nil {
			return err
		}
		return w.Close()
	})
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// PrepareEncryptedCaseFile turns an uploaded encrypted case file into its binary form (removing the
// armor if any) and checks, before any scrypt work, that it is within the size limit and encrypted to
// one passphrase with an acceptable work factor.
func PrepareEncryptedCaseFile(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(ageMagic)) {
		b, err := io.ReadAll(io.LimitReader(armor.NewReader(bytes.NewReader(bytes.TrimLeft(data, " \t\r\n"))), MaxEncryptedCaseFileSize+1))
		if err != nil {
			return nil, ErrEncryptedDamaged
		}
		data = b
	}
	if len(data) > MaxEncryptedCaseFileSize {
		return nil, ErrEncryptedTooLarge
	}
	hdr, err := age.ExtractHeader(bytes.NewReader(data))
	if err != nil {
		return nil, ErrEncryptedDamaged
	}
	var stanzas [][]string
	sc := bufio.NewScanner(bytes.NewReader(hdr))
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "-> "); ok {
			stanzas = append(stanzas, strings.Split(line, " "))
		}
	}
	if len(stanzas) != 1 || stanzas[0][0] != "scrypt" {
		return nil, ErrNotPassphraseFile
	}
	if len(stanzas[0]) != 3 || !scryptWorkFactorPattern.MatchString(stanzas[0][2]) {
		return nil, ErrEncryptedDamaged
	}
	if n, _ := strconv.Atoi(stanzas[0][2]); n > MaxScryptWorkFactor {
		return nil, ErrWorkFactorTooLarge
	}
	return data, nil
}

// DecryptCaseFile decrypts an encrypted case file (binary or armored) with its passphrase. The result
// is at most letters.MaxCaseFileSize+1 bytes: letters.Decode then says the file is too large.
func DecryptCaseFile(ctx context.Context, data []byte, passphrase string) ([]byte, error) {
	data, err := PrepareEncryptedCaseFile(data)
	if err != nil {
		return nil, err
	}
	if passphrase == "" || len(passphrase) > MaxPassphraseBytes {
		return nil, ErrWrongPassphrase
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	// The header was checked above; age checks again, so a file cannot slip past with a second look.
	id.SetMaxWorkFactor(MaxScryptWorkFactor)
	var plain []byte
	err = withScryptSlot(ctx, func() error {
		r, err := age.Decrypt(bytes.NewReader(data), id)
		if err != nil {
			var noMatch *age.NoIdentityMatchError
			if errors.As(err, &noMatch) || errors.Is(err, age.ErrIncorrectIdentity) {
				return ErrWrongPassphrase
			}
			return ErrEncryptedDamaged
		}
		plain, err = io.ReadAll(io.LimitReader(r, letters.MaxCaseFileSize+1))
		if err != nil {
			return ErrEncryptedDamaged
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return plain, nil
}
