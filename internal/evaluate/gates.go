package evaluate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Gates are detection-quality targets. A nil pointer or false bool means the
// gate was not asked for. Per-campaign gates must hold for every true
// campaign: a campaign that was not detected, or whose figure cannot be
// computed (truth lacks it), fails the gate, because a target cannot be
// claimed met without measuring it. With no true campaigns they hold
// vacuously. MinF1 holds when F1 is undefined, which happens only when
// there are no attacker accounts and none was flagged: no account-level
// error at all. A ratio within 1e-9 of its target meets it (float rounding).
type Gates struct {
	MinF1             *float64       // account-level F1 ≥ this
	MinPurity         *float64       // every campaign's best-match purity ≥ this
	MinRecall         *float64       // every campaign's recall ≥ this
	MaxHeadlineError  *float64       // |relative error| of accounts and exchanges ≤ this
	MaxTimeError      *time.Duration // |first seen| and |last seen| differences ≤ this
	Top3              bool           // top-3 capability sets agree
	MaxFalseCampaigns *int           // false campaigns ≤ this
	OneCampaign       bool           // every campaign reported as one campaign
}

// GateResult is the verdict on one gate, one line in the text report.
type GateResult struct {
	Gate   string `json:"gate"`   // flag name without the leading dashes, e.g. "min-f1"
	Target string `json:"target"` // the flag value, e.g. "0.97"
	Pass   bool   `json:"pass"`
	Detail string `json:"detail"` // the measured figures behind the verdict
}

// tolerance lets a ratio that equals its target up to float rounding meet it.
const tolerance = 1e-9

// maxListed bounds how many campaigns a gate's detail names.
const maxListed = 5

// Check judges r against every gate given in g, in a fixed order (the order
// of the fields of Gates). It reads only r, so it works as well on a report
// decoded from JSON.
func (r *Report) Check(g Gates) []GateResult {
	out := []GateResult{}
	if g.MinF1 != nil {
		res := GateResult{Gate: "min-f1", Target: fmtFloat(*g.MinF1)}
		if f1 := r.Accounts.F1; f1 == nil {
			res.Pass = true
			res.Detail = "F1 undefined: no attacker accounts and none flagged, so no account-level error"
		} else {
			res.Pass = *f1 >= *g.MinF1-tolerance
			res.Detail = fmt.Sprintf("F1 %.4f (precision %s, recall %s)", *f1, fmtRatio(r.Accounts.Precision), fmtRatio(r.Accounts.Recall))
		}
		out = append(out, res)
	}
	if g.MinPurity != nil {
		want := *g.MinPurity
		out = append(out, r.perCampaign("min-purity", fmtFloat(want), "best-match purity", func(c *CampaignScore) (string, float64, bool) {
			if c.Match == nil {
				return "not detected", math.Inf(1), false
			}
			return fmt.Sprintf("%.4f", c.Match.Purity), -c.Match.Purity, c.Match.Purity >= want-tolerance
		}))
	}
	if g.MinRecall != nil {
		want := *g.MinRecall
		out = append(out, r.perCampaign("min-recall", fmtFloat(want), "recall", func(c *CampaignScore) (string, float64, bool) {
			if c.Recall == nil {
				return "cannot check: truth labels none of its accounts", math.Inf(1), false
			}
			return fmt.Sprintf("%.4f", *c.Recall), -*c.Recall, *c.Recall >= want-tolerance
		}))
	}
	if g.MaxHeadlineError != nil {
		want := *g.MaxHeadlineError
		out = append(out, r.perCampaign("max-headline-error", fmtFloat(want), "accounts and exchanges error", func(c *CampaignScore) (string, float64, bool) {
			if c.Match == nil {
				return "not detected", math.Inf(1), false
			}
			h := c.Match.Headline
			a, e := h.Accounts.RelError, h.Exchanges.RelError
			fig := "accounts " + fmtPct(a) + ", exchanges " + fmtPct(e)
			if a == nil || e == nil {
				return fig + " (cannot check: true count is 0)", math.Inf(1), false
			}
			worst := math.Max(math.Abs(*a), math.Abs(*e))
			return fig, worst, worst <= want+tolerance
		}))
	}
	if g.MaxTimeError != nil {
		want := g.MaxTimeError.Hours()
		out = append(out, r.perCampaign("max-time-error", shortDuration(*g.MaxTimeError), "first and last seen error", func(c *CampaignScore) (string, float64, bool) {
			if c.Match == nil {
				return "not detected", math.Inf(1), false
			}
			f, l := c.Match.Headline.FirstSeen.DiffHours, c.Match.Headline.LastSeen.DiffHours
			fig := "first " + fmtHours(f) + ", last " + fmtHours(l)
			if f == nil || l == nil {
				return fig + " (cannot check: a time is missing)", math.Inf(1), false
			}
			worst := math.Max(math.Abs(*f), math.Abs(*l))
			return fig, worst, worst <= want+tolerance
		}))
	}
	if g.Top3 {
		out = append(out, r.perCampaign("top3", "sets agree", "top-3 capabilities", func(c *CampaignScore) (string, float64, bool) {
			if c.Match == nil {
				return "not detected", math.Inf(1), false
			}
			t := c.Match.Headline.Top3
			fig := fmtList(t.Reported) + " vs " + fmtList(t.True)
			switch {
			case t.SetAgree == nil:
				return "cannot check: truth has no capability shares", math.Inf(1), false
			case !*t.SetAgree:
				return fig, 1, false
			}
			return fig, 0, true
		}))
	}
	if g.MaxFalseCampaigns != nil {
		res := GateResult{Gate: "max-false-campaigns", Target: strconv.Itoa(*g.MaxFalseCampaigns)}
		res.Pass = r.FalseCampaigns <= *g.MaxFalseCampaigns
		var ids []string
		for _, c := range r.Reported {
			if c.False {
				ids = append(ids, c.ID)
			}
		}
		res.Detail = fmt.Sprintf("false campaigns: %d", r.FalseCampaigns)
		if len(ids) > 0 {
			res.Detail += " (" + listSome(ids) + ")"
		}
		out = append(out, res)
	}
	if g.OneCampaign {
		out = append(out, r.perCampaign("one-campaign", fmt.Sprintf("best match ≥ %.0f%% of flagged", 100*OneCampaignShare), "share in best match", func(c *CampaignScore) (string, float64, bool) {
			if c.Match == nil {
				return "not detected", math.Inf(1), false
			}
			fig := fmt.Sprintf("%d of %d flagged in %s, split into %d", c.Match.Overlap, c.Flagged, c.Match.ID, c.SplitInto)
			return fig, -*c.BestShareOfFlagged, c.OneCampaign
		}))
	}
	return out
}

