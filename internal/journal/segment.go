package journal

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func segName(first uint64) string { return fmt.Sprintf("%020d.seg", first) }

// parseSegName returns the first seq a segment name stands for.
func parseSegName(name string) (uint64, bool) {
	digits, ok := strings.CutSuffix(name, ".seg")
	if !ok || len(digits) != 20 {
		return 0, false
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	first, err := strconv.ParseUint(digits, 10, 64)
	return first, err == nil && first > 0
}

func appendHeader(b []byte, first uint64) []byte {
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, formatVersion)
	return binary.LittleEndian.AppendUint64(b, first)
}

// listSegments returns the segments of dir, oldest first. A stray *.seg
// file is an error rather than ignored, because it is most likely a
// segment someone renamed, and skipping it would lose its records.
func listSegments(dir string) ([]segment, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list journal directory: %w", err)
	}
	var segs []segment
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".seg") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		first, ok := parseSegName(e.Name())
		if !ok || !e.Type().IsRegular() {
			return nil, fmt.Errorf("%w: %s is not a segment file (want a regular file named by 20 digits and .seg, first seq 1 or more); move it out of the journal directory",
				ErrCorrupt, path)
		}
		segs = append(segs, segment{first, path}) // ReadDir sorts by name, so by seq
	}
	return segs, nil
}

// createSegment creates the segment whose first record will be seq first
// and makes its directory entry durable, so that a crash cannot lose a
// segment whose records were acknowledged.
func createSegment(dir string, first uint64, noSync bool) (*os.File, error) {
	path := filepath.Join(dir, segName(first))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot create journal segment: %w", err)
	}
	if _, err := f.Write(appendHeader(nil, first)); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot write journal segment header: %w", err)
	}
	if !noSync {
		if err := syncDir(dir); err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot fsync journal directory: %w", err)
		}
	}
	return f, nil
}

// corruptf describes damage at off in path, where the record with seq
// should be, and what the operator can do about it.
func corruptf(path string, off int64, seq uint64, format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d (seq %d): %s. The records from seq %d on cannot be read: restore the journal directory from a backup, or keep the records before seq %d by truncating this file to %d bytes (truncate -s %d %s) and moving any later segment files aside",
		ErrCorrupt, path, off, seq, fmt.Sprintf(format, args...), seq, seq, off, off, path)
}

// badRecord is a record that cannot be read.
type badRecord struct {
	reason string
	torn   bool  // the record runs past the end of the file
	next   int64 // where the following record would start, unless torn
}

func (e *badRecord) Error() string { return e.reason }

// reader reads the records of one segment in order, reusing one payload
// buffer.
type reader struct {
	f    *os.File
	path string
	br   *bufio.Reader
	size int64 // at open; records beyond are not read
	off  int64 // of the next record
	buf  []byte
}

func openReader(path string, buf []byte) (*reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open journal segment: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot stat journal segment: %w", err)
	}
	return &reader{f: f, path: path, br: bufio.NewReaderSize(f, int(min(fi.Size()+1, 256<<10))), size: fi.Size(), buf: buf}, nil
}

func (r *reader) close() {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
}

// checkHeader reads the header and checks it belongs to a segment starting
// at seq first.
func (r *reader) checkHeader(first uint64) error {
	if r.size < headerLen {
		return corruptf(r.path, 0, first, "the segment header is cut short at %d bytes", r.size)
	}
	var h [headerLen]byte
	if _, err := io.ReadFull(r.br, h[:]); err != nil {
		return fmt.Errorf("cannot read journal segment %s: %w", r.path, err)
	}
	r.off = headerLen
	switch {
	case string(h[:4]) != magic:
		return corruptf(r.path, 0, first, "not a journal segment (magic %q, want %q)", h[:4], magic)
	case binary.LittleEndian.Uint32(h[4:]) != formatVersion:
		return corruptf(r.path, 0, first, "unknown format version %d (this build reads version %d)", binary.LittleEndian.Uint32(h[4:]), formatVersion)
	case binary.LittleEndian.Uint64(h[8:]) != first:
		return corruptf(r.path, 0, first, "the header says the first seq is %d but the name says %d", binary.LittleEndian.Uint64(h[8:]), first)
	}
	return nil
}

// next reads the next record, io.EOF at the end of the segment or a
// *badRecord. With skip it neither returns nor checks the payload, which
// Replay does not need before its starting seq.
func (r *reader) next(skip bool) (Kind, []byte, error) {
	rem := r.size - r.off
	if rem == 0 {
		return 0, nil, io.EOF
	}
	if rem < recHeaderLen {
		return 0, nil, &badRecord{reason: fmt.Sprintf("record header cut short at %d bytes", rem), torn: true}
	}
	var h [recHeaderLen]byte
	if _, err := io.ReadFull(r.br, h[:]); err != nil {
		return 0, nil, fmt.Errorf("cannot read journal segment %s: %w", r.path, err)
	}
	n := int64(binary.LittleEndian.Uint32(h[:]))
	kind := Kind(h[8])
	next := r.off + recHeaderLen + n
	switch {
	case n > rem-recHeaderLen:
		return 0, nil, &badRecord{reason: fmt.Sprintf("record of %d bytes runs past the end of the file", n), torn: true}
	case n > MaxPayload:
		return 0, nil, &badRecord{reason: fmt.Sprintf("record length %d exceeds the maximum of %d", n, MaxPayload), next: next}
	case kind == 0:
		return 0, nil, &badRecord{reason: "record kind is 0", next: next}
	}
	if skip {
		if _, err := r.br.Discard(int(n)); err != nil {
			return 0, nil, fmt.Errorf("cannot read journal segment %s: %w", r.path, err)
		}
		r.off = next
		return kind, nil, nil
	}
	if int64(cap(r.buf)) < n {
		r.buf = make([]byte, n)
	}
	payload := r.buf[:n]
	if _, err := io.ReadFull(r.br, payload); err != nil {
		return 0, nil, fmt.Errorf("cannot read journal segment %s: %w", r.path, err)
	}
	sum := crc32.Update(crc32.Update(0, castagnoli, h[8:]), castagnoli, payload)
	if sum != binary.LittleEndian.Uint32(h[4:]) {
		return 0, nil, &badRecord{reason: "record checksum mismatch", next: next}
	}
	r.off = next
	return kind, payload, nil
}

