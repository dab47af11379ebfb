// Package report is where campaigns are reported: it turns the pipeline's
// judged candidates into a findings/v1 document (internal/findings) and into
// the text a trust-and-safety engineer reads first — each campaign in the
// words of a disclosure, then its strongest indicators and evidence, then
// what was read and what was rejected.
package report

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/score"
)

// Campaign is one judged candidate.
type Campaign struct {
	ID          string
	Accounts    []uint32
	Containment []float32 // parallel to Accounts
	Core        []uint32  // object indices
	Result      *score.Result
	// Joined are members that linking did not tie to the others but that
	// present the campaign's contradicted client claim with its unusual
	// budget, in its hours (score.Result.Siblings); sorted.
	Joined []uint32
}

// Input is everything the report draws on.
type Input struct {
	Store   *profile.Store
	Objects *link.Objects
	// Campaigns are the reported ones; Dismissed are candidates that did
	// not reach the threshold, listed with their scores so an analyst can
	// see what was considered.
	Campaigns []Campaign
	Dismissed []Campaign
	// Examples maps a template id to a short masked example, when known.
	Examples    map[uint32]string
	Rejects     []ingest.Rejects
	GeneratedAt time.Time
}

// MaxIndicators is how many indicators a campaign lists.
const MaxIndicators = 15

