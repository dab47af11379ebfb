package online

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Action is what a gateway should do with an account's requests.
type Action uint8

// Actions, mildest first: a stronger action wins when two sources disagree,
// except that an operator's decision always wins. The ladder follows the
// evidence: watch (log more), shape (serve, but without what a harvest
// is after: see Shape), throttle (serve slowly), block (refuse).
const (
	Allow Action = iota
	Watch
	Shape
	Throttle
	Block
	NumActions
)

var actionNames = [NumActions]string{"allow", "watch", "shape", "throttle", "block"}

// String is the action's wire name.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "allow"
}

// ParseAction reads a wire name.
func ParseAction(s string) (Action, error) {
	for i, n := range actionNames {
		if n == s {
			return Action(i), nil
		}
	}
	return Allow, fmt.Errorf("unknown action %q (allow, watch, shape, throttle or block)", s)
}

// MarshalJSON writes the wire name.
func (a Action) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON reads the wire name.
func (a *Action) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseAction(s)
	*a = v
	return err
}

// Sources of a decision.
const (
	SourceCampaign  = "campaign"  // a member of a detected campaign
	SourceIndicator = "indicator" // shares strong indicators with a blocked campaign
	SourceOperator  = "operator"  // set by hand
	SourceNone      = "none"
)

// ActorEngine is the actor of the audit entries the engine writes itself:
// a block it lifted because a later round saw more clearly.
const ActorEngine = "engine"

// Decision is one account's standing, as the feed and /v1/check report it.
type Decision struct {
	Seq        uint64    `json:"seq"`
	AccountID  string    `json:"account_id"`
	Action     Action    `json:"action"`
	Reasons    []string  `json:"reasons"`
	CampaignID string    `json:"campaign_id,omitempty"`
	Source     string    `json:"source"`
	At         time.Time `json:"at"`
	Expires    time.Time `json:"expires_at"`
	Actor      string    `json:"actor,omitempty"`
	// Shape is what a gateway should cut from the account's requests
	// while the action is shape (or stronger, when it still serves).
	Shape *ShapeSpec `json:"shape,omitempty"`
}

// ShapeSpec tells a gateway how to serve an account whose traffic may be a
// harvest without refusing it: what a distiller pays for is long answers
// and the model's reasoning, and an honest customer's work goes on
// without either.
type ShapeSpec struct {
	// MaxOutputTokens caps the output budget of each request (the
	// request's max_tokens, max_output_tokens or maxOutputTokens).
	MaxOutputTokens int `json:"max_output_tokens"`
	// HideReasoning: return no reasoning text or summaries, only the
	// answer.
	HideReasoning bool `json:"hide_reasoning"`
	// NoThinking: turn extended thinking off (or set the smallest
	// reasoning effort).
	NoThinking bool `json:"no_thinking"`
}

// Decisions holds every account's automatic and operator decisions and the
// feed of changes gateways follow. An account's effective decision is the
// operator's while it lasts, else the automatic one while it lasts, else
// allow. A change of effective action, campaign or source — and a renewal
// that moves the expiry by more than half its length — is appended to the
// feed with the next sequence number, so a gateway polling with since= sees
// every change exactly once and in order.
type Decisions struct {
	mu       sync.RWMutex
	auto     map[string]*Decision
	operator map[string]*Decision
	eff      map[string]*Decision // what the feed last said, per account
	feed     []Decision
	audit    []Decision
	wake     chan struct{} // closed and replaced on every feed append
}

// NewDecisions returns an empty table.
func NewDecisions() *Decisions {
	return &Decisions{auto: map[string]*Decision{}, operator: map[string]*Decision{},
		eff: map[string]*Decision{}, wake: make(chan struct{})}
}

