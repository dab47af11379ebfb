package server

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

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/distillguard/distillguard/internal/cluster"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/report"
)

// maxProblems is how many rejected lines an error answer lists.
const maxProblems = 20

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			writeJSON(w, 503, map[string]string{"status": "replaying the journal"})
			return
		}
		if s.j != nil {
			if err := s.j.Err(); err != nil {
				writeJSON(w, 503, map[string]string{"status": "the journal no longer accepts writes: " + err.Error() +
					"; ingest answers 503 until the server is restarted on a writable data directory"})
				return
			}
		}
		writeJSON(w, 200, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))

	v1 := http.NewServeMux()
	v1.HandleFunc("POST /v1/exchanges", s.ingest(online.KindExchanges))
	v1.HandleFunc("POST /v1/accounts", s.ingest(online.KindAccounts))
	v1.HandleFunc("POST /v1/models", s.ingest(online.KindModels))
	v1.HandleFunc("POST /v1/check", s.check)
	v1.HandleFunc("GET /v1/decisions", s.decisions)
	v1.HandleFunc("GET /v1/decisions/stream", s.decisionStream)
	v1.HandleFunc("POST /v1/decisions", s.operatorDecision)
	v1.HandleFunc("GET /v1/campaigns", s.campaigns)
	v1.HandleFunc("POST /v1/rounds", s.roundNow)
	v1.HandleFunc("GET /v1/campaigns/{id}", s.campaign)
	v1.HandleFunc("GET /v1/accounts/{id}", s.account)
	v1.HandleFunc("GET /v1/audit", s.audit)
	v1.HandleFunc("GET /v1/status", s.status)
	mux.Handle("/v1/", s.requireToken(v1))
	return s.deadlines(s.m.instrument(mux, s.log))
}

// writeJSON writes v with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiError is every error answer's shape.
type apiError struct {
	Error    string    `json:"error"`
	Problems []problem `json:"problems,omitempty"`
}

type problem struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{Error: msg})
}

// readBody reads a request body within the size limit, undoing gzip or
// zstd content encoding. Before reading it reserves the body's worst case
// from the memory budget (Content-Length, or MaxBody, for an identity body;
// the decompressed limit and the decoder for a compressed one) and answers
// 503 if that is spent, so concurrent bombs cannot add up; decompression
// reads incrementally and stops at the limit. release returns the
// reservation once the body is no longer needed.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (body []byte, release func(), ok bool) {
	enc := strings.ToLower(r.Header.Get("Content-Encoding"))
	var reserve, limit int64
	hint := int64(64 << 10) // the buffer to start with
	switch enc {
	case "", "identity":
		if r.ContentLength > s.cfg.MaxBody {
			refuse(w, http.StatusRequestEntityTooLarge, 0, fmt.Sprintf("body over %d bytes: send smaller batches", s.cfg.MaxBody))
			return nil, nil, false
		}
		limit, reserve = s.cfg.MaxBody, s.cfg.MaxBody
		if r.ContentLength >= 0 {
			reserve, hint = r.ContentLength, r.ContentLength
		}
	case "gzip", "zstd":
		limit, reserve = 4*s.cfg.MaxBody, compressedReserve(s.cfg.MaxBody, enc)
		hint = max(hint, 4*r.ContentLength)
	default:
		refuse(w, http.StatusUnsupportedMediaType, 0, "unsupported Content-Encoding "+enc+": send identity, gzip or zstd")
		return nil, nil, false
	}
	if !s.mem.tryAcquire(reserve) {
		s.refusals.WithLabelValues("memory_budget").Inc()
		refuse(w, http.StatusServiceUnavailable, retryAfter, "the server is reading as many batches as its memory budget allows: retry shortly")
		return nil, nil, false
	}
	free := func() { s.mem.release(reserve) }
	defer func() {
		if !ok {
			free()
		}
	}()
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	var rd io.Reader = r.Body
	switch enc {
	case "gzip":
		z, err := gzip.NewReader(r.Body)
		if err != nil {
			s.bodyError(w, err, "Content-Encoding says gzip but the body is not gzip: ")
			return nil, nil, false
		}
		defer z.Close()
		rd = z
	case "zstd":
		z, err := zstd.NewReader(r.Body, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderMaxWindow(uint64(min(zstdMaxWindow, limit))))
		if err != nil {
			s.bodyError(w, err, "Content-Encoding says zstd but the body is not zstd: ")
			return nil, nil, false
		}
		defer z.Close()
		rd = z
	}
	body, err := readAtMost(rd, limit, hint)
	switch {
	case errors.Is(err, errTooLarge) && limit > s.cfg.MaxBody:
		refuse(w, http.StatusRequestEntityTooLarge, 0, fmt.Sprintf("body decompresses to over %d bytes: send smaller batches", limit))
		return nil, nil, false
	case err != nil:
		s.bodyError(w, err, "cannot read the body: ")
		return nil, nil, false
	}
	return body, free, true
}

