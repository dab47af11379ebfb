//go:build diag

package online

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/truth"
)

var diagDir = flag.String("dir", "", "scenario directory (uncompressed exchanges.jsonl)")
var diagCamp = flag.String("camp", "", "print every candidate holding accounts of this true campaign")
var diagEvery = flag.Duration("every", 2*time.Hour, "round interval")

// TestDiagFeed replays a scenario into the engine in-process, as a gateway
// would, and prints time to block per campaign and honest blocks. It reads
// truth, so it is a tuning aid only (build tag diag).
func TestDiagFeed(t *testing.T) {
	if *diagDir == "" {
		t.Skip("no -dir")
	}
	doc, err := truth.ReadFile(filepath.Join(*diagDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{DataClock: true, Every: *diagEvery})
	nr := 0
	debugRound = func(e *Engine, a *detect.Analysis, now time.Time) {
		if debugOwn != nil {
			debugOwn(e, a, now)
		}
		if nr++; nr%50 == 1 {
			logIndicators(t, e.ind.Load(), a)
		}
		if *diagCamp == "" {
			return
		}
		for _, group := range [][]report.Campaign{a.Report.Campaigns, a.Report.Dismissed} {
			for _, c := range group {
				n := 0
				for _, acct := range c.Accounts {
					if doc.Accounts[e.store.Accounts.String(acct)] == *diagCamp {
						n++
					}
				}
				if n >= 3 {
					fams := ""
					for k, v := range c.Result.Families {
						fams += fmt.Sprintf(" %s=%.2f", k, v)
					}
					t.Logf("%s %s: %d accounts (%d of %s) score %.2f campaign %v;%s", now.Format(time.RFC3339), c.ID, len(c.Accounts), n, *diagCamp, c.Result.Score, c.Result.Campaign, fams)
				}
			}
		}
	}
	var rounds time.Duration
	e.OnRound = func(s RoundStats) { rounds += s.Took }
	type acct struct {
		created int64
		line    []byte
	}
	var accts []acct
	af, _ := os.ReadFile(filepath.Join(*diagDir, "accounts.jsonl"))
	for _, l := range splitLines(af) {
		var r struct {
			CreatedAt time.Time `json:"created_at"`
		}
		json.Unmarshal(l, &r)
		accts = append(accts, acct{r.CreatedAt.UnixNano(), l})
	}
	sort.Slice(accts, func(i, j int) bool { return accts[i].created < accts[j].created })
	mf, _ := os.ReadFile(filepath.Join(*diagDir, "models.jsonl"))
	seq := uint64(1)
	e.Apply(seq, KindModels, mf)
	f, err := os.Open(filepath.Join(*diagDir, "exchanges.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var batch []byte
	n := 0
	ai := 0
	firstTS := map[string]time.Time{}
	attempted := map[string]int{}
	served := map[string]int{}
	servedAcct := map[string]int{}
	servedLate := map[string]int{}
	start := time.Now()
	flush := func(now int64) {
		var ab []byte
		for ai < len(accts) && accts[ai].created <= now {
			ab = append(ab, accts[ai].line...)
			ab = append(ab, '\n')
			ai++
		}
		if len(ab) > 0 {
			seq++
			e.Apply(seq, KindAccounts, ab)
		}
		if len(batch) > 0 {
			seq++
			e.Apply(seq, KindExchanges, batch)
			batch = batch[:0]
		}
		n = 0
	}
	campStart := map[string]time.Time{}
	for sc.Scan() {
		l := sc.Bytes()
		var r struct {
			TS      time.Time `json:"ts"`
			Account string    `json:"account_id"`
		}
		json.Unmarshal(l, &r)
		lab := doc.Accounts[r.Account]
		if _, ok := campStart[lab]; !ok {
			campStart[lab] = r.TS
		}
		if _, ok := firstTS[r.Account]; !ok {
			firstTS[r.Account] = r.TS
		}
		attempted[lab]++
		if e.Decisions.Get(r.Account, e.Now()).Action == Block {
			continue
		}
		served[lab]++
		servedAcct[r.Account]++
		if r.TS.Sub(campStart[lab]) > 24*time.Hour {
			servedLate[lab]++
		}
		batch = append(batch, l...)
		batch = append(batch, '\n')
		n++
		if n == 1000 {
			flush(r.TS.UnixNano())
		}
	}
	flush(1 << 62)
	t.Logf("fed in %v, rounds %d took %v", time.Since(start), e.Rounds(), rounds)
	// first block time per account
	blockAt := map[string]time.Time{}
	src := map[string]int{}
	feed, _, _ := e.Decisions.Since(0, 0)
	for _, d := range feed {
		if d.Action == Block {
			if _, ok := blockAt[d.AccountID]; !ok {
				blockAt[d.AccountID] = d.At
				src[d.Source]++
			}
		}
	}
	t.Logf("blocks by source: %v", src)
	for _, c := range doc.Campaigns {
		var ts, lat []time.Duration
		total := 0
		for a, l := range doc.Accounts {
			if l != c.ID {
				continue
			}
			if _, ok := firstTS[a]; !ok {
				continue
			}
			total++
			if b, ok := blockAt[a]; ok {
				ts = append(ts, b.Sub(campStart[c.ID]))
				lat = append(lat, b.Sub(firstTS[a]))
			} else {
				lat = append(lat, 1<<62)
			}
		}
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		h90 := "never"
		if k := (total*9 + 9) / 10; k <= len(ts) && k > 0 {
			h90 = ts[k-1].String()
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		t.Logf("per-account latency p50 %v p90 %v", lat[len(lat)/2], lat[len(lat)*9/10])
		t.Logf("%s: %d accounts, %d blocked, 90%% at %s; served %.3f, served after day 1 %.3f", c.ID, total, len(ts), h90,
			float64(served[c.ID])/float64(attempted[c.ID]), float64(servedLate[c.ID])/float64(attempted[c.ID]))
	}
	// Top contributors to late serving, per campaign.
	for _, c := range doc.Campaigns {
		type ac struct {
			a   string
			n   int
			blk time.Duration
		}
		var xs []ac
		for a, l := range doc.Accounts {
			if l == c.ID && servedAcct[a] > 0 {
				b := time.Duration(-1)
				if t, ok := blockAt[a]; ok {
					b = t.Sub(firstTS[a])
				}
				xs = append(xs, ac{a, servedAcct[a], b})
			}
		}
		sort.Slice(xs, func(i, j int) bool { return xs[i].n > xs[j].n })
		for _, x := range xs[:min(5, len(xs))] {
			v, _ := e.Account(x.a)
			t.Logf("  %s %s served %d, first %v, blocked after %v, final decision %v %s", c.ID, x.a, x.n, firstTS[x.a].Format(time.RFC3339), x.blk, v.Decision.Action, v.CampaignID)
		}
	}
	honest := map[string]int{}
	for a := range blockAt {
		if l := doc.Accounts[a]; !doc.IsCampaign(l) {
			honest[l]++
		}
	}
	t.Logf("honest blocked: %v", honest)
}

// logIndicators prints the size of an indicator index and the kinds of the
// campaigns' core objects.
func logIndicators(t *testing.T, ind *indicators, a *detect.Analysis) {
	if ind == nil {
		return
	}
	kinds := map[string]int{}
	for _, c := range a.Report.Campaigns {
		for _, ob := range c.Core {
			kinds[a.Graph.Objects.Kind[ob].String()]++
		}
	}
	t.Logf("index: %d campaigns, templates %d addrs %d fps %d payments %d signups %d domains %d; core kinds %v",
		len(ind.campaigns), len(ind.templates), len(ind.addrs), len(ind.fps), len(ind.payments), len(ind.signups), len(ind.domains), kinds)
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		if i > 0 {
			out = append(out, b[:i])
		}
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return out
}
