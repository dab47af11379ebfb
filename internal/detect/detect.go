// Package detect runs the pipeline end to end: exchanges enter through
// internal/ingest, per-exchange signals are computed in parallel
// (internal/signals), accounts are profiled (internal/profile), linked
// (internal/link), formed into candidate campaigns (internal/campaign),
// judged (internal/score) and reported (internal/report). The batch command
// and the online server share this code path.
package detect

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/distillguard/distillguard/internal/campaign"
	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/parallel"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/score"
	"github.com/distillguard/distillguard/internal/signals"
	"github.com/distillguard/distillguard/internal/signals/template"
)

// Options say what to read and how.
type Options struct {
	Exchanges string // path, or "-" for Stdin
	Accounts  string // optional
	Models    string // optional
	Stdin     io.Reader
	Strict    bool
	Config    *Config
	// Progress, when set, is called from time to time while exchanges are
	// read (bytes of the file consumed, file size or -1) and once per later
	// stage with done = total = 0 and the stage's name.
	Progress func(stage string, done, total int64)
	// Now stamps the report; zero means time.Now.
	Now time.Time
}

// Timing records how long each stage took.
type Timing struct {
	Read, Link, Form, Score time.Duration
}

// Result is the pipeline's output.
type Result struct {
	Findings *findings.Document
	Report   *report.Input
	Timing   Timing
	Stats    []*ingest.Stats // exchanges, accounts, models (those read)
	// Graph and Candidates are the intermediate stages, for diagnostics.
	Graph      *link.Graph
	Candidates []*campaign.Candidate
}

