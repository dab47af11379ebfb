package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/journal"
)

// TestMain lets a test run the CLI in a child process (for kill -9): with
// DG_CLI_CHILD set, the test binary is distillguard with those arguments.
func TestMain(m *testing.M) {
	if args := os.Getenv("DG_CLI_CHILD"); args != "" {
		os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, strings.Split(args, "\x1f")))
	}
	os.Exit(m.Run())
}

// startChild runs "distillguard serve" in a child process and waits until
// it is ready.
func startChild(t *testing.T, dir, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DG_CLI_CHILD="+strings.Join([]string{"serve", "--token", "crash-test-token",
		"--data-dir", dir, "--addr", addr, "--clock", "data", "--log-level", "warn"}, "\x1f"))
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		if i > 1000 {
			cmd.Process.Kill()
			t.Fatalf("server not ready: %s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeCrashSafety kills the server with SIGKILL while four clients
// post batches, restarts it on the same directory, and checks that every
// acknowledged batch is in the journal byte for byte and applied: nothing
// acknowledged is lost, and nothing is applied twice.
func TestServeCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	addr := freeAddr(t)
	cmd := startChild(t, dir, addr)
	url := "http://" + addr

	var mu sync.Mutex
	acked := map[uint64][]byte{} // seq → body
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var b bytes.Buffer
				t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
				for k := 0; k < 50; k++ {
					fmt.Fprintf(&b, `{"ts":"%s","account_id":"acct_%d_%d","request_id":"r%d_%d_%d","ip":"203.0.113.%d"}`+"\n",
						t0.Add(time.Duration(k)*time.Second).Format(time.RFC3339), c, k%7, c, i, k, k+1)
				}
				req, _ := http.NewRequest("POST", url+"/v1/exchanges", bytes.NewReader(b.Bytes()))
				req.Header.Set("Authorization", "Bearer crash-test-token")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the server is gone
				}
				var ans struct{ Seq uint64 }
				json.NewDecoder(resp.Body).Decode(&ans)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					mu.Lock()
					acked[ans.Seq] = b.Bytes()
					mu.Unlock()
				}
			}
		}(c)
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()

	// Restart: the journal is replayed; every acknowledged batch applied.
	cmd = startChild(t, dir, addr)
	req, _ := http.NewRequest("GET", url+"/v1/status", nil)
	req.Header.Set("Authorization", "Bearer crash-test-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Exchanges    int    `json:"exchanges"`
		Applied      uint64 `json:"applied_seq"`
		JournaledSeq uint64 `json:"journaled_seq"`
	}
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("graceful shutdown: %v", err)
	}
	var maxAcked uint64
	for seq := range acked {
		maxAcked = max(maxAcked, seq)
	}
	if st.Applied != st.JournaledSeq || st.JournaledSeq < maxAcked {
		t.Fatalf("after restart: applied %d, journaled %d, last acknowledged %d", st.Applied, st.JournaledSeq, maxAcked)
	}
	if st.Exchanges != 50*int(st.JournaledSeq) {
		t.Errorf("after restart %d exchanges applied, want %d (50 per journaled batch)", st.Exchanges, 50*st.JournaledSeq)
	}
	j, err := journal.Open(dir, journal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	found := 0
	err = j.Replay(1, func(seq uint64, kind journal.Kind, payload []byte) error {
		if want, ok := acked[seq]; ok {
			if !bytes.Equal(want, payload) {
				return fmt.Errorf("batch %d differs from what was acknowledged", seq)
			}
			found++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != len(acked) {
		t.Errorf("%d of %d acknowledged batches are in the journal", found, len(acked))
	}
	t.Logf("killed after %d acknowledged batches; %d journaled, all acknowledged ones intact", len(acked), st.JournaledSeq)
}
