// Package replay plays a simulated scenario into a running `distillguard
// serve` the way a gateway would, at a chosen multiple of real time, and
// measures how fast the server cuts each true campaign off.
//
// Replay is an evaluation tool, like internal/evaluate: it reads the
// simulator's answer key (internal/truth) to grade what the server decided,
// so detection packages must never import it.
//
// The gateway it plays keeps a local copy of the server's decisions,
// refreshed from GET /v1/decisions after every batch it posts. An exchange
// whose account is blocked in that copy is not served: it is counted and
// never posted. Every other exchange is served and posted in the next batch
// to POST /v1/exchanges. Account rows are posted when the data time reaches
// their created_at, model releases at the start. The server should run with
// `--clock data`, so that its decision times are data times and a replay at
// any speed is judged as if live.
//
// Once everything is posted and applied, replay asks the server for a
// detection round (POST /v1/rounds) and reads the campaigns it found, so
// that a caller can compare them with batch detection on exactly the data
// the server was given, which Options.Keep writes out.
package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/record"
)

// Defaults of Options.
const (
	DefaultServer      = "http://127.0.0.1:8417"
	DefaultSpeed       = 3600
	DefaultBatch       = 2000
	DefaultCheckSample = 100
	DefaultTick        = time.Second
	DefaultSpan        = 15 * time.Minute
	DefaultSyncTimeout = 2 * time.Minute
)

// maxBodyBytes closes a batch early when its body grows past it, well under
// the server's default --max-body of 32 MiB (text exchanges can be large).
const maxBodyBytes = 16 << 20

// decisionPageLimit is the limit replay asks GET /v1/decisions for.
const decisionPageLimit = 10000

// Options say what to replay, where, and how fast.
type Options struct {
	// Dir is the scenario directory `distillguard simulate` wrote.
	Dir string
	// Server is the base URL of `distillguard serve`; "" means DefaultServer.
	Server string
	// Token is the bearer token for /v1/.
	Token string
	// Speed is how many data seconds pass per wall second; 0 is as fast as
	// the server takes them.
	Speed float64
	// Batch is the most exchanges per POST; 0 means DefaultBatch.
	Batch int
	// Sync makes replay wait, after each POST, until GET /v1/status shows
	// the batch applied, so that the figures do not depend on server lag.
	Sync bool
	// CheckSample calls POST /v1/check for one exchange in CheckSample (0:
	// never) and records its latency.
	CheckSample int
	// Tick bounds the wall time one batch may span when Speed > 0, so that
	// decisions are refreshed at least that often in wall time (Speed × Tick
	// in data time); 0 means DefaultTick.
	Tick time.Duration
	// Span bounds the data time one batch may span, at any speed, so that
	// the gateway's copy of the decisions is never older than that in data
	// time: a real gateway follows the feed within milliseconds, and a
	// batch of thousands of exchanges can hold hours of a small
	// scenario's traffic, in which a block decided meanwhile would go
	// unenforced. 0 means DefaultSpan.
	Span time.Duration
	// SyncTimeout is how long Sync waits without the server applying
	// anything before it gives up; 0 means DefaultSyncTimeout.
	SyncTimeout time.Duration
	// Client is the HTTP client; nil means one made for loopback.
	Client *http.Client
	// Progress, if set, is called after every batch posted.
	Progress func(Progress)
	// WaitReady is how long to wait for the server's GET /readyz to answer
	// 200 before the replay starts, so a server started a moment before
	// (or still replaying its journal) is waited for; 0 does not wait.
	WaitReady time.Duration
	// Keep, when set, is a directory (created if missing) that receives
	// what the server accepted: exchanges.jsonl (the exchange lines posted,
	// in posting order), accounts.jsonl and models.jsonl (the rows posted),
	// and live.json (the findings of the final round). Batch detection on
	// the first three judges exactly the data the server was given.
	Keep string
}

