//go:build !amd64

package ingest

// plainBlocks is the portable stand-in for the amd64 version: it leaves
// the whole scan to plainEnd's eight-byte loop.
func plainBlocks(b []byte, n int) (k int, done bool) { return 0, false }