// Run executes the pipeline.
func Run(ctx context.Context, opt Options) (*Result, error) {
	cfg := opt.Config
	if cfg == nil {
		cfg = Defaults()
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	res := &Result{}
	t0 := time.Now()
	store, tmpl, stats, err := load(ctx, opt, progress)
	if err != nil {
		return nil, err
	}
	res.Stats = stats
	res.Timing.Read = time.Since(t0)
	var rejects []ingest.Rejects
	for _, st := range stats {
		rejects = append(rejects, st.Rejects)
	}
	a, err := Analyze(store, tmpl, cfg, opt.Now, rejects, progress)
	if err != nil {
		return nil, err
	}
	res.Findings, res.Report, res.Graph, res.Candidates = a.Findings, a.Report, a.Graph, a.Candidates
	res.Timing.Link, res.Timing.Form, res.Timing.Score = a.Timing.Link, a.Timing.Form, a.Timing.Score
	return res, nil
}

// Analysis is what Analyze found in a store.
type Analysis struct {
	Findings   *findings.Document
	Report     *report.Input
	Graph      *link.Graph
	Candidates []*campaign.Candidate
	Timing     Timing // Link, Form and Score are set
}

// Analyze runs the stages after reading — link, form, score, report — on a
// store that exchanges have been added to. The batch command calls it once
// after the whole input; the online engine calls it on a schedule on the
// store it keeps adding to, so both judge by the same code. The store stays
// usable: more exchanges may be added and Analyze called again.
func Analyze(store *profile.Store, tmpl *signals.Templates, cfg *Config, now time.Time, rejects []ingest.Rejects,
	progress func(string, int64, int64)) (*Analysis, error) {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	store.Finish(tmpl.Find)
	res := &Analysis{}
	t1 := time.Now()
	progress("linking accounts", 0, 0)
	graph := link.Build(store, cfg.linkConfig())
	res.Timing.Link = time.Since(t1)

	t2 := time.Now()
	progress("forming campaigns", 0, 0)
	// The population's figures, which scoring compares campaigns with,
	// need only the store: they are gathered beside campaign formation,
	// whose community detection on the broadest linked group leaves a
	// core idle.
	popc := make(chan *score.Background, 1)
	go func() { popc <- score.NewPopulation(store) }()
	cands := campaign.Form(graph, store.NumAccounts(), cfg.campaignConfig())
	res.Timing.Form = time.Since(t2)

	t3 := time.Now()
	progress("scoring campaigns", 0, 0)
	camps, dismissed := judge(store, graph, cands, cfg, <-popc)
	res.Timing.Score = time.Since(t3)

	in := &report.Input{
		Store: store, Objects: graph.Objects, Campaigns: camps, Dismissed: dismissed,
		Examples: tmpl.Examples(), GeneratedAt: now, Rejects: rejects,
	}
	if in.GeneratedAt.IsZero() {
		in.GeneratedAt = time.Now()
	}
	res.Report = in
	res.Graph, res.Candidates = graph, cands
	res.Findings = report.Findings(in)
	if err := res.Findings.Validate(); err != nil {
		return nil, fmt.Errorf("internal error: the findings do not meet the contract: %w", err)
	}
	return res, nil
}

// load reads the inputs into a store: models and accounts first, so that
// exchanges are profiled knowing both, then the exchanges.
func load(ctx context.Context, opt Options, progress func(string, int64, int64)) (*profile.Store, *signals.Templates, []*ingest.Stats, error) {
	fromStdin := 0
	for _, path := range []string{opt.Exchanges, opt.Accounts, opt.Models} {
		if path == "-" {
			fromStdin++
		}
	}
	if fromStdin > 1 {
		return nil, nil, nil, fmt.Errorf("only one input can be read from stdin (\"-\"); give the others as files")
	}
	store := profile.NewStore(0)
	iopt := ingest.Options{Strict: opt.Strict}
	// The model and account tables must be in the store before the first
	// exchange is (accounts are numbered in the account table's order), but
	// nothing stops the exchange log's first chunks being decompressed and
	// parsed meanwhile: the tables are read beside them, and the consumer
	// waits for them before its first batch.
	var tableStats []*ingest.Stats
	tables := make(chan error, 1)
	go func() { tables <- loadTables(opt, iopt, store, &tableStats) }()
	var tablesErr error
	waited := false
	waitTables := func() error {
		if !waited {
			tablesErr, waited = <-tables, true
		}
		return tablesErr
	}
	tmpl := signals.NewTemplates()
	st, err := readExchanges(ctx, opt, iopt, store, tmpl, progress, waitTables)
	if terr := waitTables(); terr != nil {
		return nil, nil, nil, terr // the tables' error first, as when they were read first
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return store, tmpl, append([]*ingest.Stats{st}, tableStats...), nil
}

// loadTables reads the model and account tables into store.
func loadTables(opt Options, iopt ingest.Options, store *profile.Store, stats *[]*ingest.Stats) error {
	if opt.Models != "" {
		st, err := readTable(opt.Models, opt.Stdin, func(in *ingest.Input) (*ingest.Stats, error) {
			return ingest.ReadModels(in, in.Name, iopt, func(m *record.ModelRelease) error { store.AddModel(m); return nil })
		})
		if err != nil {
			return err
		}
		*stats = append(*stats, st)
	}
	if opt.Accounts != "" {
		st, err := readTable(opt.Accounts, opt.Stdin, func(in *ingest.Input) (*ingest.Stats, error) {
			store.ReserveAccounts(in.EstimateRows(200))
			return ingest.ReadAccounts(in, in.Name, iopt, func(a *record.Account) error { store.AddAccount(a); return nil })
		})
		if err != nil {
			return err
		}
		*stats = append(*stats, st)
	}
	return nil
}

func readTable(path string, stdin io.Reader, read func(*ingest.Input) (*ingest.Stats, error)) (*ingest.Stats, error) {
	in, err := ingest.Open(path, stdin)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return read(in)
}

// batchAux is the per-batch scratch the parser goroutines fill.
type batchAux struct {
	x *signals.Extractor // while the batch is parsed
	// Each record's signals, in the two parts signals.Extractor.ExtractTo
	// keeps apart: the profile signals packed, the signatures (set only
	// for records with text) beside them.
	profs []profile.Signals
	pairs []template.Pair
	ids   []uint32 // account ids, resolved before the records are added
}

// readExchanges reads the exchange log into store, with per-exchange
// signals computed on the parser goroutines. ready is called before each
// batch is added to the store and must return nil for the read to go on.
func readExchanges(ctx context.Context, opt Options, iopt ingest.Options, store *profile.Store, tmpl *signals.Templates,
	progress func(string, int64, int64), ready func() error) (*ingest.Stats, error) {
	in, err := ingest.Open(opt.Exchanges, opt.Stdin)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	store.Reserve(in.EstimateLines())
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				progress("reading exchanges", in.RawBytesRead(), in.Size)
				return
			case <-tick.C:
				progress("reading exchanges", in.RawBytesRead(), in.Size)
			}
		}
	}()
	// An extractor per parser, not per batch: its memos (user agents seen)
	// stay warm and few. Each takes one from the pool at a batch's first
	// record and Prepare, which runs on the same goroutine once the batch
	// is parsed, gives it back.
	extractors := sync.Pool{New: func() any { return signals.NewExtractor() }}
	st, err := ingest.ReadExchanges(ctx, in, in.Name, iopt, ingest.Handler[batchAux]{
		Each: func(b *ingest.Batch[batchAux], i int) {
			if i == 0 {
				b.Aux.profs, b.Aux.pairs = b.Aux.profs[:0], b.Aux.pairs[:0]
				b.Aux.x = extractors.Get().(*signals.Extractor)
			}
			// Reuse the slots as they are: ExtractTo sets what it needs,
			// and zeroing a signature pair per record costs more than all
			// it sets without text.
			b.Aux.profs, b.Aux.pairs = slotFor(b.Aux.profs, i), slotFor(b.Aux.pairs, i)
			b.Aux.x.ExtractTo(&b.Records[i], &b.Aux.profs[i], &b.Aux.pairs[i])
		},
		Prepare: func(b *ingest.Batch[batchAux]) {
			extractors.Put(b.Aux.x)
			b.Aux.x = nil
		},
		Consume: func(b *ingest.Batch[batchAux]) error {
			if err := ready(); err != nil {
				return err
			}
			// Resolve the batch's accounts, warm their records, then update
			// them: see profile.Store.Warm.
			ids := slices.Grow(b.Aux.ids[:0], len(b.Records))
			const ahead = 8 // dictionary slots in flight
			profs := b.Aux.profs
			for i := 0; i < min(ahead, len(b.Records)); i++ {
				store.PrefetchAccount(profs[i].AcctHash)
			}
			for i := range b.Records {
				if i+ahead < len(b.Records) {
					store.PrefetchAccount(profs[i+ahead].AcctHash)
				}
				tmpl.AssignTo(&b.Records[i], &profs[i], &b.Aux.pairs[i])
				ids = append(ids, store.AccountID(&b.Records[i], &profs[i]))
			}
			b.Aux.ids = ids
			// Blocks small enough that the warmed records stay in the
			// core's own cache until they are updated.
			const block = 128
			for lo := 0; lo < len(ids); lo += block {
				hi := min(lo+block, len(ids))
				store.Warm(ids[lo:hi])
				for i := lo; i < hi; i++ {
					store.AddTo(ids[i], &b.Records[i], &profs[i])
				}
			}
			return nil
		},
	})
	close(done)
	wg.Wait()
	if err != nil {
		return st, err
	}
	if st.Records == 0 && st.Rejects.Count > 0 {
		return st, fmt.Errorf("%s: none of its %d lines is a valid exchange; first problem: %s", in.Name, st.Lines, st.Rejects.Shown[0])
	}
	return st, nil
}

