package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/online"
)

const token = "test-token-0123456789"

// start runs a server on a loopback port and stops it at cleanup.
func start(t *testing.T, dir string, opt online.Options) (*Server, string) {
	s, url, _ := startStop(t, dir, opt)
	return s, url
}

// startStop runs a server and returns the function that stops it.
func startStop(t *testing.T, dir string, opt online.Options) (*Server, string, func()) {
	t.Helper()
	s, url, stop := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: dir, Tokens: []string{token}, MaxBody: 1 << 20, Engine: opt, NoSync: true})
	return s, url, func() { stop(false) }
}

// runServer starts cfg, waits until it is ready, and returns it with a
// function that stops it the way SIGTERM would, and reports Run's error;
// abrupt = true closes its NATS connection first, as a crash would, so its
// leases are left to expire and its error is expected. It also stops at
// cleanup.
func runServer(t testing.TB, cfg Config) (*Server, string, func(abrupt bool)) {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stopped := false
	stop := func(abrupt bool) {
		if stopped {
			return
		}
		stopped = true
		if abrupt && s.nc != nil {
			s.nc.Close()
		}
		cancel()
		if err := <-done; err != nil && !abrupt {
			t.Errorf("Run: %v", err)
		}
	}
	t.Cleanup(func() { stop(false) })
	for i := 0; !s.ready.Load(); i++ {
		if i > 500 {
			t.Fatal("server not ready")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s, "http://" + s.Addr(), stop
}

func do(t *testing.T, method, url, tok string, body []byte, hdr ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %s", method, url, b)
		}
	}
	return resp.StatusCode, m
}

