package replay_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/replay"
	"github.com/distillguard/distillguard/internal/replay/replaytest"
)

// t0 is the start of the hand-made scenario.
var t0 = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// The hand-made scenario (writeScenario) has 48 hours of traffic, one
// exchange per account per hour, at a fixed minute past each hour:
//
//	camp-a  a0..a9  minute i   (a0 at :00 .. a9 at :09), hours 0..47, 480 exchanges
//	camp-b  b0..b3  minute 20+i, hours 0..47, 192 exchanges
//	ent     enterprise-pipeline, minute 30, hours 0..47
//	con     consumer, minute 31, hours 0..47
//	lab     university-lab, minute 32, hours 0..47, no created_at
//	late    consumer, created at hour 36, minute 33, hours 36..47, 12 exchanges
//
// 828 exchanges, and one malformed line at the start that replay must skip
// (the server would reject the whole batch for it).
const scenarioExchanges = 828

// exactPolicy is the fake server's rule for the "exact" cases: camp-a
// accounts are blocked at their 5th exchange, b0..b2 at their 30th (b3
// never: only 3 of 4 = 75% of camp-b is ever blocked), ent is watched at
// its 10th and lifted at its 20th, con (honest) is blocked at its 40th and
// lab throttled at its first.
func exactPolicy(acct string, n int) string {
	switch {
	case strings.HasPrefix(acct, "a") && n == 5:
		return "block"
	case acct != "b3" && strings.HasPrefix(acct, "b") && n == 30:
		return "block"
	case acct == "ent" && n == 10:
		return "watch"
	case acct == "ent" && n == 20:
		return "allow"
	case acct == "con" && n == 40:
		return "block"
	case acct == "lab" && n == 1:
		return "throttle"
	}
	return ""
}

// passPolicy blocks every campaign account at its 3rd exchange and no
// honest account.
func passPolicy(acct string, n int) string {
	if (strings.HasPrefix(acct, "a") || strings.HasPrefix(acct, "b")) && n == 3 {
		return "block"
	}
	return ""
}

type exch struct {
	ts   time.Time
	acct string
}

// writeScenario writes the hand-made scenario into a new folder.
func writeScenario(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var xs []exch
	hourly := func(acct string, minute, from int) {
		for h := from; h < 48; h++ {
			xs = append(xs, exch{t0.Add(time.Duration(h)*time.Hour + time.Duration(minute)*time.Minute), acct})
		}
	}
	labels := map[string]string{"ent": "enterprise-pipeline", "con": "consumer", "lab": "university-lab", "late": "consumer"}
	for i := 0; i < 10; i++ {
		hourly(fmt.Sprintf("a%d", i), i, 0)
		labels[fmt.Sprintf("a%d", i)] = "camp-a"
	}
	for i := 0; i < 4; i++ {
		hourly(fmt.Sprintf("b%d", i), 20+i, 0)
		labels[fmt.Sprintf("b%d", i)] = "camp-b"
	}
	hourly("ent", 30, 0)
	hourly("con", 31, 0)
	hourly("lab", 32, 0)
	hourly("late", 33, 36)
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].ts.Before(xs[j].ts) })
	if len(xs) != scenarioExchanges {
		t.Fatalf("scenario has %d exchanges, want %d", len(xs), scenarioExchanges)
	}

	var b strings.Builder
	b.WriteString(`{"ts":"not a time","account_id":"a0"}` + "\n")
	for _, x := range xs {
		fmt.Fprintf(&b, `{"ts":%q,"account_id":%q,"ip":"192.0.2.7","model":"m-1","input_tokens":10}`+"\n", x.ts.Format(time.RFC3339Nano), x.acct)
	}
	write(t, dir, "exchanges.jsonl", b.String())

	// Rows deliberately out of created_at order: replay sorts them.
	b.Reset()
	early := t0.Add(-24 * time.Hour).Format(time.RFC3339)
	fmt.Fprintf(&b, `{"account_id":"late","created_at":%q}`+"\n", t0.Add(36*time.Hour).Format(time.RFC3339))
	b.WriteString(`{"account_id":"lab"}` + "\n")
	for _, id := range []string{"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b0", "b1", "b2", "b3", "ent", "con"} {
		fmt.Fprintf(&b, `{"account_id":%q,"created_at":%q}`+"\n", id, early)
	}
	write(t, dir, "accounts.jsonl", b.String())
	write(t, dir, "models.jsonl", `{"model":"m-1","released_at":"2026-01-01T00:00:00Z"}`+"\n")

	tr := map[string]any{
		"schema": "truth/v1", "scenario": "hand-made", "seed": 1, "scale": 1,
		"input": map[string]any{"exchanges": len(xs), "accounts": len(labels),
			"first_ts": xs[0].ts.Format(time.RFC3339), "last_ts": xs[len(xs)-1].ts.Format(time.RFC3339)},
		"campaigns": []map[string]any{
			{"id": "camp-a", "style": "hydra", "accounts": 10, "exchanges": 480, "first_seen": "2026-05-01T00:00:00Z", "last_seen": "2026-05-02T23:09:00Z"},
			{"id": "camp-b", "style": "reasoning-harvest", "accounts": 4, "exchanges": 192, "first_seen": "2026-05-01T00:20:00Z", "last_seen": "2026-05-02T23:23:00Z"},
		},
		"accounts": labels,
	}
	js, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "truth.json", string(js))
	return dir
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// campaignWant is what a case expects of one campaign; nil pointers are
// not checked.
type campaignWant struct {
	blocked        int
	served         *int64
	servedAfterDay *int64
	hoursTo90      *float64 // NaN: never reaches 90%
	acctP90        *float64 // p90 hours from an account's first exchange to its block; NaN: null
}

