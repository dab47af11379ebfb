package dict

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestStrings(t *testing.T) {
	d := New(4)
	f := func(s string, want uint32) {
		t.Helper()
		if got := d.ID(s); got != want {
			t.Fatalf("ID(%q) = %d, want %d", s, got, want)
		}
		if got := d.String(want); got != s {
			t.Fatalf("String(%d) = %q, want %q", want, got, s)
		}
	}
	f("", 0)
	f("a", 1)
	f("bb", 2)
	f("a", 1)
	f("日本", 3)
	f("bb", 2)
	if id, ok := d.Lookup("bb"); !ok || id != 2 {
		t.Fatalf("Lookup(bb) = %d %v", id, ok)
	}
	if _, ok := d.Lookup("zz"); ok {
		t.Fatal("Lookup found a string never added")
	}
	if d.Len() != 4 {
		t.Fatalf("Len = %d, want 4", d.Len())
	}
	var zero Strings
	if zero.ID("x") != 1 || zero.String(1) != "x" || zero.Len() != 2 {
		t.Fatal("zero value dictionary does not work")
	}
}

// TestCollisions forces every string onto one hash: ids must stay exact.
func TestCollisions(t *testing.T) {
	d := New(0)
	for i := 0; i < 100; i++ {
		s := fmt.Sprint("s", i)
		if id := d.IDHash(42, s); id != uint32(i+1) {
			t.Fatalf("IDHash(%s) = %d, want %d", s, id, i+1)
		}
	}
	for i := 0; i < 100; i++ {
		s := fmt.Sprint("s", i)
		if id := d.IDHash(42, s); id != uint32(i+1) || d.String(id) != s {
			t.Fatalf("second IDHash(%s) = %d", s, id)
		}
	}
}

// TestProperty: ids are dense, first-seen ordered and round-trip.
func TestProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	d := New(0)
	seen := map[string]uint32{}
	for i := 0; i < 50000; i++ {
		s := fmt.Sprintf("k%d", r.IntN(20000))
		id := d.ID(s)
		if prev, ok := seen[s]; ok && prev != id {
			t.Fatalf("%s changed id %d → %d", s, prev, id)
		}
		if _, ok := seen[s]; !ok && int(id) != len(seen)+1 {
			t.Fatalf("new string %s got id %d, want %d", s, id, len(seen)+1)
		}
		seen[s] = id
	}
	for s, id := range seen {
		if d.String(id) != s {
			t.Fatalf("String(%d) = %s, want %s", id, d.String(id), s)
		}
	}
}

func BenchmarkID(b *testing.B) {
	keys := make([]string, 100000)
	for i := range keys {
		keys[i] = fmt.Sprintf("acct_%016x", i*7919)
	}
	d := New(len(keys))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.ID(keys[i%len(keys)])
	}
}

// TestSmallAgreesWithStrings: the cached dictionary gives the ids the plain
// one gives, on a stream with repeats and cache conflicts.
func TestSmallAgreesWithStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	small, checked, plain := NewSmall(), NewSmall(), New(0)
	for i := 0; i < 100000; i++ {
		s := fmt.Sprintf("ua/%d", r.IntN(10000))
		if a, b := small.IDHash(Hash(s), s), plain.ID(s); a != b {
			t.Fatalf("%s: small %d, plain %d", s, a, b)
		}
		// With the check precomputed, or not, half the time each.
		if r.IntN(2) == 0 {
			if a, b := checked.IDChecked(Hash(s), Check(s), s), plain.ID(s); a != b {
				t.Fatalf("%s: small with check %d, plain %d", s, a, b)
			}
		} else if a, b := checked.IDHash(Hash(s), s), plain.ID(s); a != b {
			t.Fatalf("%s: small with check %d, plain %d", s, a, b)
		}
	}
}

// TestCheckedAgreesWithID: IDChecked with precomputed hashes gives the ids
// ID gives, through table growth, and Lookup finds every string.
func TestCheckedAgreesWithID(t *testing.T) {
	a, b := New(0), New(0)
	for i := 0; i < 30000; i++ {
		s := fmt.Sprintf("acct_%d", (i*7919)%12000)
		if x, y := a.ID(s), b.IDChecked(Hash(s), Check(s), s); x != y {
			t.Fatalf("%s: ID %d, IDChecked %d", s, x, y)
		}
	}
	for i := 0; i < 12000; i++ {
		s := fmt.Sprintf("acct_%d", i)
		if id, ok := b.Lookup(s); !ok || b.String(id) != s {
			t.Fatalf("Lookup(%s) = %d, %v", s, id, ok)
		}
	}
	if _, ok := b.Lookup("absent"); ok {
		t.Fatal("Lookup found a string never added")
	}
}

// TestHashSpreads guards the direct use of the runtime hash: every byte
// and the length count, Hash and Check disagree, and lengths across the
// 16/32/64/128-byte paths of the AES hash all spread.
func TestHashSpreads(t *testing.T) {
	seen := map[uint64]string{}
	added := map[string]bool{}
	add := func(s string) {
		if added[s] {
			return
		}
		added[s] = true
		for _, h := range []uint64{Hash(s), Check(s)} {
			if prev, ok := seen[h]; ok {
				t.Fatalf("%q and %q share hash %x", prev, s, h)
			}
			seen[h] = s
		}
		if Hash(s) != Hash(string([]byte(s))) {
			t.Fatalf("Hash(%q) depends on where the bytes are", s)
		}
	}
	for n := 1; n <= 300; n++ {
		base := make([]byte, n)
		for i := range base {
			base[i] = 'a' + byte(i%26)
		}
		add(string(base))
		for _, i := range []int{0, n / 2, n - 1} {
			b := append([]byte(nil), base...)
			b[i] ^= 1
			add(string(b))
		}
	}
	add("")
}