func exchangeLines(n int, acct string, start time.Time) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"ts":"%s","account_id":"%s","ip":"198.51.100.%d","model":"m1","input_tokens":10,"output_tokens":20}`+"\n",
			start.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), acct, i%200+1)
	}
	return b.Bytes()
}

// TestIngestRefusals: every refused request answers 4xx with a reason and
// leaves the journal as it was.
func TestIngestRefusals(t *testing.T) {
	s, url := start(t, t.TempDir(), online.Options{})
	good := exchangeLines(3, "acct_a", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	big := exchangeLines(20000, "acct_b", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	bad := append(append([]byte{}, good...), []byte("{\"ts\":\"2026-05-01T00:00:00Z\"}\nnot json\n")...)
	cases := []struct {
		name, path, tok string
		body            []byte
		hdr             []string
		code            int
		errHas          string
	}{
		{"no token", "/v1/exchanges", "", good, nil, 401, "bearer token"},
		{"wrong token", "/v1/exchanges", "wrong-token-1", good, nil, 401, "bearer token"},
		{"no token on operator write", "/v1/decisions", "", []byte(`{"account_id":"a","action":"block","reason":"x","ttl_seconds":60}`), nil, 401, "bearer"},
		{"oversized", "/v1/exchanges", token, big, nil, 413, "smaller batches"},
		{"malformed lines", "/v1/exchanges", token, bad, nil, 400, "2 of 5 lines are malformed"},
		{"empty", "/v1/exchanges", token, []byte("\n\n"), nil, 400, "no exchanges"},
		{"broken array", "/v1/accounts", token, []byte(`[{"account_id":"a"},`), nil, 400, "not a JSON array"},
		{"account without id", "/v1/accounts", token, []byte(`{"country":"FR"}`), nil, 400, "malformed"},
		{"unknown encoding", "/v1/exchanges", token, good, []string{"Content-Encoding", "br"}, 415, "gzip or zstd"},
		{"not zstd", "/v1/exchanges", token, good, []string{"Content-Encoding", "zstd"}, 400, ""},
		{"operator without reason", "/v1/decisions", token, []byte(`{"account_id":"a","action":"block","ttl_seconds":60}`), nil, 400, "reason is required"},
		{"operator control character", "/v1/decisions", token, []byte(`{"account_id":"a\u0000","action":"block","reason":"x","ttl_seconds":60}`), nil, 400, "control character"},
		{"check control character", "/v1/check", token, []byte(`{"account_id":"a\nb"}`), nil, 400, "control character"},
		{"check account id too long", "/v1/check", token, []byte(`{"account_id":"` + strings.Repeat("x", 300) + `"}`), nil, 400, "the limit is 256"},
		{"operator bad action", "/v1/decisions", token, []byte(`{"account_id":"a","action":"ban","reason":"x","ttl_seconds":60}`), nil, 400, "unknown action"},
		{"check without account", "/v1/check", token, []byte(`{"ip":"1.2.3.4"}`), nil, 400, "account_id is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.j.LastSeq()
			code, m := do(t, "POST", url+c.path, c.tok, c.body, c.hdr...)
			if code != c.code {
				t.Fatalf("status %d, want %d (%v)", code, c.code, m)
			}
			if msg, _ := m["error"].(string); !strings.Contains(msg, c.errHas) || msg == "" {
				t.Errorf("error %q does not say %q", msg, c.errHas)
			}
			if s.j.LastSeq() != before {
				t.Errorf("a refused request changed the journal")
			}
		})
	}
	// The malformed-lines answer names each bad line.
	_, m := do(t, "POST", url+"/v1/exchanges", token, bad)
	probs, _ := m["problems"].([]any)
	if len(probs) != 2 || probs[0].(map[string]any)["line"].(float64) != 4 || probs[1].(map[string]any)["line"].(float64) != 5 {
		t.Errorf("problems = %v, want lines 4 and 5", probs)
	}
}

// TestIngestFormsAndStatus: JSON Lines, a JSON array and a zstd body are
// all acknowledged with a seq and applied.
func TestIngestFormsAndStatus(t *testing.T) {
	s, url := start(t, t.TempDir(), online.Options{})
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	lines := exchangeLines(10, "acct_a", t0)
	var arr bytes.Buffer
	arr.WriteString("[")
	for i, l := range bytes.Split(bytes.TrimSpace(exchangeLines(5, "acct_b", t0)), []byte("\n")) {
		if i > 0 {
			arr.WriteString(",\n")
		}
		arr.Write(l)
	}
	arr.WriteString("]")
	zw, _ := zstd.NewWriter(nil)
	z := zw.EncodeAll(exchangeLines(7, "acct_c", t0), nil)
	for i, c := range []struct {
		body []byte
		hdr  []string
		n    float64
	}{{lines, nil, 10}, {arr.Bytes(), nil, 5}, {z, []string{"Content-Encoding", "zstd"}, 7}} {
		code, m := do(t, "POST", url+"/v1/exchanges", token, c.body, c.hdr...)
		if code != 200 || m["accepted"].(float64) != c.n || m["seq"].(float64) != float64(i+1) {
			t.Fatalf("batch %d: %d %v", i, code, m)
		}
	}
	waitApplied(t, s, 3)
	_, st := do(t, "GET", url+"/v1/status", token, nil)
	if st["exchanges"].(float64) != 22 || st["accounts"].(float64) != 3 || st["applied_seq"].(float64) != 3 {
		t.Errorf("status = %v", st)
	}
	code, acct := do(t, "GET", url+"/v1/accounts/acct_b", token, nil)
	if code != 200 || acct["exchanges"].(float64) != 5 {
		t.Errorf("account view: %d %v", code, acct)
	}
	if code, _ := do(t, "GET", url+"/v1/accounts/nobody", token, nil); code != 404 {
		t.Errorf("unknown account: %d", code)
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := do(t, "GET", url+p, "", nil); code != 200 {
			t.Errorf("%s: %d without a token", p, code)
		}
	}
}

func waitApplied(t *testing.T, s *Server, seq uint64) {
	t.Helper()
	for i := 0; s.applied() < seq; i++ {
		if i > 1000 {
			t.Fatalf("applied %d, want %d", s.applied(), seq)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestOperatorDecisionSurvivesRestart: an operator's block is in force at
// once, is in the feed and the audit log, and is still there after a
// restart that replays the journal.
func TestOperatorDecisionSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	_, url, stop := startStop(t, dir, online.Options{})
	body := `{"account_id":"acct_x","action":"block","reason":"chargeback fraud, ticket 9","ttl_seconds":3600}`
	code, m := do(t, "POST", url+"/v1/decisions", token, []byte(body))
	if code != 200 || m["action"] != "block" || m["source"] != "operator" {
		t.Fatalf("%d %v", code, m)
	}
	stop()

	_, url, stop = startStop(t, dir, online.Options{})
	defer stop()
	_, chk := do(t, "POST", url+"/v1/check", token, []byte(`{"account_id":"acct_x"}`))
	if chk["action"] != "block" || chk["source"] != "operator" || chk["ttl_seconds"].(float64) > 3600 || chk["ttl_seconds"].(float64) < 3500 {
		t.Errorf("check after restart = %v", chk)
	}
	_, feed := do(t, "GET", url+"/v1/decisions?since=0", token, nil)
	ds := feed["decisions"].([]any)
	if len(ds) != 1 || ds[0].(map[string]any)["account_id"] != "acct_x" || feed["next"].(float64) != 1 {
		t.Errorf("feed = %v", feed)
	}
	_, audit := do(t, "GET", url+"/v1/audit", token, nil)
	a := audit["audit"].([]any)
	if len(a) != 1 || a[0].(map[string]any)["actor"] != "token-1" {
		t.Errorf("audit = %v", audit)
	}
	// An operator allow lifts it: the feed says allow, check says allow.
	do(t, "POST", url+"/v1/decisions", token, []byte(`{"account_id":"acct_x","action":"allow","reason":"refund settled","ttl_seconds":60}`))
	_, chk = do(t, "POST", url+"/v1/check", token, []byte(`{"account_id":"acct_x"}`))
	if chk["action"] != "allow" {
		t.Errorf("check after allow = %v", chk)
	}
	_, feed = do(t, "GET", url+"/v1/decisions?since=1", token, nil)
	if ds := feed["decisions"].([]any); len(ds) != 1 || ds[0].(map[string]any)["action"] != "allow" {
		t.Errorf("feed after allow = %v", feed)
	}
}

// TestDecisionStream: a gateway following the stream sees the existing
// decisions, then a new one as it is made.
func TestDecisionStream(t *testing.T) {
	_, url := start(t, t.TempDir(), online.Options{})
	do(t, "POST", url+"/v1/decisions", token, []byte(`{"account_id":"acct_1","action":"block","reason":"r","ttl_seconds":60}`))
	resp := openStream(t, url)
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	var d online.Decision
	if err := dec.Decode(&d); err != nil || d.AccountID != "acct_1" || d.Seq != 1 {
		t.Fatalf("first line: %v %+v", err, d)
	}
	do(t, "POST", url+"/v1/decisions", token, []byte(`{"account_id":"acct_2","action":"throttle","reason":"r","ttl_seconds":60}`))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := dec.Decode(&d); err != nil || d.AccountID != "acct_2" || d.Action != online.Throttle || d.Seq != 2 {
			t.Errorf("streamed: %v %+v", err, d)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the new decision was not streamed")
	}
}

// openStream opens the decision stream from the start.
func openStream(t *testing.T, url string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/v1/decisions/stream?since=0", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