// TestReplayMetrics replays the hand-made scenario against the fake server
// under several settings and checks what was posted and the figures.
func TestReplayMetrics(t *testing.T) {
	never := math.NaN()
	// Exact figures, when every batch is one exchange (the gateway learns
	// each decision before the next exchange):
	//   camp-a: each account serves its 5 exchanges up to the block, 50 of
	//     480 served (10.42%), none after day 1. Account ai is blocked at
	//     its 5th exchange, t0+4h+i min; 90% of 10 accounts is 9, the 9th
	//     block is a8's at t0+4h08m, so hours to 90% = 4 + 8/60 = 4.1333.
	//   camp-b: b0..b2 serve 30, b3 all 48: 138 of 192. Its first exchange
	//     is b0's at t0+00:20; "after day 1" is ts > t0+24h20m: b0 serves
	//     hours 25..29 (5), b1 and b2 hours 24..29 (6 each; minutes 21, 22 >
	//     20), b3 hours 24..47 (24): 41 of 192 = 21.35%. Only 3 of 4 accounts
	//     are blocked (75% < 90%): never.
	//   Per account, ai is blocked 4 h after its first exchange (p90 4 h);
	//   b3 is never blocked, so camp-b's p90 (the 4th of 4) is undefined.
	//   honest: con is blocked at its 40th exchange and refused its last 8;
	//     ent is watched then allowed; lab throttled; late untouched.
	exact := map[string]campaignWant{
		"camp-a": {blocked: 10, served: ptr[int64](50), servedAfterDay: ptr[int64](0), hoursTo90: ptr(4 + 8.0/60), acctP90: ptr(4.0)},
		"camp-b": {blocked: 3, served: ptr[int64](138), servedAfterDay: ptr[int64](41), hoursTo90: &never, acctP90: &never},
	}
	exactReceived := map[string]int{"a0": 5, "a9": 5, "b0": 30, "b2": 30, "b3": 48, "ent": 48, "con": 40, "lab": 48, "late": 12}

	cases := []struct {
		name       string
		batch      int
		span       time.Duration // 0: the default
		applyPolls int
		sync       bool
		policy     func(string, int) string
		posted     int64 // -1: not checked
		received   map[string]int
		campaigns  map[string]campaignWant
		pass       bool
	}{
		{name: "one exchange per batch", batch: 1, sync: true, policy: exactPolicy,
			posted: 336, received: exactReceived, campaigns: exact},
		{name: "lagging server, sync", batch: 1, applyPolls: 2, sync: true, policy: exactPolicy,
			posted: 336, received: exactReceived, campaigns: exact},
		// Batches of 7: the gateway learns of a block only after the batch
		// holding the deciding exchange, so a little more is served; block
		// times are the server's and do not move.
		{name: "batches of 7", batch: 7, sync: true, policy: exactPolicy, posted: -1,
			campaigns: map[string]campaignWant{
				"camp-a": {blocked: 10, hoursTo90: ptr(4 + 8.0/60)},
				"camp-b": {blocked: 3, hoursTo90: &never},
			}},
		// One batch: nothing is known before everything is posted, so all
		// of it is served, yet the block times are the same. After day 1
		// (ts strictly after first + 24h): camp-a's a0 serves hours 25..47
		// (23; its hour-24 exchange is exactly first + 24h), a1..a9 hours
		// 24..47 (24 each): 239; camp-b's b0 23, b1..b3 24 each: 95.
		{name: "one batch for everything", batch: 100000, span: 1000 * time.Hour, sync: true, policy: exactPolicy,
			posted:   scenarioExchanges,
			received: map[string]int{"a0": 48, "b0": 48, "con": 48},
			campaigns: map[string]campaignWant{
				"camp-a": {blocked: 10, served: ptr[int64](480), servedAfterDay: ptr[int64](239), hoursTo90: ptr(4 + 8.0/60)},
				"camp-b": {blocked: 3, served: ptr[int64](192), servedAfterDay: ptr[int64](95)},
			}},
		// A batch as large, bounded by the default span of data time (15
		// min): an account's exchanges are an hour apart, so each falls in
		// a later window than the one that decided its block, and the
		// gateway learns every decision in time, as with one exchange per
		// batch.
		{name: "one batch, bounded by the span", batch: 100000, sync: true, policy: exactPolicy,
			posted: 336, received: exactReceived, campaigns: exact},
		// Every campaign account blocked at its 3rd exchange: camp-a 90% at
		// a8's 3rd, t0+2h08m; camp-b at b3's 3rd, t0+2h23m, i.e. 2.05h after
		// its first at t0+00:20. Nothing after day 1, no honest block.
		{name: "targets met", batch: 1, sync: true, policy: passPolicy, posted: scenarioExchanges - 45*10 - 45*4,
			campaigns: map[string]campaignWant{
				"camp-a": {blocked: 10, served: ptr[int64](30), servedAfterDay: ptr[int64](0), hoursTo90: ptr(2 + 8.0/60), acctP90: ptr(2.0)},
				"camp-b": {blocked: 4, served: ptr[int64](12), servedAfterDay: ptr[int64](0), hoursTo90: ptr(2 + 3.0/60), acctP90: ptr(2.0)},
			}, pass: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeScenario(t)
			fake := &replaytest.Fake{Token: "replay-token-0123456789", Policy: tc.policy, ApplyPolls: tc.applyPolls}
			url := fake.Start(t)
			res, err := replay.Run(context.Background(), replay.Options{
				Dir: dir, Server: url, Token: "replay-token-0123456789", Speed: 0, Batch: tc.batch, Span: tc.span, Sync: tc.sync, CheckSample: 10,
			})
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			if v := fake.Violations(); len(v) > 0 {
				t.Errorf("%d exchanges of blocked accounts were posted, first: %s", len(v), v[0])
			}
			tot := res.Totals
			if tot.Read != scenarioExchanges || tot.Rejected != 1 || tot.Posted+tot.Blocked != tot.Read {
				t.Errorf("read %d rejected %d posted %d blocked %d; want %d read, 1 rejected, posted+blocked = read",
					tot.Read, tot.Rejected, tot.Posted, tot.Blocked, scenarioExchanges)
			}
			if tc.posted >= 0 && tot.Posted != tc.posted {
				t.Errorf("posted %d, want %d", tot.Posted, tc.posted)
			}
			got := fake.Received()
			var sum int64
			for _, n := range got {
				sum += int64(n)
			}
			if sum != tot.Posted {
				t.Errorf("the server received %d exchanges, replay says it posted %d", sum, tot.Posted)
			}
			for acct, want := range tc.received {
				if got[acct] != want {
					t.Errorf("%s: server received %d exchanges, want %d", acct, got[acct], want)
				}
			}
			if tot.Accounts != 18 || tot.Models != 1 {
				t.Errorf("posted %d accounts and %d models, want 18 and 1", tot.Accounts, tot.Models)
			}
			if res.Check.Calls != scenarioExchanges/10 || fake.Checks() != scenarioExchanges/10 {
				t.Errorf("checks: result %d, server %d, want %d (one in 10)", res.Check.Calls, fake.Checks(), scenarioExchanges/10)
			}
			if res.Check.P50Ms <= 0 || res.Check.P99Ms < res.Check.P50Ms || res.Check.MaxMs < res.Check.P99Ms {
				t.Errorf("check latency p50 %g p99 %g max %g: want 0 < p50 ≤ p99 ≤ max", res.Check.P50Ms, res.Check.P99Ms, res.Check.MaxMs)
			}

			for _, c := range res.Campaigns {
				want, ok := tc.campaigns[c.ID]
				if !ok {
					t.Errorf("unexpected campaign %s", c.ID)
					continue
				}
				if c.Blocked != want.blocked {
					t.Errorf("%s: %d accounts blocked, want %d", c.ID, c.Blocked, want.blocked)
				}
				if want.served != nil && c.Served != *want.served {
					t.Errorf("%s: served %d, want %d", c.ID, c.Served, *want.served)
				}
				if want.servedAfterDay != nil && c.ServedAfterDay != *want.servedAfterDay {
					t.Errorf("%s: served after day 1 %d, want %d", c.ID, c.ServedAfterDay, *want.servedAfterDay)
				}
				if c.Exchanges > 0 && (math.Abs(c.ServedShare-float64(c.Served)/float64(c.Exchanges)) > 1e-12 ||
					math.Abs(c.ServedAfterDayShare-float64(c.ServedAfterDay)/float64(c.Exchanges)) > 1e-12) {
					t.Errorf("%s: shares %g, %g do not match counts %d, %d of %d", c.ID, c.ServedShare, c.ServedAfterDayShare, c.Served, c.ServedAfterDay, c.Exchanges)
				}
				switch h := want.hoursTo90; {
				case h == nil:
				case math.IsNaN(*h):
					if c.HoursTo90 != nil {
						t.Errorf("%s: hours to 90%% %g, want never", c.ID, *c.HoursTo90)
					}
				case c.HoursTo90 == nil:
					t.Errorf("%s: never 90%% blocked, want %.4fh", c.ID, *h)
				case math.Abs(*c.HoursTo90-*h) > 1e-9:
					t.Errorf("%s: hours to 90%% %.4f, want %.4f", c.ID, *c.HoursTo90, *h)
				}
			}
			for _, c := range res.Campaigns {
				want := tc.campaigns[c.ID]
				switch h := want.acctP90; {
				case h == nil:
				case math.IsNaN(*h):
					if c.AccountHoursToBlockP90 != nil {
						t.Errorf("%s: p90 account hours %g, want null", c.ID, *c.AccountHoursToBlockP90)
					}
				case c.AccountHoursToBlockP90 == nil || math.Abs(*c.AccountHoursToBlockP90-*h) > 1e-9:
					t.Errorf("%s: p90 account hours %v, want %g", c.ID, c.AccountHoursToBlockP90, *h)
				}
				if c.LateAccounts != 0 {
					t.Errorf("%s: %d late accounts, want 0", c.ID, c.LateAccounts)
				}
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			if len(res.Campaigns) != 2 || res.Campaigns[0].Exchanges != 480 || res.Campaigns[1].Exchanges != 192 ||
				res.Campaigns[0].First != "2026-05-01T00:00:00Z" || res.Campaigns[1].First != "2026-05-01T00:20:00Z" {
				t.Errorf("campaigns: %+v", res.Campaigns)
			}
			if res.Pass != tc.pass {
				t.Errorf("pass %v, want %v: %+v", res.Pass, tc.pass, res.Targets)
			}
			if tc.pass {
				return
			}
			// Honest categories under exactPolicy, whatever the batching.
			want := map[string]replay.Category{
				"consumer":            {Category: "consumer", Accounts: 2, Blocked: 1, Exchanges: 60, BlockedAccounts: []string{"con"}},
				"enterprise-pipeline": {Category: "enterprise-pipeline", Accounts: 1, Watched: 1, Exchanges: 48},
				"university-lab":      {Category: "university-lab", Accounts: 1, Throttled: 1, Exchanges: 48},
			}
			if tc.received != nil {
				c := want["consumer"]
				c.NotServed = int64(48 - tc.received["con"])
				want["consumer"] = c
			}
			if len(res.Honest) != len(want) {
				t.Errorf("honest categories %+v, want %d", res.Honest, len(want))
			}
			for _, c := range res.Honest {
				w := want[c.Category]
				if tc.received == nil {
					w.NotServed = c.NotServed
				}
				if fmt.Sprint(c) != fmt.Sprint(w) {
					t.Errorf("honest %s: %+v, want %+v", c.Category, c, w)
				}
			}
			if h := res.HonestTotal; h.Accounts != 4 || h.Blocked != 1 || h.Watched != 1 || h.Throttled != 1 {
				t.Errorf("honest total %+v", h)
			}
		})
	}
}