// ApplyGates records Check's results in r, so that both report formats carry
// them, and reports whether every gate passed (true when none was given).
func (r *Report) ApplyGates(g Gates) bool {
	r.Gates = r.Check(g)
	r.Verdict = ""
	if len(r.Gates) == 0 {
		return true
	}
	pass := true
	for _, res := range r.Gates {
		pass = pass && res.Pass
	}
	r.Verdict = "fail"
	if pass {
		r.Verdict = "pass"
	}
	return pass
}

// perCampaign runs check on every true campaign. check returns the figure to
// show, a badness (larger is worse; used to name the worst campaign when all
// pass) and whether the campaign meets the gate.
func (r *Report) perCampaign(gate, target, what string, check func(*CampaignScore) (string, float64, bool)) GateResult {
	res := GateResult{Gate: gate, Target: target, Pass: true}
	if len(r.Campaigns) == 0 {
		res.Detail = "no true campaigns to check"
		return res
	}
	var failed []string
	worst, worstBad := "", math.Inf(-1)
	for i := range r.Campaigns {
		c := &r.Campaigns[i]
		fig, bad, ok := check(c)
		if !ok {
			failed = append(failed, c.ID+" "+fig)
		}
		if bad > worstBad || worst == "" {
			worst, worstBad = c.ID+" "+fig, bad
		}
	}
	if len(failed) > 0 {
		res.Pass = false
		res.Detail = fmt.Sprintf("%d of %d campaigns miss it: %s", len(failed), len(r.Campaigns), listSome(failed))
		return res
	}
	res.Detail = fmt.Sprintf("all %d campaigns meet it; worst %s: %s", len(r.Campaigns), what, worst)
	return res
}

func listSome(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:maxListed], "; ") + fmt.Sprintf("; and %d more", len(items)-maxListed)
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func fmtRatio(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.4f", *v)
}

func fmtPct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f%%", 100**v)
}

func fmtHours(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.1fh", *v)
}

func fmtList(v []string) string {
	if len(v) == 0 {
		return "none"
	}
	return strings.Join(v, ",")
}

// shortDuration prints 24h rather than 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
