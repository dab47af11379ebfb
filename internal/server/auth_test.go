package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/online"
)

const aliceSecret = "alice-secret-0123456789"

// newUnstarted builds a server that is not running: no listener, no
// applier, not ready. Tests drive its handler in-process.
func newUnstarted(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.DataDir == "" && cfg.NATS == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.Tokens == nil {
		cfg.Tokens = []string{token, "alice:" + aliceSecret}
	}
	cfg.NoSync = true
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s.j != nil {
			s.j.Close()
		}
	})
	return s
}

// serve runs one request through s's handler in-process.
func serve(s *Server, method, path, auth string, body []byte) (int, http.Header, map[string]any) {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	var m map[string]any
	json.Unmarshal(w.Body.Bytes(), &m)
	return w.Code, w.Header(), m
}

// TestAuthorizationForms: the Bearer scheme in any case, followed by one
// or more spaces; the secret alone is the credential, with or without a
// name configured for it.
func TestAuthorizationForms(t *testing.T) {
	s := newUnstarted(t, Config{})
	for _, c := range []struct {
		header string
		code   int
	}{
		{"Bearer " + token, 200},
		{"bearer " + token, 200},
		{"BEARER " + token, 200},
		{"bEaReR " + token, 200},
		{"Bearer    " + token, 200},
		{"Bearer " + aliceSecret, 200},
		{"Bearer alice:" + aliceSecret, 401}, // the name is the server's label, not part of the credential
		{"Bearer " + token + "x", 401},
		{"Bearer " + token[:len(token)-1], 401},
		{"Bearer", 401},
		{"Bearer ", 401},
		{"Bearer" + token, 401},
		{"Bearer\t" + token, 401},
		{"Bearer " + token + " extra", 401},
		{"Basic " + token, 401},
		{"Token " + token, 401},
		{token, 401},
		{"", 401},
	} {
		code, hdr, m := serve(s, "GET", "/v1/status", c.header, nil)
		if code != c.code {
			t.Errorf("Authorization %q: %d, want %d (%v)", c.header, code, c.code, m)
		}
		if code == 401 && (hdr.Get("Connection") != "close" || hdr.Get("WWW-Authenticate") == "") {
			t.Errorf("Authorization %q: 401 without Connection: close and WWW-Authenticate: %v", c.header, hdr)
		}
	}
}

// TestTokenRules: tokens shorter than 16 characters, duplicate names or
// secrets are refused at start, and the refusal never quotes a secret.
func TestTokenRules(t *testing.T) {
	for _, c := range []struct {
		tokens []string
		errHas string
	}{
		{nil, "no bearer token"},
		{[]string{"short-secret-15"}, "at least 16"},
		{[]string{"alice:short-secret-15"}, "at least 16"},
		{[]string{"alice:" + aliceSecret, "alice:other-secret-0123456"}, "both named alice"},
		{[]string{aliceSecret, "bob:" + aliceSecret}, "same secret"},
		{[]string{"bob:secret with spaces 0123"}, "space"},
	} {
		_, err := New(Config{DataDir: t.TempDir(), Tokens: c.tokens, NoSync: true})
		if err == nil || !strings.Contains(err.Error(), c.errHas) {
			t.Errorf("%q: error %v, want one saying %q", c.tokens, err, c.errHas)
			continue
		}
		for _, tok := range c.tokens {
			_, secret, _ := strings.Cut(tok, ":")
			if secret == "" {
				secret = tok
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error quotes a secret: %v", err)
			}
		}
	}
	creds, err := parseTokens([]string{"exactly-16-chars", "bob.ops_1:" + aliceSecret, "not a name:0123456789abcdef"})
	if err == nil {
		t.Fatalf("a token with spaces was accepted: %+v", creds)
	}
	creds, err = parseTokens([]string{"exactly-16-chars", "bob.ops_1:" + aliceSecret, "x:y:0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	want := []credential{{"token-1", []byte("exactly-16-chars")}, {"bob.ops_1", []byte(aliceSecret)}, {"x", []byte("y:0123456789abcdef")}}
	for i, c := range creds {
		if c.name != want[i].name || string(c.secret) != string(want[i].secret) {
			t.Errorf("token %d: %s %q, want %s %q", i+1, c.name, c.secret, want[i].name, want[i].secret)
		}
	}
}

// TestOperatorActorFromCredential: the audit log names the principal of
// the token, never what the body says; a body that says it is refused.
func TestOperatorActorFromCredential(t *testing.T) {
	_, url2 := startTokens(t, []string{token, "alice:" + aliceSecret})
	for _, c := range []struct {
		tok, actor string
	}{{aliceSecret, "alice"}, {token, "token-1"}} {
		code, m := do(t, "POST", url2+"/v1/decisions", c.tok, []byte(`{"account_id":"a-`+c.actor+`","action":"block","reason":"r","ttl_seconds":60}`))
		if code != 200 || m["actor"] != c.actor {
			t.Errorf("decision by %s: %d %v", c.actor, code, m)
		}
	}
	code, m := do(t, "POST", url2+"/v1/decisions", aliceSecret, []byte(`{"account_id":"a2","action":"block","reason":"r","ttl_seconds":60,"actor":"mallory"}`))
	if msg, _ := m["error"].(string); code != 400 || !strings.Contains(msg, "bearer token") {
		t.Errorf("a body naming its actor: %d %v", code, m)
	}
	_, audit := do(t, "GET", url2+"/v1/audit", token, nil)
	a, _ := audit["audit"].([]any)
	if len(a) != 2 || a[0].(map[string]any)["actor"] != "alice" || a[1].(map[string]any)["actor"] != "token-1" {
		t.Errorf("audit = %v", audit)
	}
}

// startTokens runs a server accepting tokens.
func startTokens(t *testing.T, tokens []string) (*Server, string) {
	t.Helper()
	s, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: tokens, MaxBody: 1 << 20, NoSync: true})
	return s, url
}