// Findings builds the findings/v1 document.
func Findings(in *Input) *findings.Document {
	s := in.Store
	d := &findings.Document{
		Schema:      findings.Schema,
		GeneratedAt: in.GeneratedAt.UTC().Format(time.RFC3339),
		Input: findings.Input{
			Exchanges: int64(s.Len()),
			Accounts:  int64(s.NumAccounts()),
		},
		Campaigns: []findings.Campaign{},
		Accounts:  []findings.Account{},
	}
	for _, r := range in.Rejects {
		d.Input.RejectedLines += r.Count
	}
	if s.Len() > 0 {
		d.Input.FirstTS = record.FormatTime(profile.SecToUnixNano(s.FirstSec))
		d.Input.LastTS = record.FormatTime(profile.SecToUnixNano(s.LastSec))
	}
	for i := range in.Campaigns {
		c := &in.Campaigns[i]
		st := c.Result.Stats
		fc := findings.Campaign{
			ID:           c.ID,
			Score:        round(c.Result.Score, 4),
			Exchanges:    st.Exchanges,
			FirstSeen:    record.FormatTime(profile.SecToUnixNano(st.FirstSec)),
			LastSeen:     record.FormatTime(profile.SecToUnixNano(st.LastSec)),
			Capabilities: capabilities(st.Capabilities),
			Indicators:   Indicators(in, c),
			Evidence:     evidence(in, c),
		}
		for _, a := range c.Accounts {
			fc.Accounts = append(fc.Accounts, s.Accounts.String(a))
		}
		d.Campaigns = append(d.Campaigns, fc)
		// Each account's reasons read only the store and the objects,
		// and a large campaign has tens of thousands: on every core.
		why := make([][]string, len(c.Accounts))
		parallel.Ranges(runtime.GOMAXPROCS(0), len(c.Accounts), func(_, lo, hi int) {
			for j := lo; j < hi; j++ {
				why[j] = reasons(in, c, c.Accounts[j], float64(c.Containment[j]))
			}
		})
		for j, a := range c.Accounts {
			d.Accounts = append(d.Accounts, findings.Account{
				AccountID: s.Accounts.String(a),
				Score:     round(c.Result.Score*(0.6+0.4*float64(c.Containment[j])), 4),
				Campaign:  c.ID,
				Reasons:   why[j],
			})
		}
	}
	for i := range in.Dismissed {
		c := &in.Dismissed[i]
		why := fmt.Sprintf("linked to %d accounts that act alike, but %s", len(c.Accounts), c.Result.Dismissal)
		if c.Result.Mitigation >= 0.5 {
			why += "; it looks like one declared organisation on stable infrastructure"
		}
		for j, a := range c.Accounts {
			d.Accounts = append(d.Accounts, findings.Account{
				AccountID: s.Accounts.String(a),
				Score:     round(c.Result.Score*(0.6+0.4*float64(c.Containment[j])), 4),
				Reasons:   []string{why},
			})
		}
	}
	return d
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// capabilities renders shares rounded to 4 digits, dropping zeros, and
// nudges the largest so the rounded shares still sum to 1.
func capabilities(c [record.NumCapabilities]float64) map[string]float64 {
	out := map[string]float64{}
	sum, top := 0.0, ""
	for i, v := range c {
		if v <= 0 {
			continue
		}
		k := record.Capability(i).String()
		out[k] = round(v, 4)
		sum += out[k]
		if top == "" || out[k] > out[top] {
			top = k
		}
	}
	if top != "" {
		out[top] = round(out[top]+1-sum, 4)
	}
	return out
}

// Indicators lists the core objects most of the campaign's accounts share.
func Indicators(in *Input, c *Campaign) []findings.Indicator {
	o := in.Objects
	count := map[uint32]int{}
	for _, a := range c.Accounts {
		for _, ob := range o.Of(a) {
			if _, ok := slices.BinarySearch(c.Core, ob); ok {
				count[ob]++
			}
		}
	}
	obs := make([]uint32, 0, len(count))
	for ob := range count {
		obs = append(obs, ob)
	}
	sort.Slice(obs, func(i, j int) bool {
		si := float64(count[obs[i]]) * float64(o.Weight[obs[i]])
		sj := float64(count[obs[j]]) * float64(o.Weight[obs[j]])
		if si != sj {
			return si > sj
		}
		return obs[i] < obs[j]
	})
	var out []findings.Indicator
	seen := map[string]bool{}
	for _, ob := range obs {
		kind, value := o.Describe(in.Store, ob)
		key := kind + "\x00" + value
		if value == "" || seen[key] {
			continue
		}
		seen[key] = true
		if ex, ok := in.Examples[uint32(o.Raw[ob])]; ok && (o.Kind[ob] == link.KindTemplate || o.Kind[ob] == link.KindSystemPrompt) {
			value += " " + fmt.Sprintf("%q", ex)
		}
		out = append(out, findings.Indicator{Type: kind, Value: value, Accounts: count[ob]})
		if len(out) == MaxIndicators {
			break
		}
	}
	if out == nil {
		out = []findings.Indicator{}
	}
	return out
}

func evidence(in *Input, c *Campaign) []string {
	var out []string
	for _, sg := range c.Result.Signals {
		if sg.Strength >= 0.15 {
			out = append(out, sg.Sentence)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// reasons explains one member account: its campaign, how much of its
// behaviour lies in the campaign's core, and the core objects it holds.
func reasons(in *Input, c *Campaign, a uint32, cont float64) []string {
	out := []string{fmt.Sprintf("member of campaign %s: %.0f%% of what it shares with other accounts is the campaign's core", c.ID, 100*cont)}
	if _, joined := slices.BinarySearch(c.Joined, a); joined {
		ua, fp, _, _, _, _ := in.Store.TopValues(a)
		out[0] = fmt.Sprintf("member of campaign %s: it claims the client %q from the TLS fingerprint %s and sends max_tokens %d, as the campaign's accounts do and hardly any other account does, in the campaign's hours",
			c.ID, in.Store.UserAgents.String(ua), in.Store.Fingerprints.String(fp), in.Store.TopBudget(a))
	}
	o := in.Objects
	n := 0
	for _, ob := range o.Of(a) {
		if _, ok := slices.BinarySearch(c.Core, ob); !ok {
			continue
		}
		kind, value := o.Describe(in.Store, ob)
		out = append(out, fmt.Sprintf("shares %s %s with %d other accounts", kind, value, o.DF[ob]-1))
		n++
		if n == 3 {
			break
		}
	}
	f := in.Store.Features(a)
	if f.AddressChange >= 0.5 {
		out = append(out, fmt.Sprintf("changes address on %.0f%% of its requests", 100*f.AddressChange))
	}
	if !math.IsNaN(f.AgeDays) && f.AgeDays < 7 {
		out = append(out, fmt.Sprintf("made its first request %.1f days after signing up", math.Max(f.AgeDays, 0)))
	}
	if f.Markers[0] >= 0.2 {
		out = append(out, fmt.Sprintf("asks for full step-by-step reasoning in %.0f%% of its requests", 100*f.Markers[0]))
	}
	return out
}

// WriteText prints the human report.
func WriteText(w io.Writer, in *Input, d *findings.Document) {
	if len(d.Campaigns) == 0 {
		fmt.Fprintln(w, "No distillation campaign found.")
	}
	for i, c := range d.Campaigns {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "campaign %s: %s accounts, %s exchanges, %s, targeting %s (score %.2f)\n",
			c.ID, Count(int64(len(c.Accounts))), Short(c.Exchanges), Span(c.FirstSeen, c.LastSeen), Targets(c.Capabilities), c.Score)
		if len(c.Indicators) > 0 {
			fmt.Fprintln(w, "  indicators:")
			for _, ind := range c.Indicators[:min(8, len(c.Indicators))] {
				fmt.Fprintf(w, "    %-16s %-48s %s accounts\n", ind.Type, clip(Printable(ind.Value), 48), Count(int64(ind.Accounts)))
			}
		}
		if len(c.Evidence) > 0 {
			fmt.Fprintln(w, "  evidence:")
			for _, e := range c.Evidence[:min(8, len(c.Evidence))] {
				fmt.Fprintf(w, "    - %s\n", Printable(e))
			}
		}
	}
	if n := len(in.Dismissed); n > 0 {
		fmt.Fprintf(w, "\n%d linked group(s) considered and dismissed (largest: %d accounts, score %.2f).\n",
			n, len(in.Dismissed[0].Accounts), in.Dismissed[0].Result.Score)
		// Groups that scored high enough but failed a test are the ones an
		// analyst asks about: say which test, for the first few.
		shown := 0
		for _, c := range in.Dismissed {
			if c.Result.Score >= 0.5 && shown < 3 {
				fmt.Fprintf(w, "  %d accounts: %s\n", len(c.Accounts), c.Result.Dismissal)
				shown++
			}
		}
	}
	fmt.Fprintf(w, "\ninput: %s exchanges from %s accounts, %s to %s; %s lines rejected\n",
		Count(d.Input.Exchanges), Count(d.Input.Accounts), d.Input.FirstTS, d.Input.LastTS, Count(d.Input.RejectedLines))
	for _, r := range in.Rejects {
		if r.Count > 0 {
			fmt.Fprintf(w, "rejected lines in %s:\n", r.File)
			r.WriteText(w)
		}
	}
}

// Printable returns s with every rune that is not graphic (control and
// format characters: bidi overrides, zero-width spaces, newlines) written
// as a \u escape. Indicator values come from senders (user agents, org
// names, e-mail domains), and a terminal or a ticket must show what they
// are, not what they do to the text around them.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if !unicode.IsGraphic(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsGraphic(r):
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Count formats an integer with thousands separators: 25,012.
func Count(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Short formats a large count the way disclosures do: 28.8M, 150K.
func Short(n int64) string {
	switch {
	case n >= 10_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1_000_000:
		return fmt.Sprintf("%.2fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fK", float64(n)/1e3)
	}
	return Count(n)
}

// Span formats a time span as "22 Apr – 5 Jun 2026".
func Span(first, last string) string {
	f, err1 := time.Parse(time.RFC3339Nano, first)
	l, err2 := time.Parse(time.RFC3339Nano, last)
	if err1 != nil || err2 != nil {
		return first + " – " + last
	}
	if f.Year() == l.Year() {
		return f.Format("2 Jan") + " – " + l.Format("2 Jan 2006")
	}
	return f.Format("2 Jan 2006") + " – " + l.Format("2 Jan 2006")
}

// Targets formats the top capability shares: "agentic 41%, coding 37%, long-horizon 12%".
func Targets(caps map[string]float64) string {
	keys := make([]string, 0, len(caps))
	for k := range caps {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if caps[keys[i]] != caps[keys[j]] {
			return caps[keys[i]] > caps[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys[:min(3, len(keys))] {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", strings.ReplaceAll(k, "_", "-"), 100*caps[k]))
	}
	if len(parts) == 0 {
		return "nothing in particular"
	}
	return strings.Join(parts, ", ")
}
