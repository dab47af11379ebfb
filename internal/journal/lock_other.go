//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package journal

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir only creates dir/LOCK here: these systems have no flock in the
// standard library, so two servers on one journal are not detected.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot create journal lock: %w", err)
	}
	return f, nil
}

// syncDir does nothing here: Windows cannot fsync a directory, and its
// file systems journal directory entries themselves.
func syncDir(string) error { return nil }
