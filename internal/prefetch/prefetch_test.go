package prefetch

import (
	"testing"
	"unsafe"
)

// TestLineIsHarmless checks that a prefetch neither faults nor changes
// memory, on valid addresses and on nil (a prefetch of an unmapped address
// is a hint the processor drops).
func TestLineIsHarmless(t *testing.T) {
	b := []uint64{1, 2, 3}
	for i := range b {
		Line(unsafe.Pointer(&b[i]))
	}
	Line(nil)
	if b[0] != 1 || b[1] != 2 || b[2] != 3 {
		t.Fatalf("memory changed: %v", b)
	}
}

func BenchmarkLine(b *testing.B) {
	buf := make([]uint64, 1<<20)
	for i := 0; i < b.N; i++ {
		Line(unsafe.Pointer(&buf[(i*4099)&(len(buf)-1)]))
	}
}
