package simulate

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
)

// The engine streams the exchange log day by day: for every account, a
// count for the day; the count becomes conversations and their timestamps;
// the day's compact events are sorted; chunks of events are rendered to JSON
// in parallel and written in order. Nothing but the accounts and one or two
// days of events is ever in memory.

// tieBits is how many low bits of an event key are a random tie-breaker; the
// high bits are microseconds since the start of the period. 44 bits of
// microseconds cover 203 days, which bounds the period length.
const (
	tieBits      = 20
	maxPeriodDay = 200
)

// account is one simulated API account, honest or not. The fields that
// drive traffic are the same for every population.
type account struct {
	id      string
	org     string
	keys    []string
	label   int32 // index into Sim.labels (truth only)
	camp    int32 // index into Sim.plans, or -1: drives the daily count only
	created int64 // unix seconds
	first   int32 // first and last day of activity, inclusive
	last    int32
	// rate is the mean exchanges on an active day (or, for a planned
	// account, its load-balancer weight); pActive the chance a day is active;
	// sigma the day-to-day spread.
	rate    float64
	pActive float64
	sigma   float64
	tz      int32   // UTC offset, minutes
	phase   float64 // where its slots sit on a metronome timing
	beh     [2]*behavior
	mix2    float64 // share of exchanges drawn from beh[1]
	cl      client
	// Request habits of the client.
	sendsMax         bool
	maxTok           int64
	explicitThinking bool
	eg               [3]*egress
	egC              cdf
	// A venue (hackathon) overrides egress and rate for a few days.
	venue              *egress
	venueFrom, venueTo int32
	venueRate          float64
	models             modelPrefs
	// Account table.
	country      string
	email        string
	payment      string
	verification string
	signupIP     netip.Addr
}

// campaignPlan spreads a campaign's planned volume over days and accounts.
type campaignPlan struct {
	id, style string
	daily     []float64 // expected exchanges per day
	weight    []float64 // sum of active accounts' weights per day
	// The operation starts and stops at an hour of the operator's day, not
	// at midnight UTC: µs since the period start.
	startUS, endUS int64
}

// event is one exchange before rendering: 32 bytes, so a day of a
// full-scale run fits in a few tens of megabytes.
type event struct {
	key    uint64 // µs since period start << tieBits | tie
	sess   uint64 // conversation key: seeds everything fixed per conversation
	acct   uint32
	step   uint16 // exchange index within the conversation
	turns  uint16 // messages sent with the request
	cap    uint8  // intended capability (truth only)
	flags  uint8
	status uint8
	retry  uint8
}

const (
	flagSecond    = 1 << iota // drawn from the account's second behaviour
	flagLast                  // last exchange of its conversation
	flagSynthetic             // one request carrying a synthetic transcript
	flagLoop                  // a step of an agent loop
)

// Status classes of an event.
const (
	stOK uint8 = iota
	st429
	st500
	st529
	st400
)

var statusCodes = [...]int64{200, 429, 500, 529, 400}

func (e *event) us() int64 { return int64(e.key >> tieBits) }

// Sim is one configured simulation: its world, accounts and plans. Build it
// with New, then stream with WriteExchanges; the account table, model table
// and truth document are available afterwards.
type Sim struct {
	opt      Options
	sc       *scenario
	knobs    map[string]float64
	seed     uint64
	start    int64 // unix seconds, midnight UTC
	end      int64
	days     int
	world    *world
	clients  *clientWorld
	models   *modelSet
	text     *textgen.Generator
	accounts []account
	labels   []string
	plans    []*campaignPlan
	workers  int
	crowd    int // users of the open-source-agent crowd

	stats  *stats
	debt   [][2]int32 // per account and behaviour: exchanges already sent ahead of plan
	shared sharedBehaviors
	vpns   []*pool // commercial VPN exit pools shared by honest users
	// public are the public prompt sets per capability (public.go), nil
	// when shared_prompts is 0.
	public *[numCaps][]*family
}

// stats is what was actually written, for the truth document.
type stats struct {
	exchanges   int64
	first, last int64 // unix ns
	perAccount  []int64
	camp        []campStats
}

type campStats struct {
	exchanges   int64
	first, last int64
	caps        [numCaps]int64
}

// dayStart returns the unix second at which day d begins.
func (s *Sim) dayStart(d int) int64 { return s.start + int64(d)*86400 }

// weekday returns the local weekday (0 = Sunday) of day d at UTC offset tz
// minutes, taken at local noon.
func (s *Sim) weekday(d int, tz int32) int {
	t := s.dayStart(d) + 43200 + int64(tz)*60
	// 1970-01-01 was a Thursday.
	return int((t/86400 + 4) % 7)
}