// Progress is a snapshot of a running replay for progress lines.
type Progress struct {
	DataTime  time.Time     // time of the latest exchange read
	Fraction  float64       // share of the scenario's time span replayed
	Read      int64         // exchanges read
	Posted    int64         // exchanges served and posted
	Blocked   int64         // exchanges not served: the account was blocked
	Decisions int64         // decision changes received
	Elapsed   time.Duration // wall time since the start
}

// NewClient returns an HTTP client for a server on loopback, with enough
// idle connections per host for conns concurrent requests.
func NewClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns + 4
	t.MaxIdleConnsPerHost = conns + 4
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t}
}

// account is what the gateway knows of one account.
type account struct {
	label    string // truth label; "" when truth does not know it
	campaign int    // index into runner.camps, or -1 for honest accounts

	action  string // current local decision ("" is allow)
	expires int64  // when the current decision expires (0: never), data time

	everWatch, everShape, everThrottle, everBlock bool
	firstBlock                                    int64 // `at` of its first block decision

	created   int64 // created_at of its account row, 0 if unknown
	firstSeen int64 // its first exchange read, 0 before
	attempted int64
	served    int64
}

// campaignState accumulates one true campaign's figures.
type campaignState struct {
	id, style      string
	accounts       int   // accounts truth labels with the campaign
	start          int64 // first exchange (truth's first_seen, else the first read)
	firstRead      int64 // first exchange read, 0 before
	lastRead       int64 // latest exchange read
	attempted      int64
	served         int64
	servedAfterDay int64
}

// runner is one replay in progress.
type runner struct {
	opt   Options
	c     *client
	sc    *scenario
	accts map[string]*account
	camps []*campaignState

	nextAcct int   // accounts[nextAcct:] are not posted yet
	text     bool  // some exchange carried prompt text
	since    int64 // decisions seen up to this seq

	body         []byte // the batch being built
	batchN       int
	windowStart  int64 // data time of the first exchange read since the last flush
	haveWindow   bool
	dataNow      int64 // data time of the latest exchange read
	dataStart    int64 // data time of the first exchange read
	wallStart    time.Time
	runStart     time.Time
	tickData     int64 // the data time a batch may span: Span, or Speed × Tick if less (ns)
	dataFrom     int64 // scenario span from truth, for progress
	dataTo       int64
	decAtMin     int64 // earliest and latest decision `at`, to check the clock
	decAtMax     int64
	checks       []time.Duration
	checkActions map[string]int64

	tot      Totals
	warnings []string

	keep      *keeper // nil without Options.Keep
	lastSeq   int64   // journal seq of the last batch the server accepted
	live      *findings.Document
	liveRound *RoundAnswer
}

// Run replays opt.Dir into the server and returns the figures, graded
// against DefaultTargets. A non-2xx answer stops it with a *ServerError;
// an unreachable server stops it with an error that says how to start one.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Dir == "" {
		return nil, errors.New("no scenario directory given")
	}
	if opt.Server == "" {
		opt.Server = DefaultServer
	}
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	if opt.Speed < 0 {
		return nil, fmt.Errorf("speed %g is negative (0 means as fast as possible)", opt.Speed)
	}
	if opt.Tick <= 0 {
		opt.Tick = DefaultTick
	}
	if opt.SyncTimeout <= 0 {
		opt.SyncTimeout = DefaultSyncTimeout
	}
	if opt.Span <= 0 {
		opt.Span = DefaultSpan
	}
	if opt.Client == nil {
		opt.Client = NewClient(2)
	}
	sc, err := loadScenario(opt.Dir)
	if err != nil {
		return nil, err
	}
	r := &runner{
		opt:          opt,
		c:            &client{base: strings.TrimRight(opt.Server, "/"), token: opt.Token, hc: opt.Client},
		sc:           sc,
		accts:        map[string]*account{},
		checkActions: map[string]int64{},
	}
	r.tickData = int64(opt.Span)
	if opt.Speed > 0 {
		r.tickData = min(r.tickData, int64(opt.Speed*float64(opt.Tick)))
	}
	if t, ok := ingest.ParseTime([]byte(sc.truth.Input.FirstTS)); ok {
		r.dataFrom = t
	}
	if t, ok := ingest.ParseTime([]byte(sc.truth.Input.LastTS)); ok {
		r.dataTo = t
	}
	r.labelAccounts()
	r.noteCreated()
	if opt.Keep != "" {
		if r.keep, err = newKeeper(opt.Keep); err != nil {
			return nil, err
		}
	}
	err = r.run(ctx)
	if cerr := r.keep.close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = r.finalRound(ctx)
	}
	if err != nil {
		return nil, err
	}
	res := r.result()
	res.ApplyTargets(DefaultTargets(res.Text))
	return res, nil
}

