package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/distillguard/distillguard/internal/online"
)

// rawPost opens a connection and sends the head of a POST with a body of
// length bytes, and the first len(first) of them; the caller sends the
// rest, or not.
func rawPost(t *testing.T, addr, path, tok string, length int, first []byte, hdr ...string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n", path, addr, length)
	if tok != "" {
		fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", hdr[i], hdr[i+1])
	}
	b.WriteString("\r\n")
	b.Write(first)
	if _, err := c.Write(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	return c
}

// readAnswer reads one HTTP answer from c.
func readAnswer(c net.Conn, timeout time.Duration) (int, http.Header, error) {
	c.SetReadDeadline(time.Now().Add(timeout))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header, nil
}

// closedWithin reports whether the server closes c within d (reading and
// discarding whatever else it sends).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// checkWithin asks /v1/check on a fresh connection and reports the
// status and how long it took.
func checkWithin(url string, d time.Duration) (int, time.Duration, error) {
	c := &http.Client{Timeout: d, Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequest("POST", url+"/v1/check", strings.NewReader(`{"account_id":"acct_gw"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, time.Since(t0), err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, time.Since(t0), nil
}

// TestSlowBodyFlood: hundreds of connections trickling bodies, with and
// without a token, do not keep a gateway's /v1/check from being answered
// at once; the unauthenticated ones are answered 401 and closed without
// waiting for their bodies, the authenticated ones beyond the ingest slots
// are answered 503 and closed, and those holding a slot are cut when their
// body falls behind the minimum rate.
func TestSlowBodyFlood(t *testing.T) {
	const unauth, auth = 150, 150
	s, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, MaxBody: 1 << 20, NoSync: true,
		Limits: Limits{MaxIngest: 4, BodyGrace: time.Second, BodyRate: 1 << 10}})
	addr := s.Addr()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var unauthSlow, authCodes sync.Map
	var opened atomic.Int64
	for i := range unauth + auth {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tok := ""
			if i >= unauth {
				tok = token
			}
			c := rawPost(t, addr, "/v1/exchanges", tok, 1000, []byte("{"))
			defer c.Close()
			opened.Add(1)
			// Trickle the rest, one byte every 200 ms, until the server
			// answers or the test ends.
			got := make(chan int, 1)
			go func() {
				code, _, err := readAnswer(c, 10*time.Second)
				if err != nil {
					code = -1
				}
				got <- code
			}()
			t0 := time.Now()
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case code := <-got:
					if tok == "" {
						if code != 401 {
							unauthSlow.Store(i, fmt.Sprintf("answered %d", code))
						} else if !closedWithin(c, 2*time.Second) {
							unauthSlow.Store(i, "still open 2s after its 401")
						}
					} else {
						authCodes.Store(i, code)
					}
					return
				case <-stop:
					if tok == "" {
						unauthSlow.Store(i, fmt.Sprintf("no answer after %s", time.Since(t0)))
					}
					return
				case <-tick.C:
					c.Write([]byte(" "))
				}
			}
		}(i)
	}
	for opened.Load() < unauth+auth {
		time.Sleep(10 * time.Millisecond)
	}
	var worst time.Duration
	for range 10 {
		code, took, err := checkWithin(url, time.Second)
		if err != nil || code != 200 {
			t.Fatalf("/v1/check under the flood: %d %v after %s", code, err, took)
		}
		worst = max(worst, took)
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("/v1/check under %d slow connections: slowest of 10 took %s", unauth+auth, worst)
	time.Sleep(3 * time.Second) // the slot holders fall behind 1 KiB/s after 1 s
	close(stop)
	wg.Wait()
	unauthSlow.Range(func(k, v any) bool {
		t.Errorf("unauthenticated connection %d: %s", k, v)
		return true
	})
	counts := map[int]int{}
	authCodes.Range(func(k, v any) bool {
		counts[v.(int)]++
		return true
	})
	if counts[503] < auth-4 || counts[408] < 1 || counts[503]+counts[408] != auth {
		t.Errorf("authenticated slow batches answered %v, want 503 beyond the 4 ingest slots and 408 for the slot holders", counts)
	}
	if code, _ := do(t, "POST", url+"/v1/exchanges", token, exchangeLines(5, "acct_after", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))); code != 200 {
		t.Errorf("ingest after the flood: %d (slots not released?)", code)
	}
}

// TestLargeBodyNotCut: a body that takes longer than the grace period but
// keeps up the minimum rate is read to the end.
func TestLargeBodyNotCut(t *testing.T) {
	s, _, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, MaxBody: 1 << 20, NoSync: true,
		Limits: Limits{BodyGrace: 300 * time.Millisecond, BodyRate: 32 << 10}})
	body := exchangeLines(2000, "acct_big", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) // ~260 KB
	c := rawPost(t, s.Addr(), "/v1/exchanges", token, len(body), nil)
	defer c.Close()
	t0 := time.Now()
	for off := 0; off < len(body); off += 16 << 10 { // 160 KiB/s: over a second and a half
		c.Write(body[off:min(off+16<<10, len(body))])
		time.Sleep(100 * time.Millisecond)
	}
	code, _, err := readAnswer(c, 5*time.Second)
	if err != nil || code != 200 {
		t.Fatalf("a %d-byte body sent over %s: %d %v", len(body), time.Since(t0), code, err)
	}
}

// TestConnectionCap: connections beyond MaxConns are closed as soon as
// they are accepted; once some close, new ones are served.
func TestConnectionCap(t *testing.T) {
	s, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true,
		Limits: Limits{MaxConns: 8, MaxConnsPerIP: 8}})
	var held []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	for s.lim.open() < 8 {
		time.Sleep(time.Millisecond)
	}
	// The refusal is a reset, which can reach the client before its
	// connect returns.
	if extra, err := net.Dial("tcp", s.Addr()); err == nil {
		defer extra.Close()
		fmt.Fprintf(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		if !closedWithin(extra, time.Second) {
			t.Error("a connection over the cap was kept open")
		}
	}
	for _, c := range held {
		c.Close()
	}
	for s.lim.open() > 0 {
		time.Sleep(time.Millisecond)
	}
	if code, took, err := checkWithin(url, time.Second); code != 200 {
		t.Errorf("after the held connections closed: %d %v %s", code, err, took)
	}
	if s.lim.refused.Load() < 1 {
		t.Error("the refusal was not counted")
	}
}

// TestStreamOutlivesWriteTimeout: the per-answer write deadline does not
// cut the decision stream, which renews it at every write.
func TestStreamOutlivesWriteTimeout(t *testing.T) {
	_, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true,
		Limits: Limits{WriteTimeout: 200 * time.Millisecond}})
	resp := openStream(t, url)
	defer resp.Body.Close()
	time.Sleep(700 * time.Millisecond)
	if code, m := do(t, "POST", url+"/v1/decisions", token, []byte(`{"account_id":"acct_s","action":"block","reason":"r","ttl_seconds":60}`)); code != 200 {
		t.Fatalf("%d %v", code, m)
	}
	got := make(chan error, 1)
	go func() {
		var d online.Decision
		err := json.NewDecoder(resp.Body).Decode(&d)
		if err == nil && d.AccountID != "acct_s" {
			err = fmt.Errorf("streamed %+v", d)
		}
		got <- err
	}()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("nothing streamed")
	}
}

// TestZstdBombsWithinBudget: 16 concurrent zstd bombs (a few KB that
// decompress to 64 MiB each) reserve no more than the memory budget at
// once, are all answered 413 or 503, and /v1/check is answered meanwhile.
func TestZstdBombsWithinBudget(t *testing.T) {
	const maxBody = 1 << 20
	budget := 2 * compressedReserve(maxBody, "zstd")
	s, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, MaxBody: maxBody, NoSync: true,
		Limits: Limits{MemoryBudget: budget}})
	// Streamed, so the frame states no size and a small window: the
	// decoder finds out only by decompressing.
	var bb bytes.Buffer
	zw, _ := zstd.NewWriter(&bb, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithWindowSize(1<<20))
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	bomb := bb.Bytes()
	t.Logf("bomb: %d bytes, 64 MiB decompressed; budget %d bytes", len(bomb), budget)
	const n = 16
	conns := make([]net.Conn, n)
	half := 12 // the frame header: a decoder waits for the first block
	for i := range conns {
		conns[i] = rawPost(t, s.Addr(), "/v1/exchanges", token, len(bomb), bomb[:half], "Content-Encoding", "zstd")
		defer conns[i].Close()
	}
	// Everything is in flight: those holding a reservation wait for the
	// rest of their bomb.
	time.Sleep(200 * time.Millisecond)
	if code, took, err := checkWithin(url, time.Second); code != 200 {
		t.Errorf("/v1/check during the bombs: %d %v after %s", code, err, took)
	}
	codes := map[int]int{}
	for _, c := range conns {
		c.Write(bomb[half:])
	}
	for _, c := range conns {
		code, _, err := readAnswer(c, 5*time.Second)
		if err != nil {
			code = -1
		}
		codes[code]++
	}
	if codes[413]+codes[503] != n || codes[503] < n-2 {
		t.Errorf("answers %v, want 413 for the 2 the budget admits and 503 for the rest", codes)
	}
	s.mem.mu.Lock()
	peak, used := s.mem.peak, s.mem.used
	s.mem.mu.Unlock()
	if peak > budget || peak == 0 || used != 0 {
		t.Errorf("reserved at most %d bytes at once (budget %d), %d still reserved", peak, budget, used)
	}
	if code, took, err := checkWithin(url, time.Second); code != 200 {
		t.Errorf("/v1/check after the bombs: %d %v after %s", code, err, took)
	}
	// A frame that states its 64 MiB size up front is refused as too large
	// before it is decompressed.
	zw.Reset(nil)
	sized := zw.EncodeAll(make([]byte, 64<<20), nil)
	if code, m := do(t, "POST", url+"/v1/exchanges", token, sized, "Content-Encoding", "zstd"); code != 413 {
		t.Errorf("a bomb stating its size: %d %v", code, m)
	}
}

// TestReadAtMost: the buffer never grows past the limit, whatever the
// reader holds.
func TestReadAtMost(t *testing.T) {
	for _, c := range []struct {
		size, limit, hint int64
		ok                bool
	}{{0, 10, 0, true}, {10, 10, 3, true}, {11, 10, 100, false}, {1 << 20, 1 << 20, 1, true}, {64 << 20, 1 << 20, 1 << 20, false}} {
		b, err := readAtMost(io.LimitReader(zeros{}, c.size), c.limit, c.hint)
		if c.ok != (err == nil) || c.ok && int64(len(b)) != c.size || int64(cap(b)) > c.limit+1 {
			t.Errorf("%+v: %d bytes (cap %d), %v", c, len(b), cap(b), err)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestConnectionCapPerSource: one source address holding its share of
// connections cannot take the rest; a gateway at another address still
// connects and is answered.
func TestConnectionCapPerSource(t *testing.T) {
	s, _, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true,
		Limits: Limits{MaxConns: 8, MaxConnsPerIP: 3}})
	from := func(ip string) *net.Dialer {
		return &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: time.Second}
	}
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range 3 {
		c, err := from("127.0.0.1").Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	for s.lim.open() < 3 {
		time.Sleep(time.Millisecond)
	}
	if extra, err := from("127.0.0.1").Dial("tcp", s.Addr()); err == nil {
		defer extra.Close()
		fmt.Fprintf(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		if !closedWithin(extra, time.Second) {
			t.Error("a fourth connection from one source was kept open")
		}
	}
	// The gateway, at another loopback address.
	tr := &http.Transport{DialContext: from("127.0.0.2").DialContext, DisableKeepAlives: true}
	req, _ := http.NewRequest("POST", "http://"+s.Addr()+"/v1/check", strings.NewReader(`{"account_id":"acct_gw"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Transport: tr, Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("a gateway at another address: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a gateway at another address: %d", resp.StatusCode)
	}
	if s.lim.refused.Load() < 1 {
		t.Error("the refusal was not counted")
	}
	for _, c := range held {
		c.Close()
	}
	held = nil
	for s.lim.open() > 0 {
		time.Sleep(time.Millisecond)
	}
	if n := len(s.lim.bySrc); n != 0 {
		t.Errorf("%d sources still counted after every connection closed", n)
	}
}

// TestLargeChecksReserveMemory: a check body of gateway size is answered
// whatever the memory budget holds; a large or chunked one takes its share
// of the budget first, and gets 503 when the budget is spent, so floods of
// 1 MiB checks cannot take the memory ingest is denied.
func TestLargeChecksReserveMemory(t *testing.T) {
	s, url, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true})
	post := func(body io.Reader, length int64) int {
		req, _ := http.NewRequest("POST", url+"/v1/check", body)
		req.ContentLength = length
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	small := `{"account_id":"acct_gw","ip":"192.0.2.1"}`
	large := `{"account_id":"acct_gw","prompt":"` + strings.Repeat("p", 200<<10) + `"}`
	if code := post(strings.NewReader(large), int64(len(large))); code != 200 {
		t.Fatalf("a large check with budget free: %d", code)
	}
	if used := s.mem.inUse(); used != 0 {
		t.Fatalf("%d bytes still reserved after the check", used)
	}
	if !s.mem.tryAcquire(s.cfg.MemoryBudget) {
		t.Fatal("could not take the whole budget")
	}
	defer s.mem.release(s.cfg.MemoryBudget)
	if code := post(strings.NewReader(small), int64(len(small))); code != 200 {
		t.Errorf("a small check with the budget spent: %d, want 200", code)
	}
	if code := post(strings.NewReader(large), int64(len(large))); code != 503 {
		t.Errorf("a large check with the budget spent: %d, want 503", code)
	}
	if code := post(io.MultiReader(strings.NewReader(small)), -1); code != 503 {
		t.Errorf("a chunked check with the budget spent: %d, want 503", code)
	}
}