// genAccountDay appends the events account ai starts on day d.
func (s *Sim) genAccountDay(r *rand.Rand, ai int, d int, out []event) []event {
	a := &s.accounts[ai]
	if int32(d) < a.first || int32(d) > a.last {
		return out
	}
	wd := s.weekday(d, a.tz)
	weekend := wd == 0 || wd == 6
	var lambda float64
	switch {
	case a.venue != nil && int32(d) >= a.venueFrom && int32(d) <= a.venueTo:
		lambda = a.venueRate * lognormMean(r, 1, 0.3)
	case a.camp >= 0:
		p := s.plans[a.camp]
		if p.weight[d] <= 0 {
			return out
		}
		if r.Float64() >= a.pActive {
			return out
		}
		lambda = p.daily[d] * a.rate / p.weight[d] / a.pActive * lognormMean(r, 1, a.sigma)
	default:
		if r.Float64() >= a.pActive {
			return out
		}
		lambda = a.rate * lognormMean(r, 1, a.sigma)
		if weekend {
			lambda *= a.beh[0].timing.weekend
		}
	}
	// Conversations are never cut short to meet the count: the overshoot
	// is a debt paid on the account's next active day, so long agent loops
	// keep their length and totals stay on plan.
	// Each behaviour pays its own debt, so a mix keeps its shares.
	n := poisson(r, lambda)
	if n == 0 {
		return out
	}
	n2 := 0
	if a.mix2 > 0 {
		n2 = binomial(r, n, a.mix2)
	}
	debt := &s.debt[ai]
	for k, nk := range [2]int{n - n2, n2} {
		if nk == 0 {
			continue
		}
		nk -= int(debt[k])
		if nk <= 0 {
			debt[k] = int32(-nk)
			continue
		}
		var used int
		out, used = s.genSessions(r, a, ai, k, nk, d, weekend, out)
		debt[k] = int32(used - nk)
	}
	return out
}

// binomial draws Binomial(n, p), exactly for small n.
func binomial(r *rand.Rand, n int, p float64) int {
	if n < 40 {
		k := 0
		for i := 0; i < n; i++ {
			if r.Float64() < p {
				k++
			}
		}
		return k
	}
	m := float64(n) * p
	v := math.Round(m + math.Sqrt(m*(1-p))*r.NormFloat64())
	return int(clampF(v, 0, float64(n)))
}

// genSessions turns about n exchanges of behaviour k of account a on day d
// into conversations with timestamps, retries included, and returns how many
// it made (at least n: the last conversation runs to its end).
func (s *Sim) genSessions(r *rand.Rand, a *account, ai, k, n, d int, weekend bool, out []event) ([]event, int) {
	b := a.beh[k]
	tm := b.timing
	hours := tm.wd
	if weekend {
		hours = tm.we
	}
	dayUS := int64(d) * 86400e6
	// Nobody sends a request before signing up: on the signup day,
	// conversations start after it.
	minT, maxT := 0.0, 86400e6
	if c := (a.created - s.start) * 1e6; c > dayUS && c < dayUS+86400e6 {
		minT = float64(c - dayUS)
	}
	if a.camp >= 0 {
		p := s.plans[a.camp]
		minT = max(minT, float64(p.startUS-dayUS))
		maxT = min(maxT, float64(p.endUS-dayUS))
		if maxT <= minT {
			return out, 0
		}
	}
	total := float64(n)
	used := 0
	for used < n {
		c := record.Capability(b.sessCaps.pick(r.Float64()))
		sh := &capShapes[c]
		sess := r.Uint64()
		length, turn0 := 1, 1
		var flags uint8
		if k == 1 {
			flags |= flagSecond
		}
		switch {
		case r.Float64() < b.synthetic:
			turn0 = 1 + 2*clampInt(geometric(r, 3), 1, 12)
			flags |= flagSynthetic
		case sh.loop:
			length = geometric(r, sh.sessMean*b.sessScale)
			flags |= flagLoop
		case b.singleShot:
		default:
			length = geometric(r, sh.sessMean*b.sessScale)
			if r.Float64() < b.resumed {
				turn0 = 1 + 2*geometric(r, 3)
			}
		}
		length = min(length, 400)
		// Start of the conversation, µs into the day.
		var t float64
		if tm.metronome > 0 && r.Float64() < tm.metronome {
			slot := 86400e6 / total
			t = (float64(used) + a.phase) * slot
			t += tm.slotNoise * slot * r.NormFloat64()
			t += 2e5 * r.Float64() // network and queueing noise, up to 200 ms
		} else {
			h := hours.pick(r.Float64())
			t = (float64(h)*3600 + 3600*r.Float64() - float64(a.tz)*60) * 1e6
		}
		t = math.Mod(t, 86400e6)
		if t < 0 {
			t += 86400e6
		}
		if t < minT || t >= maxT {
			t = minT + (maxT-minT)*r.Float64()
		}
		ts := dayUS + int64(t)
		for step := 0; step < length; step++ {
			if step > 0 {
				gap := lognormMedian(r, sh.gap, 0.8)
				if sh.loop {
					gap = lognormMedian(r, sh.gap, 0.6)
				}
				ts += int64(gap*1e6) + 1
			}
			turns := turn0 + 2*step
			if turns > 65535 {
				turns = 65535
			}
			for retry := 0; ; retry++ {
				st := s.drawStatus(r, b, ts)
				e := event{
					key:    uint64(ts)<<tieBits | uint64(r.Uint32()&(1<<tieBits-1)),
					sess:   sess,
					acct:   uint32(ai),
					step:   uint16(step),
					turns:  uint16(turns),
					cap:    uint8(c),
					flags:  flags,
					status: st,
					retry:  uint8(retry),
				}
				if step == length-1 {
					e.flags |= flagLast
				}
				out = append(out, e)
				used++
				if st == stOK || st == st400 || retry >= b.retries {
					break
				}
				back := 0.5 * math.Pow(2, float64(retry)) * (0.5 + r.Float64())
				if st == st429 {
					back = 2 + 20*r.Float64()
				}
				ts += int64(back * 1e6)
			}
		}
	}
	return out, used
}

