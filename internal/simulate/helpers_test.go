package simulate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/truth"
)

// xline is one exchange as a test decodes it with encoding/json: pointers
// tell absent fields from zero values.
type xline struct {
	TS           string  `json:"ts"`
	AccountID    string  `json:"account_id"`
	RequestID    *string `json:"request_id"`
	OrgID        *string `json:"org_id"`
	APIKeyID     *string `json:"api_key_id"`
	IP           *string `json:"ip"`
	ASN          *int64  `json:"asn"`
	UserAgent    *string `json:"user_agent"`
	ClientFP     *string `json:"client_fp"`
	Model        *string `json:"model"`
	InputTokens  *int64  `json:"input_tokens"`
	OutputTokens *int64  `json:"output_tokens"`
	MaxTokens    *int64  `json:"max_tokens"`
	Turns        *int64  `json:"turns"`
	Tools        *int64  `json:"tools"`
	ToolCalls    *int64  `json:"tool_calls"`
	Images       *int64  `json:"images"`
	Thinking     *bool   `json:"thinking"`
	System       *string `json:"system"`
	Prompt       *string `json:"prompt"`
	Response     *string `json:"response"`
	PromptSig    *string `json:"prompt_sig"`
	StopReason   *string `json:"stop_reason"`
	Status       *int64  `json:"status"`

	t time.Time
}

// presence is the bit mask of optional fields present in x, in a fixed
// order.
func (x *xline) presence() uint32 {
	var m uint32
	for i, p := range []bool{x.RequestID != nil, x.OrgID != nil, x.APIKeyID != nil, x.IP != nil, x.ASN != nil,
		x.UserAgent != nil, x.ClientFP != nil, x.Model != nil, x.InputTokens != nil, x.OutputTokens != nil,
		x.MaxTokens != nil, x.Turns != nil, x.Tools != nil, x.ToolCalls != nil, x.Images != nil, x.Thinking != nil,
		x.System != nil, x.Prompt != nil, x.Response != nil, x.PromptSig != nil, x.StopReason != nil, x.Status != nil} {
		if p {
			m |= 1 << i
		}
	}
	return m
}

// xaccount is one row of accounts.jsonl.
type xaccount struct {
	AccountID    string `json:"account_id"`
	CreatedAt    string `json:"created_at"`
	OrgID        string `json:"org_id"`
	EmailDomain  string `json:"email_domain"`
	PaymentFP    string `json:"payment_fp"`
	Country      string `json:"country"`
	SignupIP     string `json:"signup_ip"`
	Verification string `json:"verification"`
}

// decodeExchanges reads a JSON Lines stream, failing the test on any bad
// line.
func decodeExchanges(t testing.TB, r io.Reader) []xline {
	t.Helper()
	var out []xline
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var x xline
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("exchange line %d: %v: %s", n, err, sc.Bytes())
		}
		ts, err := time.Parse(time.RFC3339Nano, x.TS)
		if err != nil {
			t.Fatalf("exchange line %d: ts: %v", n, err)
		}
		x.t = ts
		out = append(out, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// lite is the part of an exchange the recount needs; decoding only it
// keeps the scale-0.01 tests fast.
type lite struct {
	TS        string `json:"ts"`
	AccountID string `json:"account_id"`
	t         time.Time
}

func decodeLite(t testing.TB, r io.Reader) []lite {
	t.Helper()
	var out []lite
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var x lite
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("exchange line %d: %v: %s", n, err, sc.Bytes())
		}
		ts, err := time.Parse(time.RFC3339Nano, x.TS)
		if err != nil {
			t.Fatalf("exchange line %d: ts: %v", n, err)
		}
		x.t = ts
		out = append(out, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dataset is a written data set, read back.
type dataset struct {
	lite     []lite // readDir fills lite, generate fills ex
	ex       []xline
	accounts []xaccount
	models   []map[string]string
	truth    *truth.Document
	sim      *Sim
}

// generate runs o in memory (no files) and reads everything back.
func generate(t testing.TB, o Options) *dataset {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	var buf bytes.Buffer
	if err := s.WriteExchanges(context.Background(), &buf); err != nil {
		t.Fatalf("WriteExchanges: %v", err)
	}
	ds := &dataset{ex: decodeExchanges(t, &buf), truth: s.Truth(), sim: s}
	var ab bytes.Buffer
	if err := s.WriteAccounts(&ab); err != nil {
		t.Fatal(err)
	}
	ds.accounts = decodeAccounts(t, &ab)
	return ds
}

func decodeAccounts(t testing.TB, r io.Reader) []xaccount {
	t.Helper()
	var out []xaccount
	dec := json.NewDecoder(r)
	for dec.More() {
		var a xaccount
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("accounts: %v", err)
		}
		out = append(out, a)
	}
	return out
}

// readDir reads a data set written by Run into dir.
func readDir(t testing.TB, dir string) *dataset {
	t.Helper()
	ds := &dataset{}
	var r io.Reader
	if f, err := os.Open(filepath.Join(dir, ExchangesZstdFile)); err == nil {
		defer f.Close()
		zr, err := zstd.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		r = zr
	} else {
		f, err := os.Open(filepath.Join(dir, ExchangesFile))
		if err != nil {
			t.Fatalf("no exchange log in %s: %v", dir, err)
		}
		defer f.Close()
		r = f
	}
	ds.lite = decodeLite(t, r)
	af, err := os.Open(filepath.Join(dir, AccountsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer af.Close()
	ds.accounts = decodeAccounts(t, af)
	mf, err := os.Open(filepath.Join(dir, ModelsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	dec := json.NewDecoder(mf)
	for dec.More() {
		var m map[string]string
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("models: %v", err)
		}
		ds.models = append(ds.models, m)
	}
	ds.truth, err = truth.ReadFile(filepath.Join(dir, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// shortPeriod returns start and end of a few days inside a campaign, for
// quick tests.
func shortPeriod(from string, days int) (time.Time, time.Time) {
	s, _ := time.Parse("2006-01-02", from)
	return s, s.Add(time.Duration(days-1) * 24 * time.Hour)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
