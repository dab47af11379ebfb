package online

import (
	"strings"
	"testing"
	"time"
)

// TestLift: a campaign's throttle or block can be lifted before it
// expires, and the feed and the audit log say why; nothing else is lifted.
func TestLift(t *testing.T) {
	cases := []struct {
		name    string
		set     Decision
		when    float64
		lifted  bool
		wantNow Action
	}{
		{"campaign block", Decision{Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: at(0), Expires: at(100)}, 5, true, Allow},
		{"campaign throttle", Decision{Action: Throttle, Source: SourceCampaign, CampaignID: "dg-1", At: at(0), Expires: at(100)}, 5, true, Allow},
		{"campaign watch is left to expire", Decision{Action: Watch, Source: SourceCampaign, CampaignID: "dg-1", At: at(0), Expires: at(24)}, 5, false, Watch},
		{"indicator block is not the round's to lift", Decision{Action: Block, Source: SourceIndicator, CampaignID: "dg-1", At: at(0), Expires: at(100)}, 5, false, Block},
		{"an expired block is nothing to lift", Decision{Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: at(0), Expires: at(10)}, 11, false, Allow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := NewDecisions()
			c.set.AccountID = "x"
			d.SetAuto(c.set)
			feed := d.FeedLen()
			if got := d.Lift("x", at(c.when), "lifted: round 7 no longer places the account in a campaign"); got != c.lifted {
				t.Fatalf("Lift = %v, want %v", got, c.lifted)
			}
			if got := d.Get("x", at(c.when)).Action; got != c.wantNow {
				t.Errorf("after: %v, want %v", got, c.wantNow)
			}
			audit := d.Audit(0)
			if !c.lifted {
				if len(audit) != 0 || d.FeedLen() != feed {
					t.Errorf("nothing lifted, yet audit %v and feed %d → %d", audit, feed, d.FeedLen())
				}
				return
			}
			last, _, _ := d.Since(d.FeedLen()-1, 1)
			if len(last) != 1 || last[0].Action != Allow || last[0].CampaignID != "dg-1" || len(last[0].Reasons) != 1 ||
				!strings.Contains(last[0].Reasons[0], "round 7") || !strings.Contains(last[0].Reasons[0], "campaign dg-1") {
				t.Errorf("feed entry of the lift: %+v", last)
			}
			if len(audit) != 1 || audit[0].Actor != ActorEngine || audit[0].Action != Allow || !strings.Contains(audit[0].Reasons[0], "was "+c.set.Action.String()) {
				t.Errorf("audit: %+v", audit)
			}
			// A later block from a new round takes effect again.
			d.SetAuto(Decision{AccountID: "x", Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: at(c.when + 1), Expires: at(200)})
			if got := d.Get("x", at(c.when+2)).Action; got != Block {
				t.Errorf("re-blocked: %v", got)
			}
		})
	}
}

// TestRoundLiftsFormerMembers: a round that no longer places a member of
// the last round's campaign in any campaign lifts its block at once.
func TestRoundLiftsFormerMembers(t *testing.T) {
	e := New(Options{DataClock: true, Every: 2 * time.Hour})
	e.Apply(1, KindExchanges, exchangeAt("acct_x", "2026-05-01T10:00:00Z"))
	id, ok := e.store.Accounts.Lookup("acct_x")
	if !ok {
		t.Fatal("account not stored")
	}
	now := e.Now()
	e.Decisions.SetAuto(Decision{AccountID: "acct_x", Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: now, Expires: now.Add(7 * 24 * time.Hour)})
	e.decided = make([]bool, id+1)
	e.decided[id] = true // a member of the last round's campaign
	e.Round()
	if d := e.Decisions.Get("acct_x", e.Now()); d.Action != Allow {
		t.Fatalf("still %v after a round with no campaign", d.Action)
	}
	if a := e.Decisions.Audit(0); len(a) != 1 || a[0].Actor != ActorEngine {
		t.Errorf("audit: %+v", a)
	}
}