// TestAccountsPostedAtCreation checks that each account row reaches the
// server when the data time reaches its created_at: after every exchange
// older than it, before the first exchange batch that reaches it, and
// before any of the account's own exchanges. Rows without created_at go
// first.
func TestAccountsPostedAtCreation(t *testing.T) {
	dir := writeScenario(t)
	fake := &replaytest.Fake{}
	url := fake.Start(t)
	if _, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: 5, Sync: true}); err != nil {
		t.Fatalf("replay: %v", err)
	}
	created := map[string]time.Time{"late": t0.Add(36 * time.Hour)} // the others: a day before t0, or none (lab)
	events := fake.Events()
	if len(events) == 0 || events[0].Path != "/v1/models" {
		t.Fatalf("the first POST is not the models: %+v", events)
	}
	postedAt := map[string]int{}
	for i, ev := range events {
		for _, id := range ev.Accounts {
			postedAt[id] = i
		}
	}
	if len(postedAt) != 18 {
		t.Fatalf("%d accounts posted, want 18", len(postedAt))
	}
	if postedAt["lab"] != 1 {
		t.Errorf("lab (no created_at) posted in POST %d, want the first after the models", postedAt["lab"])
	}
	for id, k := range postedAt {
		for i, ev := range events {
			for _, x := range ev.Exchanges {
				if x.AccountID == id && i < k {
					t.Errorf("%s: its exchange at %s was posted before its account row", id, x.TS)
				}
				if c, ok := created[id]; ok && i < k && !x.TS.Before(c) {
					t.Errorf("%s: posted after an exchange at %s, later than its created_at %s", id, x.TS, c)
				}
			}
		}
	}
	k := postedAt["late"]
	var next *replaytest.Event
	for i := k + 1; i < len(events) && next == nil; i++ {
		if len(events[i].Exchanges) > 0 {
			next = &events[i]
		}
	}
	if next == nil || next.Exchanges[len(next.Exchanges)-1].TS.Before(created["late"]) {
		t.Errorf("late was posted before the data time reached its created_at %s (next batch %+v)", created["late"], next)
	}
}

