package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/replay/replaytest"
)

// TestLoadgen runs a short load against the fake server of replaytest.
func TestLoadgen(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&b, `{"ts":"2026-05-01T00:%02d:%02dZ","account_id":"acct_%d","ip":"192.0.2.%d","user_agent":"ua"}`+"\n", i/60, i%60, i%17, i%200)
	}
	b.WriteString("not json\n")
	path := filepath.Join(t.TempDir(), "exchanges.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := &replaytest.Fake{Token: "bench-token-0123456789"}
	url := fake.Start(t)

	var out, errOut bytes.Buffer
	code := run([]string{"--server", url, "--token", "bench-token-0123456789", "--exchanges", path, "--batch", "100",
		"--duration", "300ms", "--conns", "2", "--checkers", "2", "--check-rate", "200", "--json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if res.Loaded.Exchanges != 250 || res.Loaded.Bodies != 3 || res.Loaded.Rejected != 1 || res.Loaded.Accounts != 17 {
		t.Errorf("loaded %+v, want 250 exchanges in 3 bodies, 1 rejected, 17 accounts", res.Loaded)
	}
	received := 0
	for _, n := range fake.Received() {
		received += n
	}
	if res.Ingest.Exchanges == 0 || int64(received) != res.Ingest.Exchanges || res.Ingest.ExchangesPerSecond <= 0 {
		t.Errorf("ingest %+v; the server received %d", res.Ingest, received)
	}
	// 200/s for 0.3 s: 60 checks, give or take scheduling.
	if res.Check.Calls < 40 || res.Check.Calls > 61 || int64(fake.Checks()) != res.Check.Calls || res.Check.Latency.Max < res.Check.Latency.P50 {
		t.Errorf("check %+v; the server answered %d", res.Check, fake.Checks())
	}
	if len(res.Errors) != 0 || len(res.Status) == 0 {
		t.Errorf("errors %v, status %s", res.Errors, res.Status)
	}

	out.Reset()
	errOut.Reset()
	if code := run([]string{"--server", url, "--token", "wrong", "--exchanges", path}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "401") {
		t.Errorf("wrong token: exit %d, %s", code, errOut.String())
	}
}
