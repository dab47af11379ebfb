package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
)

// The wire shapes below are the parts of docs/api.md that replay relies on.
// Fields the server sends beyond these are ignored.

// IngestAnswer is the answer to POST /v1/exchanges, /v1/accounts and
// /v1/models: how many lines were accepted and the batch's journal position.
type IngestAnswer struct {
	Accepted int64 `json:"accepted"`
	Seq      int64 `json:"seq"`
}

// Status is the part of GET /v1/status replay reads: the journal position
// of the last batch applied to the detection state (what --sync waits on),
// and, to tell whether the state holds what was posted, the exchanges in
// it and the records the server set aside instead of applying (absent from
// servers that do not report them).
type Status struct {
	AppliedSeq int64            `json:"applied_seq"`
	Exchanges  *int64           `json:"exchanges"`
	SetAside   map[string]int64 `json:"set_aside"`
}

// Decision is one entry of GET /v1/decisions: a change of one account's
// decision. At and ExpiresAt are RFC 3339 times on the server's clock.
type Decision struct {
	Seq        int64    `json:"seq"`
	AccountID  string   `json:"account_id"`
	Action     string   `json:"action"` // allow, watch, shape, throttle or block
	Reasons    []string `json:"reasons,omitempty"`
	CampaignID string   `json:"campaign_id,omitempty"`
	Source     string   `json:"source,omitempty"`
	At         string   `json:"at"`
	ExpiresAt  string   `json:"expires_at,omitempty"`
}

// DecisionPage is the answer to GET /v1/decisions?since=SEQ&limit=N.
type DecisionPage struct {
	Decisions []Decision `json:"decisions"`
	Next      int64      `json:"next"`
}

// RoundAnswer is the answer to POST /v1/rounds: the server's latest
// detection round after the call, when it judged (RFC 3339, on the
// server's clock; empty if no round has run) and how many campaigns it
// found.
type RoundAnswer struct {
	Round     int64  `json:"round"`
	At        string `json:"at,omitempty"`
	Campaigns int    `json:"campaigns"`
}