// slotFor extends s, which has i elements, by one: the next element of its
// capacity as it was left, or a zero one when the capacity is used up.
func slotFor[T any](s []T, i int) []T {
	if i < cap(s) {
		return s[:i+1]
	}
	var zero T
	return append(s, zero)
}

// judge scores every candidate and splits them into reported campaigns and
// dismissed groups, each with a stable id.
func judge(s *profile.Store, g *link.Graph, cands []*campaign.Candidate, cfg *Config, pop *score.Background) (camps, dismissed []report.Campaign) {
	member := make([]int32, s.NumAccounts()+1)
	for i := range member {
		member[i] = -1
	}
	for ci, c := range cands {
		for _, a := range c.Accounts {
			member[a] = int32(ci)
		}
	}
	// Each candidate is judged on its own (reading the store and the
	// population, writing only its own result): on both cores.
	groups := make([][]uint32, len(cands))
	for ci, c := range cands {
		groups[ci] = c.Accounts
	}
	pop = pop.Witnesses(s, groups)
	share, ncore := templateShares(s, g.Objects, cands, member)
	scfg := cfg.scoreConfig()
	judged := make([]report.Campaign, len(cands))
	ins := make([]*score.Input, len(cands))
	parallel.Each(runtime.GOMAXPROCS(0), len(cands), func(_, ci int) {
		c := cands[ci]
		in := &score.Input{Accounts: c.Accounts, TemplateShare: share[ci], CoreTemplates: ncore[ci],
			SharedAddressAccounts: sharedAddressAccounts(g.Objects, c), Cohesion: cohesion(g.Objects, c)}
		r := score.Judge(s, pop.For(s, c.Accounts), in, scfg)
		ins[ci] = in
		judged[ci] = report.Campaign{ID: campaignID(s, c.Accounts), Accounts: c.Accounts, Containment: c.Containment, Core: c.Core, Result: r}
	})
	var inputs []*score.Input // of camps: what each was judged on
	for ci, rc := range judged {
		fronts, rest := frontTeams(s, pop, cands[ci], &rc, scfg)
		for _, f := range fronts {
			camps = append(camps, f)
			inputs = append(inputs, teamInput(f.Accounts))
		}
		in := *ins[ci] // the candidate's figures, for what is left of it
		in.Accounts = rest.Accounts
		if len(fronts) > 0 && rc.Result.Campaign && len(rest.Accounts) > 0 {
			// What is left once the front company is taken out is judged
			// on its own: it was reported on the company's evidence.
			rest.Result = score.Judge(s, pop.For(s, rest.Accounts), &in, scfg)
			rest.ID = campaignID(s, rest.Accounts)
		}
		switch {
		case len(rest.Accounts) == 0:
		case rest.Result.Campaign:
			camps = append(camps, rest)
			inputs = append(inputs, &in)
		default:
			dismissed = append(dismissed, rest)
		}
	}
	for _, t := range orgTeams(s, g.Objects, pop, member, scfg) {
		camps = append(camps, t)
		inputs = append(inputs, teamInput(t.Accounts))
	}
	dismissed = joinSiblings(s, pop, camps, inputs, dismissed, scfg)
	byScore := func(x, y report.Campaign) int {
		if x.Result.Stats.Exchanges != y.Result.Stats.Exchanges {
			if x.Result.Stats.Exchanges > y.Result.Stats.Exchanges {
				return -1
			}
			return 1
		}
		if x.ID < y.ID {
			return -1
		}
		return 1
	}
	slices.SortFunc(camps, byScore)
	slices.SortFunc(dismissed, byScore)
	return camps, dismissed
}

