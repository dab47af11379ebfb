// Package findings is the findings/v1 document (contract §4): what detection
// reports and what evaluation, the server and outside tools read. It owns the
// JSON shape and its validation so that every producer and consumer agrees.
package findings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/distillguard/distillguard/internal/record"
)

// Schema is the value of the "schema" field of every v1 document.
const Schema = "findings/v1"

// Document is one findings/v1 document.
type Document struct {
	Schema      string     `json:"schema"`
	GeneratedAt string     `json:"generated_at"`
	Input       Input      `json:"input"`
	Campaigns   []Campaign `json:"campaigns"`
	Accounts    []Account  `json:"accounts"`
}

// Input summarises what was read.
type Input struct {
	Exchanges     int64  `json:"exchanges"`
	Accounts      int64  `json:"accounts"`
	RejectedLines int64  `json:"rejected_lines"`
	FirstTS       string `json:"first_ts"`
	LastTS        string `json:"last_ts"`
}

// Campaign is one finding: a set of accounts acting as one operation.
type Campaign struct {
	ID           string             `json:"id"`
	Score        float64            `json:"score"`
	Accounts     []string           `json:"accounts"`
	Exchanges    int64              `json:"exchanges"`
	FirstSeen    string             `json:"first_seen"`
	LastSeen     string             `json:"last_seen"`
	Capabilities map[string]float64 `json:"capabilities"`
	Indicators   []Indicator        `json:"indicators"`
	Evidence     []string           `json:"evidence"`
}

// Indicator is one shared object that ties a campaign's accounts together.
type Indicator struct {
	Type     string `json:"type"`
	Value    string `json:"value"`
	Accounts int    `json:"accounts"`
}

// Account is one scored account.
type Account struct {
	AccountID string   `json:"account_id"`
	Score     float64  `json:"score"`
	Campaign  string   `json:"campaign"`
	Reasons   []string `json:"reasons"`
}

// Read decodes and validates a findings document.
func Read(r io.Reader) (*Document, error) {
	var d Document
	dec := json.NewDecoder(r)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("cannot decode findings: %w", err)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// ReadFile is Read on a named file.
func ReadFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open findings: %w", err)
	}
	defer f.Close()
	d, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Write encodes d, indented, after validating it.
func Write(w io.Writer, d *Document) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("refusing to write an invalid findings document: %w", err)
	}
	// What json.Encoder with SetIndent writes, but indented by indent into
	// a buffer sized up front: the Encoder grows its indent buffer from
	// nothing and runs json.Indent's validating scanner, and on a
	// full-scale document (tens of MB, most of it indentation) both cost
	// more than marshalling.
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(indent(make([]byte, 0, len(b)+len(b)/2), b))
	return err
}

// Validate checks d against the v1 contract: schema name, RFC 3339 times,
// capability keys and shares, unique campaign ids, every flagged account
// listed with its campaign. It returns all problems joined, not only the first.
func (d *Document) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if d.Schema != Schema {
		bad("schema is %q, want %q", d.Schema, Schema)
	}
	checkTime := func(where, v string, required bool) {
		if v == "" {
			if required {
				bad("%s: missing time", where)
			}
			return
		}
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			bad("%s: %q is not RFC 3339", where, v)
		}
	}
	checkTime("generated_at", d.GeneratedAt, true)
	checkTime("input.first_ts", d.Input.FirstTS, d.Input.Exchanges > 0)
	checkTime("input.last_ts", d.Input.LastTS, d.Input.Exchanges > 0)
	if d.Input.Exchanges < 0 || d.Input.Accounts < 0 || d.Input.RejectedLines < 0 {
		bad("input: negative count")
	}
	if d.Campaigns == nil {
		bad("campaigns: must be a list, even when empty")
	}
	if d.Accounts == nil {
		bad("accounts: must be a list, even when empty")
	}
	ids := map[string]bool{}
	member := map[string]string{}
	for i, c := range d.Campaigns {
		where := fmt.Sprintf("campaigns[%d]", i)
		if c.ID == "" {
			bad("%s: empty id", where)
		}
		if ids[c.ID] {
			bad("%s: duplicate id %q", where, c.ID)
		}
		ids[c.ID] = true
		if len(c.Accounts) == 0 {
			bad("%s: no accounts", where)
		}
		for _, a := range c.Accounts {
			if prev, ok := member[a]; ok {
				bad("%s: account %q already in campaign %q", where, a, prev)
			}
			member[a] = c.ID
		}
		if c.Exchanges < 0 {
			bad("%s: negative exchanges", where)
		}
		if !finite(c.Score) {
			bad("%s: score is not a number", where)
		}
		checkTime(where+".first_seen", c.FirstSeen, true)
		checkTime(where+".last_seen", c.LastSeen, true)
		sum := 0.0
		for k, v := range c.Capabilities {
			if _, ok := record.ParseCapability(k); !ok {
				bad("%s: unknown capability %q", where, k)
			}
			if !finite(v) || v < 0 || v > 1 {
				bad("%s: capability %q share %v outside [0,1]", where, k, v)
			}
			sum += v
		}
		if len(c.Capabilities) > 0 && math.Abs(sum-1) > 0.02 {
			bad("%s: capability shares sum to %.3f, want 1", where, sum)
		}
		for j, ind := range c.Indicators {
			if ind.Type == "" || ind.Value == "" {
				bad("%s.indicators[%d]: empty type or value", where, j)
			}
			if ind.Accounts < 0 {
				bad("%s.indicators[%d]: negative accounts", where, j)
			}
		}
	}
	listed := map[string]bool{}
	for i, a := range d.Accounts {
		where := fmt.Sprintf("accounts[%d]", i)
		if a.AccountID == "" {
			bad("%s: empty account_id", where)
		}
		if listed[a.AccountID] {
			bad("%s: account %q listed twice", where, a.AccountID)
		}
		listed[a.AccountID] = true
		if !finite(a.Score) {
			bad("%s: score is not a number", where)
		}
		if a.Campaign != "" && !ids[a.Campaign] {
			bad("%s: campaign %q is not listed", where, a.Campaign)
		}
		if want := member[a.AccountID]; a.Campaign != want {
			bad("%s: campaign is %q but the campaigns list puts it in %q", where, a.Campaign, want)
		}
	}
	for a, c := range member {
		if !listed[a] {
			bad("account %q of campaign %q is not in the accounts list", a, c)
		}
	}
	return errors.Join(errs...)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
