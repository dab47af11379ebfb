//go:build !race

package extraction

const raceEnabled = false
