package journal

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The crash test runs its appender in a child process (this test binary
// again, running TestCrashChild) so that it can kill it with SIGKILL, which
// gives the journal no chance to finish a write or close a file. A killed
// process leaves the page cache intact, so this proves the protocol
// (acknowledge only what is written, recover what a dead writer left) rather
// than the disk; TestTornTail and TestTornGroupWrite stand in for power
// loss.
const (
	crashDirEnv   = "DISTILLGUARD_JOURNAL_CRASH_DIR"
	crashRoundEnv = "DISTILLGUARD_JOURNAL_CRASH_ROUND"
	crashWriters  = 8
)

// crashID identifies a record independently of its seq: the child round,
// the appending goroutine and its counter.
type crashID struct{ round, g, i uint32 }

// crashPayload derives a payload from its identity, which it starts with,
// so that a recovered record can be checked byte for byte. Sizes vary from
// 12 bytes to 64 KiB.
func crashPayload(id crashID) []byte {
	var seed [32]byte
	binary.LittleEndian.PutUint32(seed[0:], id.round)
	binary.LittleEndian.PutUint32(seed[4:], id.g)
	binary.LittleEndian.PutUint32(seed[8:], id.i)
	r := rand.NewChaCha8(seed)
	n := 12 + int(r.Uint64()%2000)
	if r.Uint64()%40 == 0 {
		n = 12 + int(r.Uint64()%(64<<10))
	}
	p := make([]byte, n)
	copy(p, seed[:12])
	r.Read(p[12:])
	return p
}

func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestCrash in a child process")
	}
	round, err := strconv.Atoi(os.Getenv(crashRoundEnv))
	if err != nil {
		t.Fatal(err)
	}
	j, err := Open(dir, Options{SegmentBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for g := range crashWriters {
		go func() {
			for i := 0; ; i++ {
				id := crashID{uint32(round), uint32(g), uint32(i)}
				seq, err := j.Append(Kind(g+1), crashPayload(id))
				if err != nil {
					t.Error(err)
					return
				}
				// One write per line: a pipe write this short is atomic, so
				// the parent never sees two acknowledgements interleaved.
				os.Stdout.Write(fmt.Appendf(nil, "ack %d %d %d %d\n", seq, id.round, id.g, id.i))
			}
		}()
	}
	time.Sleep(time.Minute) // the parent kills us long before
	t.Fatal("not killed")
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	acked := map[uint64]crashID{}
	// Kill at a different point each round; each round recovers what the
	// previous one left and continues the seqs.
	for round, killAfter := range []int{2000, 2600, 3300} {
		crashRound(t, dir, round, killAfter, acked)
		checkCrashed(t, dir, acked)
	}
}

// crashRound runs a child appending to dir and kills it after killAfter
// acknowledgements, adding the acknowledged records to acked.
func crashRound(t *testing.T, dir string, round, killAfter int, acked map[uint64]crashID) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashRoundEnv+"="+strconv.Itoa(round))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var other strings.Builder
	n := 0
	br := bufio.NewReader(out)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			break // EOF; a line cut short by the kill was never acknowledged
		}
		var seq uint64
		var id crashID
		if _, err := fmt.Sscanf(line, "ack %d %d %d %d\n", &seq, &id.round, &id.g, &id.i); err != nil {
			other.WriteString(line)
			continue
		}
		if prev, dup := acked[seq]; dup {
			t.Fatalf("round %d: seq %d acknowledged for %v and for %v", round, seq, prev, id)
		}
		acked[seq] = id
		if n++; n == killAfter {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if n < killAfter {
		t.Fatalf("round %d: child stopped after %d acknowledgements (%v)\nstdout:\n%s\nstderr:\n%s", round, n, err, other.String(), stderr.String())
	}
	t.Logf("round %d: killed after %d acknowledgements (%d read before EOF)", round, killAfter, n)
}

// checkCrashed opens the journal a child was killed on and checks that
// every acknowledged record is there with its payload, that no record is
// there twice, and that seqs are dense.
func checkCrashed(t *testing.T, dir string, acked map[uint64]crashID) {
	t.Helper()
	j, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer j.Close()
	seen := map[crashID]uint64{}
	var next uint64 = 1
	err = j.Replay(1, func(seq uint64, kind Kind, payload []byte) error {
		if seq != next {
			return fmt.Errorf("seq %d after %d", seq, next-1)
		}
		next++
		if len(payload) < 12 {
			return fmt.Errorf("seq %d: payload of %d bytes", seq, len(payload))
		}
		id := crashID{binary.LittleEndian.Uint32(payload), binary.LittleEndian.Uint32(payload[4:]), binary.LittleEndian.Uint32(payload[8:])}
		if !bytes.Equal(payload, crashPayload(id)) || kind != Kind(id.g+1) {
			return fmt.Errorf("seq %d: payload or kind does not match identity %v", seq, id)
		}
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("record %v at seq %d and %d", id, prev, seq)
		}
		seen[id] = seq
		if want, ok := acked[seq]; ok && want != id {
			return fmt.Errorf("seq %d holds %v, acknowledged as %v", seq, id, want)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Replay after kill: %v", err)
	}
	if last := j.LastSeq(); last != next-1 {
		t.Fatalf("LastSeq %d, Replay ended at %d", last, next-1)
	}
	for seq, id := range acked {
		if seen[id] != seq {
			t.Fatalf("acknowledged record %v (seq %d) lost", id, seq)
		}
	}
	t.Logf("journal holds %d records, %d acknowledged", next-1, len(acked))
}
