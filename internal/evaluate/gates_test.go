package evaluate

import (
	"strings"
	"testing"
	"time"
)

func fp(v float64) *float64             { return &v }
func ip(v int) *int                     { return &v }
func dp(v time.Duration) *time.Duration { return &v }

// TestGates runs each gate alone on a scenario and checks the verdict and
// the figure it quotes. The mixed figures are those worked out in TestMixed:
// F1 26/33 = 0.7879; recall camp-a 0.9, camp-b 1; purity camp-a 0.75,
// camp-b 1; headline errors camp-a −20%/−36%, camp-b 0%/+5%; time errors
// camp-a +6 h/−12 h, camp-b 0/+12 h; top-3 sets differ for camp-a; one false
// campaign (rep-4); camp-a is split (6 of 9 in its best match).
func TestGates(t *testing.T) {
	f := func(scenario string, g Gates, wantPass bool, wantDetail string) {
		t.Helper()
		r := compare(t, scenario)
		res := r.Check(g)
		if len(res) != 1 {
			t.Fatalf("%s: Check gave %d results, want 1: %+v", scenario, len(res), res)
		}
		if res[0].Pass != wantPass || !strings.Contains(res[0].Detail, wantDetail) {
			t.Errorf("%s %s %s: pass = %v, detail %q; want pass = %v, detail containing %q",
				scenario, res[0].Gate, res[0].Target, res[0].Pass, res[0].Detail, wantPass, wantDetail)
		}
	}
	// min-f1
	f("mixed", Gates{MinF1: fp(0.78)}, true, "F1 0.7879")
	f("mixed", Gates{MinF1: fp(0.79)}, false, "F1 0.7879")
	f("mixed", Gates{MinF1: fp(26.0 / 33)}, true, "F1 0.7879") // exactly at target
	f("perfect", Gates{MinF1: fp(1)}, true, "F1 1.0000")
	f("no-findings", Gates{MinF1: fp(0.5)}, false, "F1 0.0000 (precision n/a, recall 0.0000)")
	f("lookalikes", Gates{MinF1: fp(0.5)}, false, "F1 0.0000")
	f("lookalikes-clean", Gates{MinF1: fp(0.97)}, true, "F1 undefined")
	// min-recall: the lowest campaign decides.
	f("mixed", Gates{MinRecall: fp(0.9)}, true, "worst recall: camp-a 0.9000")
	f("mixed", Gates{MinRecall: fp(0.95)}, false, "1 of 2 campaigns miss it: camp-a 0.9000")
	f("no-findings", Gates{MinRecall: fp(0.1)}, false, "2 of 2 campaigns miss it: camp-a 0.0000; camp-b 0.0000")
	f("lookalikes", Gates{MinRecall: fp(0.95)}, true, "no true campaigns to check")
	// min-purity
	f("mixed", Gates{MinPurity: fp(0.75)}, true, "camp-a 0.7500")
	f("mixed", Gates{MinPurity: fp(0.8)}, false, "camp-a 0.7500")
	f("perfect", Gates{MinPurity: fp(1)}, true, "all 2 campaigns meet it")
	f("no-findings", Gates{MinPurity: fp(0.5)}, false, "camp-a not detected")
	// max-headline-error: the larger of the two relative errors.
	f("mixed", Gates{MaxHeadlineError: fp(0.36)}, true, "camp-a accounts -20.00%, exchanges -36.00%")
	f("mixed", Gates{MaxHeadlineError: fp(0.35)}, false, "1 of 2 campaigns miss it: camp-a accounts -20.00%, exchanges -36.00%")
	f("splinter", Gates{MaxHeadlineError: fp(0.04)}, true, "accounts -4.00%, exchanges -2.00%")
	f("splinter", Gates{MaxHeadlineError: fp(0.03)}, false, "accounts -4.00%")
	f("perfect", Gates{MaxHeadlineError: fp(0)}, true, "all 2 campaigns meet it")
	// max-time-error: both ends.
	f("mixed", Gates{MaxTimeError: dp(12 * time.Hour)}, true, "first +6.0h, last -12.0h")
	f("mixed", Gates{MaxTimeError: dp(11 * time.Hour)}, false, "camp-a first +6.0h, last -12.0h; camp-b first +0.0h, last +12.0h")
	f("splinter", Gates{MaxTimeError: dp(time.Hour)}, true, "first +0.5h, last -1.0h")
	f("splinter", Gates{MaxTimeError: dp(30 * time.Minute)}, false, "last -1.0h")
	// top3
	f("perfect", Gates{Top3: true}, true, "all 2 campaigns meet it")
	f("mixed", Gates{Top3: true}, false, "camp-a coding,agentic,reasoning vs coding,agentic,long_horizon")
	f("splinter", Gates{Top3: true}, false, "cannot check: truth has no capability shares")
	// max-false-campaigns
	f("mixed", Gates{MaxFalseCampaigns: ip(1)}, true, "false campaigns: 1 (rep-4)")
	f("mixed", Gates{MaxFalseCampaigns: ip(0)}, false, "false campaigns: 1 (rep-4)")
	f("lookalikes-clean", Gates{MaxFalseCampaigns: ip(0)}, true, "false campaigns: 0")
	f("lookalikes", Gates{MaxFalseCampaigns: ip(0)}, false, "rep-h")
	// one-campaign
	f("mixed", Gates{OneCampaign: true}, false, "camp-a 6 of 9 flagged in rep-1, split into 2")
	f("splinter", Gates{OneCampaign: true}, true, "24 of 25 flagged in rep-main, split into 2")
	f("perfect", Gates{OneCampaign: true}, true, "all 2 campaigns meet it")
	f("no-findings", Gates{OneCampaign: true}, false, "camp-a not detected")
}