// drawStatus decides the HTTP outcome of one request: rate limits grow with
// the client's own limit pressure, overloads with the global peak hours.
func (s *Sim) drawStatus(r *rand.Rand, b *behavior, us int64) uint8 {
	u := r.Float64()
	hourUTC := (us / 3600e6) % 24
	overload := 0.0015
	if hourUTC >= 14 && hourUTC <= 20 {
		overload = 0.004
	}
	switch {
	case u < b.rateLimit:
		return st429
	case u < b.rateLimit+0.0008:
		return st500
	case u < b.rateLimit+0.0008+overload:
		return st529
	case u < b.rateLimit+0.0008+overload+0.0015:
		return st400
	}
	return stOK
}

// dayShards is the fixed number of account shards a day is generated in;
// fixed so the output does not depend on the number of workers.
const dayShards = 64

// genDay generates day d's events of every account, in parallel shards, and
// appends them to dst.
func (s *Sim) genDay(d int, bufs [][]event, dst []event) []event {
	n := len(s.accounts)
	per := (n + dayShards - 1) / dayShards
	var wg sync.WaitGroup
	sem := make(chan struct{}, s.workers)
	for sh := 0; sh < dayShards; sh++ {
		lo, hi := sh*per, min((sh+1)*per, n)
		bufs[sh] = bufs[sh][:0]
		if lo >= hi {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(sh, lo, hi int) {
			defer wg.Done()
			defer func() { <-sem }()
			pcg := rand.NewPCG(0, 0)
			r := rand.New(pcg)
			out := bufs[sh]
			for ai := lo; ai < hi; ai++ {
				pcg.Seed(hash3(s.seed, uint64(d), uint64(ai)), saltDay)
				out = s.genAccountDay(r, ai, d, out)
			}
			bufs[sh] = out
		}(sh, lo, hi)
	}
	wg.Wait()
	for _, b := range bufs {
		dst = append(dst, b...)
	}
	return dst
}

// chunk is a run of sorted events rendered by one worker.
type chunk struct {
	events []event
	buf    []byte
	done   chan struct{}
}

const chunkEvents = 4096

// WriteExchanges streams the whole exchange log to w as JSON Lines, in
// ascending ts order, and records what it wrote for Truth. It may be called
// once per Sim.
func (s *Sim) WriteExchanges(ctx context.Context, w io.Writer) error {
	if s.stats != nil {
		return fmt.Errorf("cannot write exchanges twice from one simulation")
	}
	st := &stats{first: math.MaxInt64, last: math.MinInt64, perAccount: make([]int64, len(s.accounts)), camp: make([]campStats, len(s.plans))}
	for i := range st.camp {
		st.camp[i].first, st.camp[i].last = math.MaxInt64, math.MinInt64
	}
	s.stats = st
	s.debt = make([][2]int32, len(s.accounts))

	work := make(chan *chunk, 4*s.workers)
	order := make(chan *chunk, 4*s.workers)
	free := make(chan []byte, 8*s.workers)
	var wg sync.WaitGroup
	for i := 0; i < s.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd := s.newRenderer()
			for c := range work {
				var buf []byte
				select {
				case buf = <-free:
				default:
					buf = make([]byte, 0, chunkEvents*600)
				}
				buf = buf[:0]
				for i := range c.events {
					buf = rd.render(buf, &c.events[i])
					buf = append(buf, '\n')
				}
				c.buf = buf
				close(c.done)
			}
		}()
	}
	// The writer consumes chunks in order and keeps the books.
	werr := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var err error
		for c := range order {
			<-c.done
			if err == nil {
				if _, e := w.Write(c.buf); e != nil {
					err = fmt.Errorf("cannot write exchanges: %w", e)
					failed.Store(true)
				}
				s.account(c.events)
			}
			select {
			case free <- c.buf:
			default:
			}
		}
		werr <- err
	}()

	bufs := make([][]event, dayShards)
	var carry, gen []event
	var counts []int32
	var genErr error
	for d := 0; d < s.days; d++ {
		if err := ctx.Err(); err != nil {
			genErr = err
			break
		}
		if failed.Load() {
			break
		}
		gen = append(gen[:0], carry...)
		gen = s.genDay(d, bufs, gen)
		// The sorted day is a fresh slice: chunks in flight still read
		// the previous one.
		day := make([]event, len(gen))
		counts = sortEvents(gen, day, int64(d)*86400e6, counts)
		endKey := uint64(int64(d+1)*86400e6) << tieBits
		cut, _ := slices.BinarySearchFunc(day, endKey, func(e event, k uint64) int {
			switch {
			case e.key < k:
				return -1
			case e.key > k:
				return 1
			}
			return 0
		})
		carry = append(carry[:0], day[cut:]...)
		emit := day[:cut]
		per := chunkEvents
		if s.text != nil {
			// Lines with text are ~7 times longer; smaller chunks keep the
			// buffers in flight small.
			per = chunkEvents / 8
		}
		for lo := 0; lo < len(emit); lo += per {
			c := &chunk{events: emit[lo:min(lo+per, len(emit))], done: make(chan struct{})}
			order <- c
			work <- c
		}
	}
	close(work)
	close(order)
	wg.Wait()
	err := <-werr
	if genErr != nil {
		return fmt.Errorf("simulation stopped: %w", genErr)
	}
	return err
}

