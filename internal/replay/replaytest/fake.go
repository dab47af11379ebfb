// Package replaytest is a tiny stand-in for `distillguard serve` that tests
// of replay and of its command run against: it implements the few endpoints
// replay calls (docs/api.md), decides by a rule the test gives instead of
// detecting anything, and records what it received so a test can check what
// the gateway posted and when.
//
// It deliberately does not share types with package replay, so that a
// test against it also checks replay against the documented wire shapes.
package replaytest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Exchange is one exchange the fake received.
type Exchange struct {
	AccountID string
	TS        time.Time
}

// Event is one accepted POST, in the order received.
type Event struct {
	Path      string     // /v1/models, /v1/accounts or /v1/exchanges
	Accounts  []string   // account ids of an /v1/accounts body
	Exchanges []Exchange // exchanges of an /v1/exchanges body
	Lines     int
	At        time.Time // when it arrived
	Body      []byte    // as received
}

// Fake is the stand-in server. Set its fields before Start.
type Fake struct {
	// Token, when set, is the bearer token /v1/ requires.
	Token string
	// Policy decides, when an account's n-th exchange (1-based) is applied,
	// the action to give it ("" for no change). The decision's `at` is that
	// exchange's ts, as a server on the data clock would stamp it.
	Policy func(account string, n int) string
	// ApplyPolls is how many GET /v1/status calls a batch waits, after its
	// POST, before it is applied (and its decisions made); 0 applies at once.
	ApplyPolls int
	// FailPath and FailStatus make every request to that path (without the
	// query) answer FailStatus with the error FailMessage.
	FailPath    string
	FailStatus  int
	FailMessage string
	// Status adds fields to every GET /v1/status answer (such as
	// "exchanges" and "set_aside").
	Status map[string]any
	// Campaigns are what GET /v1/campaigns lists after a round: campaign
	// id to member account ids (none when nil).
	Campaigns map[string][]string
	// NotReady is how many GET /readyz calls answer 503 before it answers
	// 200, as a server replaying its journal does.
	NotReady int
	// Readies counts GET /readyz calls.
	Readies int

	mu        sync.Mutex
	seq       int64 // journal position of the last batch accepted
	applied   int64
	queue     []queued // accepted, not yet applied, oldest first
	polls     int      // status polls since the oldest queued batch arrived
	counts    map[string]int
	decisions []decision
	fetched   map[string]string // action per account as replay last fetched it
	events    []Event
	violation []string
	checks    int
	statuses  int
	rounds    int
	roundAt   int // rounds asked for while batches were still queued
}

// queued is one accepted POST waiting to be applied.
type queued struct {
	seq       int64
	exchanges []Exchange // nil for models and accounts
}

// decision is the documented shape of one GET /v1/decisions entry.
type decision struct {
	Seq        int64    `json:"seq"`
	AccountID  string   `json:"account_id"`
	Action     string   `json:"action"`
	Reasons    []string `json:"reasons"`
	CampaignID string   `json:"campaign_id,omitempty"`
	Source     string   `json:"source"`
	At         string   `json:"at"`
	ExpiresAt  string   `json:"expires_at,omitempty"`
}

// Start serves f on a loopback port until the test ends and returns its URL.
func (f *Fake) Start(tb testing.TB) string {
	tb.Helper()
	f.counts = map[string]int{}
	f.fetched = map[string]string{}
	s := httptest.NewServer(f)
	tb.Cleanup(s.Close)
	return s.URL
}

// Events returns the accepted POSTs so far, in order.
func (f *Fake) Events() []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Event(nil), f.events...)
}

// Received returns, per account, how many of its exchanges were posted.
func (f *Fake) Received() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, e := range f.events {
		for _, x := range e.Exchanges {
			out[x.AccountID]++
		}
	}
	return out
}

// Violations lists exchanges posted for an account that replay had already
// fetched a block decision for: a gateway must not serve those.
func (f *Fake) Violations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.violation...)
}

// Checks is how many POST /v1/check calls arrived.
func (f *Fake) Checks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.checks
}

// StatusCalls is how many GET /v1/status calls arrived.
func (f *Fake) StatusCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.statuses
}

// Rounds is how many POST /v1/rounds calls arrived, and how many of them
// came while a batch was accepted but not applied.
func (f *Fake) Rounds() (calls, early int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rounds, f.roundAt
}