// TestOperatorDecisionValidation: every field an operator decision needs
// is checked, TTLs are whole seconds from 1 to 365 days, and numbers that
// do not fit are refused rather than wrapped.
func TestOperatorDecisionValidation(t *testing.T) {
	s, url := start(t, t.TempDir(), online.Options{})
	for _, c := range []struct {
		body   string
		code   int
		errHas string
	}{
		{`{"account_id":"a","reason":"r","ttl_seconds":60}`, 400, "action is required"},
		{`{"account_id":"a","action":null,"reason":"r","ttl_seconds":60}`, 400, "action is required"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":60,"actor":"alice"}`, 400, "actor is not accepted"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":18446744074}`, 400, "31536000"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":31536001}`, 400, "31536000"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":99999999999999999999999}`, 400, "ttl_seconds"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":0}`, 400, "ttl_seconds"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":-5}`, 400, "ttl_seconds"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":1.5}`, 400, "whole number"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":1e3}`, 400, "whole number"},
		{`{"account_id":"a","action":"block","reason":"r","expires_at":"9999-12-31T00:00:00Z"}`, 400, "365 days"},
		{`{"account_id":"a","action":"block","reason":"r","expires_at":"2001-01-01T00:00:00Z"}`, 400, "future"},
		{`{"account_id":"a","action":"block","reason":"r","expires_at":"9999-12-31"}`, 400, "expires_at"},
		{`{"account_id":"a","action":"block","reason":"r"}`, 400, "give ttl_seconds"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":60,"expires_at":"2099-01-01T00:00:00Z"}`, 400, "not both"},
		{`{"account_id":"a","action":"block","reason":"r","ttl_seconds":31536000}`, 200, ""},
		{`{"account_id":"b","action":"watch","reason":"r","expires_at":"` + time.Now().Add(300*24*time.Hour).UTC().Format(time.RFC3339) + `"}`, 200, ""},
	} {
		code, m := do(t, "POST", url+"/v1/decisions", token, []byte(c.body))
		msg, _ := m["error"].(string)
		if code != c.code || !strings.Contains(msg, c.errHas) {
			t.Errorf("%s: %d %v, want %d saying %q", c.body, code, m, c.code, c.errHas)
		}
	}
	for _, acct := range []string{"a", "b"} {
		ans := s.checkRequest(online.CheckRequest{AccountID: acct})
		if ans.Source != online.SourceOperator || ans.TTLSeconds < 1 || ans.TTLSeconds > online.MaxTTLSeconds {
			t.Errorf("check %s: %+v", acct, ans)
		}
	}
}

// TestOperatorDecisionNotInForce: a decision journaled but not applied is
// answered 503 with Retry-After and a message saying so, both while the
// journal is replayed and when the applier does not catch up in time.
func TestOperatorDecisionNotInForce(t *testing.T) {
	s := newUnstarted(t, Config{})
	body := []byte(`{"account_id":"a","action":"block","reason":"r","ttl_seconds":60}`)
	code, hdr, m := serve(s, "POST", "/v1/decisions", "Bearer "+token, body)
	if msg, _ := m["error"].(string); code != 503 || hdr.Get("Retry-After") == "" || !strings.Contains(msg, "journaled") || !strings.Contains(msg, "replaying") {
		t.Errorf("while replaying: %d %v %v", code, hdr, m)
	}
	if s.j.LastSeq() != 1 {
		t.Errorf("the decision was not journaled: last seq %d", s.j.LastSeq())
	}
	s.ready.Store(true) // as if replay were done, but the applier is stalled
	s.applyWait = 100 * time.Millisecond
	t0 := time.Now()
	code, hdr, m = serve(s, "POST", "/v1/decisions", "Bearer "+token, body)
	if msg, _ := m["error"].(string); code != 503 || hdr.Get("Retry-After") == "" || !strings.Contains(msg, "not applied within") {
		t.Errorf("applier stalled: %d %v %v", code, hdr, m)
	}
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("the answer took %s", took)
	}
}
