package replay

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/distillguard/distillguard/internal/findings"
)

// Names of the files Options.Keep receives.
const (
	KeptExchanges = "exchanges.jsonl" // the exchange lines posted, in posting order
	KeptAccounts  = "accounts.jsonl"  // the account rows posted, in posting order
	KeptModels    = "models.jsonl"    // the model rows posted
	KeptLive      = "live.json"       // the server's findings after the final round
)

// keeper writes what replay posts, as it is accepted, so that a batch
// detection can be run on exactly the data the server was given.
type keeper struct {
	dir   string
	files map[string]*os.File
	bufs  map[string]*bufio.Writer
}

// newKeeper creates dir (if missing) and its three input files, empty.
func newKeeper(dir string) (*keeper, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot keep the posted data: %w", err)
	}
	k := &keeper{dir: dir, files: map[string]*os.File{}, bufs: map[string]*bufio.Writer{}}
	for _, name := range []string{KeptExchanges, KeptAccounts, KeptModels} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			k.close()
			return nil, fmt.Errorf("cannot keep the posted data: %w", err)
		}
		k.files[name], k.bufs[name] = f, bufio.NewWriterSize(f, 1<<20)
	}
	return k, nil
}

// add appends body, JSON Lines the server accepted, to the file name.
func (k *keeper) add(name string, body []byte) error {
	if k == nil {
		return nil
	}
	if _, err := k.bufs[name].Write(body); err != nil {
		return fmt.Errorf("cannot keep the posted data in %s: %w", filepath.Join(k.dir, name), err)
	}
	return nil
}

// close flushes and closes the input files and returns the first error.
func (k *keeper) close() error {
	if k == nil {
		return nil
	}
	var errs []error
	for name, f := range k.files {
		if w := k.bufs[name]; w != nil {
			errs = append(errs, w.Flush())
		}
		errs = append(errs, f.Close())
	}
	k.files, k.bufs = nil, nil
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cannot keep the posted data in %s: %w", k.dir, err)
	}
	return nil
}

// writeLive writes the server's findings to live.json.
func (k *keeper) writeLive(d *findings.Document) error {
	if k == nil || d == nil {
		return nil
	}
	p := filepath.Join(k.dir, KeptLive)
	f, err := os.Create(p)
	if err != nil {
		return fmt.Errorf("cannot keep the live findings: %w", err)
	}
	if err := findings.Write(f, d); err != nil {
		f.Close()
		return fmt.Errorf("cannot keep the live findings in %s: %w", p, err)
	}
	return f.Close()
}
