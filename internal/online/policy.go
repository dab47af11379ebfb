package online

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// MaxDecisionTTL is the longest any decision lasts: an operator's decision
// may not be set to expire later, a policy's durations may not exceed it,
// and /v1/check never tells a gateway to cache an answer for longer. A
// longer standing is made by renewing the decision.
const MaxDecisionTTL = 365 * 24 * time.Hour

// MaxTTLSeconds is MaxDecisionTTL in whole seconds: the largest
// ttl_seconds /v1/check answers and an operator may send.
const MaxTTLSeconds = int64(MaxDecisionTTL / time.Second)

// policyJSON is Policy on the wire, with durations as Go duration strings
// ("168h") so a policy file reads like the defaults it overrides.
type policyJSON struct {
	BlockTTL          string  `json:"block_ttl"`
	BlockScore        float64 `json:"block_score"`
	ThrottleBelow     float64 `json:"throttle_below"`
	ConfirmRounds     int     `json:"confirm_rounds"`
	BlockOwn          int     `json:"block_own"`
	SettleRounds      int     `json:"settle_rounds"`
	LiftRounds        int     `json:"lift_rounds"`
	ShapeMaxOutput    int     `json:"shape_max_output_tokens"`
	WatchScore        float64 `json:"watch_score"`
	WatchTTL          string  `json:"watch_ttl"`
	IndicatorFamilies int     `json:"indicator_families"`
	IndicatorPurity   float64 `json:"indicator_purity"`
	IndicatorOutside  int     `json:"indicator_outside"`
	CheckTTL          string  `json:"check_ttl"`
}

// wire is p in its file form.
func (p Policy) wire() policyJSON {
	return policyJSON{BlockTTL: p.BlockTTL.String(), BlockScore: p.BlockScore, ThrottleBelow: p.ThrottleBelow,
		ConfirmRounds: p.ConfirmRounds, BlockOwn: p.BlockOwn, SettleRounds: p.SettleRounds, LiftRounds: p.LiftRounds, ShapeMaxOutput: p.ShapeMaxOutputTokens, WatchScore: p.WatchScore, WatchTTL: p.WatchTTL.String(),
		IndicatorFamilies: p.IndicatorFamilies, IndicatorPurity: p.IndicatorPurity, IndicatorOutside: p.IndicatorOutside,
		CheckTTL: p.CheckTTL.String()}
}

// MarshalJSON writes durations as strings.
func (p Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.wire()) }

// Answer is what /v1/check says of an account's standing decision d at
// now: the decision while it lasts (an operator's allow included), with the
// time left as the TTL, and decided true; else allow for CheckTTL, and
// decided false, so the caller may still consult indicators. The TTL is
// always 1 to MaxDecisionTTL seconds, whatever a journal written by an
// older version holds (it accepted expiries in the year 9999).
func (p Policy) Answer(d Decision, now time.Time) (ans CheckAnswer, decided bool) {
	if d.Action != Allow || d.Source == SourceOperator {
		reasons := d.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		return CheckAnswer{Action: d.Action, Reasons: reasons, CampaignID: d.CampaignID,
			TTLSeconds: ttlSeconds(d.Expires.Sub(now)), Source: d.Source, Shape: d.Shape}, true
	}
	return CheckAnswer{Action: Allow, Reasons: []string{}, Source: SourceNone, TTLSeconds: ttlSeconds(p.CheckTTL)}, false
}

// shapeSpec is what a shaped account's requests lose.
func (p Policy) shapeSpec() *ShapeSpec {
	return &ShapeSpec{MaxOutputTokens: p.ShapeMaxOutputTokens, HideReasoning: true, NoThinking: true}
}

// ttlSeconds is d in whole seconds, within 1 to MaxDecisionTTL. (Sub
// saturates at the largest Duration, about 292 years, so d never wraps.)
func ttlSeconds(d time.Duration) int64 {
	return min(max(int64(d/time.Second), 1), MaxTTLSeconds)
}

