package online

import (
	"fmt"
	"testing"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/score"
)

// TestIndicatorsSkipCommonObjects: a blocked campaign's card becomes an
// indicator only while it is pure in proportion (IndicatorPurity) and held
// by few accounts outside the campaign (IndicatorOutside); a card that
// strangers share is common in the background, however large the campaign.
func TestIndicatorsSkipCommonObjects(t *testing.T) {
	cases := []struct {
		members, outside int
		want             bool
	}{
		{40, 0, true},
		{40, 3, true},    // 93% pure, three strangers: still the campaign's
		{40, 4, false},   // 91% pure, but four strangers share it
		{400, 20, false}, // 95% pure: a public object a big campaign also uses
		{10, 2, false},   // 83%: not pure
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d members, %d outside", c.members, c.outside), func(t *testing.T) {
			e := New(Options{})
			n := c.members + c.outside
			var accts []uint32
			for i := 0; i < n; i++ {
				e.store.AddAccount(&record.Account{AccountID: fmt.Sprintf("acct_%d", i), PaymentFP: "card-A"})
				accts = append(accts, uint32(i+1))
			}
			card, ok := e.store.Payments.Lookup("card-A")
			if !ok {
				t.Fatal("card not stored")
			}
			// One object, the card, held by every account.
			objs := &link.Objects{Kind: []link.Kind{link.KindPayment}, Raw: []uint64{uint64(card)}, DF: []uint32{uint32(n)}}
			objs.Off = make([]uint32, n+2)
			for a := 1; a <= n; a++ {
				objs.Obj = append(objs.Obj, 0)
				objs.Off[a+1] = uint32(len(objs.Obj))
			}
			a := &detect.Analysis{Graph: &link.Graph{Objects: objs}, Report: &report.Input{Campaigns: []report.Campaign{
				{ID: "dg-1", Accounts: accts[:c.members], Core: []uint32{0}, Result: &score.Result{Score: 0.95}}}}}
			doc := &findings.Document{Campaigns: []findings.Campaign{{ID: "dg-1"}}}
			blocked := map[uint32]bool{}
			for _, acct := range accts[:c.members] {
				blocked[acct] = true
			}
			ind := e.buildIndicators(a, doc, blocked)
			if ind == nil {
				t.Fatal("no index")
			}
			if got := len(ind.payments) == 1; got != c.want {
				t.Errorf("card is an indicator: %v, want %v", got, c.want)
			}
		})
	}
}
