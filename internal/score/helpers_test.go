package score

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

func TestRampEdges(t *testing.T) {
	for _, tc := range []struct{ x, lo, hi, want float64 }{
		{math.NaN(), 0, 1, 0},
		{math.Inf(-1), 0, 1, 0},
		{math.Inf(1), 0, 1, 1},
		{0, 0, 1, 0}, // at lo
		{1, 0, 1, 1}, // at hi
		{0.25, 0, 1, 0.25},
		{-5, -10, 0, 0.5}, // negative ranges
		{2, 2, 2, 0},      // empty range: at lo is off
		{2.1, 2, 2, 1},    // and past it on
	} {
		if got := ramp(tc.x, tc.lo, tc.hi); got != tc.want {
			t.Errorf("ramp(%v, %v, %v) = %v, want %v", tc.x, tc.lo, tc.hi, got, tc.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1000; i++ {
		lo := r.Float64()*2 - 1
		hi := lo + r.Float64()
		x, y := r.Float64()*4-2, r.Float64()*4-2
		if x > y {
			x, y = y, x
		}
		a, b := ramp(x, lo, hi), ramp(y, lo, hi)
		if a < 0 || b > 1 || a > b {
			t.Fatalf("ramp on [%v, %v]: %v→%v, %v→%v; want monotone in [0, 1]", lo, hi, x, a, y, b)
		}
	}
}

func TestExcess(t *testing.T) {
	for _, tc := range []struct{ x, bg, scale, want float64 }{
		{0.3, 0.5, 0.5, 0}, // below the background
		{0.5, 0.5, 0.5, 0}, // at it
		{0.75, 0.5, 0.5, 0.5},
		{1, 0.5, 0.5, 1},
		{1, 0, 0.4, 1}, // clamped
		{math.NaN(), 0, 1, 0},
	} {
		if got := excess(tc.x, tc.bg, tc.scale); got != tc.want {
			t.Errorf("excess(%v, %v, %v) = %v, want %v", tc.x, tc.bg, tc.scale, got, tc.want)
		}
	}
}

func TestJSDivergence(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	for _, tc := range []struct {
		name string
		p, q []float64
		want float64
	}{
		{"identical", []float64{0.2, 0.3, 0.5}, []float64{0.2, 0.3, 0.5}, 0},
		{"disjoint", []float64{1, 0, 0}, []float64{0, 0.5, 0.5}, math.Ln2},
		// m = (0.75, 0.25): ½·ln(1/0.75) + ½·(½ ln(0.5/0.75) + ½ ln(0.5/0.25)).
		{"overlapping", []float64{1, 0}, []float64{0.5, 0.5}, 0.5*math.Log(1/0.75) + 0.25*math.Log(0.5/0.75) + 0.25*math.Log(2)},
		{"both empty", []float64{0, 0}, []float64{0, 0}, 0},
	} {
		if got := jsDivergence(tc.p, tc.q); !near(got, tc.want) {
			t.Errorf("%s: jsDivergence = %v, want %v", tc.name, got, tc.want)
		}
	}
	r := rand.New(rand.NewPCG(9, 9))
	dist := func() []float64 {
		p := make([]float64, record.NumCapabilities)
		sum := 0.0
		for i := range p {
			if r.IntN(3) > 0 {
				p[i] = r.Float64()
				sum += p[i]
			}
		}
		if sum == 0 {
			p[0], sum = 1, 1
		}
		for i := range p {
			p[i] /= sum
		}
		return p
	}
	for i := 0; i < 500; i++ {
		p, q := dist(), dist()
		d, e := jsDivergence(p, q), jsDivergence(q, p)
		if !near(d, e) {
			t.Fatalf("not symmetric: %v vs %v for %v, %v", d, e, p, q)
		}
		if d < -1e-12 || d > math.Ln2+1e-12 {
			t.Fatalf("jsDivergence = %v, outside [0, ln 2], for %v, %v", d, p, q)
		}
		if self := jsDivergence(p, p); !near(self, 0) {
			t.Fatalf("divergence of %v from itself = %v", p, self)
		}
	}
}

func TestDistinct(t *testing.T) {
	vals := map[uint32]uint32{1: 7, 2: 7, 3: 0, 4: 9, 5: 0, 6: 8}
	f := func(a uint32) uint32 { return vals[a] }
	for _, tc := range []struct {
		accts []uint32
		want  int
	}{
		{nil, 0},
		{[]uint32{3, 5}, 0}, // zero is "none", not a value
		{[]uint32{1, 2}, 1},
		{[]uint32{1, 2, 3, 4, 5, 6}, 3},
		{[]uint32{4, 4, 4}, 1},
	} {
		if got := distinct(tc.accts, f); got != tc.want {
			t.Errorf("distinct(%v) = %d, want %d", tc.accts, got, tc.want)
		}
	}
}

func TestSharedCardsTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][3]string // org, domain, card
		want float64
	}{
		{"empty", nil, 0},
		{"no cards", [][3]string{{"", "x.com", ""}, {"", "y.com", ""}}, 0},
		{"one card each", [][3]string{{"", "x.com", "c1"}, {"", "y.com", "c2"}}, 0},
		{"one card, one identity", [][3]string{{"o", "x.com", "c"}, {"o", "x.com", "c"}, {"o", "x.com", "c"}}, 0},
		{"one card, two domains", [][3]string{{"", "x.com", "c"}, {"", "y.com", "c"}}, 1},
		{"one card, two orgs", [][3]string{{"o1", "x.com", "c"}, {"o2", "x.com", "c"}}, 1},
		// Every holder of a crossing card counts, the same-identity ones too.
		{"three holders, two identities", [][3]string{{"", "x.com", "c"}, {"", "x.com", "c"}, {"", "y.com", "c"}, {"", "z.com", "d"}}, 0.75},
		{"two wallets of four", [][3]string{
			{"", "a.com", "w1"}, {"", "b.com", "w1"}, {"", "c.com", "w2"}, {"", "d.com", "w2"},
			{"", "e.com", "c5"}, {"", "f.com", "c6"}, {"", "g.com", "c7"}, {"", "h.com", "c8"}}, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ids := accounts(tc.rows)
			if got := sharedCards(s, ids); got != tc.want {
				t.Fatalf("sharedCards = %v, want %v", got, tc.want)
			}
		})
	}
}

