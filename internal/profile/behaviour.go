package profile

import (
	"math"
	"math/bits"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
)

// Info is an account's row of the account table, dictionary-encoded.
type Info struct {
	Known        bool   // the account table has a row for it
	HasCreated   bool   // the row gives created_at
	Created      uint32 // seconds since Epoch
	Org          uint32 // Store.Orgs id
	EmailDomain  uint32 // Store.EmailDomains id
	Payment      uint32 // Store.Payments id
	Country      uint32 // Store.Countries id
	Verification uint32 // Store.Verifications id
	SignupIP     uint32 // EncodeIP value
}

// Account is the running behaviour of one account: fixed size, updated in
// O(1) per exchange, so memory grows with accounts, not with exchanges.
type Account struct {
	// The fields nearly every exchange updates come first, packed into six
	// cache lines, then the two arrays of which an exchange updates one
	// line each, then the rest. At full scale the records are a hundred
	// megabytes read at random, so adding an exchange costs about a cache
	// miss per line it touches: Store.Warm overlaps the misses of the
	// first ten lines, and the size is whole lines so that every record
	// starts on one (TestAccountLayout).
	N               uint32
	First, Last     uint32 // seconds since Epoch
	lastDay         uint32
	lastIP, lastASN uint32
	WithAddress     uint32
	gapN            uint32
	gapMean, gapM2  float64 // Welford over inter-arrival gaps under 6 h, in seconds
	InTokens        uint64
	OutTokens       uint64
	Capabilities    [record.NumCapabilities]uint32
	WithMaxTokens   uint32
	UA, FP, ASN     top2
	Org, Key, Model top2
	MaxTok          top2      // MaxTokBucket values
	maxTokVal       [2]uint32 // per MaxTok slot, the last max_tokens seen in that bucket
	UAs, FPs, ASNs  linear    // distinct counts
	KeysSeen        linear
	// The previous exchange's strings, as hash and dictionary id: most
	// exchanges repeat them, and comparing the 64-bit hash the parser
	// already computed costs nothing next to a map lookup (two different
	// strings with one 64-bit hash are not a risk worth a memory access).
	lastUA, lastFP, lastModel, lastOrg, lastKey lastID
	turnSec                                     [8]uint32 // recent multi-turn exchanges, for orphan detection
	turnN                                       [8]uint8
	turnPos                                     uint8
	// Counters that many exchanges, but not all, update.
	ActiveDays      uint32
	MultiTurn       uint32 // turns > 1
	OrphanTurns     uint32 // turns > 1 without an earlier turn of the conversation from this account
	WithTools       uint32
	AddressChanges  uint32 // address differs from the account's previous exchange
	NetworkChanges  uint32 // ASN differs from the previous exchange
	InReleaseWindow uint32 // exchanges, any model, within 24 h after a release
	NewModel24h     uint32 // exchanges on a model within 24 h of its release

	Hours     [24]uint32
	Addresses hll // distinct client addresses

	// Rarely updated: by exchanges with text, images, errors or unusual
	// stop reasons, by IPv6 exchanges, or once by Finish.
	Thinking   uint32
	WithImages uint32
	StopMax    uint32 // stop_reason max_tokens
	Refusals   uint32
	Errors     uint32    // status >= 400
	WithText   uint32    // exchanges with prompt text
	MaxBudget  uint32    // max_tokens near the model's largest seen (set by Finish)
	Markers    [8]uint32 // per extraction marker bit
	SysTm      top2
	prevKey    lastID // the key before lastKey
	lastV6     lastAddr
	_          [20]byte // to 768 bytes, twelve whole lines
}

// lastID is a remembered hash and its dictionary id.
type lastID struct {
	hash uint64
	id   uint32
}

// maxSessionGap bounds the gaps that count toward regularity: a night's
// sleep is not part of a sending rhythm.
const maxSessionGap = 6 * 3600

