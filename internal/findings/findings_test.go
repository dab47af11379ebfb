package findings

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func valid() *Document {
	return &Document{
		Schema: Schema, GeneratedAt: "2026-11-26T00:00:00Z",
		Input: Input{Exchanges: 10, Accounts: 3, FirstTS: "2026-05-01T00:00:00Z", LastTS: "2026-05-02T00:00:00Z"},
		Campaigns: []Campaign{{
			ID: "c1", Score: 0.9, Accounts: []string{"a", "b"}, Exchanges: 8,
			FirstSeen: "2026-05-01T00:00:00Z", LastSeen: "2026-05-02T00:00:00Z",
			Capabilities: map[string]float64{"coding": 0.6, "agentic": 0.4},
			Indicators:   []Indicator{{Type: "client_fp", Value: "t13d", Accounts: 2}},
			Evidence:     []string{"x"},
		}},
		Accounts: []Account{{AccountID: "a", Score: 0.9, Campaign: "c1"}, {AccountID: "b", Score: 0.8, Campaign: "c1"}, {AccountID: "z", Score: 0.1}},
	}
}

func TestValidate(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatalf("valid document rejected: %v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(d *Document)
		want   string
	}{
		{"schema", func(d *Document) { d.Schema = "findings/v2" }, "schema"},
		{"time", func(d *Document) { d.Campaigns[0].FirstSeen = "yesterday" }, "RFC 3339"},
		{"capability key", func(d *Document) { d.Campaigns[0].Capabilities["long-horizon"] = 0 }, "unknown capability"},
		{"shares sum", func(d *Document) { d.Campaigns[0].Capabilities["coding"] = 0.9 }, "sum"},
		{"flagged account missing", func(d *Document) { d.Accounts = d.Accounts[1:] }, "not in the accounts list"},
		{"account in two campaigns", func(d *Document) {
			c := d.Campaigns[0]
			c.ID = "c2"
			c.Accounts = []string{"a"}
			d.Campaigns = append(d.Campaigns, c)
		}, "already in campaign"},
		{"campaign field disagrees", func(d *Document) { d.Accounts[2].Campaign = "c1" }, "puts it in"},
		{"nil lists", func(d *Document) { d.Campaigns = nil }, "must be a list"},
		{"empty indicator", func(d *Document) { d.Campaigns[0].Indicators[0].Value = "" }, "empty type or value"},
	} {
		d := valid()
		tc.mutate(d)
		err := d.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReadWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, valid()); err != nil {
		t.Fatal(err)
	}
	d, err := Read(strings.NewReader(b.String()))
	if err != nil || d.Campaigns[0].ID != "c1" {
		t.Fatalf("read back: %v", err)
	}
	bad := valid()
	bad.Schema = ""
	if err := Write(&b, bad); err == nil {
		t.Fatal("wrote an invalid document")
	}
}

// TestWriteMatchesEncoder pins Write's bytes to what json.Encoder with a
// two-space indent writes, which earlier versions used: readers and
// golden files see the same document, HTML escaping and final newline
// included.
func TestWriteMatchesEncoder(t *testing.T) {
	d := valid()
	d.Campaigns[0].Evidence = []string{"<script> & \u2028", "tab\there"}
	var got, want strings.Builder
	if err := Write(&got, d); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("Write:\n%s\nEncoder:\n%s", got.String(), want.String())
	}
}

// indentCases are compact JSON values as json.Marshal writes them, with
// the shapes indent must lay out as json.Indent does.
var indentCases = []string{
	`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[{}]}`, `[1,-2.5e-7,true,false,null]`,
	`{"s":"quote \" inside","t":"backslash \\","u":"\\\" both","v":"\\\\"}`,
	`{"html":"\u003cscript\u003e \u0026 \u2028","tab":"a\tb"}`,
	`"top"`, `12`, `{"a":1}` + "\n", `[[[]],[[1]],{"x":{"y":{"z":[]}}}]`,
	`{"k:,[]{}":"v:,[]{}"}`,
}

func TestIndentMatchesStdlib(t *testing.T) {
	for _, src := range indentCases {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(src), "", "  "); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := indent(nil, []byte(src)); string(got) != want.String() {
			t.Errorf("indent(%s):\n%s\nwant:\n%s", src, got, want.String())
		}
	}
}

// FuzzIndent holds indent to json.Indent on whatever valid JSON the fuzzer
// finds, once compacted as Marshal would write it.
func FuzzIndent(f *testing.F) {
	for _, src := range indentCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, in) != nil {
			return
		}
		src := compact.Bytes()
		var want bytes.Buffer
		if err := json.Indent(&want, src, "", "  "); err != nil {
			t.Fatalf("json.Indent rejected compact JSON: %v", err)
		}
		if got := indent(nil, src); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("indent(%q) = %q, want %q", src, got, want.Bytes())
		}
	})
}
