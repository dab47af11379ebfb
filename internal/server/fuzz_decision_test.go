package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/distillguard/distillguard/internal/online"
)

// FuzzOperatorDecision: any body of POST /v1/decisions is answered 400,
// or 200 with a decision of a valid action lasting 1 s to 365 days (and
// /v1/check then says no more), or 503 while not in force; nothing panics.
func FuzzOperatorDecision(f *testing.F) {
	for _, b := range []string{
		`{"account_id":"a","action":"block","reason":"r","ttl_seconds":60}`,
		`{"account_id":"a","action":"allow","reason":"r","ttl_seconds":31536000}`,
		`{"account_id":"a","action":"watch","reason":"r","expires_at":"2030-01-01T00:00:00Z"}`,
		`{"account_id":"a","action":"block","reason":"r","ttl_seconds":18446744074}`,
		`{"account_id":"a","action":"block","reason":"r","expires_at":"9999-12-31T00:00:00Z"}`,
		`{"account_id":"a","reason":"r","ttl_seconds":1e400}`,
		`{"account_id":"a","action":"throttle","reason":"r","ttl_seconds":"60","actor":"x"}`,
		`[]`, `null`, ``,
	} {
		f.Add([]byte(b))
	}
	s, _, _ := runServer(f, Config{Addr: "127.0.0.1:0", DataDir: f.TempDir(), Tokens: []string{token}, NoSync: true})
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/v1/decisions", bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		switch w.Code {
		case 400, 503:
			return
		case 200:
		default:
			t.Fatalf("answered %d: %s", w.Code, w.Body)
		}
		var d online.Decision
		if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
			t.Fatalf("200 with %s: %v", w.Body, err)
		}
		if ttl := d.Expires.Sub(d.At); d.Action > online.Block || d.Source != online.SourceOperator || ttl <= 0 || ttl > online.MaxDecisionTTL {
			t.Fatalf("accepted %s as %+v (lasting %s)", body, d, ttl)
		}
		ans := s.checkRequest(online.CheckRequest{AccountID: d.AccountID})
		if ans.TTLSeconds < 1 || ans.TTLSeconds > online.MaxTTLSeconds || ans.Action != d.Action {
			t.Fatalf("check after %s: %+v", body, ans)
		}
	})
}