// teamInput is what a declared team is judged on: its accounts act as one
// by declaration, and templates are the linked group's, not the team's.
func teamInput(accts []uint32) *score.Input {
	return &score.Input{Accounts: accts, TemplateShare: math.NaN(), Cohesion: 1}
}

// orgTeams judges the declared teams that no candidate holds: linking
// needs shared objects from two evidence families and campaign formation
// needs five accounts, so a front company of three or four heavy accounts
// would otherwise never be judged. Only teams that are campaigns (a
// reasoning harvest at many times the heaviest customers' volume) are
// returned; a team that is a customer is not listed as considered.
func orgTeams(s *profile.Store, o *link.Objects, pop *score.Background, member []int32, cfg *score.Config) []report.Campaign {
	byOrg := map[uint32][]uint32{}
	for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
		if member[a] >= 0 || s.Behaviour[a].N == 0 {
			continue
		}
		if org := s.Org(a); org != 0 {
			byOrg[org] = append(byOrg[org], a)
		}
	}
	orgs := make([]uint32, 0, len(byOrg))
	for org, accts := range byOrg {
		if len(accts) >= score.MinTeam {
			orgs = append(orgs, org)
		}
	}
	slices.Sort(orgs)
	var out []report.Campaign
	for _, org := range orgs {
		for _, team := range pop.Teams(s, byOrg[org]) {
			if len(team) < score.MinTeam {
				continue
			}
			accts := slices.Clone(team)
			slices.Sort(accts)
			accts = slices.Compact(accts)
			r := score.Judge(s, pop.For(s, accts), teamInput(accts), cfg)
			if !r.Campaign {
				continue
			}
			cont := make([]float32, len(accts))
			for i := range cont {
				cont[i] = 1
			}
			out = append(out, report.Campaign{ID: campaignID(s, accts), Accounts: accts, Containment: cont, Core: sharedObjects(o, accts), Result: r})
			break // one organisation, one campaign: its org and its domain are the same team
		}
	}
	return out
}