// TestPacing checks that the data time never runs ahead of wall time ×
// speed and that, with a tick, no batch spans more than speed × tick of
// data time.
func TestPacing(t *testing.T) {
	dir := writeScenario(t)
	fake := &replaytest.Fake{}
	url := fake.Start(t)
	const speed = 3600 * 100.0    // 100 data hours per wall second: the 47.6 h take about 0.48 s
	tick := 10 * time.Millisecond // so a batch spans at most one data hour
	start := time.Now()
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Speed: speed, Tick: tick, Batch: 1000})
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if el := time.Since(start); el < 450*time.Millisecond {
		t.Errorf("replay took %s, want at least 0.45 s for 47.6 data hours at 100 h/s", el)
	}
	var first time.Time
	var wallFirst time.Time
	batches := 0
	for _, ev := range fake.Events() {
		if len(ev.Exchanges) == 0 {
			continue
		}
		batches++
		if first.IsZero() {
			first, wallFirst = ev.Exchanges[0].TS, ev.At
		}
		lo, hi := ev.Exchanges[0].TS, ev.Exchanges[len(ev.Exchanges)-1].TS
		if span := hi.Sub(lo); span >= time.Hour {
			t.Errorf("a batch spans %s of data, want under speed × tick = 1h", span)
		}
		due := time.Duration(float64(hi.Sub(first)) / speed)
		if got := ev.At.Sub(wallFirst); got+30*time.Millisecond < due {
			t.Errorf("data time %s posted %s after the first batch, before it was due (%s)", hi, got, due)
		}
	}
	if batches < 40 || int64(batches) != res.Totals.Batches {
		t.Errorf("%d batches (result says %d), want about one per data hour", batches, res.Totals.Batches)
	}
}