// CheckRequest is the body of POST /v1/check: what a gateway knows of a
// request before serving it.
type CheckRequest struct {
	AccountID string `json:"account_id"`
	IP        string `json:"ip,omitempty"`
	ClientFP  string `json:"client_fp,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
	Prompt    string `json:"prompt,omitempty"`
}

// CheckAnswer is the part of the POST /v1/check answer replay counts.
type CheckAnswer struct {
	Action string `json:"action"`
}

// Actions a decision may carry.
const (
	ActionAllow    = "allow"
	ActionWatch    = "watch"
	ActionShape    = "shape"
	ActionThrottle = "throttle"
	ActionBlock    = "block"
)

// ServerError is a non-2xx answer from the server, with the server's own
// explanation and a hint at what to do.
type ServerError struct {
	Method   string
	Path     string
	Status   int    // HTTP status code
	Message  string // the "error" field of the server's JSON body, or the raw body
	Problems []Problem
	Hint     string // what to do, for a person; may be empty
}

// Problem is one rejected line the server reported.
type Problem struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// Error says which request failed, the server's message and reasons, and
// the hint.
func (e *ServerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: server answered %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	for i, p := range e.Problems {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more problems", len(e.Problems)-5)
			break
		}
		fmt.Fprintf(&b, "; line %d: %s", p.Line, p.Reason)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	return b.String()
}

// client speaks the v1 API of one server.
type client struct {
	base  string // without a trailing slash
	token string
	hc    *http.Client
}

// maxAnswerBytes bounds how much of an answer is read; decision pages are
// the largest answers replay asks for.
const maxAnswerBytes = 256 << 20

// do sends one request and decodes a 2xx JSON answer into out (when not
// nil). Any other answer becomes a *ServerError; a transport failure says
// how to start the server.
func (c *client) do(ctx context.Context, method, path, contentType string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("cannot build request %s %s: %w", method, path, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("cannot reach the server at %s: %v (is `distillguard serve --clock data` running at %s?)", c.base, err, c.base)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return fmt.Errorf("%s %s: cannot read the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return c.serverError(method, path, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the JSON docs/api.md describes: %v (body starts %q)", method, path, err, clip(data, 200))
	}
	return nil
}

// waitReady polls GET /readyz until it answers 200 or d has passed; a
// refused connection and a 503 (the server still replaying its journal)
// are waited out. With d 0 it returns at once.
func (c *client) waitReady(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	deadline := time.Now().Add(d)
	for {
		err := c.do(ctx, http.MethodGet, "/readyz", "", nil, nil)
		if err == nil || ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server was not ready within %s: %w", d, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// serverError turns a non-2xx answer into a *ServerError with a hint.
func (c *client) serverError(method, path string, status int, body []byte) error {
	e := &ServerError{Method: method, Path: path, Status: status}
	var eb struct {
		Error    string    `json:"error"`
		Problems []Problem `json:"problems"`
	}
	if json.Unmarshal(body, &eb) == nil && eb.Error != "" {
		e.Message, e.Problems = eb.Error, eb.Problems
	} else {
		e.Message = strings.TrimSpace(string(clip(body, 500)))
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Hint = "give the server's token with --token or DISTILLGUARD_TOKEN"
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		e.Hint = fmt.Sprintf("is `distillguard serve --clock data` (API v1) running at %s?", c.base)
	case status == http.StatusRequestEntityTooLarge:
		e.Hint = "lower --batch, or raise the server's --max-body"
	case status == http.StatusBadRequest:
		e.Hint = "the server rejected input that distillguard's own reader accepts; see the server's reasons above"
	case status/100 == 5:
		e.Hint = "see the server's log"
	}
	return e
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// postLines posts a JSON Lines body to path.
func (c *client) postLines(ctx context.Context, path string, body []byte) (IngestAnswer, error) {
	var a IngestAnswer
	err := c.do(ctx, http.MethodPost, path, "application/x-ndjson", body, &a)
	return a, err
}

// status reads GET /v1/status.
func (c *client) status(ctx context.Context) (Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, "/v1/status", "", nil, &s)
	return s, err
}

// decisions reads one page of GET /v1/decisions.
func (c *client) decisions(ctx context.Context, since int64, limit int) (DecisionPage, error) {
	var p DecisionPage
	path := "/v1/decisions?since=" + strconv.FormatInt(since, 10) + "&limit=" + strconv.Itoa(limit)
	err := c.do(ctx, http.MethodGet, path, "", nil, &p)
	return p, err
}

// round calls POST /v1/rounds: a detection round now.
func (c *client) round(ctx context.Context) (RoundAnswer, error) {
	var a RoundAnswer
	err := c.do(ctx, http.MethodPost, "/v1/rounds", "", nil, &a)
	return a, err
}

// campaigns reads GET /v1/campaigns, a findings/v1 document, and
// validates it as detect's output is.
func (c *client) campaigns(ctx context.Context) (*findings.Document, error) {
	var raw json.RawMessage
	if err := c.do(ctx, http.MethodGet, "/v1/campaigns", "", nil, &raw); err != nil {
		return nil, err
	}
	d, err := findings.Read(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("GET /v1/campaigns: the answer is not a valid findings/v1 document: %w", err)
	}
	return d, nil
}

// check calls POST /v1/check and returns the answer and its latency.
func (c *client) check(ctx context.Context, req *CheckRequest) (CheckAnswer, time.Duration, error) {
	var a CheckAnswer
	body, err := json.Marshal(req)
	if err != nil {
		return a, 0, fmt.Errorf("cannot encode a check: %w", err)
	}
	start := time.Now()
	err = c.do(ctx, http.MethodPost, "/v1/check", "application/json", body, &a)
	return a, time.Since(start), err
}

// errStalled is wrapped by waitApplied when the server stops applying.
var errStalled = errors.New("server stopped applying batches")
