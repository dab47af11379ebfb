package template

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// randSig is the signature of a unique banded prompt.
func randSig(rng *rand.Rand) Signature {
	s := Signature{Exact: rng.Uint64() | 1, Banded: true}
	for i := range s.Bands {
		s.Bands[i] = rng.Uint64()
	}
	return s
}

// variant is a near-duplicate of s: another exact hash, the bands of s
// except those listed, which are new.
func variant(rng *rand.Rand, s Signature, newBands ...int) Signature {
	v := s
	v.Exact = rng.Uint64() | 1
	for _, i := range newBands {
		v.Bands[i] = rng.Uint64()
	}
	return v
}

// checkInvariants verifies that every stored key belongs to a live
// template, that every live template's parent is live, and the cap.
func checkInvariants(t *testing.T, c *Clusterer) {
	t.Helper()
	n := 0
	for i := range c.keys.slots {
		s := &c.keys.slots[i]
		if s.lo|s.hi == 0 {
			continue
		}
		n++
		if _, ok := c.tmpl[s.val]; !ok {
			t.Fatalf("key %x belongs to evicted template %d", s.key(), s.val)
		}
	}
	if n != c.keys.n || n > c.maxKeys {
		t.Fatalf("table holds %d keys, counts %d, cap %d", n, c.keys.n, c.maxKeys)
	}
	for id, st := range c.tmpl {
		if _, ok := c.tmpl[st.parent]; !ok {
			t.Fatalf("template %d has evicted parent %d", id, st.parent)
		}
	}
}

func TestClustererBasics(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 1))
	c := NewClusterer(Config{})
	a, b := randSig(rng), randSig(rng)
	ia := c.Assign(a)
	ib := c.Assign(b)
	if ia != 1 || ib != 2 {
		t.Fatalf("first ids %d, %d, want 1, 2", ia, ib)
	}
	if got := c.Assign(a); got != ia {
		t.Fatalf("exact repeat got %d, want %d", got, ia)
	}
	// A near-duplicate of a sharing one band only.
	all := make([]int, 0, NumBands)
	for i := 1; i < NumBands; i++ {
		all = append(all, i)
	}
	if got := c.Assign(variant(rng, a, all...)); got != ia {
		t.Fatalf("near-duplicate got %d, want %d", got, ia)
	}
	if n := c.Count(ia); n != 3 {
		t.Fatalf("Count(a) = %d, want 3", n)
	}
	// Exact-only signatures never match by bands.
	short := Signature{Exact: 77}
	if got := c.Assign(short); got != 3 {
		t.Fatalf("short got %d, want new id 3", got)
	}
	if got := c.Assign(Signature{Exact: 77}); got != 3 {
		t.Fatalf("short repeat got %d, want 3", got)
	}
	// The empty prompt is a template of its own.
	if e1, e2 := c.Assign(Signature{}), c.Assign(Signature{}); e1 != e2 || e1 == 3 {
		t.Fatalf("empty prompts got %d, %d", e1, e2)
	}
	if n := c.Count(999); n != 0 {
		t.Fatalf("Count(unknown) = %d", n)
	}
	if st := c.Stats(); st.Templates != 4 || st.Assigned != 8 || st.Merges != 0 || st.Live != 4 {
		t.Fatalf("stats %+v", st)
	}
}

func TestClustererUnionOnBridge(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	c := NewClusterer(Config{})
	a, b := randSig(rng), randSig(rng)
	ia, ib := c.Assign(a), c.Assign(b)
	c.Assign(b) // b seen twice
	// bridge shares band 0 with a and band 5 with b.
	bridge := randSig(rng)
	bridge.Bands[0] = a.Bands[0]
	bridge.Bands[5] = b.Bands[5]
	if got := c.Assign(bridge); got != ia {
		t.Fatalf("bridge got %d, want the older id %d", got, ia)
	}
	if got := c.Find(ib); got != ia {
		t.Fatalf("Find(b) = %d after the merge, want %d", got, ia)
	}
	if n := c.Count(ib); n != 4 {
		t.Fatalf("Count(b) = %d, want 4", n)
	}
	// b's own keys still lead to the merged template.
	if got := c.Assign(variant(rng, b, 0, 1, 2)); got != ia {
		t.Fatalf("variant of b got %d, want %d", got, ia)
	}
	// A chain: c1 bridges the merged template to a third one.
	d := randSig(rng)
	id := c.Assign(d)
	chain := randSig(rng)
	chain.Bands[7] = d.Bands[7]
	chain.Bands[9] = b.Bands[9]
	if got := c.Assign(chain); got != ia || c.Find(id) != ia {
		t.Fatalf("chain got %d, Find(d) = %d, want %d", got, c.Find(id), ia)
	}
	if st := c.Stats(); st.Merges != 2 {
		t.Fatalf("merges %d, want 2", st.Merges)
	}
	if n := c.Count(id); n != 7 {
		t.Fatalf("Count = %d, want 7", n)
	}
}