// TestServerErrors checks that a failing or missing server stops the replay
// with the server's explanation and a hint.
// TestWaitReady: replay waits for a server that is still starting, and
// says so when it never becomes ready.
func TestWaitReady(t *testing.T) {
	closed := httptest.NewServer(nil)
	closedURL := closed.URL
	closed.Close()
	for _, tc := range []struct {
		name     string
		notReady int
		server   string
		wait     time.Duration
		wantErr  string
	}{
		{name: "ready after three polls", notReady: 3, wait: 10 * time.Second},
		{name: "never ready in time", notReady: 1 << 30, wait: 500 * time.Millisecond, wantErr: "not ready within 500ms"},
		{name: "nobody listening", server: closedURL, wait: 500 * time.Millisecond, wantErr: "cannot reach the server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := &replaytest.Fake{NotReady: tc.notReady}
			url := fake.Start(t)
			if tc.server != "" {
				url = tc.server
			}
			_, err := replay.Run(context.Background(), replay.Options{Dir: writeScenario(t), Server: url, Sync: true, WaitReady: tc.wait})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if fake.Readies != tc.notReady+1 {
					t.Errorf("%d readiness polls, want %d", fake.Readies, tc.notReady+1)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestServerErrors(t *testing.T) {
	closed := httptest.NewServer(nil)
	closedURL := closed.URL
	closed.Close()
	cases := []struct {
		name   string
		fake   *replaytest.Fake
		server string // overrides the fake's URL
		token  string
		want   []string
		status int // 0: not a *ServerError
	}{
		{name: "wrong token", fake: &replaytest.Fake{Token: "right-token-0123456789"}, token: "wrong",
			want: []string{"401", "missing or wrong bearer token", "--token"}, status: 401},
		{name: "rejected batch", fake: &replaytest.Fake{FailPath: "/v1/exchanges", FailStatus: 400, FailMessage: "line 3: bad ip"},
			want: []string{"POST /v1/exchanges", "400", "line 3: bad ip"}, status: 400},
		{name: "too large", fake: &replaytest.Fake{FailPath: "/v1/exchanges", FailStatus: 413, FailMessage: "body over 32 MiB"},
			want: []string{"413", "lower --batch"}, status: 413},
		{name: "server fault", fake: &replaytest.Fake{FailPath: "/v1/decisions", FailStatus: 500, FailMessage: "journal is read-only"},
			want: []string{"GET /v1/decisions", "journal is read-only", "server's log"}, status: 500},
		{name: "not a distillguard server", fake: &replaytest.Fake{FailPath: "/v1/status", FailStatus: 404, FailMessage: "not found"},
			want: []string{"404", "distillguard serve --clock data"}, status: 404},
		{name: "nobody listening", fake: &replaytest.Fake{}, server: closedURL,
			want: []string{"cannot reach the server", "is `distillguard serve --clock data` running at " + closedURL}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeScenario(t)
			url := tc.fake.Start(t)
			if tc.server != "" {
				url = tc.server
			}
			_, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Token: tc.token, Sync: true})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var se *replay.ServerError
			if errors.As(err, &se) != (tc.status != 0) || (se != nil && se.Status != tc.status) {
				t.Errorf("error %T %v, want a *ServerError with status %d", err, err, tc.status)
			}
		})
	}
}

// TestBadScenarioDir checks the errors for a folder that is not a scenario.
func TestBadScenarioDir(t *testing.T) {
	dir := t.TempDir()
	_, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: "http://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "distillguard simulate --out") {
		t.Errorf("no truth: %v", err)
	}
	write(t, dir, "truth.json", `{"schema":"truth/v1","accounts":{}}`)
	_, err = replay.Run(context.Background(), replay.Options{Dir: dir, Server: "http://127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "exchanges.jsonl") {
		t.Errorf("no exchanges: %v", err)
	}
}

// TestWriteText checks that the text report names every section and the
// verdict, and that JSON round-trips.
func TestWriteText(t *testing.T) {
	dir := writeScenario(t)
	fake := &replaytest.Fake{Policy: exactPolicy}
	url := fake.Start(t)
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: 1, Sync: true, CheckSample: 50})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, w := range []string{
		"distillguard replay: scenario hand-made", "828 exchanges", "1 malformed",
		"camp-a", "4.1", "10.42% (50)", "camp-b", "never", "21.35% (41)",
		"consumer", "blocked consumer: con", "Check latency (POST /v1/check on 1 exchange in 50)",
		"day one blocked", "10 of 10",
		"FAIL  90% of each campaign's day-one accounts blocked within 24h of its start", "camp-b 0 of 4",
		"FAIL  p90 of hours from an account's first exchange to its block at most 12h", "camp-b never (3 of 4 accounts blocked)",
		"FAIL  at most 0.2% of honest accounts blocked", "1 of 4 honest accounts blocked (25.00%) (consumer 1)",
		"FAIL  at most 0.5% of honest accounts throttled", "1 of 4 honest accounts throttled (25.00%); 0 shaped",
		"Verdict: FAIL (5 of 5 targets missed)",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text lacks %q:\n%s", w, out)
		}
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back replay.Result
	if err := json.Unmarshal(js, &back); err != nil || back.Schema != replay.Schema || len(back.Campaigns) != 2 || back.Campaigns[1].HoursTo90 != nil {
		t.Errorf("JSON round trip: %v %s", err, js)
	}
}

