package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/simulate"
)

// TestRoundNow: POST /v1/rounds needs a token, takes no body, runs a round
// at once on everything acknowledged, and answers the round, its time and
// the campaign count GET /v1/campaigns then lists.
func TestRoundNow(t *testing.T) {
	dir := t.TempDir()
	_, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 5,
		NoText: true, Compress: "none", OutDir: dir,
		Start: time.Date(2026, 4, 19, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 22, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// A round a week of data time away: only a requested one runs.
	s, url := start(t, t.TempDir(), online.Options{DataClock: true, Every: 7 * 24 * time.Hour})
	if code, m := do(t, "POST", url+"/v1/rounds", token, nil); code != 200 || m["round"].(float64) != 0 || m["campaigns"].(float64) != 0 || m["at"] != nil {
		t.Fatalf("a round with nothing applied: %d %v", code, m)
	}
	var seq uint64 // of the last batch
	for _, name := range []string{simulate.ModelsFile, simulate.AccountsFile, simulate.ExchangesFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.SplitAfter(b, []byte("\n"))
		for i := 0; i < len(lines); i += 1000 {
			body := bytes.Join(lines[i:min(i+1000, len(lines))], nil)
			if len(bytes.TrimSpace(body)) == 0 {
				continue
			}
			code, m := do(t, "POST", url+"/v1/"+strings.TrimSuffix(name, ".jsonl"), token, body)
			if code != 200 {
				t.Fatalf("POST %s: %d %v", name, code, m)
			}
			seq = uint64(m["seq"].(float64))
		}
	}
	// No wait for the applier here: the round waits for it.

	cases := []struct {
		name   string
		method string
		tok    string
		body   []byte
		code   int
	}{
		{name: "no token", method: "POST", code: 401},
		{name: "wrong token", method: "POST", tok: "wrong-token-0123456789", code: 401},
		{name: "GET", method: "GET", tok: token, code: 405},
		{name: "a body over the bound", method: "POST", tok: token, body: bytes.Repeat([]byte(" "), maxRoundBody+1), code: 413},
		{name: "ok", method: "POST", tok: token, code: 200},
		{name: "ok with {}", method: "POST", tok: token, body: []byte("{}"), code: 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.engine().Rounds()
			code, m := do(t, tc.method, url+"/v1/rounds", tc.tok, tc.body)
			if code != tc.code {
				t.Fatalf("%d %v, want %d", code, m, tc.code)
			}
			if code != 200 {
				if got := s.engine().Rounds(); got != before {
					t.Errorf("a refused request ran a round: %d → %d", before, got)
				}
				return
			}
			if got := uint64(m["round"].(float64)); got != before+1 {
				t.Errorf("round %v, want %d", m["round"], before+1)
			}
			at, err := time.Parse(time.RFC3339, m["at"].(string))
			if err != nil || !at.Equal(s.engine().Now().Truncate(time.Second)) {
				t.Errorf("at %v (%v), want the data clock %s", m["at"], err, s.engine().Now())
			}
			_, doc := do(t, "GET", url+"/v1/campaigns", token, nil)
			camps := doc["campaigns"].([]any)
			if int(m["campaigns"].(float64)) != len(camps) || len(camps) == 0 {
				t.Errorf("%v campaigns answered, GET /v1/campaigns lists %d (want some)", m["campaigns"], len(camps))
			}
			_, st := do(t, "GET", url+"/v1/status", token, nil)
			if uint64(st["applied_seq"].(float64)) != seq || st["exchanges"].(float64) == 0 {
				t.Errorf("the round ran before the batches were applied: %v", st)
			}
		})
	}

	// A cluster worker that does not lead forms no campaigns: it answers
	// as GET /v1/campaigns does.
	eng := s.engine()
	s.eng.Store(nil)
	defer s.eng.Store(eng)
	code, m := do(t, "POST", url+"/v1/rounds", token, nil)
	_, cm := do(t, "GET", url+"/v1/campaigns", token, nil)
	if code != 503 || !strings.Contains(m["error"].(string), "does not form campaigns") || m["error"] != cm["error"] {
		t.Errorf("not forming: %d %v (GET /v1/campaigns: %v)", code, m, cm)
	}
}