// labelAccounts creates every account truth knows, with its label.
func (r *runner) labelAccounts() {
	idx := map[string]int{}
	for i, c := range r.sc.truth.Campaigns {
		idx[c.ID] = i
		cs := &campaignState{id: c.ID, style: c.Style}
		if t, ok := ingest.ParseTime([]byte(c.FirstSeen)); ok {
			cs.start = t
		}
		r.camps = append(r.camps, cs)
	}
	for id, label := range r.sc.truth.Accounts {
		a := &account{label: label, campaign: -1}
		if i, ok := idx[label]; ok {
			a.campaign = i
			r.camps[i].accounts++
		}
		r.accts[id] = a
	}
}

// noteCreated records the created_at of every account row.
func (r *runner) noteCreated() {
	for _, row := range r.sc.accounts {
		if row.createdAt != 0 {
			r.account(row.id).created = row.createdAt
		}
	}
}

// account returns the state of id, creating it for an account truth does
// not know. id may alias a reader's buffer: the map keeps a copy.
func (r *runner) account(id string) *account {
	if a, ok := r.accts[id]; ok {
		return a
	}
	a := &account{campaign: -1}
	r.accts[strings.Clone(id)] = a
	return a
}

// run is the replay itself: models and undated accounts, then the
// exchanges in file order, then the last decisions.
func (r *runner) run(ctx context.Context) error {
	if err := r.c.waitReady(ctx, r.opt.WaitReady); err != nil {
		return err
	}
	r.runStart = time.Now()
	st, err := r.c.status(ctx)
	if err != nil {
		return err
	}
	if st.AppliedSeq > 0 {
		r.warn(fmt.Sprintf("the server had already applied batches up to seq %d before the replay: its state mixes in other data; start a fresh server (a new --data-dir) for clean figures", st.AppliedSeq))
	}
	if err := r.refreshDecisions(ctx); err != nil {
		return err
	}
	if r.tot.Decisions > 0 {
		r.warn(fmt.Sprintf("the server held %d decisions before the replay began; they are counted", r.tot.Decisions))
	}
	if len(r.sc.models) > 0 {
		if err := r.post(ctx, "/v1/models", KeptModels, r.sc.models); err != nil {
			return err
		}
		r.tot.Models = r.sc.nModels
	}
	if err := r.postAccounts(ctx, 0, false); err != nil {
		return err
	}

	in, err := ingest.Open(r.sc.exchanges, nil)
	if err != nil {
		return err
	}
	defer in.Close()
	lr := newLineReader(in)
	var dec ingest.Decoder
	var ex record.Exchange
	for {
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", r.sc.exchanges, err)
		}
		if tooLong {
			r.tot.Rejected++
			continue
		}
		dec.Reset(0)
		if dec.DecodeExchange(line, &ex) != nil {
			r.tot.Rejected++ // the server would reject the whole batch for it
			continue
		}
		if err := r.exchange(ctx, line, &ex); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := r.flush(ctx); err != nil {
		return err
	}
	if err := r.postAccounts(ctx, 0, true); err != nil {
		return err
	}
	if err := r.refreshDecisions(ctx); err != nil {
		return err
	}
	r.tot.WallSeconds = time.Since(r.runStart).Seconds()
	r.progress()
	return nil
}

