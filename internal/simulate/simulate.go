// Package simulate writes synthetic LLM API traffic with known truth: an
// exchange log, an account table and a model table in the v1 formats, and a
// truth document naming every account's population and every campaign's
// headline figures. Detection quality targets and benchmarks are measured on
// its output, so it aims for realism (rich honest traffic with the hard
// look-alikes at full strength, attacks that try to blend in), honesty (no
// field, format, presence pattern or ordering encodes a label) and speed
// (millions of exchanges per second, streaming day by day in bounded memory,
// byte-identical for a seed).
package simulate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
	"github.com/distillguard/distillguard/internal/truth"
)

// Options configure one simulation.
type Options struct {
	// Scenario is one of Scenarios().
	Scenario string
	// Scale multiplies populations and volumes (1 is the reported size;
	// 0 means DefaultScale). Floors keep small campaigns and look-alikes
	// present at small scales.
	Scale float64
	// Seed makes the output reproducible: the same options and seed give
	// byte-identical files.
	Seed int64
	// NoText leaves out system, prompt and response (zero-data-retention
	// traffic), and is much faster.
	NoText bool
	// TextFrom is a folder of real prompts (shaped like shared/data/prompts)
	// for free-form text; empty uses generated text only.
	TextFrom string
	// Compress is "zstd" (default) or "none" for the exchange log.
	Compress string
	// Knobs override attack knob defaults by name (see Knobs()).
	Knobs map[string]float64
	// Start and End, when set, override the scenario's period (whole UTC
	// days, End inclusive). Campaigns are clipped to the period.
	Start, End time.Time
	// OutDir receives the files (created if missing).
	OutDir string
	// Workers is the render parallelism (0: GOMAXPROCS). It does not
	// change the output.
	Workers int
}

// ErrOptions marks errors caused by the options themselves (unknown
// scenario or knob, value out of range, unreadable prompt folder), as opposed
// to failures while writing.
var ErrOptions = errors.New("invalid options")

func optErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrOptions, fmt.Sprintf(format, args...))
}

// DefaultScale is the scale used when Options.Scale is zero.
const DefaultScale = 0.01

// File names written into OutDir.
const (
	ExchangesFile     = "exchanges.jsonl"
	ExchangesZstdFile = "exchanges.jsonl.zst"
	AccountsFile      = "accounts.jsonl"
	ModelsFile        = "models.jsonl"
	TruthFile         = "truth.json"
)

// Summary is what Run wrote.
type Summary struct {
	Files     []string
	Exchanges int64
	Accounts  int
	Campaigns []truth.Campaign
	Elapsed   time.Duration
}

// sharedBehaviors are the behaviours individual people of a run share.
type sharedBehaviors struct {
	consumer, mobile, dev, student, research, worker *behavior
}

