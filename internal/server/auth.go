package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// MinTokenLen is the shortest bearer token New accepts.
const MinTokenLen = 16

// credential is one accepted bearer token and the principal it stands for.
type credential struct {
	name   string // audited as the actor of what the token does
	secret []byte
}

// principalName is what NAME:SECRET may name a token.
var principalName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// parseTokens reads the configured tokens: "NAME:SECRET" names the
// principal; any other entry is a secret whose principal is token-N, N its
// 1-based position. Errors never quote a secret.
func parseTokens(tokens []string) ([]credential, error) {
	if len(tokens) == 0 {
		return nil, errors.New("no bearer token: set --token or DISTILLGUARD_TOKEN; every /v1/ request must carry it")
	}
	creds := make([]credential, 0, len(tokens))
	names := map[string]int{}
	secrets := map[string]int{}
	for i, t := range tokens {
		c := credential{name: fmt.Sprintf("token-%d", i+1), secret: []byte(t)}
		if name, secret, ok := strings.Cut(t, ":"); ok && principalName.MatchString(name) {
			c.name, c.secret = name, []byte(secret)
		}
		if len(c.secret) < MinTokenLen {
			return nil, fmt.Errorf("bearer token %d (%s) has %d characters: a token must be at least %d (e.g. openssl rand -hex 16)", i+1, c.name, len(c.secret), MinTokenLen)
		}
		for _, b := range c.secret {
			if b <= ' ' || b >= 0x7f {
				return nil, fmt.Errorf("bearer token %d (%s) has a space, control or non-ASCII character: a client could not send it in an Authorization header", i+1, c.name)
			}
		}
		if j, dup := names[c.name]; dup {
			return nil, fmt.Errorf("bearer tokens %d and %d are both named %s: name each principal once", j, i+1, c.name)
		}
		if j, dup := secrets[string(c.secret)]; dup {
			return nil, fmt.Errorf("bearer tokens %d and %d have the same secret: the audit log could not tell their principals apart", j, i+1)
		}
		names[c.name], secrets[string(c.secret)] = i+1, i+1
		creds = append(creds, c)
	}
	return creds, nil
}

// bearerToken extracts the credentials of an Authorization header of the
// Bearer scheme, which RFC 7235 makes case-insensitive and separates from
// the token by one or more spaces.
func bearerToken(h string) (string, bool) {
	const scheme = "bearer"
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) || h[len(scheme)] != ' ' {
		return "", false
	}
	tok := strings.TrimLeft(h[len(scheme):], " ")
	if tok == "" || strings.ContainsAny(tok, " \t") {
		return "", false
	}
	return tok, true
}

// authenticate returns the principal whose token the request carries,
// comparing against every configured token in constant time.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	tok, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return "", false
	}
	found := -1
	for i, c := range s.creds {
		if subtle.ConstantTimeCompare([]byte(tok), c.secret) == 1 {
			found = i
		}
	}
	if found < 0 {
		return "", false
	}
	return s.creds[found].name, true
}

type principalKey struct{}

// withPrincipal records who is authenticated on the request.
func withPrincipal(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, principalKey{}, name)
}

// principal is the name of the token the request was authenticated with
// ("" outside /v1/).
func principal(ctx context.Context) string {
	name, _ := ctx.Value(principalKey{}).(string)
	return name
}

// requireToken lets through only requests carrying a configured token, with
// its principal in the context. Any other gets 401 at once, its body
// unread, and its connection closed: a client without a token may not
// hold a connection open by trickling a body.
func (s *Server) requireToken(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="distillguard"`)
			refuse(w, http.StatusUnauthorized, 0, "missing or wrong bearer token: send Authorization: Bearer <token>")
			return
		}
		h.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), name)))
	})
}