// bodyError answers a failed body read: 413 past MaxBody, 408 for a body
// that came too slowly, else 400 with prefix and the error. The connection
// is closed, whatever of the body is left unread.
func (s *Server) bodyError(w http.ResponseWriter, err error, prefix string) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe), errors.Is(err, errTooLarge):
		refuse(w, http.StatusRequestEntityTooLarge, 0, fmt.Sprintf("body over %d bytes: send smaller batches", s.cfg.MaxBody))
	case errors.Is(err, zstd.ErrDecoderSizeExceeded), errors.Is(err, zstd.ErrWindowSizeExceeded):
		refuse(w, http.StatusRequestEntityTooLarge, 0, fmt.Sprintf("zstd body needs over %d bytes to decompress (its size or window): send smaller batches, compressed with a window of at most %d bytes", 4*s.cfg.MaxBody, min(zstdMaxWindow, 4*s.cfg.MaxBody)))
	case errors.Is(err, errSlowBody):
		s.refusals.WithLabelValues("slow_body").Inc()
		refuse(w, http.StatusRequestTimeout, 0, err.Error()+": send the batch faster, or smaller")
	default:
		refuse(w, http.StatusBadRequest, 0, prefix+err.Error())
	}
}

// errTooLarge: a body past its limit.
var errTooLarge = errors.New("body over the limit")

