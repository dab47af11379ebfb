package online

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals"
	"github.com/distillguard/distillguard/internal/simulate"
)

// feed applies a simulated scenario to e in time order, posting each
// account row when its created_at has passed, in batches of 500 exchanges.
func feed(t *testing.T, e *Engine, dir string) {
	t.Helper()
	seq := uint64(0)
	next := func() uint64 { seq++; return seq }
	models, _ := os.ReadFile(filepath.Join(dir, simulate.ModelsFile))
	e.Apply(next(), KindModels, models)
	type row struct {
		created time.Time
		line    []byte
	}
	var rows []row
	af, err := os.ReadFile(filepath.Join(dir, simulate.AccountsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range bytes.Split(af, []byte("\n")) {
		var r struct {
			CreatedAt time.Time `json:"created_at"`
		}
		if json.Unmarshal(l, &r) == nil {
			rows = append(rows, row{r.CreatedAt, append([]byte{}, l...)})
		}
	}
	f, err := os.Open(filepath.Join(dir, simulate.ExchangesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var batch []byte
	n := 0
	flush := func(now time.Time) {
		var ab []byte
		rest := rows[:0]
		for _, r := range rows {
			if !r.created.After(now) {
				ab = append(append(ab, r.line...), '\n')
			} else {
				rest = append(rest, r)
			}
		}
		rows = rest
		if len(ab) > 0 {
			e.Apply(next(), KindAccounts, ab)
		}
		if len(batch) > 0 {
			e.Apply(next(), KindExchanges, batch)
		}
		batch, n = batch[:0], 0
	}
	for sc.Scan() {
		var r struct {
			TS time.Time `json:"ts"`
		}
		json.Unmarshal(sc.Bytes(), &r)
		batch = append(append(batch, sc.Bytes()...), '\n')
		if n++; n == 500 {
			flush(r.TS)
		}
	}
	flush(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
}

// TestReplacementBlockedOnFirstExchange: once a campaign is blocked, a new
// account that pays with one of its cards and sends one of its templates is
// blocked by its first exchange, before any detection round runs; a
// check from an unrelated account stays allow; and campaign ids persist
// across rounds.
func TestReplacementBlockedOnFirstExchange(t *testing.T) {
	dir := t.TempDir()
	_, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 7,
		Compress: "none", OutDir: dir,
		Start: time.Date(2026, 4, 18, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 28, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{DataClock: true, Every: 6 * time.Hour})
	ids := map[string]int{}
	e.OnRound = func(RoundStats) {
		for _, c := range e.Snapshot().Findings.Campaigns {
			ids[c.ID]++
		}
	}
	feed(t, e, dir)
	e.Round()
	snap := e.Snapshot()
	if len(snap.Findings.Campaigns) == 0 {
		t.Fatal("no campaign found in ten days of the incident")
	}
	top := snap.Findings.Campaigns[0].ID
	if ids[top] < 3 {
		t.Errorf("campaign %s was reported in %d rounds under that id; ids seen: %v", top, ids[top], ids)
	}
	ind := e.ind.Load()
	if ind == nil {
		t.Fatal("no indicator index")
	}
	var card, tmplLine string
	for h, ci := range ind.payments {
		if ind.campaigns[ci] == top {
			for id := uint32(1); id <= uint32(e.store.NumAccounts()); id++ {
				if p := e.store.Info[id].Payment; p != 0 && dict.Hash(e.store.Payments.String(p)) == h {
					card = e.store.Payments.String(p)
					break
				}
			}
		}
		if card != "" {
			break
		}
	}
	// An exchange of a member whose template is an indicator, re-sent by
	// the newcomer.
	f, _ := os.ReadFile(filepath.Join(dir, simulate.ExchangesFile))
	for _, l := range bytes.Split(f, []byte("\n")) {
		var r struct {
			Account string `json:"account_id"`
		}
		if json.Unmarshal(l, &r) != nil || snap.member[r.Account] != top {
			continue
		}
		e.mu.Lock()
		e.sig = signals.Exchange{}
		e.rec = record.Exchange{}
		ok := e.dec.DecodeExchange(l, &e.rec) == nil
		if ok {
			e.x.Extract(&e.rec, &e.sig)
			e.tmpl.Assign(&e.rec, &e.sig)
		}
		_, hit := ind.templates[e.tmpl.Find(e.sig.Profile.Template)]
		_, hitClient := ind.clients[clientKey(e.sig.Profile.UAHash, e.sig.Profile.FPHash)]
		hit = hit && hitClient
		e.mu.Unlock()
		if ok && hit && e.sig.Profile.Template != 0 {
			tmplLine = string(l)
			break
		}
	}
	if tmplLine == "" {
		t.Fatalf("campaign %s has no template indicator", top)
	}
	newcomer := "acct_newcomer000000000000001"
	rounds := e.Rounds()
	e.Apply(1e6, KindAccounts, []byte(`{"account_id":"`+newcomer+`","created_at":"2026-04-27T23:00:00Z","payment_fp":"`+card+`"}`))
	if d := e.Decisions.Get(newcomer, e.Now()); d.Action == Block {
		t.Fatalf("blocked before any exchange: %v", d)
	}
	// The member's exchange carries its template and its client (user agent
	// with TLS fingerprint): two families.
	var m map[string]any
	json.Unmarshal([]byte(tmplLine), &m)
	m["account_id"] = newcomer
	m["ts"] = "2026-04-27T23:30:00Z"
	delete(m, "ip")
	line, _ := json.Marshal(m)
	e.Apply(1e6+1, KindExchanges, line)
	if e.Rounds() != rounds {
		t.Fatal("a round ran; the test must show the block without one")
	}
	d := e.Decisions.Get(newcomer, e.Now())
	if d.Action != Block || d.Source != SourceIndicator || d.CampaignID != top {
		v, _ := e.Account(newcomer)
		t.Fatalf("newcomer after its first exchange: %+v; matches %v; index: %d clients, %d templates", d, v.Suspicion, len(ind.clients), len(ind.templates))
	}
	if a := e.Check(CheckRequest{AccountID: newcomer}); a.Action != Block {
		t.Errorf("check says %v", a.Action)
	}
	if a := e.Check(CheckRequest{AccountID: "acct_stranger", IP: "192.0.2.1", ClientFP: "nothing-like-it"}); a.Action != Allow {
		t.Errorf("an unrelated account is %v: %v", a.Action, a.Reasons)
	}
}
