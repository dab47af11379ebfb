package cluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Kinds of batches, the value of the HeaderKind header.
const (
	KindExchanges = "exchanges"
	KindAccounts  = "accounts"
	KindModels    = "models"
)

// HeaderKind is the message header that carries the batch kind.
const HeaderKind = "Dg-Kind"

// headerRoom is what PublishBatch leaves free below the server's maximum
// payload for the headers of a message.
const headerRoom = 512

// PublishBatch stores lines, JSON Lines without their newline, in the
// exchange stream and returns once JetStream has acknowledged all of them.
//
// Lines are grouped by partition: PartitionOfKey(keys[i], Partitions) for
// line i, or partition 0 for every line when keys is nil. Exchanges and
// accounts should be published with the AccountKey of each line's account,
// so that a
// worker sees an account's exchanges and its account record in one
// partition, in publish order; models have no account and go to partition 0
// (pass nil). Each group becomes one message (several if it exceeds the
// server's maximum payload) whose payload is the lines, each followed by
// '\n', and whose HeaderKind header is kind.
//
// Messages are published asynchronously and those that fail for a transient
// reason are published again, for up to Config.PublishTimeout. Each message's
// "Nats-Msg-Id" is a hash of its subject, kind, chunk number and payload, so
// a message stored by an attempt whose acknowledgement was lost is not
// stored twice, and a caller may retry a failed PublishBatch with the same
// lines; an identical batch published again within the stream's duplicate
// window (two minutes) is likewise stored once. Within a partition, messages of one call keep their order unless a
// retry was needed; concurrent calls are not ordered with each other.
//
// A line must not contain '\n'; one trailing '\n' is dropped.
func (c *Conn) PublishBatch(ctx context.Context, kind string, lines [][]byte, keys []uint64) error {
	switch kind {
	case KindExchanges, KindAccounts, KindModels:
	default:
		return fmt.Errorf("cannot publish: unknown kind %q", kind)
	}
	if len(lines) == 0 {
		return nil
	}
	if keys != nil && len(keys) != len(lines) {
		return fmt.Errorf("cannot publish: %d keys for %d lines", len(keys), len(lines))
	}
	groups := make([][][]byte, c.cfg.Partitions)
	for i, line := range lines {
		line = bytes.TrimSuffix(line, []byte{'\n'})
		if bytes.IndexByte(line, '\n') >= 0 {
			return fmt.Errorf("cannot publish: a %s line holds a newline", kind)
		}
		p := 0
		if keys != nil {
			p = PartitionOfKey(keys[i], c.cfg.Partitions)
		}
		groups[p] = append(groups[p], line)
	}
	limit := int(c.nc.MaxPayload()) - headerRoom
	var msgs []*nats.Msg
	for p, group := range groups {
		if len(group) == 0 {
			continue
		}
		subject := c.exSubject(p)
		var buf []byte
		chunk := 0
		for _, line := range group {
			if len(line)+1 > limit {
				return fmt.Errorf("cannot publish: a %s line of %d bytes exceeds the server's limit of %d", kind, len(line), limit)
			}
			if len(buf)+len(line)+1 > limit {
				msgs = append(msgs, c.newMsg(subject, kind, chunk, buf))
				buf = nil
				chunk++
			}
			buf = append(buf, line...)
			buf = append(buf, '\n')
		}
		msgs = append(msgs, c.newMsg(subject, kind, chunk, buf))
	}
	return c.publish(ctx, msgs)
}

// PublishRows stores data in the rows stream and returns once JetStream has
// acknowledged it. Like PublishBatch it retries transient failures and sets a
// content-hash "Nats-Msg-Id", so identical payloads published within the
// duplicate window (two minutes) are stored once: make payloads unique, for
// instance by including the exchange ids or the source StreamSeq.
func (c *Conn) PublishRows(ctx context.Context, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	return c.publish(ctx, []*nats.Msg{c.newMsg(c.rowsSubject(), "", 0, data)})
}

// newMsg builds a message with a Nats-Msg-Id derived from its subject, kind,
// chunk number within its partition group, and payload.
func (c *Conn) newMsg(subject, kind string, chunk int, data []byte) *nats.Msg {
	h := sha256.New()
	h.Write([]byte(subject))
	h.Write([]byte{0})
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, int64(chunk), 10))
	h.Write([]byte{0})
	h.Write(data)
	var sum [sha256.Size]byte
	id := base64.RawURLEncoding.EncodeToString(h.Sum(sum[:0])[:18])
	m := nats.NewMsg(subject)
	m.Data = data
	if kind != "" {
		m.Header.Set(HeaderKind, kind)
	}
	m.Header.Set(jetstream.MsgIDHeader, id)
	return m
}

// publish publishes msgs asynchronously, waits for every acknowledgement and
// publishes again the messages that failed for a transient reason.
func (c *Conn) publish(ctx context.Context, msgs []*nats.Msg) error {
	deadline := time.Now().Add(c.cfg.PublishTimeout)
	wait := 50 * time.Millisecond
	total := len(msgs)
	for {
		futures := make([]jetstream.PubAckFuture, len(msgs))
		bad := make([]bool, len(msgs))
		var lastErr error
		for i, m := range msgs {
			f, err := c.js.PublishMsgAsync(m)
			if err != nil {
				bad[i], lastErr = true, err
				continue
			}
			futures[i] = f
		}
		for i, f := range futures {
			if f == nil {
				continue
			}
			select {
			case <-f.Ok():
			case err := <-f.Err():
				bad[i], lastErr = true, err
			case <-ctx.Done():
				return fmt.Errorf("cannot publish %d messages: %w", total, ctx.Err())
			}
		}
		// Keep the publish order among the messages tried again.
		var failed []*nats.Msg
		for i, m := range msgs {
			if bad[i] {
				failed = append(failed, m)
			}
		}
		if len(failed) == 0 {
			return nil
		}
		if !transient(lastErr) || time.Now().After(deadline) {
			return fmt.Errorf("cannot publish %d of %d messages: %w", len(failed), total, lastErr)
		}
		c.log.Debug("retrying publish", "messages", len(failed), "err", lastErr)
		sleep(ctx, wait)
		if ctx.Err() != nil {
			return fmt.Errorf("cannot publish %d of %d messages: %w", len(failed), total, ctx.Err())
		}
		wait = min(2*wait, time.Second)
		msgs = failed
	}
}
