package detect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/distillguard/distillguard/internal/campaign"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/score"
)

// Config is every threshold, window and weight detection uses. Defaults
// returns the shipped values; a JSON file given with --config overrides any
// subset of them. Each field's desc tag is its documentation, printed by
// `distillguard detect --print-config` and in docs/config.md.
type Config struct {
	Link     LinkConfig     `json:"link"`
	Campaign CampaignConfig `json:"campaign"`
	Score    ScoreConfig    `json:"score"`
}

// LinkConfig configures how accounts are linked.
type LinkConfig struct {
	WindowHours        int                `json:"window_hours" desc:"Co-activity window: two accounts share an address or /24 network when both use it within the same window of this many hours (SynchroTrap's time window)."`
	AddressCap         int                `json:"address_cap" desc:"An address used by more accounts than this within one window is a carrier NAT or campus gateway, not a clue, and is ignored for that window."`
	PrefixCap          int                `json:"prefix_cap" desc:"The same cap for /24 (IPv4) and /48 (IPv6) networks."`
	SetMassCap         float64            `json:"set_mass_cap" desc:"The most weight one many-valued kind (templates, address-days, network-days) can carry in a similarity, so that one kind cannot drown the others."`
	CandidateMinWeight float64            `json:"candidate_min_weight" desc:"Only objects at least this heavy propose candidate pairs; sharing a popular object (held by more than about a third of accounts) is no reason to compare two accounts."`
	ObjectPairs        int                `json:"object_pairs" desc:"An object held by at most this many accounts proposes every pair of them for comparison."`
	ObjectSample       int                `json:"object_sample" desc:"A more popular object proposes each holder with this many pseudo-random fellow holders: enough to keep a campaign of thousands connected at linear cost, never a quadratic number of pairs."`
	MinSimilarity      float64            `json:"min_similarity" desc:"Shared weight over union weight two accounts need for an edge; kept low because attackers randomise per-account attributes, which lowers the ratio but not what is shared."`
	MinShared          float64            `json:"min_shared" desc:"Absolute shared weight two accounts need for an edge: several rare objects, or one very rare one such as a card."`
	MinFamilies        int                `json:"min_families" desc:"The shared weight must come from at least this many independent evidence families (what is sent; where from; which client; how it behaves; when it lived; who the account says it is): a shared NAT address alone, or one popular template alone, is not an operator."`
	KindWeights        map[string]float64 `json:"kind_weights" desc:"How much sharing one object of each kind says about two accounts being one operator; multiplies the object's rarity weight ln((N+1)/(df+1)). A weight of 0 turns a kind off: ip-prefix (the same /24 on the same day) is off by default because residential proxy ranges are crowded — on simulated traffic different operators shared /24-days more often than one operator's own accounts did, and at full scale every proxy account held about a thousand of them."`
}

// CampaignConfig configures how linked accounts become candidates.
type CampaignConfig struct {
	MinAccounts    int     `json:"min_accounts" desc:"Smallest candidate: a campaign is many accounts acting as one; fewer than this is a customer, however heavy."`
	SplitAbove     int     `json:"split_above" desc:"Linked components larger than this are split by Louvain community detection before peeling."`
	CoreCoverage   float64 `json:"core_coverage" desc:"A core object is held by at least this share of the candidate's accounts."`
	MinLift        float64 `json:"min_lift" desc:"An object characterises a candidate when its members hold it at least this many times as often as other accounts do; an object everyone holds says nothing about the candidate, however many members hold it."`
	MinContainment float64 `json:"min_containment" desc:"Share of an account's shared-object weight that must lie in the candidate's core for the account to be a member; camouflage traffic shares nothing, so it does not dilute this."`
	MinCoreWeight  float64 `json:"min_core_weight" desc:"Absolute core weight a member must hold."`
	MergeInternal  float64 `json:"merge_internal" desc:"Candidates whose infrastructure objects (exit addresses, cards, signup addresses and hours, e-mail domains, organisations held mostly by their own accounts) overlap at least this much, as a share of the heavier set's weight (each shares that much of what it owns with the other), are fleets of one operator — different harnesses, same proxies, cards or signup infrastructure — and are merged."`
	Rejoin         float64 `json:"rejoin" desc:"Louvain communities are put back together when the density of edges between them is at least this fraction of the density inside the sparser one: modularity cuts even one homogeneous operator, which leaves nearly as many edges across the cut as within, while two operators joined by a few bridging edges stay apart."`
	AbsorbShare    float64 `json:"absorb_share" desc:"A candidate is a fragment of a larger one when at least this share of its accounts would pass membership in the larger one by themselves (on simulated traffic, sub-fleets of one operator passed at 40-48%, honest groups at 0%)."`
	MergeCores     float64 `json:"merge_cores" desc:"Candidates whose cores overlap at least this much (weighted Jaccard) are one operation split apart, and are merged."`
}