func TestGatesOrderAndVerdict(t *testing.T) {
	r := compare(t, "perfect")
	if !r.ApplyGates(Gates{}) || r.Verdict != "" || len(r.Gates) != 0 {
		t.Errorf("no gates: verdict %q, gates %+v; want empty and pass", r.Verdict, r.Gates)
	}
	strict := Gates{MinF1: fp(1), MinPurity: fp(1), MinRecall: fp(1), MaxHeadlineError: fp(0),
		MaxTimeError: dp(0), Top3: true, MaxFalseCampaigns: ip(0), OneCampaign: true}
	if !r.ApplyGates(strict) || r.Verdict != "pass" {
		t.Errorf("perfect findings fail strict gates: %+v", r.Gates)
	}
	var names []string
	for _, g := range r.Gates {
		names = append(names, g.Gate)
	}
	eqStrings(t, "gate order", names, []string{"min-f1", "min-purity", "min-recall", "max-headline-error",
		"max-time-error", "top3", "max-false-campaigns", "one-campaign"})

	r = compare(t, "mixed")
	if r.ApplyGates(Gates{MinF1: fp(0.5), MaxFalseCampaigns: ip(0)}) || r.Verdict != "fail" {
		t.Errorf("mixed: verdict %q, want fail (one false campaign)", r.Verdict)
	}
}

func TestListSome(t *testing.T) {
	f := func(n int, want string) {
		t.Helper()
		var items []string
		for i := range n {
			items = append(items, string(rune('a'+i)))
		}
		if got := listSome(items); got != want {
			t.Errorf("listSome(%d) = %q, want %q", n, got, want)
		}
	}
	f(1, "a")
	f(5, "a; b; c; d; e")
	f(7, "a; b; c; d; e; and 2 more")
}

func TestShortDuration(t *testing.T) {
	f := func(d time.Duration, want string) {
		t.Helper()
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
	f(24*time.Hour, "24h")
	f(90*time.Minute, "1h30m")
	f(30*time.Minute, "30m")
	f(0, "0s")
	f(1500*time.Millisecond, "1.5s")
}
