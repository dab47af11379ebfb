//go:build race

package capability

// raceEnabled: sync.Pool drops items on purpose under the race detector,
// so pooled convenience functions allocate there.
const raceEnabled = true