// stream returns a deterministic mix of unique prompts, exact repeats,
// near-duplicates and bridges.
func stream(n int, seed uint64) []Signature {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]Signature, 0, n)
	for len(out) < n {
		switch k := rng.IntN(10); {
		case k < 6 || len(out) == 0:
			out = append(out, randSig(rng))
		case k < 7:
			out = append(out, Signature{Exact: uint64(rng.IntN(50))}) // short prompts
		case k < 8:
			out = append(out, out[rng.IntN(len(out))])
		case k < 9:
			out = append(out, variant(rng, out[rng.IntN(len(out))], 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
		default:
			x, y := out[rng.IntN(len(out))], out[rng.IntN(len(out))]
			br := randSig(rng)
			br.Bands[rng.IntN(NumBands)] = x.Bands[rng.IntN(NumBands)]
			br.Bands[rng.IntN(NumBands)] = y.Bands[rng.IntN(NumBands)]
			out = append(out, br)
		}
	}
	return out
}

func TestClustererDeterministic(t *testing.T) {
	sigs := stream(60000, 12)
	run := func() ([]uint32, []uint32, Stats) {
		c := NewClusterer(Config{MaxKeys: 200000, Window: 2000})
		ids := make([]uint32, len(sigs))
		for i, s := range sigs {
			ids[i] = c.Assign(s)
			if i%5000 == 0 {
				checkInvariants(t, c)
			}
		}
		checkInvariants(t, c)
		final := make([]uint32, len(ids))
		for i, id := range ids {
			final[i] = c.Find(id)
		}
		return ids, final, c.Stats()
	}
	ids1, fin1, st1 := run()
	ids2, fin2, st2 := run()
	if st1 != st2 {
		t.Fatalf("stats differ:\n%+v\n%+v", st1, st2)
	}
	for i := range ids1 {
		if ids1[i] != ids2[i] || fin1[i] != fin2[i] {
			t.Fatalf("signature %d: ids %d/%d, final %d/%d", i, ids1[i], ids2[i], fin1[i], fin2[i])
		}
	}
	if st1.Evicted == 0 || st1.Merges == 0 || st1.Rotations == 0 {
		t.Fatalf("stream did not exercise eviction and merging: %+v", st1)
	}
	t.Logf("%+v", st1)
}

// TestClustererBounded feeds 2M unique prompts: the key table must stay
// under its cap with room to spare, and nothing may be dropped.
func TestClustererBounded(t *testing.T) {
	n := 2_000_000
	if testing.Short() {
		n = 200_000
	}
	const maxKeys, window = 1 << 20, 1 << 14
	rng := rand.New(rand.NewPCG(13, 3))
	c := NewClusterer(Config{MaxKeys: maxKeys, Window: window})
	// Singletons live at most two windows, 21 keys each.
	bound := 2 * window * (1 + NumBands)
	peak := 0
	for i := range n {
		c.Assign(randSig(rng))
		if i%1000 == 0 {
			st := c.Stats()
			peak = max(peak, st.Keys)
			if st.Keys > bound || st.Keys > maxKeys {
				t.Fatalf("after %d prompts: %d keys, bound %d, cap %d", i, st.Keys, bound, maxKeys)
			}
			if st.Live > 2*window+1 {
				t.Fatalf("after %d prompts: %d live templates", i, st.Live)
			}
		}
	}
	checkInvariants(t, c)
	st := c.Stats()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(c)
	t.Logf("%d unique prompts: peak %d keys (cap %d), %d slots, %+v, heap %.1f MiB", n, peak, maxKeys, st.Slots, st, float64(ms.HeapAlloc)/(1<<20))
	if st.Dropped != 0 || st.ForcedRotations != 0 {
		t.Fatalf("keys dropped or forced rotations under the cap: %+v", st)
	}
	if st.Slots > 1<<21 {
		t.Fatalf("%d slots for a cap of %d keys", st.Slots, maxKeys)
	}
	if st.Evicted < uint64(n)-uint64(2*window) {
		t.Fatalf("evicted %d of %d singletons", st.Evicted, n)
	}
}

// TestClustererPressure uses a cap far below what a window needs: forced
// rotations keep the table under the cap, and templates seen twice survive.
func TestClustererPressure(t *testing.T) {
	const maxKeys = 5000
	rng := rand.New(rand.NewPCG(14, 4))
	c := NewClusterer(Config{MaxKeys: maxKeys, Window: 1 << 20})
	keep := randSig(rng)
	idKeep := c.Assign(keep)
	c.Assign(keep)
	for i := range 100000 {
		c.Assign(randSig(rng))
		if k := c.Stats().Keys; k > maxKeys {
			t.Fatalf("after %d prompts: %d keys, cap %d", i, k, maxKeys)
		}
	}
	checkInvariants(t, c)
	st := c.Stats()
	if st.ForcedRotations == 0 || st.Slots > 8192 || st.Dropped != 0 {
		t.Fatalf("stats %+v", st)
	}
	if got := c.Assign(variant(rng, keep, 0, 1, 2, 3)); got != idKeep {
		t.Fatalf("template seen twice was split: got %d, want %d", got, idKeep)
	}
	t.Logf("%+v", st)

	// When templates seen twice fill the table, new keys are dropped and the
	// cap still holds.
	c = NewClusterer(Config{MaxKeys: 1000, Window: 100})
	for range 200 {
		s := randSig(rng)
		c.Assign(s)
		c.Assign(s)
		if k := c.Stats().Keys; k > 1000 {
			t.Fatalf("%d keys, cap 1000", k)
		}
	}
	if st := c.Stats(); st.Dropped == 0 {
		t.Fatalf("expected dropped keys: %+v", st)
	}
	checkInvariants(t, c)
}

// TestEvictionKeepsRepeatedTemplates: templates seen twice within a window
// keep their id through any number of later windows; templates seen once
// are forgotten after two windows and counted once.
func TestEvictionKeepsRepeatedTemplates(t *testing.T) {
	const window = 500
	rng := rand.New(rand.NewPCG(15, 5))
	c := NewClusterer(Config{Window: window})
	type tpl struct {
		sig Signature
		id  uint32
	}
	var twice, once []tpl
	for i := range 300 {
		s := randSig(rng)
		id := c.Assign(s)
		if i%2 == 0 {
			// The second sighting: an exact repeat or a near-duplicate,
			// some signatures later but within the window.
			for range rng.IntN(window / 2) {
				c.Assign(randSig(rng))
			}
			second := s
			if i%4 == 0 {
				second = variant(rng, s, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
			}
			if got := c.Assign(second); got != id {
				t.Fatalf("second sighting got %d, want %d", got, id)
			}
			twice = append(twice, tpl{s, id})
		} else {
			once = append(once, tpl{s, id})
		}
	}
	for range 20 * window {
		c.Assign(randSig(rng))
	}
	for _, x := range twice {
		if got := c.Assign(variant(rng, x.sig, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)); got != x.id {
			t.Fatalf("template seen twice was split by eviction: got %d, want %d", got, x.id)
		}
	}
	for _, x := range once {
		if got := c.Assign(x.sig); got == x.id {
			t.Fatalf("template seen once was not evicted")
		}
		if n, f := c.Count(x.id), c.Find(x.id); n != 1 || f != x.id {
			t.Fatalf("evicted template: Count %d, Find %d", n, f)
		}
	}
	st := c.Stats()
	t.Logf("%+v", st)
	if st.Evicted == 0 || st.Dropped != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 6))
	var tb table
	tb.init(3000)
	ref := map[uint64]uint32{}
	keys := []uint64{0, zeroKey ^ 1}
	for range 200000 {
		var k uint64
		if rng.IntN(3) == 0 && len(keys) > 0 {
			k = keys[rng.IntN(len(keys))]
		} else {
			// Up to 3000 keys in 4096 slots: long probe runs that wrap.
			k = rng.Uint64()
			keys = append(keys, k)
		}
		switch rng.IntN(3) {
		case 0:
			if len(ref) >= 3000 {
				continue
			}
			v := rng.Uint32()
			_, had := ref[k]
			if stored := tb.put(k, v); stored == had {
				t.Fatalf("put(%x) stored=%v, had=%v", k, stored, had)
			}
			if !had {
				ref[k] = v
			}
		case 1:
			_, had := ref[k]
			if got := tb.del(k); got != had {
				t.Fatalf("del(%x) = %v, had %v", k, got, had)
			}
			delete(ref, k)
		default:
			v, ok := tb.get(k)
			w, had := ref[k]
			if ok != had || v != w {
				t.Fatalf("get(%x) = %d,%v want %d,%v", k, v, ok, w, had)
			}
		}
		if tb.n != len(ref) {
			t.Fatalf("table holds %d, reference %d", tb.n, len(ref))
		}
	}
	for k, w := range ref {
		if v, ok := tb.get(k); !ok || v != w {
			t.Fatalf("final get(%x) = %d,%v want %d", k, v, ok, w)
		}
	}
	if len(tb.slots) > tb.maxSlots {
		t.Fatalf("%d slots, max %d", len(tb.slots), tb.maxSlots)
	}
}