// exchange handles one exchange read from the log: serve it (add it to the
// batch) unless its account is blocked.
func (r *runner) exchange(ctx context.Context, line []byte, ex *record.Exchange) error {
	t := ex.TS
	if r.tot.Read == 0 {
		r.dataStart, r.wallStart = t, time.Now()
		r.tot.FirstTS = t
	}
	if r.haveWindow && r.tickData > 0 && t-r.windowStart >= r.tickData {
		if err := r.flush(ctx); err != nil {
			return err
		}
	}
	if !r.haveWindow {
		r.windowStart, r.haveWindow = t, true
	}
	if t > r.dataNow {
		r.dataNow = t
	}
	r.tot.LastTS = r.dataNow
	r.tot.Read++
	if len(ex.Prompt) > 0 {
		r.text = true
	}

	a := r.account(ex.AccountID)
	if a.attempted == 0 {
		a.firstSeen = t
	}
	a.attempted++
	var cs *campaignState
	if a.campaign >= 0 {
		cs = r.camps[a.campaign]
		cs.attempted++
		cs.lastRead = t
		if cs.firstRead == 0 {
			cs.firstRead = t
			if cs.start == 0 {
				cs.start = t
			}
		}
	}
	if n := r.opt.CheckSample; n > 0 && r.tot.Read%int64(n) == 0 {
		if err := r.check(ctx, ex); err != nil {
			return err
		}
	}
	if r.blocked(a) {
		r.tot.Blocked++
		return nil
	}
	a.served++
	if cs != nil {
		cs.served++
		if t > cs.start+int64(24*time.Hour) {
			cs.servedAfterDay++
		}
	}
	r.body = append(append(r.body, line...), '\n')
	r.batchN++
	if r.batchN >= r.opt.Batch || len(r.body) >= maxBodyBytes {
		return r.flush(ctx)
	}
	return nil
}

// blocked reports whether the gateway's local copy blocks a now.
func (r *runner) blocked(a *account) bool {
	return a.action == ActionBlock && (a.expires == 0 || r.dataNow < a.expires)
}

// check calls POST /v1/check for ex, as a gateway would before serving it.
func (r *runner) check(ctx context.Context, ex *record.Exchange) error {
	req := CheckRequest{AccountID: ex.AccountID, ClientFP: ex.ClientFP, UserAgent: ex.UserAgent, Prompt: ex.Prompt}
	if ex.IP.IsValid() {
		req.IP = ex.IP.String()
	}
	ans, d, err := r.c.check(ctx, &req)
	if err != nil {
		return err
	}
	r.checks = append(r.checks, d)
	r.checkActions[ans.Action]++
	return nil
}

// flush ends the current window: it waits until the window's data time is
// due in wall time, posts the accounts created by then, posts the batch,
// waits for the server to apply it (with Sync) and refreshes decisions.
func (r *runner) flush(ctx context.Context) error {
	if !r.haveWindow {
		return nil
	}
	r.haveWindow = false
	if r.opt.Speed > 0 {
		due := r.wallStart.Add(time.Duration(float64(r.dataNow-r.dataStart) / r.opt.Speed))
		if wait := time.Until(due); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
	}
	if err := r.postAccounts(ctx, r.dataNow, false); err != nil {
		return err
	}
	if r.batchN == 0 {
		return nil
	}
	ans, err := r.c.postLines(ctx, "/v1/exchanges", r.body)
	if err != nil {
		return err
	}
	r.lastSeq = max(r.lastSeq, ans.Seq)
	if err := r.keep.add(KeptExchanges, r.body); err != nil {
		return err
	}
	if ans.Accepted != int64(r.batchN) && r.tot.Batches == 0 {
		r.warn(fmt.Sprintf("the server accepted %d of a batch of %d exchanges (docs/api.md: a batch is all or nothing)", ans.Accepted, r.batchN))
	}
	r.tot.Posted += int64(r.batchN)
	r.tot.PostedBytes += int64(len(r.body))
	r.tot.Batches++
	r.body, r.batchN = r.body[:0], 0
	if r.opt.Sync {
		if err := r.waitApplied(ctx, ans.Seq); err != nil {
			return err
		}
	}
	if err := r.refreshDecisions(ctx); err != nil {
		return err
	}
	r.progress()
	return nil
}

