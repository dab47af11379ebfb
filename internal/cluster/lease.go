package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Keys of the lease bucket.
const (
	leaderKey    = "leader"
	workerPrefix = "worker."
	partPrefix   = "part."
)

// errLeaseLost says a lease was taken over, deleted, or could not be renewed
// in time.
var errLeaseLost = errors.New("lease lost")

// lease is one key of the lease bucket held by this process.
type lease struct {
	c   *Conn
	key string
	id  string
	rev uint64
	// validUntil is when the holder must consider the lease gone if it has
	// not been renewed: three quarters of the TTL after the last successful
	// write was sent, so that the holder gives up before the server expires
	// the key and another process can take it.
	validUntil time.Time
}

// tick is how often leases are renewed and free ones looked for.
func (c *Conn) tick() time.Duration { return c.cfg.LeaseTTL / 6 }

// opTimeout bounds one lease operation.
func (c *Conn) opTimeout() time.Duration { return max(c.cfg.LeaseTTL/3, time.Second) }

// acquire creates key holding id if the key is absent. A key that already
// holds id is ours too (a create or update whose answer was lost, or a lease
// this process gave up on locally while the server kept it): it is taken
// back with a revision-checked update.
func (c *Conn) acquire(ctx context.Context, key, id string) (*lease, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opTimeout())
	defer cancel()
	sent := time.Now()
	rev, err := c.leases.Create(ctx, key, []byte(id))
	if errors.Is(err, jetstream.ErrKeyExists) {
		if cur, ok := c.ours(ctx, key, id); ok {
			sent = time.Now()
			rev, err = c.leases.Update(ctx, key, []byte(id), cur)
		}
	}
	if err != nil {
		return nil, err
	}
	return &lease{
		c:          c,
		key:        key,
		id:         id,
		rev:        rev,
		validUntil: sent.Add(c.cfg.LeaseTTL * 3 / 4),
	}, nil
}

// ours returns the revision of key if it currently holds id, as the stream
// leader sees it.
func (c *Conn) ours(ctx context.Context, key, id string) (uint64, bool) {
	e, err := c.readLease(ctx, key)
	if err != nil || e == nil || string(e.value) != id {
		return 0, false
	}
	return e.rev, true
}

// renew extends the lease. It returns errLeaseLost when the key changed
// under us or when the lease could not be renewed before validUntil; other
// errors are transient and the lease is still ours.
func (l *lease) renew(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sent := time.Now()
	rev, err := l.c.leases.Update(ctx, l.key, []byte(l.id), l.rev)
	switch {
	case err == nil:
		l.rev = rev
		l.validUntil = sent.Add(l.c.cfg.LeaseTTL * 3 / 4)
		return nil
	case errors.Is(err, jetstream.ErrKeyRevisionMismatch) && !l.expired():
		// Our previous renewal may have been applied with its answer lost:
		// then the key holds our id at a later revision. Adopt it; the next
		// renewal extends the lease.
		if rev, ok := l.c.ours(ctx, l.key, l.id); ok {
			l.rev = rev
			return nil
		}
		return fmt.Errorf("%w: %s: %v", errLeaseLost, l.key, err)
	case errors.Is(err, jetstream.ErrKeyRevisionMismatch), errors.Is(err, jetstream.ErrKeyNotFound):
		return fmt.Errorf("%w: %s: %v", errLeaseLost, l.key, err)
	case time.Now().After(l.validUntil):
		return fmt.Errorf("%w: %s not renewed in time: %v", errLeaseLost, l.key, err)
	}
	return err
}

// expired reports whether the lease must be considered gone.
func (l *lease) expired() bool { return time.Now().After(l.validUntil) }

// release deletes the key if it is still ours. It runs after the holder's
// context is done, so it uses its own.
func (l *lease) release(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := l.c.leases.Delete(ctx, l.key, jetstream.LastRevision(l.rev))
	if errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		if rev, ok := l.c.ours(ctx, l.key, l.id); ok {
			err = l.c.leases.Delete(ctx, l.key, jetstream.LastRevision(rev))
		}
	}
	return err
}