// ScoreConfig configures how a candidate is judged.
type ScoreConfig struct {
	Content             float64 `json:"content_weight" desc:"Log-odds weight of extraction content: reasoning elicitation, grading, synthetic transcripts, maximal budgets, shared templates, a capability mix unlike the background."`
	Infrastructure      float64 `json:"infrastructure_weight" desc:"Log-odds weight of evasive infrastructure: address churn, many networks, client claims that do not match the TLS fingerprint, shared exit addresses."`
	Coordination        float64 `json:"coordination_weight" desc:"Log-odds weight of concealed coordination: many accounts declaring unrelated identities, shared cards, light accounts in a heavy operation."`
	Hygiene             float64 `json:"hygiene_weight" desc:"Log-odds weight of account hygiene: fresh accounts, signup bursts, an over-represented verification path."`
	Timing              float64 `json:"timing_weight" desc:"Log-odds weight of timing: around-the-clock sending, dispatcher-even spacing, fast moves to a new model."`
	Bias                float64 `json:"bias" desc:"Log-odds of a candidate with no evidence at all."`
	Mitigation          float64 `json:"mitigation_weight" desc:"How much one declared organisation paying with one instrument from stable infrastructure lowers the log-odds: the honest enterprise, lab or eval shop."`
	Threshold           float64 `json:"threshold" desc:"Score at or above which a candidate is reported as a campaign."`
	MinFamilies         int     `json:"min_families" desc:"How many evidence families must each reach family_floor: a campaign is never one odd habit."`
	FamilyFloor         float64 `json:"family_floor" desc:"Strength a family needs to count toward min_families."`
	RequireCoordination float64 `json:"require_coordination" desc:"Coordination evidence must reach this: a campaign is many accounts acting as one, and a group of individually odd accounts that do not act together (an embedded-key app's users, heavy mobile users) is not one."`
	RequireActivity     float64 `json:"require_activity" desc:"Content or infrastructure evidence must reach this: coordination and fresh accounts alone describe a hackathon as well as a hydra."`
	RequireOperator     float64 `json:"require_operator" desc:"Evidence of an operator must reach this: evasive infrastructure, account hygiene, or cards or exits shared across identities. Shared templates, a system prompt, a client build and budgets describe software: the users of one popular agent share them, and are no campaign."`
}

// Defaults returns the shipped configuration.
func Defaults() *Config {
	return &Config{
		Link: LinkConfig{
			WindowHours: 24, AddressCap: 12, PrefixCap: 12, SetMassCap: 8,
			CandidateMinWeight: 1, ObjectPairs: 40, ObjectSample: 3,
			MinSimilarity: 0.08, MinShared: 5, MinFamilies: 2,
			KindWeights: map[string]float64{
				"template": 1.0, "system_prompt": 0.6, "ip": 0.7, "ip-prefix": 0,
				"client_fp": 0.4, "user_agent": 0.3, "client": 0.6, "asn": 0.3,
				"request_shape": 0.8, "content_shape": 0.8, "tool_shape": 0.6,
				"first_active_day": 0.6, "last_active_day": 0.6, "rhythm": 0.6,
				"payment_fp": 1.5, "signup_ip": 1.0, "signup_prefix": 0.5, "signup_hour": 0.8,
				"email_domain": 0.5, "verification": 0.3, "country": 0.2, "org": 1.0,
			},
		},
		Campaign: CampaignConfig{
			MinAccounts: 5, SplitAbove: 10, CoreCoverage: 0.2, MinLift: 5,
			MinContainment: 0.35, MinCoreWeight: 3, Rejoin: 0.5, AbsorbShare: 0.25, MergeCores: 0.5, MergeInternal: 0.25,
		},
		Score: ScoreConfig{
			Content: 3, Infrastructure: 2.5, Coordination: 2.5, Hygiene: 1.5, Timing: 1.5,
			Bias: -5, Mitigation: 6, Threshold: 0.5, MinFamilies: 2, FamilyFloor: 0.4, RequireActivity: 0.4, RequireCoordination: 0.3,
			RequireOperator: 0.4,
		},
	}
}

