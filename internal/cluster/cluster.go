package cluster

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config says where the cluster is and how the streams are laid out. The
// zero value of every field but URL has a default; every process sharing a
// cluster must use the same Prefix, Stream, Partitions and LeaseTTL.
type Config struct {
	// URL is one NATS URL or a comma-separated list. Servers of the same
	// cluster that the first one announces are added automatically.
	URL string
	// Name names the client connection in the server's monitoring output.
	Name string
	// Partitions is the number of exchange partitions (default 16). It is
	// recorded in the stream's metadata: connecting to an existing stream
	// with a different count fails, since it would move accounts.
	Partitions int
	// Replicas is the replication factor of the streams and buckets
	// (default 1; 3 for a fault-tolerant cluster).
	Replicas int
	// Stream is the exchange stream (default "<PREFIX>_EXCHANGES", that is
	// "DG_EXCHANGES").
	Stream string
	// Prefix starts every subject and bucket name (default "dg"). It must be
	// a single subject token: letters, digits, '_' or '-'.
	Prefix string
	// LeaseTTL is how long a partition or leader lease outlives its last
	// renewal (default 6s); leases are renewed every LeaseTTL/6. A dead
	// worker's partitions are taken over within about one LeaseTTL.
	LeaseTTL time.Duration
	// AckWait is how long JetStream waits for the acknowledgement of a
	// delivered message before redelivering it (default 10s). Workers send
	// progress signals while a handler runs, so it bounds how long a message
	// held by a crashed worker stays blocked, not how long a handler may run.
	AckWait time.Duration
	// NakDelay is how long a message waits before redelivery after its
	// handler failed (default 1s).
	NakDelay time.Duration
	// PublishTimeout bounds how long PublishBatch and PublishRows retry
	// messages that failed for a transient reason such as a reconnect or a
	// stream leader election (default 10s).
	PublishTimeout time.Duration
	// Logger receives connection events and handler failures (default: none).
	Logger *slog.Logger
}

// Defaults.
const (
	DefaultPartitions     = 16
	DefaultPrefix         = "dg"
	DefaultLeaseTTL       = 6 * time.Second
	DefaultAckWait        = 10 * time.Second
	DefaultNakDelay       = time.Second
	DefaultPublishTimeout = 10 * time.Second
)

// metaPartitions is the stream metadata key that records Config.Partitions.
const metaPartitions = "distillguard_partitions"

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (cfg Config) withDefaults() (Config, error) {
	if cfg.URL == "" {
		return cfg, errors.New("cannot connect: no NATS URL")
	}
	if cfg.Partitions == 0 {
		cfg.Partitions = DefaultPartitions
	}
	if cfg.Partitions < 1 {
		return cfg, fmt.Errorf("cannot connect: %d partitions", cfg.Partitions)
	}
	if cfg.Replicas == 0 {
		cfg.Replicas = 1
	}
	if cfg.Replicas < 1 || cfg.Replicas > 5 {
		return cfg, fmt.Errorf("cannot connect: %d replicas (want 1 to 5)", cfg.Replicas)
	}
	if cfg.Prefix == "" {
		cfg.Prefix = DefaultPrefix
	}
	if !tokenRE.MatchString(cfg.Prefix) {
		return cfg, fmt.Errorf("cannot connect: prefix %q is not a single subject token", cfg.Prefix)
	}
	if cfg.Stream == "" {
		cfg.Stream = strings.ToUpper(cfg.Prefix) + "_EXCHANGES"
	}
	if !tokenRE.MatchString(cfg.Stream) {
		return cfg, fmt.Errorf("cannot connect: stream name %q is invalid", cfg.Stream)
	}
	if cfg.LeaseTTL == 0 {
		cfg.LeaseTTL = DefaultLeaseTTL
	}
	if cfg.LeaseTTL < 300*time.Millisecond {
		return cfg, fmt.Errorf("cannot connect: lease TTL %v is below 300ms", cfg.LeaseTTL)
	}
	if cfg.AckWait == 0 {
		cfg.AckWait = DefaultAckWait
	}
	if cfg.AckWait < 300*time.Millisecond {
		return cfg, fmt.Errorf("cannot connect: ack wait %v is below 300ms", cfg.AckWait)
	}
	if cfg.NakDelay == 0 {
		cfg.NakDelay = DefaultNakDelay
	}
	if cfg.PublishTimeout == 0 {
		cfg.PublishTimeout = DefaultPublishTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return cfg, nil
}

// Conn is a connection to the cluster with the streams and buckets in place.
// Its methods may be called from several goroutines.
type Conn struct {
	cfg       Config
	log       *slog.Logger
	nc        *nats.Conn
	js        jetstream.JetStream
	rowsName  string
	decisions jetstream.KeyValue
	leases    jetstream.KeyValue
}

// Connect connects to cfg.URL, reconnecting forever after a loss, and creates
// the streams and buckets unless they exist: the exchange stream (subjects
// "<prefix>.ex.*"), the rows stream "<PREFIX>_ROWS" (subject
// "<prefix>.rows"), and the buckets "<prefix>_decisions" (history 1) and
// "<prefix>_leases" (history 1, TTL LeaseTTL). It retries transient failures,
// such as a cluster still electing its leader, until ctx is done.
func Connect(ctx context.Context, cfg Config) (*Conn, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	opts := []nats.Option{
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectJitter(100*time.Millisecond, 500*time.Millisecond),
		nats.PingInterval(5 * time.Second),
		nats.MaxPingsOutstanding(2),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "server", nc.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Warn("nats async error", "subject", subj, "err", err)
		}),
	}
	if cfg.Name != "" {
		opts = append(opts, nats.Name(cfg.Name))
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc,
		jetstream.WithPublishAsyncMaxPending(4096),
		jetstream.WithPublishAsyncTimeout(5*time.Second),
	)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("cannot open JetStream: %w", err)
	}
	c := &Conn{
		cfg:      cfg,
		log:      log,
		nc:       nc,
		js:       js,
		rowsName: strings.ToUpper(cfg.Prefix) + "_ROWS",
	}
	if err := retry(ctx, c.setup); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the connection. It does not release leases: stop RunWorker and