func (a *Account) add(s *Store, e *record.Exchange, x *Signals, sec, ip, model, ua, fp, org, key uint32, maxTokB uint8) {
	if a.N == 0 {
		a.First, a.Last = sec, sec
	} else if sec >= a.Last {
		if gap := sec - a.Last; gap < maxSessionGap {
			a.gapN++
			d := float64(gap) - a.gapMean
			a.gapMean += d / float64(a.gapN)
			a.gapM2 += d * (float64(gap) - a.gapMean)
		}
	}
	a.N++
	a.First = min(a.First, sec)
	a.Last = max(a.Last, sec)

	day := sec / 86400
	if day != a.lastDay {
		a.ActiveDays++
		a.lastDay = day
	}
	a.Hours[(sec/3600)%24]++

	if e.Has&record.HasIP != 0 && ip != 0 {
		if a.WithAddress > 0 && ip != a.lastIP {
			a.AddressChanges++
		}
		a.WithAddress++
		a.lastIP = ip
		a.Addresses.add(uint64(ip))
	}
	if e.Has&record.HasASN != 0 {
		asn := uint32(min(e.ASN, math.MaxUint32))
		if a.ASN.total() > 0 && asn != a.lastASN {
			a.NetworkChanges++
		}
		a.lastASN = asn
		a.ASN.add(asn)
		a.ASNs.add(asn)
	}
	if e.Has&record.HasOutputTokens != 0 {
		a.OutTokens += uint64(e.OutputTokens)
		a.InTokens += uint64(e.InputTokens)
	}
	a.Capabilities[x.Capability%record.NumCapabilities]++
	for m := x.Markers; m != 0; m &= m - 1 {
		a.Markers[bits.TrailingZeros8(m)]++
	}
	if e.Thinking {
		a.Thinking++
	}
	if e.Tools > 0 || e.ToolCalls > 0 {
		a.WithTools++
	}
	if e.Images > 0 {
		a.WithImages++
	}
	if e.Has&record.HasPrompt != 0 || e.Has&record.HasPromptSig != 0 {
		a.WithText++
	}
	if e.Has&record.HasMaxTokens != 0 {
		a.WithMaxTokens++
		if i := a.MaxTok.addAt(uint32(maxTokB)); i >= 0 {
			a.maxTokVal[i] = uint32(min(max(e.MaxTokens, 0), math.MaxUint32))
		}
	}
	switch e.StopReason {
	case "max_tokens":
		a.StopMax++
	case "refusal":
		a.Refusals++
	}
	if e.Status >= 400 {
		a.Errors++
	}
	if e.Turns > 1 {
		a.MultiTurn++
		if !a.continues(sec, e.Turns) {
			a.OrphanTurns++
		}
		a.turnSec[a.turnPos] = sec
		a.turnN[a.turnPos] = uint8(min(e.Turns, 255))
		a.turnPos = (a.turnPos + 1) % uint8(len(a.turnSec))
	} else if e.Turns == 1 {
		a.turnSec[a.turnPos] = sec
		a.turnN[a.turnPos] = 1
		a.turnPos = (a.turnPos + 1) % uint8(len(a.turnSec))
	}
	if model != 0 {
		a.Model.add(model)
		if r, ok := s.Release(model); ok && sec >= r && sec < r+86400 {
			a.NewModel24h++
		}
	}
	for _, r := range s.releases {
		if r != 0 && sec >= r && sec < r+86400 {
			a.InReleaseWindow++
			break
		}
	}
	a.UA.add(ua)
	a.UAs.add(ua)
	a.FP.add(fp)
	a.FPs.add(fp)
	a.Org.add(org)
	a.Key.add(key)
	a.KeysSeen.add(key)
	a.SysTm.add(x.System)
}

// continues reports whether a recent exchange of the account looks like an
// earlier turn of the same conversation: fewer turns, within two hours. A
// real conversation grows turn by turn; a synthetic one arrives whole.
func (a *Account) continues(sec uint32, turns int64) bool {
	for i := range a.turnSec {
		n := int64(a.turnN[i])
		if n == 0 {
			continue
		}
		if n < turns && turns-n <= 4 && sec >= a.turnSec[i] && sec-a.turnSec[i] < 7200 {
			return true
		}
	}
	return false
}

