// Package record holds the v1 data contracts of ../shared/spec/formats-v1.md
// as Go types: one exchange, one account, one model release, and the seven
// capability labels. Every stage of the pipeline speaks these types, so they
// carry no behaviour beyond encoding and small helpers.
//
// String fields of an Exchange produced by the readers alias the reader's
// buffers and are valid only until the batch callback returns; a stage that
// keeps a value must copy it (the dictionaries do).
package record

import "net/netip"

// Field is a bit set naming which optional fields an Exchange carries. Zero
// is a legal value of most integer fields, so presence is tracked apart from
// the value.
type Field uint32

// Optional exchange fields, one bit each.
const (
	HasRequestID Field = 1 << iota
	HasOrgID
	HasAPIKeyID
	HasIP
	HasASN
	HasUserAgent
	HasClientFP
	HasModel
	HasInputTokens
	HasOutputTokens
	HasMaxTokens
	HasTurns
	HasTools
	HasToolCalls
	HasImages
	HasThinking
	HasSystem
	HasPrompt
	HasResponse
	HasPromptSig
	HasStopReason
	HasStatus
)

// TextFields are the fields that zero-data-retention traffic leaves out.
const TextFields = HasSystem | HasPrompt | HasResponse

// Exchange is one API request and its response (contract §1).
type Exchange struct {
	TS           int64 // unix nanoseconds, UTC
	AccountID    string
	RequestID    string
	OrgID        string
	APIKeyID     string
	IP           netip.Addr
	ASN          int64
	UserAgent    string
	ClientFP     string
	Model        string
	InputTokens  int64
	OutputTokens int64
	MaxTokens    int64
	Turns        int64
	Tools        int64
	ToolCalls    int64
	Images       int64
	Thinking     bool
	System       string
	Prompt       string
	Response     string
	PromptSig    string
	StopReason   string
	Status       int64
	Has          Field
}

// Account is one row of the account table (contract §2). Times are unix
// nanoseconds; CreatedAt is zero when the row does not give it.
type Account struct {
	AccountID    string
	CreatedAt    int64
	OrgID        string
	EmailDomain  string
	PaymentFP    string
	Country      string
	SignupIP     netip.Addr
	Verification string
}

// ModelRelease is one row of the model release table (contract §3).
type ModelRelease struct {
	Model      string
	ReleasedAt int64 // unix nanoseconds
}

// Capability is one of the seven capability labels of the findings contract.
type Capability uint8

// The seven capability labels, in the order reports list them when shares tie.
const (
	General Capability = iota
	Coding
	Agentic
	LongHorizon
	Reasoning
	Grading
	Vision
	NumCapabilities
)

var capabilityNames = [NumCapabilities]string{
	General:     "general",
	Coding:      "coding",
	Agentic:     "agentic",
	LongHorizon: "long_horizon",
	Reasoning:   "reasoning",
	Grading:     "grading",
	Vision:      "vision",
}

// String returns the contract's key for c ("long_horizon", not "LongHorizon").
func (c Capability) String() string {
	if c < NumCapabilities {
		return capabilityNames[c]
	}
	return "unknown"
}

// ParseCapability maps a contract key back to its label; keys are exact.
func ParseCapability(s string) (Capability, bool) {
	for i, n := range capabilityNames {
		if n == s {
			return Capability(i), true
		}
	}
	return 0, false
}

// Capabilities lists every label, for loops and for validation.
func Capabilities() []Capability {
	out := make([]Capability, NumCapabilities)
	for i := range out {
		out[i] = Capability(i)
	}
	return out
}