// effective computes an account's standing at now. Caller holds mu.
func (t *Decisions) effective(acct string, now time.Time) Decision {
	if d := t.operator[acct]; d != nil && now.Before(d.Expires) {
		return *d
	}
	if d := t.auto[acct]; d != nil && now.Before(d.Expires) {
		return *d
	}
	return Decision{AccountID: acct, Action: Allow, Source: SourceNone, At: now}
}

// publish appends acct's effective decision to the feed if it changed.
// Caller holds mu for writing.
func (t *Decisions) publish(acct string, now time.Time) {
	d := t.effective(acct, now)
	last := t.eff[acct]
	if last == nil && d.Action == Allow {
		return
	}
	if last != nil && last.Action == d.Action && last.CampaignID == d.CampaignID && last.Source == d.Source && !liftNote(d) {
		if d.Action == Allow || d.Expires.Sub(last.Expires) < last.Expires.Sub(last.At)/2 {
			return
		}
	}
	d.Seq = uint64(len(t.feed)) + 1
	if d.Action == Allow && d.Source != SourceOperator {
		// A lift: nothing to expire. An operator's allow keeps its expiry,
		// so a copy of the feed knows when it ends.
		d.At = now
		d.Expires = time.Time{}
	}
	t.feed = append(t.feed, d)
	t.eff[acct] = &d
	close(t.wake)
	t.wake = make(chan struct{})
}

// liftNote reports whether d is a lift the engine decided, which the feed
// always carries so a gateway sees why the account is free again.
func liftNote(d Decision) bool { return d.Action == Allow && d.Actor == ActorEngine }

// SetAuto records an automatic decision. A weaker action does not replace
// a stronger one that still lasts: an indicator match between rounds does
// not undo a round's block. Rounds use Round, which may.
func (t *Decisions) SetAuto(d Decision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old := t.auto[d.AccountID]; old != nil && d.At.Before(old.Expires) && old.Action > d.Action {
		return
	}
	t.auto[d.AccountID] = &d
	t.publish(d.AccountID, d.At)
}

// Round records a detection round's decision for an account: it replaces
// the account's automatic decision whatever its strength, since the round
// saw everything the earlier decision was based on and more. A weaker
// action than the standing one is a step down the ladder; the audit log
// records it with the round's reasons.
func (t *Decisions) Round(d Decision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old := t.auto[d.AccountID]; old != nil && d.At.Before(old.Expires) && old.Action >= Throttle && d.Action < old.Action {
		t.auditEngine(d, fmt.Sprintf("eased from %s to %s", old.Action, d.Action))
	}
	t.auto[d.AccountID] = &d
	t.publish(d.AccountID, d.At)
}

// Lift ends acct's automatic decision at now, for the reason given, if it
// still stands; the feed carries the lift with the reason and the audit
// log records it. It reports whether there was a decision to lift.
func (t *Decisions) Lift(acct string, now time.Time, reason string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.auto[acct]
	if old == nil || !now.Before(old.Expires) {
		return false
	}
	d := Decision{AccountID: acct, Action: Allow, Reasons: []string{reason}, CampaignID: old.CampaignID,
		Source: old.Source, At: now, Actor: ActorEngine}
	if old.Action >= Throttle {
		t.auditEngine(d, fmt.Sprintf("lifted %s", old.Action))
	}
	delete(t.auto, acct)
	if t.operator[acct] == nil || !now.Before(t.operator[acct].Expires) {
		t.publishLift(d)
	}
	return true
}

// AutoStanding calls f for every account with an automatic decision that
// lasts at now, in account order (the feed must not depend on map order),
// with a copy taken under one read lock, so f may change the table.
func (t *Decisions) AutoStanding(now time.Time, f func(acct string, d Decision)) {
	t.mu.RLock()
	var standing []Decision
	for _, d := range t.auto {
		if now.Before(d.Expires) {
			standing = append(standing, *d)
		}
	}
	t.mu.RUnlock()
	slices.SortFunc(standing, func(a, b Decision) int { return strings.Compare(a.AccountID, b.AccountID) })
	for _, d := range standing {
		f(d.AccountID, d)
	}
}

