package evaluate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// maxUnknownShown bounds how many unknown accounts the text report names; the
// JSON report lists them all.
const maxUnknownShown = 10

// WriteText writes r as a report for people: one aligned table per section,
// in the order of the JSON document, then the gate verdicts if ApplyGates
// recorded any. Undefined ratios print as "n/a". It returns the first write
// error.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	table := func(header string, rows [][]string) {
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  "+header)
		for _, row := range rows {
			fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
		}
		tw.Flush()
	}

	a := &r.Accounts
	name := r.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	p("distillguard eval: scenario %s, seed %d\n", name, r.Seed)
	p("truth: accounts %d, campaigns %d, honest categories %d; findings: campaigns %d, flagged accounts %d\n",
		a.Known, len(r.Campaigns), len(r.Categories), len(r.Reported), a.Flagged)

	p("\nAccounts (flagged = in a reported campaign; positive = labelled with a true campaign)\n")
	table("figure\tvalue\tfrom", [][]string{
		{"precision", fmtRatio(a.Precision), fmt.Sprintf("TP %d of %d flagged", a.TP, a.Flagged)},
		{"recall", fmtRatio(a.Recall), fmt.Sprintf("TP %d of %d attacker accounts", a.TP, a.Attackers)},
		{"F1", fmtRatio(a.F1), fmt.Sprintf("TP %d, FP %d, FN %d", a.TP, a.FP, a.FN)},
	})
	if n := len(r.UnknownAccounts); n > 0 {
		shown := r.UnknownAccounts[:min(n, maxUnknownShown)]
		more := ""
		if n > len(shown) {
			more = fmt.Sprintf(", and %d more", n-len(shown))
		}
		p("  in findings but not in truth: %d accounts (%d flagged, counted as FP): %s%s\n",
			n, a.UnknownFlagged, strings.Join(shown, ", "), more)
	}

	p("\nTrue campaigns (split: reported campaigns holding any of its accounts; split≥5%%: holding at least 5%%)\n")
	if len(r.Campaigns) == 0 {
		p("  none: recall and per-campaign figures are undefined\n")
	} else {
		var rows [][]string
		for _, c := range r.Campaigns {
			row := []string{c.ID, dash(c.Style), itoa(c.Size), itoa(c.Flagged), fmtRatio(c.Recall), itoa(c.SplitInto), itoa(c.Split5Pct)}
			if m := c.Match; m != nil {
				one := "no"
				if c.OneCampaign {
					one = "yes"
				}
				row = append(row, m.ID, fmt.Sprintf("%d of %d", m.Overlap, m.Size), fmt.Sprintf("%.4f", m.Purity), fmt.Sprintf("%.4f", m.Jaccard),
					fmt.Sprintf("%s (%s of flagged in best)", one, fmtRatio(c.BestShareOfFlagged)))
			} else {
				row = append(row, "-", "-", "-", "-", "no (not detected)")
			}
			rows = append(rows, row)
		}
		table("campaign\tstyle\tsize\tflagged\trecall\tsplit\tsplit≥5%\tbest match\tholds\tpurity\tjaccard\tone campaign", rows)

		p("\nHeadline error of the best match (reported vs true; errors are reported−true)\n")
		rows = nil
		for _, c := range r.Campaigns {
			m := c.Match
			if m == nil {
				rows = append(rows, []string{c.ID, "-", "not detected"})
				continue
			}
			h := m.Headline
			rows = append(rows, []string{c.ID, m.ID,
				fmt.Sprintf("%d vs %d", h.Accounts.Reported, h.Accounts.True), fmtPct(h.Accounts.RelError),
				fmt.Sprintf("%d vs %d", h.Exchanges.Reported, h.Exchanges.True), fmtPct(h.Exchanges.RelError),
				fmtHours(h.FirstSeen.DiffHours), fmtHours(h.LastSeen.DiffHours),
				fmtList(h.Top3.Reported), fmtList(h.Top3.True), yesNo(h.Top3.SetAgree), yesNo(h.Top3.OrderAgree)})
		}
		table("campaign\tmatch\taccounts\terror\texchanges\terror\tfirst seen\tlast seen\ttop-3 reported\ttop-3 true\tsets agree\torder agrees", rows)
	}

	p("\nHonest categories (flagged accounts are false positives)\n")
	if len(r.Categories) == 0 {
		p("  none\n")
	} else {
		var rows [][]string
		for _, c := range r.Categories {
			rows = append(rows, []string{c.Category, itoa(c.Accounts), itoa(c.Flagged), fmt.Sprintf("%.4f", c.Share)})
		}
		table("category\taccounts\tflagged\tshare", rows)
	}

	p("\nReported campaigns: %d, false campaigns: %d (false: most accounts are not attackers)\n", len(r.Reported), r.FalseCampaigns)
	if len(r.Reported) > 0 {
		var rows [][]string
		for _, c := range r.Reported {
			rows = append(rows, []string{c.ID, itoa(c.Size), fmt.Sprintf("%.3f", c.Score), dash(c.Majority),
				fmt.Sprintf("%.4f", c.MajorityShare), fmt.Sprintf("%.4f", c.AttackerShare), yesNo(&c.False), labelMix(c.Labels)})
		}
		table("campaign\tsize\tscore\tmajority label\tshare\tattackers\tfalse\tlabels", rows)
	}

	if len(r.Warnings) > 0 {
		p("\nWarnings\n")
		for _, w := range r.Warnings {
			p("  - %s\n", w)
		}
	}

	if len(r.Gates) > 0 {
		p("\nGates\n")
		failed := 0
		var rows [][]string
		for _, g := range r.Gates {
			verdict := "PASS"
			if !g.Pass {
				verdict = "FAIL"
				failed++
			}
			rows = append(rows, []string{verdict, g.Gate + " " + g.Target, g.Detail})
		}
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for _, row := range rows {
			fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
		}
		tw.Flush()
		if failed == 0 {
			p("Verdict: PASS (all %d gates)\n", len(r.Gates))
		} else {
			p("Verdict: FAIL (%d of %d gates failed)\n", failed, len(r.Gates))
		}
	}
	return bw.Flush()
}

// labelMix shows the three largest labels of a reported campaign.
func labelMix(ls []LabelCount) string {
	var parts []string
	for i, l := range ls {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more labels", len(ls)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", l.Label, l.Accounts))
	}
	return strings.Join(parts, ", ")
}

func itoa(n int) string { return fmt.Sprint(n) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "n/a"
	case *b:
		return "yes"
	}
	return "no"
}
