// Package truth is the answer key the simulator writes beside its traffic
// (truth.json) and the evaluation harness reads. Detection code must never
// import it: a test in internal/detect checks the import graph.
package truth

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// Schema is the value of the "schema" field of every truth document.
const Schema = "truth/v1"

// Document is the whole answer key of one simulated data set.
type Document struct {
	Schema    string     `json:"schema"`
	Scenario  string     `json:"scenario"`
	Seed      int64      `json:"seed"`
	Scale     float64    `json:"scale"`
	Input     Input      `json:"input"`
	Campaigns []Campaign `json:"campaigns"`
	// Accounts maps every account id in the data to its label: a campaign id
	// from Campaigns, or an honest category such as "enterprise-pipeline".
	Accounts map[string]string `json:"accounts"`
	// Knobs records the attack settings used, for sweeps and for the record.
	Knobs map[string]float64 `json:"knobs,omitempty"`
}

// Input counts what the simulator wrote.
type Input struct {
	Exchanges int64  `json:"exchanges"`
	Accounts  int64  `json:"accounts"`
	FirstTS   string `json:"first_ts"`
	LastTS    string `json:"last_ts"`
}

// Campaign is one true campaign with its headline figures, computed over
// every exchange of its accounts, as findings/v1 counts them.
type Campaign struct {
	ID           string             `json:"id"`
	Style        string             `json:"style"` // what kind of operation, e.g. "hydra"
	Accounts     int                `json:"accounts"`
	Exchanges    int64              `json:"exchanges"`
	FirstSeen    string             `json:"first_seen"`
	LastSeen     string             `json:"last_seen"`
	Capabilities map[string]float64 `json:"capabilities"`
}

// IsCampaign reports whether label names one of d's campaigns.
func (d *Document) IsCampaign(label string) bool {
	for _, c := range d.Campaigns {
		if c.ID == label {
			return true
		}
	}
	return false
}

// Categories returns the honest labels present, sorted.
func (d *Document) Categories() []string {
	seen := map[string]bool{}
	for _, l := range d.Accounts {
		if !d.IsCampaign(l) {
			seen[l] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Read decodes a truth document.
func Read(r io.Reader) (*Document, error) {
	var d Document
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, fmt.Errorf("cannot decode truth: %w", err)
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("truth schema is %q, want %q", d.Schema, Schema)
	}
	for _, c := range d.Campaigns {
		if c.ID == "" {
			return nil, fmt.Errorf("truth has a campaign without id")
		}
	}
	return &d, nil
}

// ReadFile is Read on a named file.
func ReadFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open truth: %w", err)
	}
	defer f.Close()
	d, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// WriteFile writes d as indented JSON.
func WriteFile(path string, d *Document) error {
	d.Schema = Schema
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("cannot encode truth: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("cannot write truth: %w", err)
	}
	return nil
}
