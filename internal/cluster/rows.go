package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ConsumeRows calls h with the rows stream's messages in stream order through
// the durable consumer named durable, until ctx is done or h fails.
//
// With from == 0 it resumes after the last message the durable acknowledged
// (from the start of the stream for a new durable). With from > 0 it starts
// at stream sequence from, rewinding or skipping the durable as needed; this
// is what a forming stage restored from a checkpoint taken at sequence s
// passes (from = s+1), since its predecessor may have acknowledged rows
// that the checkpoint does not hold.
//
// A message is acknowledged when h returns nil, so delivery is at least once
// and h may see a row again after a failure; the durable has at most one
// unacknowledged message, so rows are never delivered out of order. When h
// fails, the message is handed back for redelivery and ConsumeRows returns
// h's error. It returns nil when ctx is done (letting a pull in progress
// finish, so up to two seconds later) and an error if the connection was
// closed.
func (c *Conn) ConsumeRows(ctx context.Context, durable string, from uint64, h func(seq uint64, data []byte) error) error {
	if !tokenRE.MatchString(durable) {
		return fmt.Errorf("cannot consume rows: invalid durable name %q", durable)
	}
	var cons jetstream.Consumer
	err := retry(ctx, func(ctx context.Context) error {
		var err error
		cons, err = c.rowsConsumer(ctx, durable, from)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("cannot consume rows: %w", err)
	}
	for {
		if ctx.Err() != nil {
			return nil
		}
		if c.closed() {
			return fmt.Errorf("cannot consume rows: %w", errClosed)
		}
		// The pull is not cut short by ctx: a message the server sent to an
		// abandoned pull would wait AckWait before redelivery.
		msg, err := next(context.WithoutCancel(ctx), cons)
		if err != nil {
			if ctx.Err() != nil || idle(err) {
				continue
			}
			if errors.Is(err, jetstream.ErrConsumerDeleted) {
				return fmt.Errorf("cannot consume rows: %w", err)
			}
			c.log.Debug("rows pull failed", "durable", durable, "err", err)
			sleep(ctx, 100*time.Millisecond)
			continue
		}
		if ctx.Err() != nil {
			_ = msg.Nak()
			return nil
		}
		md, err := msg.Metadata()
		if err != nil {
			_ = msg.Nak()
			return fmt.Errorf("cannot consume rows: %w", err)
		}
		seq := md.Sequence.Stream
		if seq < from {
			_ = msg.Ack()
			continue
		}
		if err := c.withProgress(msg, func() error { return h(seq, msg.Data()) }); err != nil {
			_ = msg.Nak()
			return fmt.Errorf("cannot apply row %d: %w", seq, err)
		}
		if err := msg.Ack(); err != nil {
			c.log.Debug("cannot ack row", "durable", durable, "seq", seq, "err", err)
		}
	}
}

// rowsConsumer returns the durable consumer of the rows stream, positioned at
// from when from > 0.
func (c *Conn) rowsConsumer(ctx context.Context, durable string, from uint64) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:       durable,
		Description:   "distillguard rows reader",
		FilterSubject: c.rowsSubject(),
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		MaxAckPending: 1,
		MaxDeliver:    -1,
	}
	cons, err := c.js.Consumer(ctx, c.rowsName, durable)
	switch {
	case err == nil:
		info := cons.CachedInfo()
		if from == 0 || info.AckFloor.Stream+1 == from {
			return cons, nil
		}
		// Reposition: drop the durable and create it again at from.
		if err := c.js.DeleteConsumer(ctx, c.rowsName, durable); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return nil, fmt.Errorf("cannot reposition consumer %s: %w", durable, err)
		}
	case !errors.Is(err, jetstream.ErrConsumerNotFound):
		return nil, err
	}
	if from > 0 {
		cfg.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cfg.OptStartSeq = from
	}
	return c.js.CreateOrUpdateConsumer(ctx, c.rowsName, cfg)
}