// GapCV is the coefficient of variation of the account's inter-arrival gaps
// within sessions: near 1 for random (Poisson) sending, near 0 for a
// metronome, well above 1 for bursty human use. NaN with too few gaps.
func (a *Account) GapCV() float64 {
	if a.gapN < 5 || a.gapMean <= 0 {
		return math.NaN()
	}
	return math.Sqrt(a.gapM2/float64(a.gapN)) / a.gapMean
}

// MeanGap is the mean inter-arrival gap within sessions, in seconds.
func (a *Account) MeanGap() float64 { return a.gapMean }

// top2 is a Misra–Gries summary with two counters: any value seen in more
// than a third of an account's exchanges is kept, in 16 bytes.
type top2 struct {
	id [2]uint32
	n  [2]uint32
}

func (t *top2) add(id uint32) { t.addAt(id) }

// addAt counts id and returns the slot that holds it, or -1.
func (t *top2) addAt(id uint32) int {
	if id == 0 {
		return -1
	}
	for i := range t.id {
		if t.id[i] == id && t.n[i] > 0 {
			t.n[i]++
			return i
		}
	}
	for i := range t.id {
		if t.n[i] == 0 {
			t.id[i], t.n[i] = id, 1
			return i
		}
	}
	t.n[0]--
	t.n[1]--
	return -1
}

// topSlot is the slot of Top, or -1.
func (t *top2) topSlot() int {
	switch {
	case t.n[0] == 0 && t.n[1] == 0:
		return -1
	case t.n[1] > t.n[0]:
		return 1
	}
	return 0
}

func (t *top2) total() uint32 { return t.n[0] + t.n[1] }

// Top returns the most frequent value kept, or 0.
func (t *top2) Top() uint32 {
	if t.n[0] == 0 && t.n[1] == 0 {
		return 0
	}
	if t.n[1] > t.n[0] {
		return t.id[1]
	}
	return t.id[0]
}

// Values returns the kept values, most frequent first.
func (t *top2) Values() []uint32 {
	var out []uint32
	if t.n[0] >= t.n[1] {
		if t.n[0] > 0 {
			out = append(out, t.id[0])
		}
		if t.n[1] > 0 {
			out = append(out, t.id[1])
		}
	} else {
		out = append(out, t.id[1])
		if t.n[0] > 0 {
			out = append(out, t.id[0])
		}
	}
	return out
}

// linear is a 64-bit linear counter of distinct small ids: exact-ish up to a
// few dozen values, which is all a per-account count of keys, fingerprints
// or models needs to tell "one" from "several" from "many".
type linear uint64

func (l *linear) add(id uint32) {
	if id == 0 {
		return
	}
	*l |= 1 << (dict.Mix(uint64(id)) & 63)
}

// Count estimates the number of distinct ids added.
func (l linear) Count() float64 {
	zeros := 64 - bits.OnesCount64(uint64(l))
	if zeros == 0 {
		return 64 * math.Log(64) // saturated: at least this many
	}
	return -64 * math.Log(float64(zeros)/64)
}

// hll is a HyperLogLog sketch with 128 one-byte registers (about 9% error):
// enough to tell an account that keeps one address from one that rotates
// through hundreds, at 128 bytes an account.
type hll [128]uint8

func (h *hll) add(v uint64) {
	x := dict.Mix(v)
	i := x >> 57
	rank := uint8(bits.LeadingZeros64(x<<7|1<<6)) + 1
	if rank > h[i] {
		h[i] = rank
	}
}

// Count estimates the number of distinct values added.
func (h *hll) Count() float64 {
	const m = 128.0
	sum, zeros := 0.0, 0
	for _, r := range h {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(m/float64(zeros))
	}
	return est
}
