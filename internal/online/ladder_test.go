package online

import (
	"strings"
	"testing"
	"time"
)

// TestLadder: a member's action follows its own evidence, confirmed over
// rounds, and never its group's score alone.
func TestLadder(t *testing.T) {
	p := DefaultPolicy() // BlockOwn 2, ConfirmRounds 2, SettleRounds 6, ThrottleBelow 0.3
	for _, c := range []struct {
		name   string
		w      own
		streak int
		camp   int // rounds that acted on the campaign, this one included
		cont   float64
		want   Action
	}{
		{"no own evidence, first round", own{}, 1, 1, 0.9, Watch},
		{"no own evidence, confirmed", own{}, 2, 2, 0.9, Shape},
		{"no own evidence, held for days", own{}, 200, 200, 1, Shape},
		{"one rare family", own{families: 1}, 1, 1, 0.9, Shape},
		{"disposable only", own{disposable: true}, 3, 3, 0.9, Shape},
		{"one point, settled", own{families: 1}, 6, 6, 0.9, Block},
		{"one network-level point, settled, sends text", own{families: 1, text: true}, 6, 6, 0.9, Shape},
		{"one template point, settled, sends text", own{families: 1, text: true, sends: true}, 6, 6, 0.9, Block},
		{"one point, settled, weak tie", own{families: 1}, 6, 6, 0.1, Shape},
		{"two families, first round", own{families: 2}, 1, 1, 0.9, Throttle},
		{"two families, confirmed", own{families: 2}, 2, 2, 0.9, Block},
		{"family and disposable, confirmed", own{families: 1, disposable: true}, 2, 2, 0.9, Block},
		{"confirmed but weak tie", own{families: 3, disposable: true}, 5, 5, 0.2, Throttle},
		{"three points, new to a campaign in its first round", own{families: 2, disposable: true}, 1, 1, 0.9, Throttle},
		{"three points, new to a confirmed campaign", own{families: 2, disposable: true, sends: true}, 1, 2, 0.9, Block},
		{"three points of network-level objects, new to a confirmed campaign", own{families: 2, disposable: true}, 1, 2, 0.9, Throttle},
		{"two points, new to a confirmed campaign", own{families: 1, disposable: true}, 1, 5, 0.9, Throttle},
		{"two points, new to a settled campaign", own{families: 1, disposable: true, sends: true}, 1, 6, 0.9, Block},
		{"two network-level points, new to a settled campaign", own{families: 1, disposable: true}, 1, 6, 0.9, Throttle},
		{"one point, new to a settled campaign", own{families: 1}, 1, 60, 0.9, Shape},
		{"three points, new to a confirmed campaign, weak tie", own{families: 2, disposable: true, sends: true}, 1, 9, 0.2, Throttle},
	} {
		if got := p.ladder(c.w, c.streak, c.streak, c.camp, c.cont); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	// The one-point path needs its rounds without a gap: a stray that a
	// partial picture keeps sweeping back in is not settled.
	if got := p.ladder(own{families: 1}, 9, 3, 9, 0.9); got != Shape {
		t.Errorf("one point, nine rounds with a gap: %s, want shape", got)
	}
	p.BlockOwn = 0 // the group's evidence alone, as before own evidence
	if got := p.ladder(own{}, 2, 2, 2, 0.9); got != Block {
		t.Errorf("block_own 0, confirmed: %s, want block", got)
	}
}

// TestLiftAndEase: a round that no longer supports a block lifts it, the
// feed carries the lift with its reason, and the audit log records it; a
// round that eases a block to shape is audited too.
func TestLiftAndEase(t *testing.T) {
	tab := NewDecisions()
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	shape := DefaultPolicy().shapeSpec()
	tab.Round(Decision{AccountID: "a", Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: now, Expires: now.Add(time.Hour * 168)})
	tab.Round(Decision{AccountID: "b", Action: Block, Source: SourceCampaign, CampaignID: "dg-1", At: now, Expires: now.Add(time.Hour * 168)})
	later := now.Add(time.Hour)
	tab.Round(Decision{AccountID: "b", Action: Shape, Source: SourceCampaign, CampaignID: "dg-1", At: later, Expires: later.Add(time.Hour * 168), Shape: shape})
	if !tab.Lift("a", later, "lifted: the round no longer places it in campaign dg-1") {
		t.Fatal("nothing lifted")
	}
	if tab.Lift("a", later, "again") || tab.Lift("nobody", later, "x") {
		t.Error("lifted what was not standing")
	}
	if d := tab.Get("a", later); d.Action != Allow {
		t.Errorf("a after the lift: %s", d.Action)
	}
	if d := tab.Get("b", later); d.Action != Shape || d.Shape == nil || d.Shape.MaxOutputTokens != 1024 || !d.Shape.HideReasoning || !d.Shape.NoThinking {
		t.Errorf("b eased: %+v", d)
	}
	feed, _, _ := tab.Since(0, 0)
	var lift *Decision
	for i := range feed {
		if feed[i].AccountID == "a" && feed[i].Action == Allow {
			lift = &feed[i]
		}
	}
	if lift == nil || lift.Actor != ActorEngine || len(lift.Reasons) != 1 || !strings.Contains(lift.Reasons[0], "no longer places") || lift.CampaignID != "dg-1" {
		t.Errorf("the feed's lift: %+v (feed %+v)", lift, feed)
	}
	audit := tab.Audit(0)
	if len(audit) != 2 {
		t.Fatalf("audit: %+v", audit)
	}
	if a := audit[0]; a.AccountID != "b" || a.Actor != ActorEngine || a.Action != Shape || a.Reasons[0] != "eased from block to shape" {
		t.Errorf("audit of the easing: %+v", a)
	}
	if a := audit[1]; a.AccountID != "a" || a.Action != Allow || a.Reasons[0] != "lifted block" || !strings.Contains(a.Reasons[1], "dg-1") {
		t.Errorf("audit of the lift: %+v", a)
	}
	// An operator's decision outlives a lift of the automatic one.
	tab.Round(Decision{AccountID: "c", Action: Block, Source: SourceCampaign, At: now, Expires: now.Add(time.Hour * 168)})
	tab.SetOperator(Decision{AccountID: "c", Action: Block, Reasons: []string{"confirmed by hand"}, At: now, Expires: now.Add(time.Hour * 720)})
	tab.Lift("c", later, "lifted")
	if d := tab.Get("c", later); d.Action != Block || d.Source != SourceOperator {
		t.Errorf("operator block after an automatic lift: %+v", d)
	}
}

// TestAnswerCarriesShape: /v1/check tells a gateway how to shape.
func TestAnswerCarriesShape(t *testing.T) {
	p := DefaultPolicy()
	now := t0
	ans, decided := p.Answer(Decision{AccountID: "a", Action: Shape, Source: SourceCampaign, At: now, Expires: now.Add(time.Hour), Shape: p.shapeSpec()}, now)
	if !decided || ans.Action != Shape || ans.Shape == nil || ans.Shape.MaxOutputTokens != p.ShapeMaxOutputTokens {
		t.Errorf("answer %+v", ans)
	}
	if b, _ := ans.Action.MarshalJSON(); string(b) != `"shape"` {
		t.Errorf("wire name %s", b)
	}
	if a, err := ParseAction("shape"); err != nil || a != Shape {
		t.Errorf("parse shape: %v %v", a, err)
	}
}
