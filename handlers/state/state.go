// Package state seals the interview's state into a token that travels with the user: the procedure id
// and the case file, as JSON, flate-compressed, encrypted and authenticated with AES-256-GCM, then
// base64url-encoded. The server keeps nothing about individuals; the token is carried in the hidden
// form field « etat » and in the « ?etat= » query of the page after each redirect.
//
// Layout of a token (before base64url, no padding):
//
//	nonce (12 bytes) ‖ AES-256-GCM( version (1 byte) ‖ issued-at (8 bytes, Unix seconds, big endian) ‖
//	                                 flate( procedure id ‖ "\n" ‖ case JSON ) )
//
// with the additional data "saisine/etat/v1". Opening checks the tag, the version and the age, then
// reads the case back through letters.Decode, the same strict reader as an uploaded file.
package state

import (
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"saisine/letters"
)

// KeySize is the size of the sealing key: AES-256.
const KeySize = 32

// MaxTokenLen bounds the tokens Open accepts (and Seal produces): a URL this long still fits every
// browser and the server's header limit; a real case seals to a few kilobytes.
const MaxTokenLen = 48 << 10

// DefaultTTL is how long a token stays valid. Each step issues a fresh token, so the limit only bites a
// page left open (or a link kept) for longer; the downloaded case file has no age limit.
const DefaultTTL = 7 * 24 * time.Hour

const (
	formatVersion = 1
	headerLen     = 1 + 8
)

var aad = []byte("saisine/etat/v1")

// Errors of Open. Callers show the same page for both (resume from the downloaded file), worded a little
// differently.
var (
	// ErrExpired: the token was valid but is older than the TTL.
	ErrExpired = errors.New("state: token expired")
	// ErrInvalid: the token is malformed, tampered with, sealed with another key, or unreadable.
	ErrInvalid = errors.New("state: invalid token")
	// ErrTooLarge: the case is too large to travel in a URL.
	ErrTooLarge = errors.New("state: case too large for a token")
)

// State is what a token carries.
type State struct {
	Procedure string
	Case      *letters.Case
}

// Sealer seals and opens tokens with one key.
type Sealer struct {
	aead cipher.AEAD
	ttl  time.Duration
	now  func() time.Time
}

// NewSealer returns a Sealer for a 32-byte key. ttl ≤ 0 means DefaultTTL; now nil means time.Now.
func NewSealer(key []byte, ttl time.Duration, now func() time.Time) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("state: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Sealer{aead: aead, ttl: ttl, now: now}, nil
}

// Seal turns a state into a token.
func (s *Sealer) Seal(st State) (string, error) {
	if st.Case == nil {
		return "", errors.New("state: nil case")
	}
	if strings.ContainsAny(st.Procedure, "\n\r") {
		return "", errors.New("state: bad procedure id")
	}
	c := *st.Case
	if c.Version == 0 {
		c.Version = letters.Version
	}
	var body bytes.Buffer
	body.WriteString(st.Procedure)
	body.WriteByte('\n')
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return "", err
	}

	plain := make([]byte, headerLen, headerLen+body.Len()/2)
	plain[0] = formatVersion
	binary.BigEndian.PutUint64(plain[1:], uint64(s.now().Unix()))
	buf := bytes.NewBuffer(plain)
	zw, err := flate.NewWriter(buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(body.Bytes()); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}

	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+buf.Len()+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := s.aead.Seal(nonce, nonce, buf.Bytes(), aad)
	tok := base64.RawURLEncoding.EncodeToString(sealed)
	if len(tok) > MaxTokenLen {
		return "", ErrTooLarge
	}
	return tok, nil
}

// Open reads a token back. It returns ErrExpired for a genuine token past its TTL and ErrInvalid for
// anything else that is wrong; a case that does not decode is ErrInvalid too (it was sealed by this
// program, so it cannot happen without a bug or a changed format).
func (s *Sealer) Open(tok string) (State, error) {
	if tok == "" || len(tok) > MaxTokenLen {
		return State{}, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead()+headerLen {
		return State{}, ErrInvalid
	}
	nonce, ct := raw[:s.aead.NonceSize()], raw[s.aead.NonceSize():]
	plain, err := s.aead.Open(nil, nonce, ct, aad)
	if err != nil || len(plain) < headerLen || plain[0] != formatVersion {
		return State{}, ErrInvalid
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(plain[1:headerLen])), 0)
	now := s.now()
	if issued.After(now.Add(5 * time.Minute)) {
		return State{}, ErrInvalid
	}
	if now.Sub(issued) > s.ttl {
		return State{}, ErrExpired
	}
	zr := flate.NewReader(bytes.NewReader(plain[headerLen:]))
	defer zr.Close()
	body, err := io.ReadAll(io.LimitReader(zr, letters.MaxCaseFileSize+1))
	if err != nil || len(body) > letters.MaxCaseFileSize {
		return State{}, ErrInvalid
	}
	proc, js, ok := bytes.Cut(body, []byte("\n"))
	if !ok {
		return State{}, ErrInvalid
	}
	c, problems := letters.Decode(bytes.NewReader(js))
	if len(problems) > 0 {
		return State{}, ErrInvalid
	}
	return State{Procedure: string(proc), Case: c}, nil
}