// intactAt reports whether a whole record with a valid checksum starts at
// off in f, whose size is size.
func intactAt(f *os.File, off, size int64) bool {
	var h [recHeaderLen]byte
	if size-off < recHeaderLen {
		return false
	}
	if _, err := f.ReadAt(h[:], off); err != nil {
		return false
	}
	n := int64(binary.LittleEndian.Uint32(h[:]))
	if n > MaxPayload || n > size-off-recHeaderLen || h[8] == 0 {
		return false
	}
	c := crc32.New(castagnoli)
	if _, err := io.Copy(c, io.NewSectionReader(f, off+8, n+1)); err != nil {
		return false
	}
	return c.Sum32() == binary.LittleEndian.Uint32(h[4:])
}

// sectorSize is the unit in which a crash loses unwritten data: a block
// that did not reach the disk reads back as zeros.
const sectorSize = 512

// zeroSector reports whether [from, to) of f contains a whole aligned
// sector of zeros. A record with a bad checksum and an intact record after
// it is then what a crash during one group write leaves when the disk
// wrote a later block of the group but not an earlier one; a bit flip in
// durable data does not zero a sector.
func zeroSector(f *os.File, from, to int64) bool {
	buf := make([]byte, 64<<10)
	for off := (from + sectorSize - 1) / sectorSize * sectorSize; off+sectorSize <= to; {
		n := min(int64(len(buf)), (to-off)/sectorSize*sectorSize)
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			return false
		}
		for s := int64(0); s < n; s += sectorSize {
			if allZero(buf[s : s+sectorSize]) {
				return true
			}
		}
		off += n
	}
	return false
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// scan checks every record of segment s and returns how many there are and
// where the last one ends. In the last segment it repairs a torn write (see
// Recovery in the package documentation).
func (j *Journal) scan(s segment, last bool, buf []byte) (n uint64, end int64, _ []byte, err error) {
	r, err := openReader(s.path, buf)
	if err != nil {
		return 0, 0, buf, err
	}
	defer r.close()
	if r.size < headerLen {
		got := make([]byte, r.size)
		if _, err := io.ReadFull(r.br, got); err != nil {
			return 0, 0, buf, fmt.Errorf("cannot read journal segment %s: %w", s.path, err)
		}
		want := appendHeader(nil, s.first)
		if !last || !bytes.Equal(got, want[:len(got)]) {
			return 0, 0, buf, r.checkHeader(s.first)
		}
		// A crash right after the segment was created: it holds no record.
		if err := j.repair(s.path, 0, want); err != nil {
			return 0, 0, buf, err
		}
		j.logf("journal: %s: rewrote a header cut short at %d bytes; the previous run stopped while creating this segment", s.path, r.size)
		return 0, headerLen, buf, nil
	}
	if err := r.checkHeader(s.first); err != nil {
		return 0, 0, buf, err
	}
	for ; ; n++ {
		off := r.off
		_, _, err := r.next(false)
		if err == nil {
			continue
		}
		if err == io.EOF {
			return n, off, r.buf, nil
		}
		var bad *badRecord
		if !errors.As(err, &bad) {
			return 0, 0, r.buf, err
		}
		seq := s.first + n
		if !last {
			return 0, 0, r.buf, corruptf(s.path, off, seq, "%s, and this is not the last segment, so it is not a torn write", bad.reason)
		}
		if !bad.torn && intactAt(r.f, bad.next, r.size) && !zeroSector(r.f, off, bad.next) {
			return 0, 0, r.buf, corruptf(s.path, off, seq, "%s, yet the record after it is intact, so it is not a torn write", bad.reason)
		}
		if err := j.repair(s.path, off, nil); err != nil {
			return 0, 0, r.buf, err
		}
		j.logf("journal: %s: cut %d bytes after offset %d (%s): the previous run stopped while writing seq %d, which was never acknowledged",
			s.path, r.size-off, off, bad.reason, seq)
		return n, off, r.buf, nil
	}
}

// repair truncates the file at path to size, appends tail, and fsyncs it.
func (j *Journal) repair(path string, size int64, tail []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot open journal segment to repair it: %w", err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		return fmt.Errorf("cannot truncate torn journal segment: %w", err)
	}
	if _, err := f.WriteAt(tail, size); err != nil {
		return fmt.Errorf("cannot rewrite journal segment header: %w", err)
	}
	if j.opt.NoSync {
		return nil
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("cannot fsync repaired journal segment: %w", err)
	}
	return nil
}

func (j *Journal) logf(format string, args ...any) {
	if j.opt.Logf != nil {
		j.opt.Logf(format, args...)
	}
}