// readAtMost reads rd to its end if that is at most limit bytes, growing
// its buffer from hint without ever holding more than limit+1 bytes of
// capacity: a compressed bomb is cut at the limit.
func readAtMost(rd io.Reader, limit, hint int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(hint, 512), limit)+1)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, errTooLarge
			}
			grown := make([]byte, len(buf), min(int64(2*cap(buf)), limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ingestResult is a successful ingest answer.
type ingestResult struct {
	Accepted int    `json:"accepted"`
	Seq      uint64 `json:"seq"`
}

// ingest validates a batch, journals it, and acknowledges it once durable.
// A batch is all or nothing: one malformed line rejects it, so a client
// can resend the batch after fixing it without duplicating the good lines.
func (s *Server) ingest(kind online.Kind) http.HandlerFunc {
	name := kindNames[kind]
	return func(w http.ResponseWriter, r *http.Request) {
		// A slot before any byte of the body is read: a flood of slow
		// batches holds at most MaxIngest connections and leaves the rest
		// to /v1/check.
		select {
		case s.ingestSlots <- struct{}{}:
			defer func() { <-s.ingestSlots }()
		default:
			s.refusals.WithLabelValues("ingest_slots").Inc()
			s.m.batches.WithLabelValues(name, "rejected").Inc()
			refuse(w, http.StatusServiceUnavailable, retryAfter, fmt.Sprintf("the server is reading %d batches already: retry shortly", cap(s.ingestSlots)))
			return
		}
		body, release, ok := s.readBody(w, r)
		if !ok {
			s.m.batches.WithLabelValues(name, "rejected").Inc()
			return
		}
		defer release()
		// One batch is validated at a time: ingest then never holds both
		// cores, and /v1/check, which gateways wait on, finds one free.
		s.validating <- struct{}{}
		payload, n, keys, probs, err := normalise(body, kind, s.nc != nil && kind != online.KindModels, s.latest())
		<-s.validating
		if err != nil || len(probs) > 0 {
			s.m.batches.WithLabelValues(name, "rejected").Inc()
			msg := ""
			if err != nil {
				msg = err.Error()
			} else {
				msg = fmt.Sprintf("%d of %d lines are malformed; nothing was stored: fix them and resend the batch", len(probs), n)
			}
			writeJSON(w, http.StatusBadRequest, apiError{Error: msg, Problems: probs[:min(len(probs), maxProblems)]})
			return
		}
		if n == 0 {
			s.m.batches.WithLabelValues(name, "rejected").Inc()
			writeError(w, http.StatusBadRequest, "the body has no "+name+": send JSON Lines or a JSON array")
			return
		}
		if eng := s.engine(); eng != nil && eng.Full() {
			if acct, ok := eng.NewAccount(kind, payload); ok {
				s.m.batches.WithLabelValues(name, "rejected").Inc()
				w.Header().Set("Retry-After", "3600")
				writeError(w, http.StatusServiceUnavailable, fmt.Sprintf(
					"this server tracks its maximum of %d accounts (serve --max-accounts) and the batch adds a new one (%s); nothing was stored. "+
						"Batches of known accounts are still accepted; raise --max-accounts within the memory budget (docs/operations.md)",
					s.cfg.Engine.MaxAccounts, report.Printable(acct)))
				return
			}
		}
		seq, err := s.persist(r.Context(), kind, payload, keys)
		if err != nil {
			s.log.Error("journal append failed", "err", err)
			writeError(w, http.StatusServiceUnavailable, "cannot make the batch durable: "+err.Error()+"; retry later")
			return
		}
		s.notify()
		s.m.batches.WithLabelValues(name, "accepted").Inc()
		s.m.records.WithLabelValues(name).Add(float64(n))
		writeJSON(w, 200, ingestResult{Accepted: n, Seq: seq})
	}
}

// normalise turns a body of JSON Lines or a JSON array into JSON Lines,
// checking every record with the same framing and decoder detect uses, and
// refusing exchanges dated after latest (unix ns; 0: no bound). It returns
// the lines, how many records there were, with keyed the cluster.AccountKey
// of each record's account (so the cluster publisher need not decode them
// again), and the malformed ones.
func normalise(body []byte, kind online.Kind, keyed bool, latest int64) ([]byte, int, []uint64, []problem, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, 0, nil, nil, fmt.Errorf("the body starts with [ but is not a JSON array: %v", err)
		}
		var buf bytes.Buffer
		for _, it := range items {
			if err := json.Compact(&buf, it); err != nil {
				return nil, 0, nil, nil, err
			}
			buf.WriteByte('\n')
		}
		body = buf.Bytes()
	}
	var d ingest.Decoder
	var ex record.Exchange
	var ac record.Account
	var mo record.ModelRelease
	var probs []problem
	var keys []uint64
	n := 0
	ingest.Lines(body, func(lineNo int64, line []byte) {
		n++
		d.Reset(0)
		le := ingest.LineTooLong(line)
		switch {
		case le != nil:
			if keyed {
				keys = append(keys, 0)
			}
		case kind == online.KindExchanges:
			ex = record.Exchange{}
			le = d.DecodeExchange(line, &ex)
			if le == nil && latest != 0 && ex.TS > latest {
				le = &ingest.LineError{Reason: ingest.ReasonBadTimestamp, Detail: fmt.Sprintf(
					"ts %s is later than %s, this server's wall clock plus the tolerated skew (serve --max-skew): fix the sender's clock",
					record.FormatTime(ex.TS), record.FormatTime(latest))}
			}
			if keyed {
				keys = append(keys, cluster.AccountKey(ex.AccountID))
			}
		case kind == online.KindAccounts:
			ac = record.Account{}
			le = d.DecodeAccount(line, &ac)
			if keyed {
				keys = append(keys, cluster.AccountKey(ac.AccountID))
			}
		case kind == online.KindModels:
			mo = record.ModelRelease{}
			le = d.DecodeModel(line, &mo)
		}
		if le != nil {
			probs = append(probs, problem{Line: lineNo, Reason: le.Error()})
		}
	})
	return body, n, keys, probs, nil
}

// smallBody is the size up to which a JSON request body (a check, an
// operator decision) is read without a reservation from the memory budget:
// what a gateway sends on every request. A larger or chunked one reserves
// its worst case first, so thousands of 1 MiB checks cannot take the
// memory that ingest bodies are denied.
const (
	smallBody    = 64 << 10
	maxJSONBody  = 1 << 20
	jsonReserved = 2 * maxJSONBody // the body and the decoder's copy of it
)

