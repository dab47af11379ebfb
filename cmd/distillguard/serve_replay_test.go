package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/replay"
	"github.com/distillguard/distillguard/internal/server"
	"github.com/distillguard/distillguard/internal/simulate"
)

// TestServeReplayCutsOffCampaign replays two weeks of the June incident
// (with text, scale 0.01) through a real server on the data clock, as a
// gateway following the decision feed, and checks the targets on
// that window: the campaign's accounts are blocked, under 5% of its
// exchanges are served after its first day, no honest account is blocked.
func TestServeReplayCutsOffCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and replays two weeks of traffic")
	}
	dir := t.TempDir()
	_, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 11,
		OutDir: dir, Start: time.Date(2026, 4, 18, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	srv := startDataClockServer(t, "replay-test-token")
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: "http://" + srv.Addr(),
		Token: "replay-test-token", Sync: true, CheckSample: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Campaigns) != 1 {
		t.Fatalf("%d true campaigns in the window", len(res.Campaigns))
	}
	c := res.Campaigns[0]
	t.Logf("%s: %d accounts, %d blocked, p90 account hours to block %v, served %.3f, after day 1 %.3f; honest blocked %d, throttled %d; check p99 %.2f ms",
		c.ID, c.Accounts, c.Blocked, deref(c.AccountHoursToBlockP90), c.ServedShare, c.ServedAfterDayShare,
		res.HonestTotal.Blocked, res.HonestTotal.Throttled, res.Check.P99Ms)
	// Accounts created after the window never send; of those that do, 90%
	// must be blocked (else the p90 is null) within a day of their start.
	if p := c.AccountHoursToBlockP90; p == nil || *p > 24 {
		t.Errorf("90th percentile of hours from an account's first exchange to its block: %v, want ≤ 24", deref(p))
	}
	if c.ServedAfterDayShare >= 0.05 {
		t.Errorf("%.1f%% of the campaign's exchanges served after its first day, want < 5%%", 100*c.ServedAfterDayShare)
	}
	if res.HonestTotal.Blocked != 0 {
		t.Errorf("%d honest accounts blocked: %v", res.HonestTotal.Blocked, res.Honest)
	}
	if res.Check.Calls == 0 || res.Check.Actions["block"] == 0 {
		t.Errorf("checks: %+v", res.Check)
	}
}

func deref(p *float64) any {
	if p == nil {
		return "n/a"
	}
	return *p
}

// TestServeReplayConverges replays four days of the June incident into a
// real server on the data clock, through the replay command with --keep,
// and requires the convergence verdict to pass: after the final round the
// live campaigns are detect's on exactly what the server accepted.
func TestServeReplayConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates and replays four days of traffic")
	}
	dir := t.TempDir()
	_, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 11, NoText: true,
		OutDir: dir, Start: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 24, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	const tok = "replay-test-token"
	srv := startDataClockServer(t, tok)
	keep := filepath.Join(t.TempDir(), "kept")
	code, out, errOut := evalRun("", "replay", "--dir", dir, "--server", "http://"+srv.Addr(), "--token", tok,
		"--speed", "0", "--batch", "500", "--quiet", "--json", "--keep", keep)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var res replay.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	a := res.Convergence
	if a == nil {
		t.Fatalf("no convergence in the result: %s", out)
	}
	for _, p := range a.Pairs {
		t.Logf("batch %s %d accounts, live %s %d, common %d", p.Batch, p.BatchAccounts, p.Live, p.LiveAccounts, p.Common)
	}
	var v *replay.Verdict
	for i := range res.Targets {
		if res.Targets[i].Target == replay.ConvergenceTarget(0.01) {
			v = &res.Targets[i]
		}
	}
	if v == nil || !v.Pass || !a.Agrees || a.BatchCampaigns == 0 {
		t.Errorf("convergence: verdict %+v; %d batch campaigns, %d live: %s", v, a.BatchCampaigns, a.LiveCampaigns, a.Summary())
	}

	// What --keep leaves: the posted data, byte for byte the lines served
	// (in file order, which is the posting order), the live findings and
	// detect's.
	served, err := os.ReadFile(filepath.Join(keep, replay.KeptExchanges))
	if err != nil {
		t.Fatal(err)
	}
	if n := int64(bytes.Count(served, []byte("\n"))); n != res.Totals.Posted || n+res.Totals.Blocked != res.Totals.Read || res.Totals.Blocked == 0 {
		t.Errorf("%d exchanges kept, %d posted, %d not served, %d read", n, res.Totals.Posted, res.Totals.Blocked, res.Totals.Read)
	}
	for _, name := range []string{replay.KeptAccounts, replay.KeptModels} {
		b, err := os.ReadFile(filepath.Join(keep, name))
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v, %d bytes", name, err, len(b))
		}
	}
	live, err := findings.ReadFile(filepath.Join(keep, replay.KeptLive))
	if err != nil || len(live.Campaigns) != a.LiveCampaigns {
		t.Errorf("live.json: %v", err)
	}
	batch, err := findings.ReadFile(filepath.Join(keep, "detect.json"))
	if err != nil || len(batch.Campaigns) != a.BatchCampaigns {
		t.Errorf("detect.json: %v", err)
	}
}

// startDataClockServer runs a real server on the data clock, as replay
// wants it, until the test ends.
func startDataClockServer(t *testing.T, token string) *server.Server {
	t.Helper()
	srv, err := server.New(server.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token},
		NoSync: true, Engine: online.Options{DataClock: true, Every: 2 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return srv
}
