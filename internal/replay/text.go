package replay

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/distillguard/distillguard/internal/report"
)

// WriteText writes r for people: what was replayed, one table per section
// and the target verdicts, as `distillguard eval` lays out its report. It
// returns the first write error.
func (r *Result) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	table := func(header string, rows [][]string) {
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		if header != "" {
			fmt.Fprintln(tw, "  "+header)
		}
		for _, row := range rows {
			fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
		}
		tw.Flush()
	}

	speed := "as fast as possible"
	if r.Speed > 0 {
		speed = fmt.Sprintf("%gx real time", r.Speed)
	}
	sync := "off"
	if r.Sync {
		sync = "on"
	}
	name := r.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	t := &r.Totals
	p("distillguard replay: scenario %s (seed %d, scale %g) into %s at %s, batch %d or %s of data time, sync %s\n",
		name, r.Seed, r.Scale, r.Server, speed, r.Batch, time.Duration(r.SpanSeconds*float64(time.Second)), sync)
	p("input: %s exchanges, %s .. %s; %s accounts, %s models posted; %s malformed lines skipped\n",
		report.Count(t.Read), dash(t.First), dash(t.Last), report.Count(t.Accounts), report.Count(t.Models), report.Count(t.Rejected))
	p("gateway: %s exchanges served and posted in %s batches, %s not served (account blocked); %s decision changes received\n",
		report.Count(t.Posted), report.Count(t.Batches), report.Count(t.Blocked), report.Count(t.Decisions))
	p("wall: %.1fs, %s exchanges/s posted, %.1f MB/s\n", t.WallSeconds, report.Count(int64(t.ExchangesPerSecond+0.5)), mbps(t.PostedBytes, t.WallSeconds))

	p("\nCampaigns (late: accounts created more than 24 h after its first exchange; day one blocked: of its accounts that sent in its first 24 h, those blocked in them;\n" +
		"  90%% blocked: when 90%% of all its accounts had had a block decision, on the server's clock;\n" +
		"  p90 account hours: 90th percentile of hours from an account's first exchange to its block; after day 1: served more than 24 h after its first exchange)\n")
	if len(r.Campaigns) == 0 {
		p("  none: the right answer is no campaign\n")
	} else {
		var rows [][]string
		for _, c := range r.Campaigns {
			at, hours, acctHours := "never", "n/a", "n/a"
			if c.Blocked90At != nil {
				at, hours = *c.Blocked90At, fmt.Sprintf("%.1f", *c.HoursTo90)
			}
			if c.AccountHoursToBlockP90 != nil {
				acctHours = fmt.Sprintf("%.1f", *c.AccountHoursToBlockP90)
			}
			rows = append(rows, []string{c.ID, dash(c.Style), strconv.Itoa(c.Accounts), strconv.Itoa(c.LateAccounts), fmt.Sprintf("%d of %d", c.DayOneBlocked, c.DayOneAccounts), strconv.Itoa(c.Blocked),
				report.Count(c.Exchanges), dash(c.First), at, hours, acctHours,
				fmt.Sprintf("%s (%s)", pct(c.ServedShare), report.Count(c.Served)),
				fmt.Sprintf("%s (%s)", pct(c.ServedAfterDayShare), report.Count(c.ServedAfterDay))})
		}
		table("campaign\tstyle\taccounts\tlate\tday one blocked\tblocked\texchanges\tfirst exchange\t90% blocked at\thours to 90%\tp90 account hours\tserved\tserved after day 1", rows)
	}

	p("\nHonest accounts (ever watched, shaped, throttled or blocked by the server's decisions; not served: exchanges refused while blocked)\n")
	if len(r.Honest) == 0 {
		p("  none\n")
	} else {
		var rows [][]string
		for _, c := range append(append([]Category(nil), r.Honest...), r.HonestTotal) {
			rows = append(rows, []string{c.Category, report.Count(int64(c.Accounts)), report.Count(int64(c.Watched)), report.Count(int64(c.Shaped)), report.Count(int64(c.Throttled)),
				report.Count(int64(c.Blocked)), report.Count(c.Exchanges), report.Count(c.NotServed)})
		}
		table("category\taccounts\twatched\tshaped\tthrottled\tblocked\texchanges\tnot served", rows)
		for _, c := range r.Honest {
			if len(c.BlockedAccounts) > 0 {
				more := ""
				if c.Blocked > len(c.BlockedAccounts) {
					more = fmt.Sprintf(", and %d more", c.Blocked-len(c.BlockedAccounts))
				}
				p("  blocked %s: %s%s\n", c.Category, strings.Join(c.BlockedAccounts, ", "), more)
			}
		}
	}

	if r.Check.Sample > 0 {
		p("\nCheck latency (POST /v1/check on 1 exchange in %d)\n", r.Check.Sample)
		if r.Check.Calls == 0 {
			p("  no calls\n")
		} else {
			table("calls\tp50\tp99\tmax\tanswers", [][]string{{report.Count(int64(r.Check.Calls)),
				fmt.Sprintf("%.2fms", r.Check.P50Ms), fmt.Sprintf("%.2fms", r.Check.P99Ms), fmt.Sprintf("%.2fms", r.Check.MaxMs),
				actionMix(r.Check.Actions)}})
		}
	}

	if a := r.Convergence; a != nil {
		round := ""
		if lr := r.LiveRound; lr != nil {
			round = fmt.Sprintf(", round %d at %s", lr.Round, dash(lr.At))
		}
		p("\nConvergence (detect on the data the server was given against the server's campaigns after a final round%s;\n"+
			"  paired by shared accounts; differing: accounts in only one of the pair, at most %g%% of detect's)\n", round, 100*a.Tolerance)
		if len(a.Pairs)+len(a.OnlyBatch)+len(a.OnlyLive) == 0 {
			p("  no campaigns on either side\n")
		} else {
			var rows [][]string
			for _, c := range a.Pairs {
				live := c.Live
				if c.Shared {
					live += " (shared)"
				}
				rows = append(rows, []string{c.Batch, strconv.Itoa(c.BatchAccounts), live, strconv.Itoa(c.LiveAccounts), strconv.Itoa(c.Common),
					fmt.Sprintf("%d (%.2f%%)", c.Differing(), 100*float64(c.Differing())/float64(max(c.BatchAccounts, 1)))})
			}
			for _, u := range a.OnlyBatch {
				rows = append(rows, []string{u.ID, strconv.Itoa(u.Accounts), "-", "-", "0", strconv.Itoa(u.Accounts)})
			}
			for _, u := range a.OnlyLive {
				rows = append(rows, []string{"-", "-", u.ID, strconv.Itoa(u.Accounts), "0", strconv.Itoa(u.Accounts)})
			}
			table("batch campaign\taccounts\tlive campaign\taccounts\tcommon\tdiffering", rows)
		}
	}

	if len(r.Warnings) > 0 {
		p("\nWarnings\n")
		for _, w := range r.Warnings {
			p("  - %s\n", w)
		}
	}

	p("\nTargets\n")
	failed := 0
	var rows [][]string
	for _, v := range r.Targets {
		verdict := "PASS"
		if !v.Pass {
			verdict = "FAIL"
			failed++
		}
		rows = append(rows, []string{verdict, v.Target, v.Detail})
	}
	table("", rows)
	if failed == 0 {
		p("Verdict: PASS (all %d targets)\n", len(r.Targets))
	} else {
		p("Verdict: FAIL (%d of %d targets missed)\n", failed, len(r.Targets))
	}
	return bw.Flush()
}

// actionMix lists check answers by action, most frequent first.
func actionMix(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", dash(k), report.Count(m[k]))
	}
	return strings.Join(parts, ", ")
}

func pct(x float64) string { return fmt.Sprintf("%.2f%%", 100*x) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func mbps(bytes int64, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(bytes) / 1e6 / secs
}