// created makes a store of accounts created at the given offsets in
// seconds (negative: no created_at).
func created(offsets []int64) (*profile.Store, []uint32) {
	s := profile.NewStore(0)
	var ids []uint32
	for i, off := range offsets {
		a := &record.Account{AccountID: fmt.Sprint("a", i)}
		if off >= 0 {
			a.CreatedAt = (day0 + off) * 1e9
		}
		s.AddAccount(a)
		id, _ := s.Accounts.Lookup(a.AccountID)
		ids = append(ids, id)
	}
	return s, ids
}

func TestSignupBurst(t *testing.T) {
	const h = 3600
	spread := func(n int) []int64 { // a day apart
		var o []int64
		for i := 0; i < n; i++ {
			o = append(o, int64(i+10)*86400)
		}
		return o
	}
	cat := func(a ...[]int64) []int64 {
		var o []int64
		for _, x := range a {
			o = append(o, x...)
		}
		return o
	}
	for _, tc := range []struct {
		name    string
		offsets []int64
		want    float64
	}{
		{"none", nil, 0},
		{"three at once: too few to tell", []int64{0, 1, 2}, 0},
		{"four at once", []int64{0, 1, 2, 3}, 1},
		{"four within six hours exactly", []int64{0, 2 * h, 4 * h, 6 * h}, 1},
		// The first and last are 6 h + 1 s apart: each has two others.
		{"four over six hours and a second", []int64{0, 2 * h, 4 * h, 6*h + 1}, 0.5},
		{"four spread", spread(4), 0},
		{"four at once among six spread", cat([]int64{0, 60, 120, 180}, spread(6)), 0.4},
		{"three at once among seven spread", cat([]int64{0, 60, 120}, spread(7)), 0},
		// Accounts without created_at count in the share, not in bursts.
		{"four at once, four unknown", []int64{0, 1, 2, 3, -1, -1, -1, -1}, 0.5},
		// At 100 accounts a burst needs 5 others: 5 together is not one,
		// 6 are.
		{"five at once among 100", cat([]int64{0, 1, 2, 3, 4}, spread(95)), 0},
		{"six at once among 100", cat([]int64{0, 1, 2, 3, 4, 5}, spread(94)), 0.06},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ids := created(tc.offsets)
			if got := signupBurst(s, ids); math.Abs(got-tc.want) > 1e-12 {
				t.Fatalf("signupBurst = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTopVerification(t *testing.T) {
	s := profile.NewStore(0)
	add := func(name, v string) uint32 {
		s.AddAccount(&record.Account{AccountID: name, Verification: v})
		id, _ := s.Accounts.Lookup(name)
		return id
	}
	e1, e2 := add("e1", "email"), add("e2", "email")
	v1, v2, v3 := add("v1", "voip"), add("v2", "voip"), add("v3", "voip")
	none := add("none", "")
	email, _ := s.Verifications.Lookup("email")
	voip, _ := s.Verifications.Lookup("voip")
	// An account with traffic but no table row.
	x := profile.Signals{AcctHash: 1}
	s.Add(&record.Exchange{TS: day0 * 1e9, AccountID: "unknown"}, &x)
	unknown, _ := s.Accounts.Lookup("unknown")
	for _, tc := range []struct {
		name  string
		accts []uint32
		v     uint32
		share float64
	}{
		{"empty", nil, 0, 0},
		{"majority", []uint32{e1, e2, v1, v2, v3}, voip, 0.6},
		// Ties go to the smaller id, so the answer does not depend on
		// map order.
		{"tie", []uint32{e1, e2, v1, v2}, email, 0.5},
		{"without verification and unknown accounts dilute", []uint32{v1, none, unknown, e1}, min(email, voip), 0.25},
		{"none verified", []uint32{none, unknown}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 20; i++ { // map order varies between runs
				v, share := topVerification(s, tc.accts)
				if v != tc.v || share != tc.share {
					t.Fatalf("topVerification = %d (%q), %v; want %d (%q), %v",
						v, s.Verifications.String(v), share, tc.v, s.Verifications.String(tc.v), tc.share)
				}
			}
		})
	}
}

// TestDeclaredShareAffiliation: an e-mail domain declares a team only while
// few accounts of the whole population use it (under affiliationShare);
// above that it is a mail provider, and an org declares one regardless.
func TestDeclaredShareAffiliation(t *testing.T) {
	rows := [][3]string{{"", "lab.edu", "c1"}, {"", "lab.edu", "c2"}, {"", "lab.edu", "c3"}}
	s, ids := accounts(rows)
	d, _ := s.EmailDomains.Lookup("lab.edu")
	for _, tc := range []struct {
		holders, population int
		want                float64
	}{
		{3, 1000, 1},
		{49, 1000, 1},
		{50, 1000, 0}, // 5%: a provider
		{3, 20, 0},    // a small log: 3 in 20 is 15%
	} {
		if got := declaredShare(s, ids, map[uint32]int{d: tc.holders}, tc.population); got != tc.want {
			t.Errorf("domain held by %d of %d: declaredShare = %v, want %v", tc.holders, tc.population, got, tc.want)
		}
	}
	s, ids = accounts([][3]string{{"o", "gmail.com", "c1"}, {"o", "yahoo.com", "c2"}})
	if got := declaredShare(s, ids, map[uint32]int{}, 10); got != 1 {
		t.Errorf("two accounts of one org: declaredShare = %v, want 1", got)
	}
	s, ids = accounts([][3]string{{"o", "", "c1"}})
	if got := declaredShare(s, ids, map[uint32]int{}, 10); got != 0 {
		t.Errorf("an org of one: declaredShare = %v, want 0", got)
	}
	if got := declaredShare(s, nil, map[uint32]int{}, 10); got != 0 {
		t.Errorf("no accounts: declaredShare = %v, want 0", got)
	}
}