// sortBuckets bounds the counting sort: one bucket per second over three
// days covers a day's events and the conversations that spill past midnight.
const sortBuckets = 3 * 86400

// sortEvents writes src sorted by key into dst (same length): a counting
// sort on whole seconds since baseUS, then a small sort inside each second.
// It is linear where a comparison sort of a million 32-byte events is not.
// counts is scratch space, returned for reuse.
func sortEvents(src, dst []event, baseUS int64, counts []int32) []int32 {
	if cap(counts) < sortBuckets+1 {
		counts = make([]int32, sortBuckets+1)
	}
	counts = counts[:sortBuckets+1]
	clear(counts)
	bucket := func(e *event) int {
		b := (e.us() - baseUS) / 1e6
		return int(min(max(b, 0), sortBuckets-1))
	}
	for i := range src {
		counts[bucket(&src[i])+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	next := append([]int32(nil), counts[:sortBuckets]...)
	for i := range src {
		b := bucket(&src[i])
		dst[next[b]] = src[i]
		next[b]++
	}
	cmp := func(a, b event) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	}
	for b := 0; b < sortBuckets; b++ {
		lo, hi := counts[b], counts[b+1]
		switch {
		case hi-lo < 2:
		case hi-lo <= 24:
			seg := dst[lo:hi]
			for i := 1; i < len(seg); i++ {
				for j := i; j > 0 && seg[j].key < seg[j-1].key; j-- {
					seg[j], seg[j-1] = seg[j-1], seg[j]
				}
			}
		default:
			slices.SortFunc(dst[lo:hi], cmp)
		}
	}
	return counts
}

// account books the events of one written chunk.
func (s *Sim) account(evs []event) {
	st := s.stats
	for i := range evs {
		e := &evs[i]
		ns := s.start*1e9 + e.us()*1000
		st.exchanges++
		st.first = min(st.first, ns)
		st.last = max(st.last, ns)
		st.perAccount[e.acct]++
		if c := s.accounts[e.acct].camp; c >= 0 {
			cs := &st.camp[c]
			cs.exchanges++
			cs.first = min(cs.first, ns)
			cs.last = max(cs.last, ns)
			cs.caps[e.cap]++
		}
	}
}

// defaultWorkers is the render parallelism when Options leave it zero.
func defaultWorkers() int { return max(1, runtime.GOMAXPROCS(0)) }