// TestLateAccounts checks that accounts created more than a day after their
// campaign's start are counted and warned about: no server could block them
// within 24 h of the start.
func TestLateAccounts(t *testing.T) {
	dir := writeScenario(t)
	acc, err := os.ReadFile(filepath.Join(dir, "accounts.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// b0 and b1 created at t0+30h: 2 of camp-b's 4 accounts, over 10%.
	early := t0.Add(-24 * time.Hour).Format(time.RFC3339)
	for _, id := range []string{"b0", "b1"} {
		acc = []byte(strings.Replace(string(acc), fmt.Sprintf(`{"account_id":%q,"created_at":%q}`, id, early),
			fmt.Sprintf(`{"account_id":%q,"created_at":%q}`, id, t0.Add(30*time.Hour).Format(time.RFC3339)), 1))
	}
	write(t, dir, "accounts.jsonl", string(acc))
	fake := &replaytest.Fake{Policy: exactPolicy}
	url := fake.Start(t)
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: 1, Sync: true})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := res.Campaigns[0], res.Campaigns[1]; a.LateAccounts != 0 || b.LateAccounts != 2 {
		t.Errorf("late accounts: camp-a %d, camp-b %d; want 0 and 2", a.LateAccounts, b.LateAccounts)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "camp-b: 2 of its 4 accounts came into being more than 24 h after") {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

// TestUnknownAccounts checks accounts that truth does not know: they are
// counted as "(unknown)", and their ids survive the reader reusing its
// buffer (10,000 lines, 900 KB, run through its 256 KB buffer).
func TestUnknownAccounts(t *testing.T) {
	dir := writeScenario(t)
	f, err := os.OpenFile(filepath.Join(dir, "exchanges.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(f, `{"ts":%q,"account_id":"zz-%04d","ip":"198.51.100.1"}`+"\n", t0.Add(48*time.Hour+time.Duration(i)*time.Second).Format(time.RFC3339), i)
	}
	f.Close()
	fake := &replaytest.Fake{Policy: func(acct string, n int) string {
		if strings.HasPrefix(acct, "zz-") {
			return "block"
		}
		return ""
	}}
	url := fake.Start(t)
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: 2000, Sync: true})
	if err != nil {
		t.Fatal(err)
	}
	var unknown *replay.Category
	for i := range res.Honest {
		if res.Honest[i].Category == "(unknown)" {
			unknown = &res.Honest[i]
		}
	}
	if unknown == nil || unknown.Accounts != 10000 || unknown.Blocked != 10000 || unknown.Exchanges != 10000 {
		t.Fatalf("unknown accounts: %+v", unknown)
	}
	for i, id := range unknown.BlockedAccounts {
		if want := fmt.Sprintf("zz-%04d", i); id != want {
			t.Errorf("blocked account %d is %q, want %q", i, id, want)
		}
	}
}

// TestKeep: with Keep, replay writes exactly what the server accepted, in
// the order it was posted, and, after a round it asks for once the last
// batch is applied, the live campaigns.
func TestKeep(t *testing.T) {
	dir := writeScenario(t)
	for _, tc := range []struct {
		name  string
		sync  bool
		polls int // status polls before the fake applies a batch
		batch int
	}{
		// Decisions arrive in time to stop exchanges: those are not kept.
		{name: "sync", sync: true, polls: 2, batch: 7},
		// Batches pile up unapplied: only the final wait keeps the round
		// after the last of them.
		{name: "no sync", polls: 1, batch: 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep := filepath.Join(t.TempDir(), "kept") // created by replay
			fake := &replaytest.Fake{Policy: passPolicy, ApplyPolls: tc.polls, Campaigns: map[string][]string{"live-1": {"a0", "a1"}}}
			url := fake.Start(t)
			res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: tc.batch, Sync: tc.sync, Keep: keep})
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			bodies := map[string][]byte{}
			for _, ev := range fake.Events() {
				bodies[ev.Path] = append(bodies[ev.Path], ev.Body...)
			}
			for file, path := range map[string]string{replay.KeptExchanges: "/v1/exchanges", replay.KeptAccounts: "/v1/accounts", replay.KeptModels: "/v1/models"} {
				got, err := os.ReadFile(filepath.Join(keep, file))
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 0 || string(got) != string(bodies[path]) {
					t.Errorf("%s holds %d bytes that are not the %d posted to %s", file, len(got), len(bodies[path]), path)
				}
			}
			posted := 0
			for _, n := range fake.Received() {
				posted += n
			}
			if lines := strings.Count(string(bodies["/v1/exchanges"]), "\n"); lines != posted || int64(posted) != res.Totals.Posted || (tc.sync && res.Totals.Blocked == 0) {
				t.Errorf("%d lines kept, %d exchanges received, %d posted, %d not served", lines, posted, res.Totals.Posted, res.Totals.Blocked)
			}

			calls, early := fake.Rounds()
			if calls != 1 || early != 0 {
				t.Errorf("%d rounds asked for, %d of them before the last batch was applied; want 1, 0", calls, early)
			}
			if res.LiveRound == nil || res.LiveRound.Round != 1 || res.LiveRound.Campaigns != 1 || res.Live == nil ||
				len(res.Live.Campaigns) != 1 || res.Live.Campaigns[0].ID != "live-1" {
				t.Fatalf("live round %+v, live findings %+v", res.LiveRound, res.Live)
			}
			d, err := findings.ReadFile(filepath.Join(keep, replay.KeptLive))
			if err != nil || len(d.Campaigns) != 1 || strings.Join(d.Campaigns[0].Accounts, ",") != "a0,a1" {
				t.Errorf("live.json: %v %+v", err, d)
			}
			js, _ := json.Marshal(res)
			if !strings.Contains(string(js), `"live_round":{"round":1`) || strings.Contains(string(js), `"live-1"`) {
				t.Errorf("the JSON result should carry the round, not the live document: %s", js)
			}
		})
	}
}

