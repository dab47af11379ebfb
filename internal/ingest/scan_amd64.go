package ingest

// plainBlocks scans b, sixteen bytes at a time, for the first byte that is
// a quote, a backslash, below 0x20 or above 0x7F, looking no further than
// n. It returns that byte's index (or n, if none comes before it) with
// done true; or, with done false, the index where a whole block no longer
// fits in b, for the caller to finish. b may run past the n bytes that
// count: bytes after n are loaded but never reported.
//
//go:noescape
func plainBlocks(b []byte, n int) (k int, done bool)
