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
// reads the case back strictly: an unknown field, a wrong type, trailing data or another case-file
// version makes the token invalid. The tag proves that this program's Seal wrote the JSON, so the one
// pass of encoding/json is enough; letters.Decode's line-and-path diagnostics are for files people
// edit, and cost three passes over the JSON on every page of the interview.
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
	"sync"
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
	body := getBuffer()
	defer putBuffer(body)
	body.WriteString(st.Procedure)
	body.WriteByte('\n')
	enc := json.NewEncoder(body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return "", err
	}

	// BestSpeed takes half the CPU of BestCompression on a case (its fixed costs dominate a few
	// kilobytes) for a token about 5 % longer; a case that only fits the limit at BestCompression is
	// compressed again at that level.
	tok, err := s.seal(body.Bytes(), &fastCompressors)
	if errors.Is(err, ErrTooLarge) {
		tok, err = s.seal(body.Bytes(), &bestCompressors)
	}
	return tok, err
}

// seal compresses body with a writer from pool and lays out the token: nonce ‖ header ‖ compressed
// body ‖ tag, built in one buffer and sealed in place.
func (s *Sealer) seal(body []byte, pool *sync.Pool) (string, error) {
	ns := s.aead.NonceSize()
	buf := getBuffer()
	defer putBuffer(buf)
	buf.Grow(ns + headerLen + len(body)/2 + s.aead.Overhead())
	var head [headerLen]byte
	head[0] = formatVersion
	binary.BigEndian.PutUint64(head[1:], uint64(s.now().Unix()))
	buf.Write(make([]byte, ns))
	buf.Write(head[:])
	zw := pool.Get().(*flate.Writer)
	zw.Reset(buf)
	_, err := zw.Write(body)
	if err == nil {
		err = zw.Close()
	}
	zw.Reset(io.Discard) // the pool must not keep this request's buffer
	pool.Put(zw)
	if err != nil {
		return "", err
	}

	buf.Grow(s.aead.Overhead()) // room for the tag, so that Seal works in place
	out := buf.Bytes()
	nonce := out[:ns]
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := s.aead.Seal(out[ns:ns], nonce, out[ns:], aad)
	out = out[:ns+len(sealed)]
	if base64.RawURLEncoding.EncodedLen(len(out)) > MaxTokenLen {
		return "", ErrTooLarge
	}
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// Flate writers are pooled: a new one allocates up to 1 MB of tables (BestCompression), which was most
// of what a step's POST allocated.
var (
	fastCompressors = sync.Pool{New: func() any { return newCompressor(flate.BestSpeed) }}
	bestCompressors = sync.Pool{New: func() any { return newCompressor(flate.BestCompression) }}
)

func newCompressor(level int) *flate.Writer {
	zw, err := flate.NewWriter(io.Discard, level)
	if err != nil {
		panic(err) // only for a bad level
	}
	return zw
}

// decompressors are flate readers (a 32 KiB window each).
var decompressors = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns b to the pool unless it grew past what a usual case needs: one huge case must not
// pin its memory for good.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 64<<10 {
		return
	}
	b.Reset()
	buffers.Put(b)
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
	plain, err := s.aead.Open(ct[:0], nonce, ct, aad)
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
	body := getBuffer()
	defer putBuffer(body)
	zr := decompressors.Get().(io.ReadCloser)
	defer decompressors.Put(zr)
	if err := zr.(flate.Resetter).Reset(bytes.NewReader(plain[headerLen:]), nil); err != nil {
		return State{}, ErrInvalid
	}
	_, err = body.ReadFrom(io.LimitReader(zr, letters.MaxCaseFileSize+1))
	zr.(flate.Resetter).Reset(bytes.NewReader(nil), nil) // the pool must not keep this request's data
	if err != nil || body.Len() > letters.MaxCaseFileSize {
		return State{}, ErrInvalid
	}
	proc, js, ok := bytes.Cut(body.Bytes(), []byte("\n"))
	if !ok {
		return State{}, ErrInvalid
	}
	c, ok := decodeCase(js)
	if !ok {
		return State{}, ErrInvalid
	}
	return State{Procedure: string(proc), Case: c}, nil
}

// decodeCase reads the case JSON that Seal wrote: one value of the current case-file version, no
// unknown field, nothing after it; then letters.Normalize, as letters.Decode does.
func decodeCase(js []byte) (*letters.Case, bool) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	c := new(letters.Case)
	if err := dec.Decode(c); err != nil || c.Version != letters.Version {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	letters.Normalize(c)
	return c, true
}