// TestNoLiveRound: a server without POST /v1/rounds (an older one) leaves
// the figures as they were, without live campaigns, and says so.
func TestNoLiveRound(t *testing.T) {
	dir := writeScenario(t)
	fake := &replaytest.Fake{Policy: passPolicy, FailPath: "/v1/rounds", FailStatus: 404, FailMessage: "no such endpoint"}
	url := fake.Start(t)
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Sync: true})
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if res.Live != nil || res.LiveRound != nil || res.Totals.Posted == 0 || !strings.Contains(strings.Join(res.Warnings, "\n"), "no live campaigns: the final detection round failed") {
		t.Errorf("live %+v, round %+v, posted %d, warnings %q", res.Live, res.LiveRound, res.Totals.Posted, res.Warnings)
	}
}

// TestConvergenceText: a comparison the caller adds is a verdict like the
// others (Pass follows it), a table in the text and a field in the JSON.
func TestConvergenceText(t *testing.T) {
	dir := writeScenario(t)
	fake := &replaytest.Fake{Policy: passPolicy, Campaigns: map[string][]string{"live-a": {"a0", "a1", "a2"}, "live-x": {"x0"}}}
	url := fake.Start(t)
	res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Batch: 5, Sync: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Pass {
		t.Fatalf("the targets should pass before the comparison: %+v", res.Targets)
	}
	batch := &findings.Document{Campaigns: []findings.Campaign{{ID: "dg-a", Accounts: []string{"a0", "a1", "a2", "a3"}}, {ID: "dg-b", Accounts: []string{"b0"}}}}
	res.AddConvergence(findings.Compare(batch, res.Live, 0.01))
	var b strings.Builder
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, w := range []string{
		"Convergence (detect on the data the server was given against the server's campaigns after a final round, round 1 at 2026-05-03T00:00:00Z;",
		"batch campaign  accounts  live campaign  accounts  common  differing",
		"dg-a            4         live-a         3         3       1 (25.00%)",
		"dg-b            1         -              -         0       1",
		"-               -         live-x         1         0       1",
		"FAIL  live campaigns equal detect's on the served data (same campaigns, members within 1%)",
		"batch dg-a and live live-a differ in 1 of 4 accounts",
		"Verdict: FAIL (1 of 6 targets missed)",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text lacks %q:\n%s", w, out)
		}
	}
	js, _ := json.Marshal(res)
	var back replay.Result
	if err := json.Unmarshal(js, &back); err != nil || back.Pass || back.Convergence == nil || back.Convergence.Agrees || len(back.Convergence.Pairs) != 1 {
		t.Errorf("JSON: %v %s", err, js)
	}
}

