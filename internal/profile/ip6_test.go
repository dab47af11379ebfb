package profile

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestEncodeIPRoundTrips checks that addresses get one number each, in
// first-seen order, and decode back, across table growth: the table
// against a map.
func TestEncodeIPRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := NewStore(0)
	want := map[netip.Addr]uint32{}
	var pool []netip.Addr
	for i := 0; i < 20000; i++ {
		var a netip.Addr
		switch {
		case len(pool) > 0 && r.IntN(3) == 0:
			a = pool[r.IntN(len(pool))] // a repeat
		case r.IntN(10) == 0:
			a = netip.AddrFrom4([4]byte{byte(240 + r.IntN(16)), byte(r.IntN(256)), 0, 1}) // IPv4 in the tag range
		default:
			var b [16]byte
			for j := range b {
				b[j] = byte(r.IntN(4)) // few distinct bytes: many near-collisions
			}
			b[0] = 0x20
			a = netip.AddrFrom16(b)
		}
		pool = append(pool, a)
		v := s.EncodeIP(a)
		if id, ok := want[a]; ok && v != id {
			t.Fatalf("%v: got %#x, earlier %#x", a, v, id)
		}
		want[a] = v
		if got := s.Addr(v); got != a {
			t.Fatalf("%v encodes to %#x, which decodes to %v", a, v, got)
		}
	}
	seen := map[uint32]bool{}
	for _, v := range want {
		if seen[v] {
			t.Fatalf("two addresses share %#x", v)
		}
		seen[v] = true
	}
}
