package online

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// exchangeAt is one minimal exchange line.
func exchangeAt(acct string, ts string) []byte {
	return []byte(fmt.Sprintf(`{"ts":%q,"account_id":%q,"model":"m1","input_tokens":10,"output_tokens":20}`+"\n", ts, acct))
}

// TestDataClockBounded: one stray timestamp must neither freeze the engine
// in a round for every skipped step nor carry the clock out of reach. Each
// case feeds batches in journal order and checks the rounds run, the clock
// and what was set aside.
func TestDataClockBounded(t *testing.T) {
	wall := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		batches    [][]string // per batch: "acct ts" pairs
		maxAccts   int
		maxLate    time.Duration
		maxRounds  uint64
		wantClock  string
		wantAside  map[string]int64
		wantAccts  int
		wantExchgs int
	}{
		{name: "a 1970 exchange, then 2026 traffic: one round, not 250,000",
			batches:   [][]string{{"a 1970-01-01T00:00:00Z"}, {"b 2026-05-01T10:00:00Z", "c 2026-05-01T10:05:00Z"}},
			maxRounds: 1, wantClock: "2026-05-01T10:05:00Z", wantAside: map[string]int64{}, wantAccts: 3, wantExchgs: 3},
		{name: "a 2262 exchange after 2026 traffic is set aside",
			batches:   [][]string{{"a 2026-05-01T10:00:00Z"}, {"b 2262-04-11T00:00:00Z"}, {"a 2026-05-01T11:00:00Z"}},
			maxRounds: 0, wantClock: "2026-05-01T11:00:00Z", wantAside: map[string]int64{"future": 1}, wantAccts: 1, wantExchgs: 2},
		{name: "an exchange an hour past the wall clock is set aside, one minute past is kept",
			batches:   [][]string{{"a 2026-12-07T12:01:00Z", "b 2026-12-07T13:00:01Z"}},
			maxRounds: 0, wantClock: "2026-12-07T12:01:00Z", wantAside: map[string]int64{"future": 1}, wantAccts: 1, wantExchgs: 1},
		{name: "an exchange far behind the data clock is set aside",
			batches:   [][]string{{"a 2026-05-10T00:00:00Z", "b 2026-05-09T00:00:00Z", "c 2026-04-01T00:00:00Z"}},
			maxRounds: 0, wantClock: "2026-05-10T00:00:00Z", wantAside: map[string]int64{"late": 1}, wantAccts: 2, wantExchgs: 2},
		{name: "with the late bound off (a cluster's interleaved partitions), nothing is late",
			batches: [][]string{{"a 2026-05-10T00:00:00Z", "c 2026-04-01T00:00:00Z"}}, maxLate: -1,
			maxRounds: 0, wantClock: "2026-05-10T00:00:00Z", wantAside: map[string]int64{}, wantAccts: 2, wantExchgs: 2},
		{name: "a week of silence runs one round",
			batches:   [][]string{{"a 2026-05-01T00:00:00Z"}, {"a 2026-05-08T00:30:00Z"}},
			maxRounds: 1, wantClock: "2026-05-08T00:30:00Z", wantAside: map[string]int64{}, wantAccts: 1, wantExchgs: 2},
		{name: "accounts beyond the bound are set aside, known ones still count",
			batches:  [][]string{{"a 2026-05-01T00:00:00Z", "b 2026-05-01T00:01:00Z", "c 2026-05-01T00:02:00Z", "a 2026-05-01T00:03:00Z"}},
			maxAccts: 2, maxRounds: 0, wantClock: "2026-05-01T00:03:00Z", wantAside: map[string]int64{"account_limit": 1}, wantAccts: 2, wantExchgs: 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := New(Options{DataClock: true, Every: 2 * time.Hour, MaxAccounts: tc.maxAccts, MaxLate: tc.maxLate, Now: func() time.Time { return wall }})
			e.OnRound = func(RoundStats) {
				if e.Rounds() > tc.maxRounds+5 {
					t.Fatalf("%d rounds and counting", e.Rounds())
				}
			}
			seq := uint64(0)
			for _, b := range tc.batches {
				var payload []byte
				for _, p := range b {
					acct, ts, _ := strings.Cut(p, " ")
					payload = append(payload, exchangeAt(acct, ts)...)
				}
				seq++
				if err := e.Apply(seq, KindExchanges, payload); err != nil {
					t.Fatal(err)
				}
			}
			if e.Rounds() > tc.maxRounds {
				t.Errorf("%d rounds ran, want at most %d", e.Rounds(), tc.maxRounds)
			}
			if got := e.Now().Format(time.RFC3339); got != tc.wantClock {
				t.Errorf("data clock %s, want %s", got, tc.wantClock)
			}
			st := e.Stats()
			for r, n := range st.SetAside {
				if n != tc.wantAside[r] {
					t.Errorf("set aside %s: %d, want %d", r, n, tc.wantAside[r])
				}
			}
			if st.Accounts != tc.wantAccts || st.Exchanges != tc.wantExchgs {
				t.Errorf("%d accounts, %d exchanges; want %d, %d", st.Accounts, st.Exchanges, tc.wantAccts, tc.wantExchgs)
			}
		})
	}
}

// TestAccountRowsBounded: account rows count against the bound too.
func TestAccountRowsBounded(t *testing.T) {
	e := New(Options{MaxAccounts: 2})
	rows := `{"account_id":"a","created_at":"2026-05-01T00:00:00Z"}
{"account_id":"b","created_at":"2026-05-01T00:00:00Z"}
{"account_id":"c","created_at":"2026-05-01T00:00:00Z"}
{"account_id":"a","created_at":"2026-05-01T00:00:00Z","org_id":"o"}
`
	if err := e.Apply(1, KindAccounts, []byte(rows)); err != nil {
		t.Fatal(err)
	}
	if st := e.Stats(); st.Accounts != 2 || st.SetAside["account_limit"] != 1 {
		t.Errorf("%d accounts, %v set aside; want 2 and one over the bound", st.Accounts, st.SetAside)
	}
}
