// Package journal is a durable append-only log, a write-ahead journal, for
// the online server.
//
// The server keeps its state (exchanges, accounts, models, operator
// decisions) in memory, and acknowledges an ingest batch only once the batch
// is in the journal. A crash, a kill -9 or a power cut then loses nothing a
// client was told was stored: on restart the server replays the journal into
// a fresh state. Append returns only after its record is written and
// fsynced; Appends that arrive while an fsync is in progress are committed
// together by the next write and fsync (group commit), so a busy server pays
// one fsync per group of waiting records rather than one per record.
//
// # Format
//
// A journal is a directory of segment files. A segment is named by the
// sequence number (seq) of its first record, 20 decimal digits with leading
// zeros and the suffix ".seg", for example 00000000000000000001.seg, so that
// the order of names is the order of records and finding the segment that
// holds a seq needs no file to be opened. Seqs are not stored in records:
// the n-th record (from 0) of the segment named S has seq S+n. A new segment
// is started when the current one would grow past Options.SegmentBytes.
//
// A segment starts with a 16-byte header:
//
//	magic   [4]byte  "DGJ1"
//	version uint32   1
//	first   uint64   seq of the first record, the same number as the name
//
// and continues with records, each
//
//	length  uint32   payload length in bytes, at most MaxPayload
//	crc     uint32   CRC-32C (Castagnoli) of kind and payload
//	kind    uint8    chosen by the caller, never 0
//	payload [length]byte
//
// All integers are little-endian. The directory also holds a file named
// LOCK, which an open Journal holds an exclusive flock on.
//
// # Recovery
//
// Records are never rewritten, and a segment is fsynced before the next one
// is created, so after a crash only the end of the last segment can hold a
// partly written group of records, none of which was acknowledged. Open
// reads every record and, at the first one that is not intact (cut short,
// a length past MaxPayload or the end of the file, kind 0 or a checksum
// mismatch), looks for an intact record starting at any later offset of
// the file: records have no sync marker, so it tries every offset for a
// plausible length, a kind other than 0 and a matching CRC-32C, which
// damage matches by chance about once in 2^32 plausible headers. The search
// takes time linear in the size of the file and happens only when a record
// is damaged.
//
// If the damage is in the last segment and no intact record follows it
// anywhere in the file, it is a torn write: Open cuts the file after the
// last intact record, and first copies the bytes it cuts to a new file next
// to the segment, named after it with the suffix ".torn-" and the offset of
// the cut (00000000000000000001.seg.torn-4096; ".2", ".3"… are added if
// that name is taken), and fsyncs it, so that nothing is destroyed. Open
// reports every repair through Options.Logf, naming the segment, the
// offset, the number of bytes removed and the file that keeps them. A last
// segment shorter than a header and holding the start of its own header
// (a crash while creating it) is completed, which removes nothing.
//
// Any other damage is not what a crash leaves behind but bytes changed
// after they were made durable: damage in any segment but the last, or
// damage with an intact record anywhere after it, which may hold
// acknowledged data. Open then changes nothing and refuses with an error
// wrapping ErrCorrupt that names the file and offset and says how to
// restore or truncate it by hand. This includes a crash that lost an
// earlier block of a group write while a later one reached the disk: the
// intact records after the gap cannot be told from acknowledged ones.
//
// The directory may hold other files; Open reads only LOCK and the files
// named like segments, so the ".torn-" files stay until an operator removes
// them.
package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
)

// Kind tells the caller what a record's payload holds (exchanges, accounts,
// models, an operator decision…), so that replay can dispatch without
// decoding the payload first. The journal does not interpret it; 0 is
// invalid so that a zero-filled region of a file can never pass for a
// record.
type Kind uint8

// MaxPayload bounds a record so that a damaged length field cannot make
// recovery allocate gigabytes, and one record cannot hold up the group
// commit of every other appender for long.
const MaxPayload = 256 << 20

