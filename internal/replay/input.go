package replay

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate"
	"github.com/distillguard/distillguard/internal/truth"
)

// scenario is what replay reads from a simulated scenario directory before
// it starts: the answer key, the model table and the account table in the
// order the rows are to be posted. The exchange log is streamed later.
type scenario struct {
	truth     *truth.Document
	exchanges string    // path of the exchange log
	models    []byte    // the model table as one JSON Lines body
	nModels   int64     // rows in models
	accounts  []acctRow // sorted by created_at; rows without it first
	rejected  int64     // malformed model and account rows, skipped
}

// acctRow is one account row to post when the data time reaches createdAt
// (0: at the start).
type acctRow struct {
	id        string
	createdAt int64
	line      []byte
}

// loadScenario reads dir's truth, models and accounts and finds its
// exchange log (exchanges.jsonl.zst or exchanges.jsonl). The account and
// model tables are optional; the truth and the exchanges are not.
func loadScenario(dir string) (*scenario, error) {
	sc := &scenario{}
	var err error
	if sc.truth, err = truth.ReadFile(filepath.Join(dir, simulate.TruthFile)); err != nil {
		return nil, fmt.Errorf("cannot use %s as a scenario directory: %w (give a folder that `distillguard simulate --out` wrote)", dir, err)
	}
	for _, name := range []string{simulate.ExchangesZstdFile, simulate.ExchangesFile} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			sc.exchanges = p
			break
		}
	}
	if sc.exchanges == "" {
		return nil, fmt.Errorf("cannot find %s or %s in %s (give a folder that `distillguard simulate --out` wrote)", simulate.ExchangesZstdFile, simulate.ExchangesFile, dir)
	}

	var dec ingest.Decoder
	var m record.ModelRelease
	err = readLines(filepath.Join(dir, simulate.ModelsFile), func(line []byte) {
		dec.Reset(0)
		if dec.DecodeModel(line, &m) != nil {
			sc.rejected++
			return
		}
		sc.models = append(append(sc.models, line...), '\n')
		sc.nModels++
	})
	if err != nil {
		return nil, err
	}
	var a record.Account
	err = readLines(filepath.Join(dir, simulate.AccountsFile), func(line []byte) {
		dec.Reset(0)
		if dec.DecodeAccount(line, &a) != nil {
			sc.rejected++
			return
		}
		sc.accounts = append(sc.accounts, acctRow{id: strings.Clone(a.AccountID), createdAt: a.CreatedAt, line: bytes.Clone(line)})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(sc.accounts, func(i, j int) bool { return sc.accounts[i].createdAt < sc.accounts[j].createdAt })
	return sc, nil
}

// readLines calls f with every good line of an optional table (a missing
// file has no lines). Lines over ingest.MaxLineBytes are skipped, as the
// server would reject them.
func readLines(path string, f func(line []byte)) error {
	in, err := ingest.Open(path, nil)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer in.Close()
	lr := newLineReader(in)
	for {
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", path, err)
		}
		if !tooLong {
			f(line)
		}
	}
}

// lineReader splits plain JSON Lines into lines without their line ends,
// skipping blank ones. A line is valid until the next call.
type lineReader struct {
	br   *bufio.Reader
	long []byte // a line longer than the reader's buffer, pieced together
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 256<<10)}
}

// next returns the next non-blank line. tooLong reports a line over
// ingest.MaxLineBytes, whose content is not returned. At the end it returns
// io.EOF.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	for {
		line, err = lr.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			lr.long = append(lr.long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = lr.br.ReadSlice('\n')
				if len(lr.long) <= ingest.MaxLineBytes {
					lr.long = append(lr.long, line...)
				}
			}
			line = lr.long
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, false, err
		}
		if len(line) == 0 && err != nil {
			return nil, false, io.EOF
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > ingest.MaxLineBytes {
			return nil, true, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if err != nil {
				return nil, false, io.EOF
			}
			continue
		}
		return line, false, nil
	}
}
