package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/replay"
	"github.com/distillguard/distillguard/internal/replay/replaytest"
)

// replayScenario writes a small scenario by hand: campaign c1 of ten
// accounts and one honest consumer, each sending one exchange an hour for
// 30 hours from 2026-05-01.
func replayScenario(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	labels := map[string]string{"h0": "consumer"}
	var ex, acc strings.Builder
	for h := 0; h < 30; h++ {
		for i := 0; i <= 10; i++ {
			id := fmt.Sprintf("c%d", i)
			if i == 10 {
				id = "h0"
			}
			fmt.Fprintf(&ex, `{"ts":%q,"account_id":%q}`+"\n", t0.Add(time.Duration(h)*time.Hour+time.Duration(i)*time.Minute).Format(time.RFC3339), id)
		}
	}
	for i := 0; i < 10; i++ {
		labels[fmt.Sprintf("c%d", i)] = "c1"
	}
	for id := range labels {
		fmt.Fprintf(&acc, `{"account_id":%q,"created_at":"2026-04-01T00:00:00Z"}`+"\n", id)
	}
	tr, _ := json.Marshal(map[string]any{
		"schema": "truth/v1", "scenario": "tiny", "seed": 1, "scale": 1,
		"campaigns": []map[string]any{{"id": "c1", "style": "hydra", "accounts": 10, "exchanges": 300, "first_seen": "2026-05-01T00:00:00Z"}},
		"accounts":  labels,
	})
	for name, content := range map[string]string{"exchanges.jsonl": ex.String(), "accounts.jsonl": acc.String(), "truth.json": string(tr)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// blockCampaign blocks every c1 account at its second exchange: 90% of it is
// blocked 1h08m after its start (c8's second exchange), every target met.
func blockCampaign(acct string, n int) string {
	if strings.HasPrefix(acct, "c") && n == 2 {
		return "block"
	}
	return ""
}

// TestReplayCommand runs the replay command in-process against the fake
// server: flags, exit codes, text and JSON.
func TestReplayCommand(t *testing.T) {
	dir := replayScenario(t)
	closed := httptest.NewServer(nil)
	closedURL := closed.URL
	closed.Close()
	t.Setenv("DISTILLGUARD_TOKEN", "secret-from-env-0123456789")

	cases := []struct {
		name   string
		policy func(string, int) string
		token  string // the fake's token
		args   []string
		code   int
		stdout []string
		stderr []string
		live   map[string][]string // the fake's campaigns
		fail   string              // a path the fake answers 404
		not    []string            // not in stdout
	}{
		{name: "help", args: []string{"--help"}, code: exitOK,
			stdout: []string{"Usage: distillguard replay --dir DIR", "--clock data", "-check-sample", "Examples:", "DISTILLGUARD_TOKEN",
				"-converge", "-keep DIR", "POST /v1/rounds", "The check assumes the server runs detect's\ndefault configuration", "at most 12 h"}},
		{name: "no dir", args: []string{"--server", "URL"}, code: exitUsage, stderr: []string{"--dir DIR is required"}},
		{name: "negative speed", args: []string{"--dir", dir, "--speed", "-1"}, code: exitUsage, stderr: []string{"--speed"}},
		{name: "not a scenario", args: []string{"--dir", t.TempDir(), "--server", closedURL}, code: exitUsage, stderr: []string{"truth"}},
		{name: "targets met, gate", policy: blockCampaign, args: []string{"--dir", dir, "--speed", "0", "--batch", "10", "--gate", "--quiet", "--token", "replay-token-0123456789"}, token: "replay-token-0123456789",
			code: exitOK, stdout: []string{"distillguard replay: scenario tiny", "c1", "1.1", "Verdict: PASS"}},
		{name: "live campaign detect does not find, gate", policy: blockCampaign, live: map[string][]string{"live-x": {"c0", "c1"}},
			args: []string{"--dir", dir, "--speed", "0", "--batch", "10", "--gate", "--quiet"}, code: exitFindings,
			stdout: []string{"Convergence", "-               -         live-x         2         0       2",
				"FAIL  live campaigns equal detect's on the served data (same campaigns, members within 1%)",
				"0 batch campaigns, 1 live; live live-x (2 accounts) has no batch counterpart", "Verdict: FAIL (1 of 6 targets missed)"}},
		{name: "converge off", policy: blockCampaign, live: map[string][]string{"live-x": {"c0", "c1"}},
			args: []string{"--dir", dir, "--speed", "0", "--batch", "10", "--gate", "--quiet", "--converge=false"}, code: exitOK,
			stdout: []string{"Verdict: PASS (all 5 targets)"}, not: []string{"Convergence", "live campaigns equal"}},
		{name: "server without rounds", policy: blockCampaign, fail: "/v1/rounds",
			args: []string{"--dir", dir, "--speed", "0", "--batch", "10", "--gate", "--quiet"}, code: exitFindings,
			stdout: []string{"no live campaigns: the final detection round failed", "FAIL  live campaigns equal detect's", "the server gave no live campaigns to compare"}},
		{name: "targets missed, gate", args: []string{"--dir", dir, "--speed", "0", "--gate", "--quiet"},
			code: exitFindings, stdout: []string{"never", "Verdict: FAIL"}},
		{name: "targets missed, no gate", args: []string{"--dir", dir, "--speed", "0", "--quiet"},
			code: exitOK, stdout: []string{"Verdict: FAIL"}},
		{name: "token from the environment", token: "secret-from-env-0123456789", args: []string{"--dir", dir, "--speed", "0", "--quiet"},
			code: exitOK, stdout: []string{"Targets"}},
		{name: "wrong token", token: "other", args: []string{"--dir", dir, "--speed", "0", "--quiet"},
			code: exitUsage, stderr: []string{"401", "--token"}},
		{name: "no server", args: []string{"--dir", dir, "--server", closedURL, "--quiet"},
			code: exitUsage, stderr: []string{"cannot reach the server", "distillguard serve --clock data"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &replaytest.Fake{Policy: tc.policy, Token: tc.token, Campaigns: tc.live}
			if tc.fail != "" {
				fake.FailPath, fake.FailStatus, fake.FailMessage = tc.fail, 404, "no such endpoint"
			}
			url := fake.Start(t)
			args := append([]string{"replay", "--server", url}, tc.args...)
			code, out, errOut := evalRun("", args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(out+errOut, "secret-from-env-0123456789") {
				t.Error("the token from the environment was printed")
			}
		})
	}
}

// TestReplayJSON checks that --json prints one result document.
func TestReplayJSON(t *testing.T) {
	dir := replayScenario(t)
	fake := &replaytest.Fake{Policy: blockCampaign}
	url := fake.Start(t)
	code, out, errOut := evalRun("", "replay", "--dir", dir, "--server", url, "--speed", "0", "--batch", "1", "--json", "--check-sample", "10")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res replay.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// With batches of one exchange each c account serves exactly its 2
	// exchanges: 20 of 300. The 9th block (c8's second exchange, 1h08m)
	// makes 90%.
	c := res.Campaigns[0]
	if res.Schema != replay.Schema || !res.Pass || c.Served != 20 || c.HoursTo90 == nil || math.Abs(*c.HoursTo90-(1+8.0/60)) > 1e-9 ||
		res.Check.Calls != 33 || res.Totals.Read != 330 {
		t.Errorf("result: %s", out)
	}
}
