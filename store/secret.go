package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

// NewID returns a random, URL-safe identifier of 128 bits (22 characters).
func NewID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand panics on the impossible)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// NewSecret returns a random secret of 192 bits (32 URL-safe characters) for a link, and the hash to
// store in its place.
func NewSecret() (secret string, hash []byte) {
	var b [24]byte
	rand.Read(b[:])
	secret = base64.RawURLEncoding.EncodeToString(b[:])
	return secret, Hash(secret)
}

// Hash is the stored form of a secret.
func Hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// SecretMatches compares a presented secret with a stored hash in constant time. An empty hash (a
// paper mandate has no revocation link) never matches.
func SecretMatches(secret string, hash []byte) bool {
	if len(hash) != sha256.Size {
		return false
	}
	h := Hash(secret)
	return subtle.ConstantTimeCompare(h, hash) == 1
}