// Lead runs run while this process holds the leader lease, and competes for
// the lease again whenever run stops because the lease was lost. At most one
// process of the cluster holds the lease at a time; the others poll for it
// every LeaseTTL/6 and take it over within about one LeaseTTL after the
// holder died, or at the next poll after it released the lease.
//
// When the lease is lost (taken over, or not renewed in time because this
// process is cut off) run's context is cancelled; run must then return
// promptly. Lead returns nil when ctx is done, after run returned and the
// lease was released; run's error when run returns by itself (the lease is
// released first); or an error when the connection was closed. Leadership
// is timing based: a process cut off from the cluster gives up the lease
// after three quarters of LeaseTTL without a renewal, before the server
// expires it, but a stalled process (GC pause, suspended VM) can still
// overlap with its successor, so run's writes should be revision checked.
func (c *Conn) Lead(ctx context.Context, id string, run func(ctx context.Context) error) error {
	if !tokenRE.MatchString(id) {
		return fmt.Errorf("cannot lead: invalid id %q", id)
	}
	for {
		if c.closed() {
			return fmt.Errorf("cannot lead: %w", errClosed)
		}
		l, err := c.acquire(ctx, leaderKey, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if !errors.Is(err, jetstream.ErrKeyExists) {
				c.log.Debug("cannot acquire leader lease", "id", id, "err", err)
			}
			sleep(ctx, c.tick())
			if ctx.Err() != nil {
				return nil
			}
			continue
		}
		c.log.Info("leader lease acquired", "id", id)
		lost, err := c.hold(ctx, l, run)
		if !lost {
			return err
		}
		c.log.Warn("leader lease lost", "id", id)
	}
}

// hold runs run under lease l. It returns lost=true when the lease was lost
// (run has returned); otherwise the lease is released and it returns what
// Lead should return.
func (c *Conn) hold(ctx context.Context, l *lease, run func(ctx context.Context) error) (lost bool, err error) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(rctx) }()
	ticker := time.NewTicker(c.tick())
	defer ticker.Stop()
	expiry := time.NewTimer(time.Until(l.validUntil))
	defer expiry.Stop()
	for {
		select {
		case err := <-done:
			if rerr := l.release(2 * c.opTimeout()); rerr != nil && !c.closed() {
				c.log.Warn("cannot release leader lease", "err", rerr)
			}
			if ctx.Err() != nil {
				return false, nil
			}
			if c.closed() {
				return false, fmt.Errorf("cannot lead: %w", errClosed)
			}
			return false, err
		case <-ticker.C:
			err := l.renew(ctx, c.opTimeout())
			if err == nil {
				expiry.Reset(time.Until(l.validUntil))
				continue
			}
			if !errors.Is(err, errLeaseLost) {
				continue
			}
		case <-expiry.C:
			if !l.expired() {
				expiry.Reset(time.Until(l.validUntil))
				continue
			}
		}
		// Lost: stop run and wait for it.
		cancel()
		<-done
		if c.closed() {
			return false, fmt.Errorf("cannot lead: %w", errClosed)
		}
		if ctx.Err() != nil {
			return false, nil
		}
		return true, nil
	}
}

// leaseEntry is the current state of one lease key.
type leaseEntry struct {
	value []byte
	rev   uint64
}

// readLease reads key from the lease bucket's stream leader. The KV Get of
// nats.go may be answered by any replica ("direct get") and so may return a
// value that was already replaced or deleted; lease decisions need the
// leader's view. It returns nil for an absent or deleted key.
func (c *Conn) readLease(ctx context.Context, key string) (*leaseEntry, error) {
	stream := "KV_" + c.cfg.Prefix + "_leases"
	req, err := json.Marshal(map[string]string{"last_by_subj": "$KV." + c.cfg.Prefix + "_leases." + key})
	if err != nil {
		return nil, err
	}
	msg, err := c.nc.RequestWithContext(ctx, "$JS.API.STREAM.MSG.GET."+stream, req)
	if err != nil {
		return nil, fmt.Errorf("cannot read lease %s: %w", key, err)
	}
	var resp struct {
		Error *struct {
			Code        int                 `json:"code"`
			ErrCode     jetstream.ErrorCode `json:"err_code"`
			Description string              `json:"description"`
		} `json:"error"`
		Message *struct {
			Seq    uint64 `json:"seq"`
			Header []byte `json:"hdrs"`
			Data   []byte `json:"data"`
		} `json:"message"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err != nil {
		return nil, fmt.Errorf("cannot read lease %s: %w", key, err)
	}
	if resp.Error != nil {
		if resp.Error.ErrCode == jetstream.JSErrCodeMessageNotFound {
			return nil, nil
		}
		return nil, fmt.Errorf("cannot read lease %s: %s (%d)", key, resp.Error.Description, resp.Error.ErrCode)
	}
	if resp.Message == nil {
		return nil, nil
	}
	// Only delete and purge markers carry the KV-Operation header.
	if bytes.Contains(resp.Message.Header, []byte("KV-Operation")) {
		return nil, nil
	}
	return &leaseEntry{value: resp.Message.Data, rev: resp.Message.Seq}, nil
}