// LoadPolicy reads a JSON policy file over the defaults; "" gives the
// defaults. Unknown fields are errors, so a typo does not pass silently.
func LoadPolicy(path string) (Policy, error) {
	if path == "" {
		return DefaultPolicy(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return DefaultPolicy(), fmt.Errorf("cannot read the policy: %w", err)
	}
	return ParsePolicy(b, path)
}

// ParsePolicy reads a JSON policy over the defaults, as LoadPolicy does;
// path names the source in errors. Every value is range-checked: a policy
// it returns without error has durations of 1s to MaxDecisionTTL, scores
// within [0, 1], confirm_rounds of at least 1, indicator_families of 1
// to 4 and indicator_outside of 0 or more.
func ParsePolicy(b []byte, path string) (Policy, error) {
	p := DefaultPolicy()
	w := p.wire()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return p, fmt.Errorf("%s: %w (see serve --print-policy for the fields)", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return p, fmt.Errorf("%s: data after the policy object: a policy file is one JSON object (see serve --print-policy)", path)
	}
	durs := []struct {
		name string
		s    string
		dst  *time.Duration
	}{{"block_ttl", w.BlockTTL, &p.BlockTTL}, {"watch_ttl", w.WatchTTL, &p.WatchTTL}, {"check_ttl", w.CheckTTL, &p.CheckTTL}}
	for _, d := range durs {
		v, err := time.ParseDuration(d.s)
		if err != nil || v < time.Second || v > MaxDecisionTTL {
			return p, fmt.Errorf("%s: %s must be a duration from 1s to %s (365 days) such as \"24h\", not %q", path, d.name, MaxDecisionTTL, d.s)
		}
		*d.dst = v
	}
	p.ConfirmRounds, p.BlockScore = w.ConfirmRounds, w.BlockScore
	if p.ConfirmRounds < 1 {
		return p, fmt.Errorf("%s: confirm_rounds must be at least 1", path)
	}
	if p.BlockOwn = w.BlockOwn; p.BlockOwn < 0 || p.BlockOwn > 3 {
		return p, fmt.Errorf("%s: block_own must be 0 to 3 (points of a member's own evidence: 0 blocks on the group's evidence alone)", path)
	}
	if p.SettleRounds = w.SettleRounds; p.SettleRounds < 1 {
		return p, fmt.Errorf("%s: settle_rounds must be at least 1", path)
	}
	if p.LiftRounds = w.LiftRounds; p.LiftRounds < 1 {
		return p, fmt.Errorf("%s: lift_rounds must be at least 1 (1 lifts a decision the first round that no longer supports it)", path)
	}
	if p.ShapeMaxOutputTokens = w.ShapeMaxOutput; p.ShapeMaxOutputTokens < 1 {
		return p, fmt.Errorf("%s: shape_max_output_tokens must be at least 1", path)
	}
	p.ThrottleBelow, p.WatchScore, p.IndicatorFamilies, p.IndicatorPurity = w.ThrottleBelow, w.WatchScore, w.IndicatorFamilies, w.IndicatorPurity
	if p.IndicatorFamilies < 1 || p.IndicatorFamilies > 4 {
		return p, fmt.Errorf("%s: indicator_families must be 1 to 4", path)
	}
	if p.IndicatorOutside = w.IndicatorOutside; p.IndicatorOutside < 0 {
		return p, fmt.Errorf("%s: indicator_outside must be 0 or more", path)
	}
	for name, v := range map[string]float64{"block_score": p.BlockScore, "throttle_below": p.ThrottleBelow, "watch_score": p.WatchScore, "indicator_purity": p.IndicatorPurity} {
		if !(v >= 0 && v <= 1) {
			return p, fmt.Errorf("%s: %s must be between 0 and 1", path, name)
		}
	}
	return p, nil
}