// postAccounts posts the account rows created at or before upTo (or all
// that are left, with all; with upTo 0, the rows without created_at), in
// bodies of at most Batch rows.
func (r *runner) postAccounts(ctx context.Context, upTo int64, all bool) error {
	rows := r.sc.accounts
	for r.nextAcct < len(rows) {
		var body []byte
		n := 0
		for r.nextAcct < len(rows) && n < r.opt.Batch && len(body) < maxBodyBytes {
			row := rows[r.nextAcct]
			if !all && row.createdAt > upTo {
				break
			}
			body = append(append(body, row.line...), '\n')
			r.nextAcct++
			n++
		}
		if n == 0 {
			return nil
		}
		if err := r.post(ctx, "/v1/accounts", KeptAccounts, body); err != nil {
			return err
		}
		r.tot.Accounts += int64(n)
	}
	return nil
}

// post posts a table's rows and keeps them in the file kept.
func (r *runner) post(ctx context.Context, path, kept string, body []byte) error {
	ans, err := r.c.postLines(ctx, path, body)
	if err != nil {
		return err
	}
	r.lastSeq = max(r.lastSeq, ans.Seq)
	return r.keep.add(kept, body)
}

// finalRound, once everything is posted, waits until the server has
// applied the last batch, asks it for a detection round (POST /v1/rounds)
// and reads the campaigns that round found (GET /v1/campaigns) into
// r.live, and into live.json with Keep. The decisions that round makes are
// not read: no exchange is left for them to act on, and the figures are
// what the gateway met. A server that cannot give them (an older one
// without /v1/rounds, a cluster worker that does not form campaigns, an
// invalid document) leaves r.live nil and a warning: the replay's figures
// stand without them. Only a cancelled context stops the replay here.
func (r *runner) finalRound(ctx context.Context) error {
	failed := func(what string, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.warn(fmt.Sprintf("no live campaigns: %s: %v", what, err))
		return nil
	}
	if err := r.waitApplied(ctx, r.lastSeq); err != nil {
		return failed("the server did not apply the last batch", err)
	}
	if err := r.checkState(ctx); err != nil {
		return failed("cannot read GET /v1/status", err)
	}
	ra, err := r.c.round(ctx)
	if err != nil {
		return failed("the final detection round failed", err)
	}
	d, err := r.c.campaigns(ctx)
	if err != nil {
		return failed("cannot read the live campaigns", err)
	}
	r.live, r.liveRound = d, &ra
	return r.keep.writeLive(d)
}

// checkState warns when the server's state does not hold exactly the
// exchanges posted: records it set aside (dated too far ahead of its wall
// clock or behind its data clock, or over its account bound) or exchanges
// it had before the replay. Its campaigns then judge other data than what
// Keep holds, and cannot be expected to equal detect's on it.
func (r *runner) checkState(ctx context.Context) error {
	st, err := r.c.status(ctx)
	if err != nil {
		return err
	}
	var aside int64
	var why []string
	for reason, n := range st.SetAside {
		if n > 0 {
			aside += n
			why = append(why, fmt.Sprintf("%s %d", reason, n))
		}
	}
	if aside > 0 {
		sort.Strings(why)
		r.warn(fmt.Sprintf("the server set aside %d records it was sent (%s; GET /v1/status set_aside): its campaigns judge less than was posted", aside, strings.Join(why, ", ")))
	}
	if st.Exchanges != nil && aside == 0 && *st.Exchanges != r.tot.Posted {
		r.warn(fmt.Sprintf("the server holds %d exchanges, and %d were posted: its campaigns judge other data than was posted (was it fresh?)", *st.Exchanges, r.tot.Posted))
	}
	return nil
}