// Lead first (cancel their contexts and wait for them to return).
func (c *Conn) Close() {
	c.nc.Close()
}

// Config returns the configuration in effect, defaults filled in.
func (c *Conn) Config() Config { return c.cfg }

func (c *Conn) setup(ctx context.Context) error {
	want := strconv.Itoa(c.cfg.Partitions)
	st, err := c.js.Stream(ctx, c.cfg.Stream)
	switch {
	case err == nil:
		if got := st.CachedInfo().Config.Metadata[metaPartitions]; got != "" && got != want {
			return permanent(fmt.Errorf("cannot use stream %s: it has %s partitions, configured %s", c.cfg.Stream, got, want))
		}
	case !errors.Is(err, jetstream.ErrStreamNotFound):
		return fmt.Errorf("cannot look up stream %s: %w", c.cfg.Stream, err)
	}
	_, err = c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.cfg.Stream,
		Description: "distillguard exchanges, accounts and models, partitioned by account",
		Subjects:    []string{c.cfg.Prefix + ".ex.*"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Replicas:    c.cfg.Replicas,
		Duplicates:  2 * time.Minute,
		Metadata:    map[string]string{metaPartitions: want},
	})
	if err != nil {
		return fmt.Errorf("cannot create stream %s: %w", c.cfg.Stream, err)
	}
	_, err = c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.rowsName,
		Description: "distillguard per-exchange rows for the campaign-forming stage",
		Subjects:    []string{c.rowsSubject()},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Replicas:    c.cfg.Replicas,
		Duplicates:  2 * time.Minute,
	})
	if err != nil {
		return fmt.Errorf("cannot create stream %s: %w", c.rowsName, err)
	}
	c.decisions, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      c.cfg.Prefix + "_decisions",
		Description: "distillguard decisions by account",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    c.cfg.Replicas,
	})
	if err != nil {
		return fmt.Errorf("cannot create bucket %s_decisions: %w", c.cfg.Prefix, err)
	}
	c.leases, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      c.cfg.Prefix + "_leases",
		Description: "distillguard worker heartbeats, partition and leader leases",
		History:     1,
		TTL:         c.cfg.LeaseTTL,
		Storage:     jetstream.FileStorage,
		Replicas:    c.cfg.Replicas,
	})
	if err != nil {
		return fmt.Errorf("cannot create bucket %s_leases: %w", c.cfg.Prefix, err)
	}
	return nil
}