// New validates o and builds the simulation: address world, client
// histories, models, accounts and campaign plans. Nothing is written yet.
func New(o Options) (*Sim, error) {
	if o.Scale == 0 {
		o.Scale = DefaultScale
	}
	if math.IsNaN(o.Scale) || o.Scale < 0.0001 || o.Scale > 10 {
		return nil, optErr("scale %v is outside [0.0001, 10]", o.Scale)
	}
	switch o.Compress {
	case "":
		o.Compress = "zstd"
	case "zstd", "none":
	default:
		return nil, optErr("unknown compression %q (zstd or none)", o.Compress)
	}
	sc, err := findScenario(o.Scenario)
	if err != nil {
		return nil, optErr("%v", err)
	}
	k, err := resolveKnobs(sc, o.Knobs)
	if err != nil {
		return nil, optErr("%v", err)
	}
	from, _ := time.Parse("2006-01-02", sc.from)
	to, _ := time.Parse("2006-01-02", sc.to)
	if !o.Start.IsZero() {
		from = o.Start.UTC().Truncate(24 * time.Hour)
	}
	if !o.End.IsZero() {
		to = o.End.UTC().Truncate(24 * time.Hour)
	}
	days := int(to.Sub(from).Hours()/24) + 1
	if days < 1 || days > maxPeriodDay {
		return nil, optErr("period %s to %s is %d days; it must be 1 to %d days", from.Format("2006-01-02"), to.Format("2006-01-02"), days, maxPeriodDay)
	}
	s := &Sim{
		opt:     o,
		sc:      sc,
		knobs:   k,
		seed:    mix64(uint64(o.Seed)),
		start:   from.Unix(),
		days:    days,
		workers: o.Workers,
	}
	s.end = s.start + int64(days)*86400
	if s.workers <= 0 {
		s.workers = defaultWorkers()
	}
	if !o.NoText {
		var real *textgen.RealPrompts
		if o.TextFrom != "" {
			// textgen.LoadRealPrompts is provided by the textgen package.
			real, err = textgen.LoadRealPrompts(o.TextFrom)
			if err != nil {
				return nil, optErr("cannot load real prompts from %s: %v", o.TextFrom, err)
			}
		}
		s.text = textgen.New(real)
	}
	s.world = buildWorld(s.seed)
	s.clients = buildClients(s.seed, s.start, s.end)
	s.models = newModelSet(s.end)
	s.shared = sharedBehaviors{
		consumer: humanBehavior(capsConsumer, timeConsumer),
		mobile:   humanBehavior(capsConsumer, timeConsumer),
		dev:      humanBehavior(capsDev, timeDev),
		student:  humanBehavior(capsStudent, timeStudent),
		research: humanBehavior(capsResearch, timeWorker),
		worker:   humanBehavior(capsWorker, timeWorker),
	}
	s.shared.dev.systemP, s.shared.dev.bigBudget, s.shared.dev.cot, s.shared.dev.rateLimit = 0.5, 0.06, 0.05, 0.004
	s.shared.student.cot = 0.1
	s.shared.research.cot, s.shared.research.thinking = 0.2, 1.5
	s.shared.worker.systemP = 0.4
	s.buildPublic(k)

	b := newBuilder(s)
	if sc.fullStrength {
		b.lookVol = 1
	} else {
		b.lookVol = clampF(o.Scale*10, 0.1, 1)
	}
	for _, p := range honestPops {
		if p.person != nil {
			n := int(math.Round(p.accounts * o.Scale))
			for i := 0; i < n; i++ {
				p.person(b, p.label)
			}
			continue
		}
		floor := p.minGroups
		if p.lookalike {
			floor = max(floor, sc.lookalikeMin)
		}
		n := max(floor, int(math.Round(p.groups*o.Scale)))
		for i := 0; i < n; i++ {
			p.group(b, p.label)
		}
	}
	// The crowd's size is recorded as run: the knob's -1 means the
	// scenario's own.
	s.crowd = crowdSize(sc, k, o.Scale)
	k["crowd_users"] = float64(s.crowd)
	b.ossCrowd(s.crowd, k)
	for i := range sc.campaigns {
		if err := b.buildCampaign(&sc.campaigns[i], k); err != nil {
			return nil, optErr("%v", err)
		}
	}
	s.accounts = make([]account, len(b.accounts))
	for i, a := range b.accounts {
		for _, bh := range a.beh {
			if bh != nil {
				bh.finalize()
			}
		}
		s.accounts[i] = *a
	}
	return s, nil
}

