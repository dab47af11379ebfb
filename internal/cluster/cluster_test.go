package cluster

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/cluster/clustertest"
	"github.com/nats-io/nats.go/jetstream"
)

// testLogger logs to stderr when DG_CLUSTER_LOG is set, and nowhere
// otherwise.
func testLogger() *slog.Logger {
	if os.Getenv("DG_CLUSTER_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// connect connects with cfg and closes the connection at cleanup.
func connect(t *testing.T, cfg Config) *Conn {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = testLogger()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// waitFor polls cond every 20ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPartitionStable(t *testing.T) {
	// The stream's layout depends on these values: changing the hash moves
	// accounts between partitions of existing streams.
	tests := []struct {
		id   string
		n    int
		want int
	}{
		{"", 16, 9},
		{"a", 16, 11},
		{"acct-1", 16, 10},
		{"acct-2", 16, 12},
		{"org_42/user_7", 16, 12},
		{"ü-账户", 16, 1},
		{"a000499", 16, 13},
		{"acct-1", 7, 3},
		{"org_42/user_7", 7, 2},
		{"acct-1", 1, 0},
		{"acct-1", 0, 0},
		{"acct-1", -3, 0},
	}
	for _, tt := range tests {
		if got := Partition(tt.id, tt.n); got != tt.want {
			t.Errorf("Partition(%q, %d) = %d, want %d", tt.id, tt.n, got, tt.want)
		}
	}

	// Spread: 16k ids over 16 partitions, every partition within 15% of the
	// mean.
	counts := make([]int, 16)
	for i := range 16000 {
		counts[Partition("acct-"+strconv.Itoa(i), 16)]++
	}
	for p, n := range counts {
		if n < 850 || n > 1150 {
			t.Errorf("partition %d got %d of 16000 ids", p, n)
		}
	}
}

func TestDecisionKey(t *testing.T) {
	f := func(id string) {
		t.Helper()
		key, err := DecisionKey(id)
		if err != nil {
			t.Fatalf("DecisionKey(%q): %v", id, err)
		}
		if !jetstreamKeyValid(key) {
			t.Fatalf("DecisionKey(%q) = %q is not a valid key", id, key)
		}
		back, err := AccountFromKey(key)
		if err != nil || back != id {
			t.Fatalf("AccountFromKey(%q) = %q, %v; want %q", key, back, err, id)
		}
	}
	f("a")
	f("acct-1")
	f("org.42 *>")
	f("ü/账户=")
	f(strings.Repeat("x", 300))
	if _, err := DecisionKey(""); err == nil {
		t.Fatal("DecisionKey(\"\") succeeded")
	}
}

// jetstreamKeyValid mirrors the KV key rule: [-/_=.a-zA-Z0-9]+, not starting
// or ending with '.'.
func jetstreamKeyValid(k string) bool {
	if k == "" || k[0] == '.' || k[len(k)-1] == '.' {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-/_=.", r)) {
			return false
		}
	}
	return true
}

func TestPublishBatch(t *testing.T) {
	url, _ := clustertest.StartNode(t)
	c := connect(t, Config{URL: url, Partitions: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	if err := c.PublishBatch(ctx, "bogus", [][]byte{[]byte("{}")}, nil); err == nil {
		t.Fatal("unknown kind accepted")
	}
	if err := c.PublishBatch(ctx, KindExchanges, [][]byte{[]byte("{}")}, []uint64{1, 2}); err == nil {
		t.Fatal("keys that do not match the lines accepted")
	}
	if err := c.PublishBatch(ctx, KindModels, [][]byte{[]byte("{}\n{}")}, nil); err == nil {
		t.Fatal("line with a newline accepted")
	}

	// Three 600 KB lines of one account do not fit one 1 MB message.
	big := bytes.Repeat([]byte("x"), 600<<10)
	lines := [][]byte{big, big, big, []byte("small\n")}
	k := AccountKey("acct-1")
	acct := []uint64{k, k, k, k}
	if err := c.PublishBatch(ctx, KindExchanges, lines, acct); err != nil {
		t.Fatalf("PublishBatch: %v", err)
	}
	st := streamState(t, c)
	if st.Msgs != 3 {
		t.Fatalf("stream holds %d messages, want 3", st.Msgs)
	}
	subj := c.exSubject(Partition("acct-1", 4))
	if st.Subjects[subj] != 3 {
		t.Fatalf("subjects = %v, want 3 messages on %s", st.Subjects, subj)
	}
	// The same batch again is recognised as a duplicate.
	if err := c.PublishBatch(ctx, KindExchanges, lines, acct); err != nil {
		t.Fatalf("PublishBatch again: %v", err)
	}
	if st := streamState(t, c); st.Msgs != 3 {
		t.Fatalf("stream holds %d messages after a duplicate batch, want 3", st.Msgs)
	}
	// Models go to partition 0, with their kind.
	if err := c.PublishBatch(ctx, KindModels, [][]byte{[]byte(`{"model":"m1"}`)}, nil); err != nil {
		t.Fatalf("PublishBatch models: %v", err)
	}
	raw, err := c.js.Stream(ctx, c.cfg.Stream)
	if err != nil {
		t.Fatal(err)
	}
	m, err := raw.GetLastMsgForSubject(ctx, c.exSubject(0))
	if err != nil {
		t.Fatalf("no message on partition 0: %v", err)
	}
	if got := m.Header.Get(HeaderKind); got != KindModels || string(m.Data) != "{\"model\":\"m1\"}\n" {
		t.Fatalf("partition 0 holds kind %q data %q", got, m.Data)
	}

	// Another process with a different partition count is refused.
	ctx2, cancel2 := context.WithTimeout(ctx, 5*time.Second)
	defer cancel2()
	if c2, err := Connect(ctx2, Config{URL: url, Partitions: 8}); err == nil {
		c2.Close()
		t.Fatal("Connect with 8 partitions to a 4-partition stream succeeded")
	}
}

func streamState(t *testing.T, c *Conn) jetstream.StreamState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.js.Stream(ctx, c.cfg.Stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(">"))
	if err != nil {
		t.Fatal(err)
	}
	return info.State
}

func TestRows(t *testing.T) {
	url, _ := clustertest.StartNode(t)
	c := connect(t, Config{URL: url, AckWait: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for _, r := range []string{"r1", "r2", "r3", "r4", "r5", "r5"} {
		if err := c.PublishRows(ctx, []byte(r)); err != nil {
			t.Fatalf("PublishRows(%s): %v", r, err)
		}
	}

	// consume reads rows with ConsumeRows until it has want of them or h
	// fails at failAt, and returns the rows seen.
	consume := func(from uint64, want int, failAt string) ([]string, error) {
		cctx, ccancel := context.WithTimeout(ctx, 5*time.Second)
		defer ccancel()
		var got []string
		err := c.ConsumeRows(cctx, "forming", from, func(seq uint64, data []byte) error {
			if string(data) == failAt {
				return errors.New("cannot apply " + failAt)
			}
			got = append(got, strconv.Itoa(int(seq))+":"+string(data))
			if len(got) == want {
				ccancel()
			}
			return nil
		})
		return got, err
	}
	got, err := consume(0, -1, "r4")
	if err == nil || !strings.Contains(err.Error(), "cannot apply r4") {
		t.Fatalf("ConsumeRows returned %v, want the handler's error", err)
	}
	if want := "1:r1 2:r2 3:r3"; strings.Join(got, " ") != want {
		t.Fatalf("first run saw %v, want %s", got, want)
	}
	// The durable resumes at the failed row; the duplicate r5 is not stored.
	got, err = consume(0, 2, "")
	if err != nil {
		t.Fatalf("ConsumeRows: %v", err)
	}
	if want := "4:r4 5:r5"; strings.Join(got, " ") != want {
		t.Fatalf("second run saw %v, want %s", got, want)
	}
	// A restored checkpoint rewinds the durable.
	got, err = consume(2, 4, "")
	if err != nil {
		t.Fatalf("ConsumeRows from 2: %v", err)
	}
	if want := "2:r2 3:r3 4:r4 5:r5"; strings.Join(got, " ") != want {
		t.Fatalf("rewound run saw %v, want %s", got, want)
	}
	if err := c.PublishRows(ctx, []byte("r6")); err != nil {
		t.Fatal(err)
	}
	got, err = consume(0, 1, "")
	if err != nil {
		t.Fatalf("ConsumeRows: %v", err)
	}
	if want := "6:r6"; strings.Join(got, " ") != want {
		t.Fatalf("resumed run saw %v, want %s", got, want)
	}
}

func TestDecisionsWatch(t *testing.T) {
	url, _ := clustertest.StartNode(t)
	writer := connect(t, Config{URL: url})
	gateway := connect(t, Config{URL: url})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	if err := writer.PutDecision(ctx, "", []byte("x")); err == nil {
		t.Fatal("PutDecision with an empty account succeeded")
	}
	if err := writer.PutDecision(ctx, "acct/1", []byte("block")); err != nil {
		t.Fatal(err)
	}
	if err := writer.PutDecision(ctx, "ü 2", []byte("watch")); err != nil {
		t.Fatal(err)
	}

	type event struct {
		id, value string
		deleted   bool
	}
	events := make(chan event, 16)
	wctx, wcancel := context.WithCancel(ctx)
	watchErr := make(chan error, 1)
	go func() {
		watchErr <- gateway.WatchDecisions(wctx, func(id string, v []byte, deleted bool) {
			events <- event{id, string(v), deleted}
		})
	}()
	expect := func(want ...event) {
		t.Helper()
		got := map[event]bool{}
		for range want {
			select {
			case e := <-events:
				got[e] = true
			case <-ctx.Done():
				t.Fatalf("timed out; got %v, want %v", got, want)
			}
		}
		for _, w := range want {
			if !got[w] {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
	}
	expect(event{"acct/1", "block", false}, event{"ü 2", "watch", false})

	if err := writer.PutDecision(ctx, "acct/1", []byte("allow")); err != nil {
		t.Fatal(err)
	}
	expect(event{"acct/1", "allow", false})
	if err := writer.PutDecision(ctx, "org.3 *>", []byte("block")); err != nil {
		t.Fatal(err)
	}
	expect(event{"org.3 *>", "block", false})
	if err := writer.DeleteDecision(ctx, "ü 2"); err != nil {
		t.Fatal(err)
	}
	expect(event{"ü 2", "", true})

	if v, err := gateway.Decision(ctx, "acct/1"); err != nil || string(v) != "allow" {
		t.Fatalf("Decision(acct/1) = %q, %v", v, err)
	}
	if v, err := gateway.Decision(ctx, "ü 2"); err != nil || v != nil {
		t.Fatalf("Decision of a deleted account = %q, %v", v, err)
	}

	wcancel()
	if err := <-watchErr; err != nil {
		t.Fatalf("WatchDecisions: %v", err)
	}
}
