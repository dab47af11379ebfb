package online

import (
	"strings"
	"testing"
	"time"
)

// TestAnswerTTLCapped: whatever a decision's expiry (an old journal
// accepted the year 9999), /v1/check's ttl_seconds stays within 1 second
// and MaxDecisionTTL.
func TestAnswerTTLCapped(t *testing.T) {
	p := DefaultPolicy()
	now := t0
	for _, exp := range []time.Time{
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		now.Add(MaxDecisionTTL + time.Hour),
		now.Add(time.Millisecond),
		now.Add(-time.Hour),
	} {
		for _, d := range []Decision{
			{AccountID: "a", Action: Block, Source: SourceOperator, At: now, Expires: exp},
			{AccountID: "a", Action: Allow, Source: SourceOperator, At: now, Expires: exp},
			{AccountID: "a", Action: Throttle, Source: SourceCampaign, At: now, Expires: exp},
		} {
			ans, _ := p.Answer(d, now)
			if ans.TTLSeconds < 1 || ans.TTLSeconds > int64(MaxDecisionTTL/time.Second) {
				t.Errorf("expiry %v, %s: ttl_seconds %d, want 1 to %d", exp, d.Action, ans.TTLSeconds, int64(MaxDecisionTTL/time.Second))
			}
		}
	}
	if ans, _ := p.Answer(Decision{AccountID: "a"}, now); ans.TTLSeconds != 60 {
		t.Errorf("allow answer ttl %d, want check_ttl (60)", ans.TTLSeconds)
	}
}

// TestParsePolicyRanges: values a policy must not take are errors naming
// the field.
func TestParsePolicyRanges(t *testing.T) {
	for body, errHas := range map[string]string{
		`{"block_ttl":"-1h"}`:                     "block_ttl",
		`{"block_ttl":"0s"}`:                      "block_ttl",
		`{"watch_ttl":"100ms"}`:                   "watch_ttl",
		`{"block_ttl":"8761h"}`:                   "block_ttl",
		`{"check_ttl":"9999999h"}`:                "check_ttl",
		`{"block_score":-0.1}`:                    "block_score",
		`{"watch_score":2}`:                       "watch_score",
		`{"throttle_below":1e400}`:                "throttle_below",
		`{"confirm_rounds":-3}`:                   "confirm_rounds",
		`{"confirm_rounds":99999999999999999999}`: "confirm_rounds",
		`{"indicator_families":0}`:                "indicator_families",
		`{"block_own":4}`:                         "block_own",
		`{"settle_rounds":0}`:                     "settle_rounds",
		`{"shape_max_output_tokens":0}`:           "shape_max_output_tokens",
		`{"block_ttl":"24h"} {"block_ttl":"1s"}`:  "after the policy object",
		`{"block_ttl":"24h"} trailing`:            "after the policy object",
	} {
		if _, err := ParsePolicy([]byte(body), "p.json"); err == nil || !strings.Contains(err.Error(), errHas) {
			t.Errorf("%s: error %v, want one naming %q", body, err, errHas)
		}
	}
	if p, err := ParsePolicy([]byte(`{"block_ttl":"8760h"}`), "p.json"); err != nil || p.BlockTTL != MaxDecisionTTL {
		t.Errorf("block_ttl at the maximum: %v %v", p.BlockTTL, err)
	}
}

// FuzzParsePolicy: any policy file either is refused or gives a sane
// policy; nothing panics.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"block_ttl":"48h","confirm_rounds":3}`))
	f.Add([]byte(`{"block_score":0.5,"throttle_below":0,"watch_score":1,"indicator_purity":0.9,"indicator_families":4}`))
	f.Add([]byte(`{"check_ttl":"1s","watch_ttl":"8760h"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"block_ttl":"-5m"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePolicy(b, "fuzz.json")
		if err != nil {
			return
		}
		for name, d := range map[string]time.Duration{"block_ttl": p.BlockTTL, "watch_ttl": p.WatchTTL, "check_ttl": p.CheckTTL} {
			if d < time.Second || d > MaxDecisionTTL {
				t.Fatalf("%s = %v accepted", name, d)
			}
		}
		for name, v := range map[string]float64{"block_score": p.BlockScore, "throttle_below": p.ThrottleBelow, "watch_score": p.WatchScore, "indicator_purity": p.IndicatorPurity} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%s = %v accepted", name, v)
			}
		}
		if p.ConfirmRounds < 1 || p.IndicatorFamilies < 1 || p.IndicatorFamilies > 4 {
			t.Fatalf("confirm_rounds %d, indicator_families %d accepted", p.ConfirmRounds, p.IndicatorFamilies)
		}
		now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		if ans, _ := p.Answer(Decision{AccountID: "a"}, now); ans.TTLSeconds < 1 || ans.TTLSeconds > int64(MaxDecisionTTL/time.Second) {
			t.Fatalf("check ttl %d", ans.TTLSeconds)
		}
	})
}