// jsonBody bounds r's body to maxJSONBody and, past smallBody, reserves
// memory for it; it answers 503 and returns false when the budget is
// spent. The caller calls release when done with the body.
func (s *Server) jsonBody(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if r.ContentLength >= 0 && r.ContentLength <= smallBody {
		return func() {}, true
	}
	if !s.mem.tryAcquire(jsonReserved) {
		s.refusals.WithLabelValues("memory_budget").Inc()
		refuse(w, http.StatusServiceUnavailable, retryAfter, fmt.Sprintf(
			"the memory budget is spent and this body is over %d bytes or of unknown length: retry shortly, or send less (a check needs only account_id, ip, client_fp, user_agent)", smallBody))
		return nil, false
	}
	return func() { s.mem.release(jsonReserved) }, true
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	release, ok := s.jsonBody(w, r)
	if !ok {
		return
	}
	defer release()
	var req online.CheckRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be a JSON object with account_id: "+err.Error())
		return
	}
	if req.AccountID == "" {
		writeError(w, http.StatusBadRequest, "account_id is required")
		return
	}
	if p := ingest.AccountIDProblem(req.AccountID); p != nil {
		writeError(w, http.StatusBadRequest, p.Error())
		return
	}
	ans := s.checkRequest(req)
	writeJSON(w, 200, ans)
	s.m.checks.WithLabelValues(ans.Action.String()).Inc()
	s.m.checkSeconds.Observe(time.Since(t0).Seconds())
}

func uintParam(r *http.Request, name string, def uint64) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s must be a non-negative integer, not %q", name, v)
	}
	return n, nil
}

// decisionPage is the answer of GET /v1/decisions.
type decisionPage struct {
	Decisions []online.Decision `json:"decisions"`
	Next      uint64            `json:"next"`
	Reset     bool              `json:"reset,omitempty"`
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	since, err := uintParam(r, "since", 0)
	if err != nil {
		writeError(w, 400, err.Error())
		return
	}
	limit, err := uintParam(r, "limit", 10000)
	if err != nil {
		writeError(w, 400, err.Error())
		return
	}
	ds, reset, _ := s.dec.Since(since, int(min(limit, 100000)))
	next := since
	if reset {
		next = 0
	}
	if len(ds) > 0 {
		next = ds[len(ds)-1].Seq
	}
	if ds == nil {
		ds = []online.Decision{}
	}
	writeJSON(w, 200, decisionPage{Decisions: ds, Next: next, Reset: reset})
}

// decisionStream writes decisions as JSON Lines as they are made, with a
// heartbeat line every 15 s so proxies keep the connection open.
func (s *Server) decisionStream(w http.ResponseWriter, r *http.Request) {
	since, err := uintParam(r, "since", 0)
	if err != nil {
		writeError(w, 400, err.Error())
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, 500, "streaming is not supported by this connection")
		return
	}
	// The stream lasts: each write gets its own deadline, so a gateway
	// that stops reading is dropped and one that reads is never cut.
	rc := http.NewResponseController(w)
	writing := func() { rc.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout)) }
	w.Header().Set("Content-Type", "application/x-ndjson")
	writing()
	w.WriteHeader(200)
	enc := json.NewEncoder(w)
	hb := time.NewTicker(15 * time.Second)
	defer hb.Stop()
	for {
		ds, reset, wake := s.dec.Since(since, 10000)
		if reset {
			since = 0
		}
		writing()
		for _, d := range ds {
			if enc.Encode(d) != nil {
				return
			}
			since = d.Seq
		}
		fl.Flush()
		if len(ds) == 10000 {
			continue
		}
		select {
		case <-r.Context().Done():
			return
		case <-wake:
		case t := <-hb.C:
			writing()
			if enc.Encode(map[string]string{"heartbeat": t.UTC().Format(time.RFC3339)}) != nil {
				return
			}
			fl.Flush()
		}
	}
}

// operatorRequest is the body of POST /v1/decisions. Action and the TTL
// are read so that a missing or out-of-range value is told apart from a
// zero one; actor is read only to refuse it.
type operatorRequest struct {
	AccountID  string          `json:"account_id"`
	Action     *online.Action  `json:"action"`
	Reason     string          `json:"reason"`
	TTLSeconds json.Number     `json:"ttl_seconds"`
	ExpiresAt  *time.Time      `json:"expires_at"`
	Actor      json.RawMessage `json:"actor"`
}