// sharedObjects returns the objects every account of accts holds.
func sharedObjects(o *link.Objects, accts []uint32) []uint32 {
	if len(accts) == 0 {
		return nil
	}
	common := slices.Clone(o.Of(accts[0]))
	slices.Sort(common)
	common = slices.Compact(common)
	for _, a := range accts[1:] {
		held := o.Of(a)
		common = slices.DeleteFunc(common, func(ob uint32) bool { return !slices.Contains(held, ob) })
	}
	return common
}

// joinSiblings adds to each campaign the siblings its judgement found
// (score.Result.Siblings) that no campaign holds yet: accounts of the same
// harness that linking left out or put in a dismissed group. The campaign
// is judged again with them, and keeps them only if it still is one. It
// returns the dismissed groups without the accounts that joined.
func joinSiblings(s *profile.Store, pop *score.Background, camps []report.Campaign, inputs []*score.Input, dismissed []report.Campaign, cfg *score.Config) []report.Campaign {
	taken := map[uint32]bool{}
	for _, c := range camps {
		for _, a := range c.Accounts {
			taken[a] = true
		}
	}
	moved := map[uint32]bool{}
	for i := range camps {
		c := &camps[i]
		var joined []uint32
		for _, a := range c.Result.Siblings {
			if !taken[a] {
				joined = append(joined, a)
			}
		}
		if len(joined) == 0 {
			continue
		}
		accts := slices.Concat(c.Accounts, joined)
		cont := slices.Concat(c.Containment, make([]float32, len(joined)))
		in := *inputs[i]
		in.Accounts = accts
		r := score.Judge(s, pop.For(s, accts), &in, cfg)
		if !r.Campaign {
			continue
		}
		for _, a := range joined {
			taken[a], moved[a] = true, true
		}
		c.Accounts, c.Containment, c.Result, c.Joined = accts, cont, r, joined
		c.ID = campaignID(s, accts)
	}
	if len(moved) == 0 {
		return dismissed
	}
	var out []report.Campaign
	for _, d := range dismissed {
		var accts []uint32
		var cont []float32
		for j, a := range d.Accounts {
			if !moved[a] {
				accts, cont = append(accts, a), append(cont, d.Containment[j])
			}
		}
		if len(accts) > 0 {
			d.Accounts, d.Containment = accts, cont
			out = append(out, d)
		}
	}
	return out
}

// frontTeams judges, inside a group, each declared team of score.MinTeam or more
// accounts on its own: a front company's few heavy accounts are often
// linked to customers who send the same public prompts. Judged with them,
// the company's declaration is diluted and the customers would share its
// verdict; judged as the one organisation it says it is, the company
// answers for its own traffic. It returns the teams that are campaigns
// and the group without their accounts.
func frontTeams(s *profile.Store, pop *score.Background, c *campaign.Candidate, rc *report.Campaign, cfg *score.Config) ([]report.Campaign, report.Campaign) {
	teams := pop.Teams(s, c.Accounts)
	if len(teams) == 0 {
		return nil, *rc
	}
	pos := make(map[uint32]int, len(c.Accounts))
	for i, a := range c.Accounts {
		pos[a] = i
	}
	taken := map[uint32]bool{}
	var out []report.Campaign
	for _, team := range teams {
		if len(team) < score.MinTeam || len(team) == len(c.Accounts) {
			continue
		}
		var accts []uint32
		for _, a := range team {
			if !taken[a] {
				accts = append(accts, a)
			}
		}
		if len(accts) < score.MinTeam {
			continue
		}
		slices.Sort(accts)
		r := score.Judge(s, pop.For(s, accts), teamInput(accts), cfg)
		if !r.Campaign {
			continue
		}
		cont := make([]float32, len(accts))
		for i, a := range accts {
			cont[i] = c.Containment[pos[a]]
			taken[a] = true
		}
		out = append(out, report.Campaign{ID: campaignID(s, accts), Accounts: accts, Containment: cont, Core: c.Core, Result: r})
	}
	if len(out) == 0 {
		return nil, *rc
	}
	rest := *rc
	rest.Accounts, rest.Containment = nil, nil
	for i, a := range c.Accounts {
		if !taken[a] {
			rest.Accounts = append(rest.Accounts, a)
			rest.Containment = append(rest.Containment, c.Containment[i])
		}
	}
	return out, rest
}

