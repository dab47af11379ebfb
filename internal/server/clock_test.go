package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/journal"
	"github.com/distillguard/distillguard/internal/online"
)

// TestIngestRefusesFutureAndNewAccountsWhenFull: a line dated past this
// server's clock is refused with its line number, and once the engine
// tracks its maximum of accounts a batch that adds one is refused while
// batches of known accounts are still taken.
func TestIngestRefusesFutureAndNewAccountsWhenFull(t *testing.T) {
	s, url := start(t, t.TempDir(), online.Options{MaxAccounts: 2})
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	future := append(exchangeLines(2, "acct_a", t0), exchangeLines(1, "acct_a", time.Now().Add(3*time.Hour))...)
	code, m := do(t, "POST", url+"/v1/exchanges", token, future)
	if msg, _ := m["error"].(string); code != 400 || !strings.Contains(fmt.Sprint(m["problems"]), "fix the sender's clock") {
		t.Fatalf("future-dated line: %d %s %v", code, msg, m["problems"])
	}
	if probs := m["problems"].([]any); len(probs) != 1 || probs[0].(map[string]any)["line"].(float64) != 3 {
		t.Errorf("problems %v, want line 3 alone", probs)
	}
	for i, acct := range []string{"acct_a", "acct_b"} {
		if code, m := do(t, "POST", url+"/v1/exchanges", token, exchangeLines(3, acct, t0)); code != 200 {
			t.Fatalf("batch %d: %d %v", i, code, m)
		}
	}
	waitApplied(t, s, 2)
	before := s.j.LastSeq()
	code, m = do(t, "POST", url+"/v1/exchanges", token, exchangeLines(3, "acct_c", t0))
	if msg, _ := m["error"].(string); code != 503 || !strings.Contains(msg, "--max-accounts") || !strings.Contains(msg, "acct_c") {
		t.Fatalf("a new account on a full engine: %d %v", code, m)
	}
	if s.j.LastSeq() != before {
		t.Error("the refused batch was journaled")
	}
	code, m = do(t, "POST", url+"/v1/accounts", token, []byte(`{"account_id":"acct_d","created_at":"2026-04-01T00:00:00Z"}`))
	if code != 503 {
		t.Errorf("a new account row on a full engine: %d %v", code, m)
	}
	if code, m := do(t, "POST", url+"/v1/exchanges", token, exchangeLines(3, "acct_b", t0.Add(time.Hour))); code != 200 {
		t.Fatalf("a known account on a full engine: %d %v", code, m)
	}
}

// writeJournal appends batches of exchange lines to a journal in dir, as
// a server of an earlier version, which bounded nothing, would have.
func writeJournal(t *testing.T, dir string, batches [][]byte) {
	t.Helper()
	j, err := journal.Open(dir, journal.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if _, err := j.Append(journal.Kind(online.KindExchanges), b); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRestartAfterClockLeap: a journal whose first exchange is dated 1970
// and that holds one dated 2262 among 2026 traffic replays in a few rounds
// (it used to run one round for every 2 h step between them, a million,
// after every restart), the 2262 one is counted as set aside, and the
// server becomes ready.
func TestRestartAfterClockLeap(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	writeJournal(t, dir, [][]byte{
		exchangeLines(1, "acct_epoch", time.Unix(0, 0)),
		exchangeLines(50, "acct_a", t0),
		exchangeLines(1, "acct_far", time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC)),
		exchangeLines(50, "acct_b", t0.Add(5*time.Hour)),
	})
	_, url := start(t, dir, online.Options{DataClock: true, Every: 2 * time.Hour})
	_, st := do(t, "GET", url+"/v1/status", token, nil)
	if r := st["rounds"].(float64); r > 3 {
		t.Errorf("%v rounds replaying four batches", r)
	}
	if aside := st["set_aside"].(map[string]any); aside["future"].(float64) != 1 {
		t.Errorf("set aside: %v, want the 2262 exchange", aside)
	}
	if c := st["clock"].(string); !strings.HasPrefix(c, "2026-05-01T05:00:49") {
		t.Errorf("data clock %s, want the last 2026 exchange", c)
	}
	_, metrics := doText(t, url+"/metrics")
	if !strings.Contains(metrics, `distillguard_set_aside_total{reason="future"} 1`) {
		t.Error("/metrics does not count the set-aside exchange")
	}
}

// TestShutdownDuringReplay: a server told to stop while it replays a long
// journal stops between two batches instead of replaying the rest first;
// the next start replays what it did not apply.
func TestShutdownDuringReplay(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var batches [][]byte
	for i := 0; i < 400; i++ {
		batches = append(batches, exchangeLines(500, fmt.Sprintf("acct_%d", i), t0.Add(time.Duration(i)*time.Minute)))
	}
	writeJournal(t, dir, batches)
	s, err := New(Config{Addr: "127.0.0.1:0", DataDir: dir, Tokens: []string{token}, NoSync: true,
		Engine: online.Options{DataClock: true, Every: 2 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for s.applied() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	t1 := time.Now()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s of being told to stop")
	}
	t.Logf("stopped %v after cancel, at seq %d of %d", time.Since(t1), s.applied(), len(batches))
	if s.applied() == uint64(len(batches)) {
		t.Log("the whole journal was applied before the stop was noticed (a fast machine); the bound above still holds")
	}
	s2, _ := start(t, dir, online.Options{DataClock: true, Every: 2 * time.Hour})
	if got := s2.applied(); got != uint64(len(batches)) {
		t.Errorf("after restart applied %d of %d", got, len(batches))
	}
}

// doText GETs url without a token and returns the status and body.
func doText(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestJournalRepairIsLogged: when recovery cuts a torn write from the
// journal, the server's log says so (it once cut silently).
func TestJournalRepairIsLogged(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, [][]byte{exchangeLines(3, "acct_a", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))})
	segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	if len(segs) != 1 {
		t.Fatalf("segments: %v", segs)
	}
	f, err := os.OpenFile(segs[0], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{200, 0, 0, 0, 1, 2, 3, 4, 1, '{'}) // a record header whose payload never made it
	f.Close()
	var logs syncBuffer
	s, err := New(Config{Addr: "127.0.0.1:0", DataDir: dir, Tokens: []string{token}, NoSync: true,
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.j.Close()
	if !strings.Contains(logs.String(), `"level":"WARN"`) || !strings.Contains(logs.String(), segs[0]) {
		t.Errorf("the repair of %s was not logged; log: %s", segs[0], logs.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestReadyzFollowsTheJournal: a server whose journal stopped accepting
// writes (a full disk, a failed fsync, closed) is not ready, and says why.
func TestReadyzFollowsTheJournal(t *testing.T) {
	s, err := New(Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	s.ready.Store(true)
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get(); code != 200 {
		t.Fatalf("healthy journal: %d %s", code, body)
	}
	s.j.Close()
	if code, body := get(); code != 503 || !strings.Contains(body, "no longer accepts writes") {
		t.Errorf("closed journal: %d %s", code, body)
	}
}