// operatorDecision records an operator's decision through the journal, so
// it survives restarts and replays in order with the traffic, and answers
// once it is in force: 200 with the decision, or 503 if it is journaled
// but not yet applied (the journal is still being replayed, or the applier
// is behind), so the operator knows it is not yet enforced.
func (s *Server) operatorDecision(w http.ResponseWriter, r *http.Request) {
	release, ok := s.jsonBody(w, r)
	if !ok {
		return
	}
	defer release()
	var req operatorRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if errors.Is(err, errSlowBody) {
			s.bodyError(w, err, "")
			return
		}
		writeError(w, 400, "the body must be a JSON object with account_id, action, reason and ttl_seconds or expires_at: "+err.Error())
		return
	}
	ttlRange := fmt.Sprintf("1 to %d (%s)", online.MaxTTLSeconds, "365 days")
	idProblem := ingest.AccountIDProblem(req.AccountID)
	switch {
	case req.AccountID == "":
		writeError(w, 400, "account_id is required")
		return
	case idProblem != nil:
		writeError(w, 400, idProblem.Error())
		return
	case req.Action == nil:
		writeError(w, 400, "action is required: allow, watch, throttle or block")
		return
	case strings.TrimSpace(req.Reason) == "":
		writeError(w, 400, "reason is required: the audit log records why")
		return
	case len(req.Actor) > 0:
		writeError(w, 400, "actor is not accepted: the audit log records the principal of the bearer token the request carries (name a token NAME:SECRET in --token)")
		return
	case req.TTLSeconds != "" && req.ExpiresAt != nil:
		writeError(w, 400, "give ttl_seconds or expires_at, not both")
		return
	case req.TTLSeconds == "" && req.ExpiresAt == nil:
		writeError(w, 400, "give ttl_seconds ("+ttlRange+") or expires_at")
		return
	}
	now := s.now()
	var exp time.Time
	if req.TTLSeconds != "" {
		ttl, err := strconv.ParseInt(req.TTLSeconds.String(), 10, 64)
		if err != nil || ttl < 1 || ttl > online.MaxTTLSeconds {
			writeError(w, 400, fmt.Sprintf("ttl_seconds must be a whole number of seconds from %s, not %s", ttlRange, req.TTLSeconds))
			return
		}
		exp = now.Add(time.Duration(ttl) * time.Second)
	} else {
		exp = *req.ExpiresAt
		if !exp.After(now) || exp.After(now.Add(online.MaxDecisionTTL)) {
			writeError(w, 400, fmt.Sprintf("expires_at must be in the future and at most 365 days from now (%s), not %s", now.Format(time.RFC3339), exp.Format(time.RFC3339)))
			return
		}
	}
	actor := principal(r.Context())
	d := online.Decision{AccountID: req.AccountID, Action: *req.Action, Reasons: []string{req.Reason},
		Source: online.SourceOperator, At: now, Expires: exp.UTC(), Actor: actor}
	payload, _ := json.Marshal(d)
	if _, err := s.persist(r.Context(), online.KindOperator, payload, nil); err != nil {
		writeError(w, 503, "cannot record the decision: "+err.Error())
		return
	}
	s.log.Info("operator decision", "account", d.AccountID, "action", d.Action.String(), "actor", actor, "reason", req.Reason)
	// Answer once it is in force here: applied from the journal, or
	// mirrored back from the cluster's decisions bucket.
	inForce := func() bool {
		got := s.dec.Get(req.AccountID, s.now())
		return got.Source == online.SourceOperator && got.At.Equal(d.At) && got.Expires.Equal(d.Expires) && got.Action == d.Action
	}
	s.awaitApplier(r.Context(), func() bool { return !s.ready.Load() || inForce() })
	if !s.ready.Load() || !inForce() {
		why := "the server is replaying its journal"
		if s.ready.Load() {
			why = fmt.Sprintf("it was not applied within %s", s.applyWait)
		}
		w.Header().Set("Retry-After", "5")
		writeError(w, 503, "the decision is journaled and will take effect once replay catches up, but is not in force yet: "+why+"; GET /v1/audit or /v1/status shows when it is")
		return
	}
	writeJSON(w, 200, s.dec.Get(req.AccountID, s.now()))
}

// awaitApplier polls done until it holds, applyWait has passed or the
// request is gone: how a handler waits for the applier to catch up with
// what it journaled.
func (s *Server) awaitApplier(ctx context.Context, done func() bool) {
	deadline := time.Now().Add(s.applyWait)
	for !done() && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
}

// forming returns the engine that forms campaigns here, or answers 503:
// in a cluster only the leader holds it.
func (s *Server) forming(w http.ResponseWriter) *online.Engine {
	eng := s.engine()
	if eng == nil {
		writeError(w, http.StatusServiceUnavailable, "this instance does not form campaigns (the cluster's leader does): ask another instance")
	}
	return eng
}