// Run simulates o and writes the four files into o.OutDir.
func Run(ctx context.Context, o Options) (*Summary, error) {
	t0 := time.Now()
	if o.OutDir == "" {
		return nil, optErr("no output folder given")
	}
	s, err := New(o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output folder: %w", err)
	}
	sum := &Summary{}
	name := ExchangesZstdFile
	if s.opt.Compress == "none" {
		name = ExchangesFile
	}
	if err := s.writeExchangesFile(ctx, filepath.Join(o.OutDir, name)); err != nil {
		return nil, err
	}
	sum.Files = append(sum.Files, name)
	if err := writeFile(filepath.Join(o.OutDir, AccountsFile), s.WriteAccounts); err != nil {
		return nil, fmt.Errorf("cannot write accounts: %w", err)
	}
	if err := writeFile(filepath.Join(o.OutDir, ModelsFile), s.WriteModels); err != nil {
		return nil, fmt.Errorf("cannot write models: %w", err)
	}
	doc := s.Truth()
	if err := truth.WriteFile(filepath.Join(o.OutDir, TruthFile), doc); err != nil {
		return nil, err
	}
	sum.Files = append(sum.Files, AccountsFile, ModelsFile, TruthFile)
	sum.Exchanges = doc.Input.Exchanges
	sum.Accounts = len(s.accounts)
	sum.Campaigns = doc.Campaigns
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

// writeExchangesFile streams the exchange log into path, compressed or not.
func (s *Sim) writeExchangesFile(ctx context.Context, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot create exchange log: %w", err)
	}
	defer f.Close()
	var w io.Writer = f
	var zw *zstd.Encoder
	if s.opt.Compress == "zstd" {
		// A fixed concurrency keeps the compressed bytes independent of the
		// machine's core count.
		zw, err = zstd.NewWriter(f, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(2))
		if err != nil {
			return fmt.Errorf("cannot start zstd: %w", err)
		}
		w = zw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := s.WriteExchanges(ctx, bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cannot write exchange log: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return fmt.Errorf("cannot finish zstd stream: %w", err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot close exchange log: %w", err)
	}
	return nil
}

func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := fn(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteAccounts writes the account table, rows in a seeded random order so
// that row position says nothing about populations.
func (s *Sim) WriteAccounts(w io.Writer) error {
	r := newRand(hash2(s.seed, saltShuffle), 9)
	perm := r.Perm(len(s.accounts))
	var buf []byte
	for _, i := range perm {
		a := &s.accounts[i]
		ra := record.Account{AccountID: a.id, CreatedAt: a.created * 1e9, OrgID: a.org, EmailDomain: a.email,
			PaymentFP: a.payment, Country: a.country, SignupIP: a.signupIP, Verification: a.verification}
		buf = record.AppendAccountJSON(buf[:0], &ra)
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// WriteModels writes the model table: every model released before the end
// of the period.
func (s *Sim) WriteModels(w io.Writer) error {
	var buf []byte
	for _, m := range catalogue {
		if m.released >= s.end {
			continue
		}
		buf = record.AppendModelJSON(buf[:0], &record.ModelRelease{Model: m.name, ReleasedAt: m.released * 1e9})
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// offAtZero are knobs whose 0 switches their phenomenon off; truth leaves
// them out then (absent reads as 0), so that answer keys of runs without
// the phenomenon are what they were before the knob existed.
var offAtZero = map[string]bool{"shared_prompts": true, "exit_overlap": true}

// Truth returns the answer key of what WriteExchanges wrote: every account's
// label and every campaign's figures counted over all exchanges of its
// accounts (camouflage included), as findings/v1 counts them. Campaign
// accounts are those that sent at least one exchange.
func (s *Sim) Truth() *truth.Document {
	d := &truth.Document{
		Schema:   truth.Schema,
		Scenario: s.sc.name,
		Seed:     s.opt.Seed,
		Scale:    s.opt.Scale,
		Accounts: make(map[string]string, len(s.accounts)),
		Knobs:    map[string]float64{},
	}
	if len(s.plans) > 0 || s.crowd > 0 {
		for k, v := range s.knobs {
			if v == 0 && offAtZero[k] {
				continue
			}
			d.Knobs[k] = v
		}
	}
	for i := range s.accounts {
		d.Accounts[s.accounts[i].id] = s.labels[s.accounts[i].label]
	}
	d.Input.Accounts = int64(len(s.accounts))
	st := s.stats
	if st == nil {
		return d
	}
	d.Input.Exchanges = st.exchanges
	if st.exchanges > 0 {
		d.Input.FirstTS, d.Input.LastTS = record.FormatTime(st.first), record.FormatTime(st.last)
	}
	d.Campaigns = []truth.Campaign{}
	for ci, p := range s.plans {
		cs := &st.camp[ci]
		c := truth.Campaign{ID: p.id, Style: p.style, Exchanges: cs.exchanges, Capabilities: map[string]float64{}}
		for i := range s.accounts {
			if s.accounts[i].camp == int32(ci) && st.perAccount[i] > 0 {
				c.Accounts++
			}
		}
		if cs.exchanges > 0 {
			c.FirstSeen, c.LastSeen = record.FormatTime(cs.first), record.FormatTime(cs.last)
			for k, n := range cs.caps {
				if n > 0 {
					c.Capabilities[record.Capability(k).String()] = float64(n) / float64(cs.exchanges)
				}
			}
		}
		d.Campaigns = append(d.Campaigns, c)
	}
	return d
}