// templateShares measures, per candidate, the share of its exchanges that
// use one of its core templates: one pass over the template column.
func templateShares(s *profile.Store, o *link.Objects, cands []*campaign.Candidate, member []int32) ([]float64, []int) {
	core := map[uint64]bool{} // candidate<<32 | template
	ncore := make([]int, len(cands))
	for ci, c := range cands {
		for _, ob := range c.Core {
			if o.Kind[ob] == link.KindTemplate {
				core[uint64(ci)<<32|o.Raw[ob]] = true
				ncore[ci]++
			}
		}
	}
	// One pass over the template column on every core, each range counting
	// into its own tallies. The template is tested before the account:
	// without text every exchange's is 0 and the account column is never
	// read.
	workers := runtime.GOMAXPROCS(0)
	hits, texts := make([][]int64, workers), make([][]int64, workers)
	parallel.Ranges(workers, len(s.Tmpl), func(r, lo, hi int) {
		hit, withText := make([]int64, len(cands)), make([]int64, len(cands))
		for i, t := range s.Tmpl[lo:hi] {
			if t == 0 {
				continue
			}
			ci := member[s.Acct[lo+i]]
			if ci < 0 {
				continue
			}
			withText[ci]++
			if core[uint64(ci)<<32|uint64(t)] {
				hit[ci]++
			}
		}
		hits[r], texts[r] = hit, withText
	})
	hit, withText := hits[0], texts[0]
	for r := 1; r < workers; r++ {
		for ci := range cands {
			hit[ci] += hits[r][ci]
			withText[ci] += texts[r][ci]
		}
	}
	out := make([]float64, len(cands))
	for ci := range cands {
		var total int64
		for _, a := range cands[ci].Accounts {
			total += int64(s.Behaviour[a].N)
		}
		if withText[ci] == 0 || total == 0 {
			out[ci] = math.NaN()
			continue
		}
		out[ci] = float64(hit[ci]) / float64(total)
	}
	return out, ncore
}

// cohesion is the mean share of the candidate's accounts holding each of
// its three most-held core objects.
func cohesion(o *link.Objects, c *campaign.Candidate) float64 {
	if len(c.Accounts) == 0 {
		return 0
	}
	count := map[uint32]int{}
	for _, a := range c.Accounts {
		for _, ob := range o.Of(a) {
			if _, ok := slices.BinarySearch(c.Core, ob); ok {
				count[ob]++
			}
		}
	}
	var top []int
	for _, n := range count {
		top = append(top, n)
	}
	slices.Sort(top)
	slices.Reverse(top)
	top = top[:min(3, len(top))]
	if len(top) == 0 {
		return 0
	}
	sum := 0
	for _, n := range top {
		sum += n
	}
	return float64(sum) / float64(len(top)) / float64(len(c.Accounts))
}

func sharedAddressAccounts(o *link.Objects, c *campaign.Candidate) int {
	n := 0
	for _, a := range c.Accounts {
		for _, ob := range o.Of(a) {
			if k := o.Kind[ob]; k == link.KindAddressDay || k == link.KindPrefixDay {
				if _, ok := slices.BinarySearch(c.Core, ob); ok {
					n++
					break
				}
			}
		}
	}
	return n
}

// campaignID names a campaign after the member whose account id hashes
// lowest: independent of input order, and unchanged as the campaign grows
// unless a newcomer happens to hash lower.
func campaignID(s *profile.Store, accts []uint32) string {
	best := uint64(math.MaxUint64)
	for _, a := range accts {
		if h := xxhash.Sum64String(s.Accounts.String(a)); h < best {
			best = h
		}
	}
	return fmt.Sprintf("dg-%08x", best>>32)
}

// WriteFindings writes the findings document to path ("-" for w).
func WriteFindings(path string, w io.Writer, d *findings.Document) error {
	if path == "-" {
		return findings.Write(w, d)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot write findings: %w", err)
	}
	if err := findings.Write(f, d); err != nil {
		f.Close()
		return fmt.Errorf("cannot write findings: %w", err)
	}
	return f.Close()
}