// ServeHTTP answers the endpoints replay uses; anything else is 404.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailPath != "" && r.URL.Path == f.FailPath {
		writeError(w, f.FailStatus, f.FailMessage, nil)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/v1/") && f.Token != "" && r.Header.Get("Authorization") != "Bearer "+f.Token {
		writeError(w, http.StatusUnauthorized, "missing or wrong bearer token", nil)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/readyz":
		if f.Readies++; f.Readies <= f.NotReady {
			writeError(w, http.StatusServiceUnavailable, "replaying the journal", nil)
			return
		}
		writeJSON(w, map[string]string{"status": "ready"})
	case r.Method == http.MethodPost && (r.URL.Path == "/v1/models" || r.URL.Path == "/v1/accounts" || r.URL.Path == "/v1/exchanges"):
		f.ingest(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/status":
		f.statuses++
		if len(f.queue) > 0 {
			f.polls++
			if f.polls > f.ApplyPolls {
				f.applyOne()
			}
		}
		st := map[string]any{"applied_seq": f.applied, "journaled_seq": f.seq}
		for k, v := range f.Status {
			st[k] = v
		}
		writeJSON(w, st)
	case r.Method == http.MethodGet && r.URL.Path == "/v1/decisions":
		since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit <= 0 || limit > 3 {
			limit = 3 // small pages, so that paging is exercised
		}
		page := []decision{}
		next := since
		for _, d := range f.decisions {
			if d.Seq > since && len(page) < limit {
				page = append(page, d)
				next = d.Seq
				f.fetched[d.AccountID] = d.Action
			}
		}
		writeJSON(w, map[string]any{"decisions": page, "next": next})
	case r.Method == http.MethodPost && r.URL.Path == "/v1/rounds":
		f.rounds++
		if len(f.queue) > 0 {
			f.roundAt++
		}
		writeJSON(w, map[string]any{"round": f.rounds, "at": "2026-05-03T00:00:00Z", "campaigns": len(f.Campaigns)})
	case r.Method == http.MethodGet && r.URL.Path == "/v1/campaigns":
		writeJSON(w, f.findings())
	case r.Method == http.MethodPost && r.URL.Path == "/v1/check":
		var req struct {
			AccountID string `json:"account_id"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.AccountID == "" {
			writeError(w, http.StatusBadRequest, "want a JSON object with account_id", nil)
			return
		}
		f.checks++
		action := f.fetched[req.AccountID]
		if action == "" {
			action = "allow"
		}
		writeJSON(w, map[string]any{"action": action, "reasons": []string{}, "ttl_seconds": 60, "source": "none"})
	default:
		writeError(w, http.StatusNotFound, "no such endpoint "+r.Method+" "+r.URL.Path, nil)
	}
}

// ingest accepts a JSON Lines body all or nothing, as the server does.
func (f *Fake) ingest(w http.ResponseWriter, r *http.Request) {
	ev := Event{Path: r.URL.Path, At: time.Now()}
	type problem struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	}
	var problems []problem
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "cannot read the body: "+err.Error(), nil)
		return
	}
	ev.Body = body
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 2<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var row struct {
			TS        string `json:"ts"`
			AccountID string `json:"account_id"`
			Model     string `json:"model"`
		}
		if err := json.Unmarshal(line, &row); err != nil {
			problems = append(problems, problem{n, "invalid JSON"})
			continue
		}
		ev.Lines++
		switch r.URL.Path {
		case "/v1/accounts":
			if row.AccountID == "" {
				problems = append(problems, problem{n, "missing account_id"})
			}
			ev.Accounts = append(ev.Accounts, row.AccountID)
		case "/v1/exchanges":
			ts, err := time.Parse(time.RFC3339Nano, row.TS)
			if err != nil || row.AccountID == "" {
				problems = append(problems, problem{n, "bad timestamp or missing account_id"})
				continue
			}
			ev.Exchanges = append(ev.Exchanges, Exchange{AccountID: row.AccountID, TS: ts})
		case "/v1/models":
			if row.Model == "" {
				problems = append(problems, problem{n, "missing model"})
			}
		}
	}
	if err := sc.Err(); err != nil {
		writeError(w, http.StatusBadRequest, "cannot read the body: "+err.Error(), nil)
		return
	}
	if len(problems) > 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%d malformed lines; nothing was stored", len(problems)), problems)
		return
	}
	for _, x := range ev.Exchanges {
		if f.fetched[x.AccountID] == "block" {
			f.violation = append(f.violation, fmt.Sprintf("%s at %s posted after replay fetched its block", x.AccountID, x.TS.Format(time.RFC3339)))
		}
	}
	f.events = append(f.events, ev)
	f.seq++
	if len(f.queue) == 0 {
		f.polls = 0
	}
	f.queue = append(f.queue, queued{seq: f.seq, exchanges: ev.Exchanges})
	if f.ApplyPolls == 0 {
		for len(f.queue) > 0 {
			f.applyOne()
		}
	}
	writeJSON(w, map[string]any{"accepted": ev.Lines, "seq": f.seq})
}

// applyOne applies the oldest queued POST: counts its exchanges and makes
// the decisions the policy asks for.
func (f *Fake) applyOne() {
	q := f.queue[0]
	f.queue = f.queue[1:]
	f.polls = 0
	f.applied = q.seq
	for _, x := range q.exchanges {
		f.counts[x.AccountID]++
		if f.Policy == nil {
			continue
		}
		if action := f.Policy(x.AccountID, f.counts[x.AccountID]); action != "" {
			f.decisions = append(f.decisions, decision{
				Seq: int64(len(f.decisions) + 1), AccountID: x.AccountID, Action: action,
				Reasons: []string{"test policy"}, Source: "campaign",
				At: x.TS.UTC().Format(time.RFC3339Nano),
			})
		}
	}
}

// findings is the documented findings/v1 shape of f.Campaigns, in id
// order, with every member listed in accounts.
func (f *Fake) findings() map[string]any {
	ids := make([]string, 0, len(f.Campaigns))
	for id := range f.Campaigns {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	camps, accts := []any{}, []any{}
	for _, id := range ids {
		camps = append(camps, map[string]any{"id": id, "score": 0.9, "accounts": f.Campaigns[id], "exchanges": 1,
			"first_seen": "2026-05-01T00:00:00Z", "last_seen": "2026-05-02T00:00:00Z", "capabilities": map[string]float64{},
			"indicators": []any{}, "evidence": []string{}})
		for _, a := range f.Campaigns[id] {
			accts = append(accts, map[string]any{"account_id": a, "score": 0.9, "campaign": id, "reasons": []string{}})
		}
	}
	return map[string]any{"schema": "findings/v1", "generated_at": "2026-05-03T00:00:00Z",
		"input":     map[string]any{"exchanges": 0, "accounts": 0, "rejected_lines": 0, "first_ts": "", "last_ts": ""},
		"campaigns": camps, "accounts": accts}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string, problems any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"error": msg}
	if problems != nil {
		body["problems"] = problems
	}
	json.NewEncoder(w).Encode(body)
}
