package cluster

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// PutDecision stores value as the decision for accountID in the decisions
// bucket (key DecisionKey(accountID)), replacing the previous one.
func (c *Conn) PutDecision(ctx context.Context, accountID string, value []byte) error {
	key, err := DecisionKey(accountID)
	if err != nil {
		return fmt.Errorf("cannot put decision: %w", err)
	}
	if _, err := c.decisions.Put(ctx, key, value); err != nil {
		return fmt.Errorf("cannot put decision for %q: %w", accountID, err)
	}
	return nil
}

// DeleteDecision removes the decision for accountID; watchers see it with
// deleted set.
func (c *Conn) DeleteDecision(ctx context.Context, accountID string) error {
	key, err := DecisionKey(accountID)
	if err != nil {
		return fmt.Errorf("cannot delete decision: %w", err)
	}
	if err := c.decisions.Delete(ctx, key); err != nil {
		return fmt.Errorf("cannot delete decision for %q: %w", accountID, err)
	}
	return nil
}

// Decision returns the decision stored for accountID, or nil if there is none.
func (c *Conn) Decision(ctx context.Context, accountID string) ([]byte, error) {
	key, err := DecisionKey(accountID)
	if err != nil {
		return nil, fmt.Errorf("cannot get decision: %w", err)
	}
	e, err := c.decisions.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot get decision for %q: %w", accountID, err)
	}
	return e.Value(), nil
}

// WatchDecisions calls f with the current decision of every account, then
// with every change, until ctx is done (it then returns nil). f runs on one
// goroutine, in bucket order; a deletion comes with deleted set and a nil
// value. The watch survives reconnects; it returns an error only if the
// connection is closed or the watch cannot start.
func (c *Conn) WatchDecisions(ctx context.Context, f func(accountID string, value []byte, deleted bool)) error {
	w, err := c.decisions.WatchAll(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("cannot watch decisions: %w", err)
	}
	defer func() { _ = w.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("cannot watch decisions: watcher closed")
			}
			if e == nil { // end of the initial values
				continue
			}
			id, err := AccountFromKey(e.Key())
			if err != nil {
				c.log.Warn("foreign key in decisions bucket", "key", e.Key())
				continue
			}
			if e.Operation() != jetstream.KeyValuePut {
				f(id, nil, true)
				continue
			}
			f(id, e.Value(), false)
		}
	}
}