func (c *Conn) exSubject(partition int) string {
	return c.cfg.Prefix + ".ex." + strconv.Itoa(partition)
}

func (c *Conn) rowsSubject() string { return c.cfg.Prefix + ".rows" }

// Partition returns the partition of accountID among n: xxhash64 of the id
// modulo n. It never changes for a given id and n, since the stream's
// partitioning depends on it. n < 1 counts as 1.
func Partition(accountID string, n int) int { return PartitionOfKey(AccountKey(accountID), n) }

// AccountKey is the 64-bit key an account is partitioned by: xxhash64 of
// its id. Callers that already hold the id while validating a batch compute
// it there and hand the keys to PublishBatch.
func AccountKey(accountID string) uint64 { return xxhash.Sum64String(accountID) }

// PartitionOfKey is Partition for an AccountKey.
func PartitionOfKey(key uint64, n int) int {
	if n <= 1 {
		return 0
	}
	return int(key % uint64(n))
}

// DecisionKey returns the key of accountID in the decisions bucket: the
// unpadded base64url encoding of the id, which is always a valid key
// whatever characters the id holds. An empty id has no key.
func DecisionKey(accountID string) (string, error) {
	if accountID == "" {
		return "", errors.New("empty account id")
	}
	return base64.RawURLEncoding.EncodeToString([]byte(accountID)), nil
}

// AccountFromKey decodes a decisions bucket key made by DecisionKey.
func AccountFromKey(key string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return "", fmt.Errorf("cannot decode decision key %q: %w", key, err)
	}
	return string(b), nil
}

// errPermanent marks errors that retrying cannot fix.
type errPermanent struct{ error }

func (e errPermanent) Unwrap() error { return e.error }

func permanent(err error) error { return errPermanent{err} }

// placementWait bounds how long retry waits out "no suitable peers for
// placement": a JetStream server that has just started, or that the meta
// leader has not yet heard from, counts as offline for a few seconds, and a
// worker started beside its cluster would otherwise fail for nothing. Past
// it, too few servers for the replica count is a configuration error.
var placementWait = 30 * time.Second

// retry runs f until it succeeds, fails permanently, or ctx is done. Each
// attempt gets at most five seconds.
func retry(ctx context.Context, f func(ctx context.Context) error) error {
	wait := 100 * time.Millisecond
	var noPeersSince time.Time
	for {
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := f(actx)
		cancel()
		if err == nil {
			return nil
		}
		var p errPermanent
		switch {
		case noPeers(err):
			if noPeersSince.IsZero() {
				noPeersSince = time.Now()
			}
			if time.Since(noPeersSince) >= placementWait {
				return fmt.Errorf("%w (for %v: are fewer JetStream servers up than the replica count? start more, or lower --replicas)", err, placementWait)
			}
		case errors.As(err, &p) || !transient(err):
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (gave up: %v)", err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// transient reports whether err may go away by itself: timeouts, lost
// connections, missing responders and server-side 5xx answers (JetStream not
// ready, no stream leader).
func transient(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, nats.ErrConnectionClosed) {
		return false
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, nats.ErrTimeout),
		errors.Is(err, nats.ErrNoResponders),
		errors.Is(err, nats.ErrDisconnected),
		errors.Is(err, nats.ErrConnectionReconnecting),
		errors.Is(err, jetstream.ErrNoStreamResponse),
		errors.Is(err, jetstream.ErrAsyncPublishTimeout),
		errors.Is(err, jetstream.ErrTooManyStalledMsgs),
		errors.Is(err, jetstream.ErrJetStreamNotEnabled),
		errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount):
		return true
	}
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code >= 500 || apiErr.Code == 408
	}
	return false
}

// noPeers reports whether err is JetStream's "no suitable peers for
// placement": fewer servers online than a stream's replicas need.
func noPeers(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jsErrCodeNoPeers
}

// jsErrCodeNoPeers is the server's JSClusterNoPeersErrF, which the client
// library does not name.
const jsErrCodeNoPeers jetstream.ErrorCode = 10005

// closed reports whether the connection is closed for good.
func (c *Conn) closed() bool { return c.nc.IsClosed() }

// errClosed is returned by the long-running methods when the connection was
// closed under them.
var errClosed = errors.New("connection closed")

// sleep waits d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