// TestStateWarnings: at the end replay says when the server's state is not
// what was posted, since its campaigns then judge other data.
func TestStateWarnings(t *testing.T) {
	dir := writeScenario(t)
	for _, tc := range []struct {
		name   string
		status map[string]any
		want   string // in the warnings; "" for none about the state
	}{
		{name: "as posted", status: map[string]any{"exchanges": scenarioExchanges, "set_aside": map[string]int64{"future": 0, "late": 0}}},
		{name: "not reported", status: nil},
		{name: "set aside", status: map[string]any{"exchanges": 800, "set_aside": map[string]int64{"late": 20, "future": 8, "account_limit": 0}},
			want: "the server set aside 28 records it was sent (future 8, late 20"},
		{name: "other data", status: map[string]any{"exchanges": 900},
			want: "the server holds 900 exchanges, and 828 were posted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := &replaytest.Fake{Status: tc.status}
			url := fake.Start(t)
			res, err := replay.Run(context.Background(), replay.Options{Dir: dir, Server: url, Sync: true})
			if err != nil {
				t.Fatal(err)
			}
			warned := strings.Join(res.Warnings, "\n")
			if tc.want == "" && (strings.Contains(warned, "set aside") || strings.Contains(warned, "the server holds")) ||
				!strings.Contains(warned, tc.want) {
				t.Errorf("warnings %q, want %q", res.Warnings, tc.want)
			}
		})
	}
}
