package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestRetry: which failures retry waits out and which it returns at once.
// "No suitable peers" (a server that has just started shows as offline for
// a moment) is waited out, but only for placementWait, after which the
// error says what to change.
func TestRetry(t *testing.T) {
	noPeersErr := &jetstream.APIError{Code: 400, ErrorCode: jsErrCodeNoPeers, Description: "no suitable peers for placement, peer offline"}
	badRequest := &jetstream.APIError{Code: 400, ErrorCode: jetstream.JSErrCodeBadRequest, Description: "bad request"}
	defer func(w time.Duration) { placementWait = w }(placementWait)
	placementWait = 400 * time.Millisecond

	tests := []struct {
		name      string
		errs      []error // returned by the attempts in turn; nil after the last
		always    error   // returned by every attempt instead, when set
		wantCalls int
		wantErr   string // "" for success
	}{
		{name: "first try", wantCalls: 1},
		{name: "peers come online", errs: []error{noPeersErr, noPeersErr}, wantCalls: 3},
		{name: "wrapped as setup wraps it", errs: []error{fmt.Errorf("cannot create stream DG_ROWS: %w", noPeersErr)}, wantCalls: 2},
		{name: "transient timeout", errs: []error{nats.ErrTimeout}, wantCalls: 2},
		{name: "bad request is not retried", errs: []error{badRequest}, wantCalls: 1, wantErr: "bad request"},
		{name: "permanent is not retried", errs: []error{permanent(nats.ErrTimeout)}, wantCalls: 1, wantErr: "timeout"},
		{name: "never enough peers", always: noPeersErr, wantErr: "lower --replicas"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			start := time.Now()
			err := retry(context.Background(), func(context.Context) error {
				calls++
				if tc.always != nil {
					return tc.always
				}
				if calls <= len(tc.errs) {
					return tc.errs[calls-1]
				}
				return nil
			})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("retry: %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("retry: %v, want an error containing %q", err, tc.wantErr)
			}
			if tc.wantCalls > 0 && calls != tc.wantCalls {
				t.Errorf("%d attempts, want %d", calls, tc.wantCalls)
			}
			if tc.always != nil {
				if took := time.Since(start); took < placementWait || took > placementWait+2*time.Second {
					t.Errorf("gave up after %v, want about %v", took, placementWait)
				}
				var apiErr *jetstream.APIError
				if !errors.As(err, &apiErr) || apiErr.ErrorCode != jsErrCodeNoPeers {
					t.Errorf("the server's error is not kept in %v", err)
				}
			}
		})
	}
}