// waitApplied polls GET /v1/status until applied_seq reaches seq. It gives
// up when the server applies nothing for SyncTimeout.
func (r *runner) waitApplied(ctx context.Context, seq int64) error {
	pause := 200 * time.Microsecond
	last, lastMove := int64(-1), time.Now()
	for {
		st, err := r.c.status(ctx)
		if err != nil {
			return err
		}
		if st.AppliedSeq >= seq {
			return nil
		}
		if st.AppliedSeq != last {
			last, lastMove = st.AppliedSeq, time.Now()
		} else if time.Since(lastMove) > r.opt.SyncTimeout {
			return fmt.Errorf("%w: it has applied up to seq %d for %s while batch %d waits (see the server's log, or replay without --sync)",
				errStalled, last, r.opt.SyncTimeout, seq)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, 20*time.Millisecond)
	}
}

// refreshDecisions reads every decision change after r.since into the
// local copy, page by page until the server has no more.
func (r *runner) refreshDecisions(ctx context.Context) error {
	for {
		page, err := r.c.decisions(ctx, r.since, decisionPageLimit)
		if err != nil {
			return err
		}
		if len(page.Decisions) == 0 {
			if page.Next > r.since {
				r.since = page.Next
			}
			return nil
		}
		next := page.Next
		for i := range page.Decisions {
			d := &page.Decisions[i]
			if err := r.apply(d); err != nil {
				return err
			}
			next = max(next, d.Seq)
		}
		if next <= r.since {
			return fmt.Errorf("GET /v1/decisions?since=%d answered %d decisions but next %d does not move past since (docs/api.md: next is the since to use next time)",
				r.since, len(page.Decisions), page.Next)
		}
		r.since = next
	}
}

// apply puts one decision change into the local copy and the counts.
func (r *runner) apply(d *Decision) error {
	if d.AccountID == "" {
		return fmt.Errorf("decision seq %d has no account_id", d.Seq)
	}
	at, ok := decisionTime(d.At)
	if !ok || at == 0 {
		return fmt.Errorf("decision seq %d: at %q is not an RFC 3339 time", d.Seq, d.At)
	}
	exp, ok := decisionTime(d.ExpiresAt)
	if !ok {
		return fmt.Errorf("decision seq %d: expires_at %q is not an RFC 3339 time", d.Seq, d.ExpiresAt)
	}
	a := r.account(d.AccountID)
	switch d.Action {
	case ActionAllow:
	case ActionWatch:
		a.everWatch = true
	case ActionShape:
		a.everShape = true
	case ActionThrottle:
		a.everThrottle = true
	case ActionBlock:
		if !a.everBlock || at < a.firstBlock {
			a.firstBlock = at
		}
		a.everBlock = true
	default:
		return fmt.Errorf("decision seq %d: action %q is none of allow, watch, shape, throttle, block", d.Seq, d.Action)
	}
	a.action, a.expires = d.Action, exp
	if r.tot.Decisions == 0 || at < r.decAtMin {
		r.decAtMin = at
	}
	if r.tot.Decisions == 0 || at > r.decAtMax {
		r.decAtMax = at
	}
	r.tot.Decisions++
	return nil
}

// decisionTime parses a decision's time. An empty or zero time (Go's
// "0001-01-01T00:00:00Z", or anything before 1970) is 0: no time, which for
// expires_at means the decision does not expire.
func decisionTime(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, false
	}
	if t.Year() < 1970 {
		return 0, true
	}
	return t.UnixNano(), true
}

func (r *runner) warn(s string) { r.warnings = append(r.warnings, s) }

// progress reports a snapshot to opt.Progress.
func (r *runner) progress() {
	if r.opt.Progress == nil {
		return
	}
	p := Progress{
		Read: r.tot.Read, Posted: r.tot.Posted, Blocked: r.tot.Blocked, Decisions: r.tot.Decisions,
		Elapsed: time.Since(r.runStart),
	}
	if r.dataNow != 0 {
		p.DataTime = time.Unix(0, r.dataNow).UTC()
	}
	if r.dataTo > r.dataFrom && r.dataNow >= r.dataFrom {
		p.Fraction = min(1, float64(r.dataNow-r.dataFrom)/float64(r.dataTo-r.dataFrom))
	}
	r.opt.Progress(p)
}