const (
	defaultSegmentBytes = 64 << 20
	headerLen           = 16
	recHeaderLen        = 9
	formatVersion       = 1
	magic               = "DGJ1"
	// maxSpare is the largest group-commit buffer kept for reuse; a buffer
	// grown by a few huge records is dropped rather than held forever.
	maxSpare = 4 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrClosed is returned by calls on a closed Journal, so that a server
// shutting down can tell "stopped" from "failed".
var ErrClosed = errors.New("journal is closed")

// ErrCorrupt is wrapped by every Open and Replay error caused by the
// content of the files rather than by I/O, so that a caller can tell an
// operator that a journal needs repair, not a retry.
var ErrCorrupt = errors.New("journal is corrupt")

// Options tunes a Journal. The zero value is what a server should use.
type Options struct {
	// SegmentBytes is the size after which Append starts a new segment file.
	// Smaller segments make the file that recovery may truncate smaller;
	// larger ones mean fewer files. 0 means 64 MiB.
	SegmentBytes int64

	// NoSync skips every fsync. Appends are then durable against a crash of
	// the process but not of the machine. For tests and benchmarks only.
	NoSync bool

	// Logf, when set, hears every repair Open makes (a torn tail cut away
	// and kept aside, a torn segment header completed), one call each,
	// naming the file, the offset, the bytes removed and where they are
	// kept, so that an operator learns that the previous run ended in a
	// crash. Nil is silent.
	Logf func(format string, args ...any)
}

// Journal is an open journal directory. It is safe for concurrent use; only
// one Journal (in any process) may have a directory open at a time.
type Journal struct {
	dir  string
	opt  Options
	lock *os.File

	mu        sync.Mutex
	cond      sync.Cond
	segs      []segment // all segments, oldest first; the flusher appends
	next      uint64    // seq the next queued record gets
	durable   uint64    // last seq written and fsynced
	queue     []byte    // encoded records waiting for the flusher
	ends      []int     // end offset in queue of each waiting record
	spare     []byte    // the previous queue, for reuse
	spareEnds []int
	flushing  bool  // a goroutine is writing a group; others wait
	err       error // first write or fsync failure; sticky
	closed    bool
	flushes   uint64 // groups committed, for tests

	// Owned by the goroutine that is flushing.
	f        *os.File
	segSize  int64
	segFirst uint64
}

type segment struct {
	first uint64
	path  string
}

// Open opens the journal in dir, creating dir and a first segment if
// needed, and repairs a torn write at the end of the last segment (see
// Recovery in the package documentation). It returns an error wrapping
// ErrCorrupt, which says what to do, for any other damage.
func Open(dir string, opt Options) (*Journal, error) {
	if opt.SegmentBytes < 0 {
		return nil, fmt.Errorf("cannot open journal: negative SegmentBytes %d", opt.SegmentBytes)
	}
	if opt.SegmentBytes == 0 {
		opt.SegmentBytes = defaultSegmentBytes
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create journal directory: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	j := &Journal{dir: dir, opt: opt, lock: lock}
	j.cond.L = &j.mu
	if err := j.recover(); err != nil {
		if j.f != nil {
			j.f.Close()
		}
		lock.Close()
		return nil, err
	}
	return j, nil
}

// recover scans every segment, repairs the tail of the last one and opens
// it for appending.
func (j *Journal) recover() error {
	segs, err := listSegments(j.dir)
	if err != nil {
		return err
	}
	if len(segs) == 0 {
		f, err := createSegment(j.dir, 1, j.opt.NoSync)
		if err != nil {
			return err
		}
		j.f, j.segFirst, j.segSize = f, 1, headerLen
		j.segs = []segment{{1, filepath.Join(j.dir, segName(1))}}
		j.next = 1
		return nil
	}
	next := segs[0].first
	var end int64
	var buf []byte
	for i, s := range segs {
		if s.first != next {
			return fmt.Errorf("%w: %s should start at seq %d, where the previous segment ends: a segment file is missing or was renamed; restore it from a backup, or move this and later segment files aside to keep the records before seq %d",
				ErrCorrupt, s.path, next, next)
		}
		var n uint64
		n, end, buf, err = j.scan(s, i == len(segs)-1, buf)
		if err != nil {
			return err
		}
		next += n
	}
	last := segs[len(segs)-1]
	f, err := os.OpenFile(last.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("cannot open journal segment for appending: %w", err)
	}
	j.f, j.segFirst, j.segSize = f, last.first, end
	j.segs = segs
	j.next = next
	j.durable = next - 1
	return nil
}

// Append adds a record and returns its seq once the record is written and
// fsynced. Seqs start at 1 and increase by 1 per record, so a caller can
// store "applied up to seq N" and replay from N+1. The journal copies
// payload before returning.
//
// After a write or fsync failure every later Append fails too: the kernel
// may have dropped the unwritten pages, so the only safe way on is to Close
// and Open again, which rereads what the disk holds. A failed Append's
// record may or may not be in the journal after that.
func (j *Journal) Append(kind Kind, payload []byte) (seq uint64, err error) {
	if err := check(kind, payload); err != nil {
		return 0, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.usable(); err != nil {
		return 0, err
	}
	seq = j.enqueue(kind, payload)
	return seq, j.wait(seq)
}

// AppendBatch adds one record per payload, all of the same kind, with
// consecutive seqs, and returns the seq of the first once all are durable.
// It saves the lock round trips of many Appends when a caller already holds
// a batch; the records share a group commit but are not atomic as a whole:
// a crash can keep a prefix of them. An empty batch returns 0.
func (j *Journal) AppendBatch(kind Kind, payloads [][]byte) (first uint64, err error) {
	for _, p := range payloads {
		if err := check(kind, p); err != nil {
			return 0, err
		}
	}
	if len(payloads) == 0 {
		return 0, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.usable(); err != nil {
		return 0, err
	}
	var last uint64
	for _, p := range payloads {
		last = j.enqueue(kind, p)
	}
	first = last - uint64(len(payloads)) + 1
	return first, j.wait(last)
}

func check(kind Kind, payload []byte) error {
	if kind == 0 {
		return errors.New("cannot append to journal: kind 0 is reserved")
	}
	if len(payload) > MaxPayload {
		return fmt.Errorf("cannot append to journal: payload of %d bytes exceeds the maximum of %d", len(payload), MaxPayload)
	}
	return nil
}

// usable is called with mu held.
func (j *Journal) usable() error {
	if j.closed {
		return ErrClosed
	}
	return j.err
}

// enqueue encodes a record into the queue and gives it the next seq; mu is
// held.
func (j *Journal) enqueue(kind Kind, payload []byte) uint64 {
	q := j.queue
	start := len(q)
	q = binary.LittleEndian.AppendUint32(q, uint32(len(payload)))
	q = append(q, 0, 0, 0, 0, byte(kind))
	q = append(q, payload...)
	binary.LittleEndian.PutUint32(q[start+4:], crc32.Checksum(q[start+8:], castagnoli))
	j.queue = q
	j.ends = append(j.ends, len(q))
	seq := j.next
	j.next++
	return seq
}

// wait returns once seq is durable or the journal has failed. While no
// group is being written, the waiter writes one itself (it holds at least
// its own record), so there is no background goroutine to start or stop.
// mu is held.
func (j *Journal) wait(seq uint64) error {
	for {
		if j.durable >= seq {
			return nil
		}
		if j.err != nil {
			return j.err
		}
		if !j.flushing {
			j.flush()
			continue
		}
		j.cond.Wait()
	}
}

// flush writes and fsyncs every queued record, releasing mu meanwhile so
// that more records can queue for the next group. mu is held.
func (j *Journal) flush() {
	j.flushing = true
	buf, ends := j.queue, j.ends
	first := j.next - uint64(len(ends))
	j.queue, j.ends = j.spare[:0], j.spareEnds[:0]
	j.spare, j.spareEnds = nil, nil
	j.mu.Unlock()
	err := j.write(buf, ends, first)
	j.mu.Lock()
	j.flushing = false
	j.flushes++
	if err != nil {
		if j.err == nil {
			j.err = fmt.Errorf("%w; the journal accepts no more appends until it is reopened", err)
		}
	} else {
		j.durable = first + uint64(len(ends)) - 1
	}
	if cap(buf) <= maxSpare {
		j.spare, j.spareEnds = buf[:0], ends[:0]
	}
	j.cond.Broadcast()
}

// write appends a group of encoded records, starting new segments where the
// current one would grow past SegmentBytes, and fsyncs them. Only the
// flushing goroutine calls it.
func (j *Journal) write(buf []byte, ends []int, first uint64) error {
	chunk, prev := 0, 0
	for i, end := range ends {
		n := int64(end - prev)
		if j.segSize > headerLen && j.segSize+n > j.opt.SegmentBytes {
			if err := j.writeSync(buf[chunk:prev]); err != nil {
				return err
			}
			if err := j.rotate(first + uint64(i)); err != nil {
				return err
			}
			chunk = prev
		}
		j.segSize += n
		prev = end
	}
	return j.writeSync(buf[chunk:])
}

func (j *Journal) writeSync(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("cannot write journal: %w", err)
	}
	if j.opt.NoSync {
		return nil
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("cannot fsync journal: %w", err)
	}
	return nil
}

// rotate closes the current segment, whose records are already fsynced,
// and starts one whose first record will be seq first.
func (j *Journal) rotate(first uint64) error {
	err := j.f.Close()
	j.f = nil
	if err != nil {
		return fmt.Errorf("cannot close journal segment: %w", err)
	}
	f, err := createSegment(j.dir, first, j.opt.NoSync)
	if err != nil {
		return err
	}
	j.f, j.segFirst, j.segSize = f, first, headerLen
	j.mu.Lock()
	j.segs = append(j.segs, segment{first, filepath.Join(j.dir, segName(first))})
	j.mu.Unlock()
	return nil
}

// Err returns nil while the journal accepts appends. After a write or
// fsync failure (a full disk, an I/O error) it returns that failure, which
// every later Append and AppendBatch returns too until the journal is
// closed and opened again; after Close it returns ErrClosed. A server can
// poll it to report itself not ready rather than acknowledge nothing.
// A failure shows only once an append has tried to write.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.usable()
}

// LastSeq returns the seq of the last durable record, 0 for an empty
// journal, so that a server can tell how far its state must be replayed.
func (j *Journal) LastSeq() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.durable
}

// Replay calls fn for every record with seq >= from, in seq order, up to
// the last record that was durable when Replay was called; Appends may run
// meanwhile. payload is valid only during the call, because Replay reuses
// one buffer for the whole journal. A from of 0 means 1. An error from fn
// stops Replay and is returned as is.
//
// Replay rechecks every checksum it reads, so damage done since Open is an
// error wrapping ErrCorrupt rather than a wrong record.
func (j *Journal) Replay(from uint64, fn func(seq uint64, kind Kind, payload []byte) error) error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return ErrClosed
	}
	segs, last := slices.Clone(j.segs), j.durable
	j.mu.Unlock()
	if from == 0 {
		from = 1
	}
	if from > last {
		return nil
	}
	if from < segs[0].first {
		return fmt.Errorf("cannot replay from seq %d: the journal starts at seq %d", from, segs[0].first)
	}
	i := sort.Search(len(segs), func(i int) bool { return segs[i].first > from }) - 1
	seq := segs[i].first
	var buf []byte
	for ; i < len(segs) && seq <= last; i++ {
		if segs[i].first != seq {
			return fmt.Errorf("%w: %s should start at seq %d", ErrCorrupt, segs[i].path, seq)
		}
		r, err := openReader(segs[i].path, buf)
		if err != nil {
			return err
		}
		if err := r.checkHeader(segs[i].first); err != nil {
			r.close()
			return err
		}
		err = j.replaySegment(r, &seq, from, last, fn)
		buf = r.buf
		r.close()
		if err != nil {
			return err
		}
	}
	if seq <= last {
		return fmt.Errorf("%w: the segments end before seq %d, the last durable record", ErrCorrupt, last)
	}
	return nil
}

// replaySegment reads the records of one segment, advancing *seq, until
// the end of the segment or seq last.
func (j *Journal) replaySegment(r *reader, seq *uint64, from, last uint64, fn func(uint64, Kind, []byte) error) error {
	for ; *seq <= last; *seq++ {
		off := r.off
		kind, payload, err := r.next(*seq < from)
		if err == io.EOF {
			return nil
		}
		var bad *badRecord
		if errors.As(err, &bad) {
			return corruptf(r.path, off, *seq, "%s", bad.reason)
		}
		if err != nil {
			return err
		}
		if *seq >= from {
			if err := fn(*seq, kind, payload); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close waits for Appends already queued, then releases the files and the
// directory lock. Later calls return ErrClosed; a second Close returns nil,
// so that a deferred Close can follow an explicit one.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.flushing || (len(j.ends) > 0 && j.err == nil) {
		j.cond.Wait()
	}
	if j.closed {
		return nil
	}
	j.closed = true
	var err error
	if j.f != nil {
		err = j.f.Close()
		j.f = nil
	}
	if lerr := j.lock.Close(); err == nil {
		err = lerr
	}
	if err != nil {
		return fmt.Errorf("cannot close journal: %w", err)
	}
	return nil
}