// auditEngine appends an engine entry to the audit log: d with what the
// engine did in front of its reasons. Caller holds mu for writing.
func (t *Decisions) auditEngine(d Decision, did string) {
	a := d
	a.Actor = ActorEngine
	a.Reasons = append([]string{did}, d.Reasons...)
	a.Seq = uint64(len(t.audit)) + 1
	t.audit = append(t.audit, a)
}

// publishLift appends a lift to the feed with its reasons. Caller holds mu
// for writing.
func (t *Decisions) publishLift(d Decision) {
	if last := t.eff[d.AccountID]; last == nil || last.Action == Allow {
		return
	}
	d.Seq = uint64(len(t.feed)) + 1
	d.Expires = time.Time{}
	t.feed = append(t.feed, d)
	t.eff[d.AccountID] = &d
	close(t.wake)
	t.wake = make(chan struct{})
}

// SetOperator records an operator's decision and its audit entry.
func (t *Decisions) SetOperator(d Decision) Decision {
	t.mu.Lock()
	defer t.mu.Unlock()
	d.Source = SourceOperator
	t.operator[d.AccountID] = &d
	a := d
	a.Seq = uint64(len(t.audit)) + 1
	t.audit = append(t.audit, a)
	t.publish(d.AccountID, d.At)
	return a
}

// Expire drops automatic and operator decisions that ended before now and
// tells the feed.
func (t *Decisions) Expire(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var touched []string
	for k, d := range t.auto {
		if !now.Before(d.Expires) {
			delete(t.auto, k)
			touched = append(touched, k)
		}
	}
	for k, d := range t.operator {
		if !now.Before(d.Expires) {
			delete(t.operator, k)
			touched = append(touched, k)
		}
	}
	slices.Sort(touched) // map order must not reach the feed
	for _, k := range touched {
		t.publish(k, now)
	}
}

// Get returns acct's effective decision at now.
func (t *Decisions) Get(acct string, now time.Time) Decision {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.effective(acct, now)
}

// Since returns up to limit feed entries after seq, and a channel closed
// when the next entry is appended. A seq beyond the feed's end (a gateway
// that followed an earlier run of the server, whose feed restarts from 1
// after a restart) gets the whole feed again, with reset true, so the
// gateway can rebuild its copy.
func (t *Decisions) Since(seq uint64, limit int) (out []Decision, reset bool, wake <-chan struct{}) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if seq > uint64(len(t.feed)) {
		seq, reset = 0, true
	}
	out = t.feed[seq:]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return slices.Clone(out), reset, t.wake
}

// Audit returns the audit log after seq: operator actions, and the
// engine's own lifts and easings with the round's reasons.
func (t *Decisions) Audit(seq uint64) []Decision {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if seq > uint64(len(t.audit)) {
		seq = uint64(len(t.audit))
	}
	return slices.Clone(t.audit[seq:])
}

// Counts returns how many accounts currently stand at each action.
func (t *Decisions) Counts(now time.Time) [NumActions]int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var c [NumActions]int
	for acct := range t.eff {
		c[t.effective(acct, now).Action]++
	}
	return c
}

// FeedLen is the sequence number of the latest feed entry.
func (t *Decisions) FeedLen() uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return uint64(len(t.feed))
}

// Mirror records a decision another instance made, as the feed reported
// it: in a cluster the forming stage decides and every instance keeps this
// copy for /v1/check and its own feed.
func (t *Decisions) Mirror(d Decision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.operator, d.AccountID)
	if d.Source == SourceOperator {
		a := d
		a.Seq = uint64(len(t.audit)) + 1
		t.audit = append(t.audit, a)
	}
	t.auto[d.AccountID] = &d
	now := d.At
	if d.Action == Allow && d.Expires.IsZero() {
		delete(t.auto, d.AccountID)
	}
	t.publish(d.AccountID, now)
}