// LoadConfig reads a JSON file over the defaults. Unknown keys are errors,
// so a misspelt threshold is not silently ignored.
func LoadConfig(path string) (*Config, error) {
	c := Defaults()
	if path == "" {
		return c, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read config: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, fmt.Errorf("cannot parse config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Validate checks ranges and kind names.
func (c *Config) Validate() error {
	var problems []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	l, k, s := c.Link, c.Campaign, c.Score
	check(l.WindowHours > 0, "link.window_hours must be positive")
	check(l.AddressCap >= 2 && l.PrefixCap >= 2, "link.address_cap and link.prefix_cap must be at least 2")
	check(l.ObjectPairs >= 2 && l.ObjectSample >= 1, "link.object_pairs must be at least 2 and link.object_sample at least 1")
	check(l.MinSimilarity >= 0 && l.MinSimilarity <= 1, "link.min_similarity must be in [0,1]")
	known := map[string]bool{}
	for kd := link.Kind(1); kd < link.NumKinds; kd++ {
		known[kd.String()] = true
	}
	for name, w := range l.KindWeights {
		check(known[name], "link.kind_weights: unknown kind %q", name)
		check(w >= 0, "link.kind_weights[%s] must not be negative", name)
	}
	check(k.MinAccounts >= 2, "campaign.min_accounts must be at least 2")
	check(k.CoreCoverage > 0 && k.CoreCoverage <= 1, "campaign.core_coverage must be in (0,1]")
	check(k.MinLift >= 1, "campaign.min_lift must be at least 1")
	check(k.AbsorbShare > 0 && k.AbsorbShare <= 1, "campaign.absorb_share must be in (0,1]")
	check(k.MinContainment >= 0 && k.MinContainment <= 1, "campaign.min_containment must be in [0,1]")
	check(s.Threshold > 0 && s.Threshold < 1, "score.threshold must be in (0,1)")
	check(s.MinFamilies >= 0 && s.MinFamilies <= len(score.Families), "score.min_families must be between 0 and %d", len(score.Families))
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// linkConfig converts to the link stage's form.
func (c *Config) linkConfig() *link.Config {
	l := c.Link
	lc := &link.Config{
		WindowSeconds: uint32(l.WindowHours) * 3600, AddressCap: l.AddressCap, PrefixCap: l.PrefixCap,
		SetMassCap: l.SetMassCap, CandidateMinWeight: l.CandidateMinWeight, ObjectPairs: l.ObjectPairs,
		ObjectSample: l.ObjectSample, MinSimilarity: l.MinSimilarity, MinShared: l.MinShared, MinFamilies: l.MinFamilies,
	}
	for kd := link.Kind(1); kd < link.NumKinds; kd++ {
		lc.KindWeight[kd] = l.KindWeights[kd.String()]
	}
	return lc
}

func (c *Config) campaignConfig() *campaign.Config {
	k := c.Campaign
	return &campaign.Config{
		MinAccounts: k.MinAccounts, SplitAbove: k.SplitAbove, CoreCoverage: k.CoreCoverage,
		MinFamilies: c.Link.MinFamilies, MinLift: k.MinLift, MinContainment: k.MinContainment, MinCoreWeight: k.MinCoreWeight,
		Rejoin: k.Rejoin, AbsorbShare: k.AbsorbShare, MergeCores: k.MergeCores, MergeInternal: k.MergeInternal, SetMassCap: c.Link.SetMassCap,
	}
}

func (c *Config) scoreConfig() *score.Config {
	s := c.Score
	return &score.Config{
		Content: s.Content, Infrastructure: s.Infrastructure, Coordination: s.Coordination, Hygiene: s.Hygiene,
		Timing: s.Timing, Bias: s.Bias, Mitigation: s.Mitigation, Threshold: s.Threshold, MinFamilies: s.MinFamilies,
		FamilyFloor: s.FamilyFloor, RequireActivity: s.RequireActivity, RequireCoordination: s.RequireCoordination,
		RequireOperator: s.RequireOperator, MinAccounts: c.Campaign.MinAccounts,
	}
}

// WriteJSON prints c as indented JSON.
func (c *Config) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteDocs prints every parameter with its default and description, as a
// Markdown table per section; docs/config.md is this output.
func WriteDocs(w io.Writer) {
	c := Defaults()
	fmt.Fprintln(w, "# distillguard detection configuration")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every threshold, window and weight detection uses, with its default. Override any subset with a JSON file: `distillguard detect --config my.json`; print the defaults with `distillguard detect --print-config`. This file is generated by `go test ./internal/detect -run TestConfigDocs -update`.")
	v := reflect.ValueOf(c).Elem()
	for i := 0; i < v.NumField(); i++ {
		sec := v.Type().Field(i)
		fmt.Fprintf(w, "\n## %s\n\n| key | default | what it does |\n|---|---|---|\n", sec.Tag.Get("json"))
		sv := v.Field(i)
		for j := 0; j < sv.NumField(); j++ {
			f := sv.Type().Field(j)
			val := sv.Field(j).Interface()
			if m, ok := val.(map[string]float64); ok {
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				parts := make([]string, len(keys))
				for n, k := range keys {
					parts[n] = fmt.Sprintf("%s %.2g", k, m[k])
				}
				val = strings.Join(parts, ", ")
			}
			fmt.Fprintf(w, "| `%s.%s` | %v | %s |\n", sec.Tag.Get("json"), f.Tag.Get("json"), val, f.Tag.Get("desc"))
		}
	}
}