func (s *Server) campaigns(w http.ResponseWriter, r *http.Request) {
	if eng := s.forming(w); eng != nil {
		writeJSON(w, 200, eng.Snapshot().Findings)
	}
}

// maxRoundBody bounds the body of POST /v1/rounds, which has nothing to
// say: an empty body or {} is all a client sends.
const maxRoundBody = 1 << 10

// roundAnswer is the answer of POST /v1/rounds: the latest round after the
// call, when it judged (on the engine's clock), and how many campaigns it
// found (GET /v1/campaigns lists them).
type roundAnswer struct {
	Round     uint64 `json:"round"`
	At        string `json:"at,omitempty"`
	Campaigns int    `json:"campaigns"`
}

// roundNow runs a detection round at once, on everything the journal held
// when the request came: it first waits (up to applyWait) for the applier
// to reach the journal's last seq, so a client that has its batches
// acknowledged gets a round that judged them. In a cluster the leader
// rounds on the rows it has consumed so far: JetStream gives no cheap
// bound to wait for (docs/api.md says so). Rounds requested at once run
// one after another.
func (s *Server) roundNow(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRoundBody)
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			refuse(w, http.StatusRequestEntityTooLarge, 0, fmt.Sprintf("POST /v1/rounds takes no body (at most %d bytes, ignored)", maxRoundBody))
			return
		}
		s.bodyError(w, err, "cannot read the body: ")
		return
	}
	eng := s.forming(w)
	if eng == nil {
		return
	}
	if s.j != nil {
		want := s.j.LastSeq()
		s.awaitApplier(r.Context(), func() bool { return eng.Applied() >= want })
		if got := eng.Applied(); got < want {
			why := fmt.Sprintf("the applier is at seq %d of %d after %s", got, want, s.applyWait)
			if !s.ready.Load() {
				why = fmt.Sprintf("the server is replaying its journal (seq %d of %d)", got, want)
			}
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, "no round was run: "+why+"; a round now would miss acknowledged batches. Retry, or wait until GET /v1/status shows applied_seq at journaled_seq")
			return
		}
	}
	select {
	case s.rounding <- struct{}{}:
		defer func() { <-s.rounding }()
	case <-r.Context().Done():
		return
	}
	eng.Round()
	// A round on a large state may outlast the write deadline the request
	// began with; the answer gets its own.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
	snap := eng.Snapshot()
	ans := roundAnswer{Round: snap.Round, Campaigns: len(snap.Findings.Campaigns)}
	if !snap.At.IsZero() {
		ans.At = snap.At.UTC().Format(time.RFC3339)
	}
	writeJSON(w, 200, ans)
}

func (s *Server) campaign(w http.ResponseWriter, r *http.Request) {
	eng := s.forming(w)
	if eng == nil {
		return
	}
	id := r.PathValue("id")
	for _, c := range eng.Snapshot().Findings.Campaigns {
		if c.ID == id {
			writeJSON(w, 200, c)
			return
		}
	}
	writeError(w, 404, "no campaign "+id+" in the latest detection round; GET /v1/campaigns lists them")
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	eng := s.forming(w)
	if eng == nil {
		return
	}
	v, ok := eng.Account(r.PathValue("id"))
	if !ok {
		writeError(w, 404, "no exchange or decision for account "+r.PathValue("id"))
		return
	}
	writeJSON(w, 200, v)
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	since, err := uintParam(r, "since", 0)
	if err != nil {
		writeError(w, 400, err.Error())
		return
	}
	a := s.dec.Audit(since)
	if a == nil {
		a = []online.Decision{}
	}
	writeJSON(w, 200, map[string]any{"audit": a})
}

// Status is the answer of GET /v1/status.
type Status struct {
	online.Stats
	JournaledSeq uint64 `json:"journaled_seq"`
	Lag          uint64 `json:"lag"`
	Ready        bool   `json:"ready"`
	Cluster      bool   `json:"cluster"`
	Forming      bool   `json:"forming"` // this instance forms campaigns (always, outside a cluster)
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st := Status{JournaledSeq: s.journaled(), Ready: s.ready.Load(), Cluster: s.nc != nil}
	if eng := s.engine(); eng != nil {
		st.Stats = eng.Stats()
		st.Forming = true
	}
	if st.JournaledSeq > st.Applied {
		st.Lag = st.JournaledSeq - st.Applied
	}
	writeJSON(w, 200, st)
}
