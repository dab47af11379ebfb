package profile

import (
	"encoding/binary"
	"net/netip"

	"github.com/distillguard/distillguard/internal/dict"
)

// addrTable numbers IPv6 addresses (and the rare IPv4 address in the tag
// range). A log from a provider with IPv6 clients carries millions of them,
// and a Go map keyed by netip.Addr hashed all 24 bytes of the value (zone
// pointer included) and probed its groups on every exchange; this table
// keys on the 16 address bytes as two words, one multiply-mix apiece, with
// linear probing in one array.
type addrTable struct {
	slots []addrSlot // power-of-two length, at most half full
	used  int
}

// addrSlot holds one address; id is the address's number plus one, and
// zero marks an empty slot.
type addrSlot struct {
	hi, lo uint64
	id     uint32
}

// find returns the number of a, or adds it as next and returns next with
// added set.
func (t *addrTable) find(a netip.Addr, next uint32) (id uint32, added bool) {
	b := a.As16()
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	if t.slots == nil {
		t.slots = make([]addrSlot, 1024)
	}
	mask := uint64(len(t.slots) - 1)
	for i := dict.Mix(hi^dict.Mix(lo)) & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.id == 0 {
			*sl = addrSlot{hi: hi, lo: lo, id: next + 1}
			t.used++
			if 2*t.used > len(t.slots) {
				t.grow()
			}
			return next, true
		}
		if sl.hi == hi && sl.lo == lo {
			return sl.id - 1, false
		}
	}
}

func (t *addrTable) grow() {
	old := t.slots
	t.slots = make([]addrSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := dict.Mix(sl.hi^dict.Mix(sl.lo)) & mask
		for t.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}
