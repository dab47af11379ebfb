package journal

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
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
// segment someone renamed, and skipping it would lose its records. Other
// names, such as LOCK and the .seg.torn-<offset> files that keep the bytes
// recovery cut, are not segments.
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
	return fmt.Errorf("%w: %s at offset %d (seq %d): %s. The records from seq %d on cannot be read: restore the journal directory from a backup, or, to keep the records before seq %d and give up the rest, copy this file aside (cp %s %s.damaged), truncate it to %d bytes (truncate -s %d %s) and move any later segment files out of the journal directory",
		ErrCorrupt, path, off, seq, fmt.Sprintf(format, args...), seq, seq, path, path, off, off, path)
}

// badRecord is a record that cannot be read.
type badRecord struct{ reason string }

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
		return 0, nil, &badRecord{fmt.Sprintf("record header cut short at %d bytes", rem)}
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
		return 0, nil, &badRecord{fmt.Sprintf("record of %d bytes runs past the end of the file", n)}
	case n > MaxPayload:
		return 0, nil, &badRecord{fmt.Sprintf("record length %d exceeds the maximum of %d", n, MaxPayload)}
	case kind == 0:
		return 0, nil, &badRecord{"record kind is 0"}
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
		return 0, nil, &badRecord{"record checksum mismatch"}
	}
	r.off = next
	return kind, payload, nil
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
		// A crash right after the segment was created: it holds no record,
		// and what it holds is the start of its header. Completing the
		// header removes nothing.
		if err := j.completeHeader(s.path, r.size, want[r.size:]); err != nil {
			return 0, 0, buf, err
		}
		j.logf("journal: %s: completed a segment header cut short at %d bytes by writing %d bytes at offset %d; 0 bytes removed, so nothing kept aside; the previous run stopped while creating this segment",
			s.path, r.size, headerLen-r.size, r.size)
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
		at, err := findIntact(r.f, off, r.size)
		if err != nil {
			return 0, 0, r.buf, err
		}
		if at >= 0 {
			return 0, 0, r.buf, corruptf(s.path, off, seq, "%s, yet an intact record starts after it at offset %d, so this is not a write torn by a crash but damage to records that may have been acknowledged; Open changed nothing", bad.reason, at)
		}
		kept, err := j.cutTail(r.f, s.path, off, r.size)
		if err != nil {
			return 0, 0, r.buf, err
		}
		j.logf("journal: %s: cut %d bytes at offset %d to the end of the file (%s, and no intact record follows: the previous run stopped while writing seq %d, which was never acknowledged); the bytes cut are kept in %s",
			s.path, r.size-off, off, bad.reason, seq, kept)
		return n, off, r.buf, nil
	}
}

// cutTail keeps bytes [off, size) of the segment at path aside (see
// keepAside), then truncates the segment to off bytes and fsyncs it. It
// returns where the bytes are kept.
func (j *Journal) cutTail(seg *os.File, path string, off, size int64) (string, error) {
	kept, err := j.keepAside(seg, path, off, size)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return "", fmt.Errorf("cannot open journal segment to repair it: %w", err)
	}
	defer f.Close()
	if err := f.Truncate(off); err != nil {
		return "", fmt.Errorf("cannot truncate torn journal segment: %w", err)
	}
	if j.opt.NoSync {
		return kept, nil
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("cannot fsync repaired journal segment: %w", err)
	}
	return kept, nil
}

// keepAside copies bytes [off, size) of the segment at path to a new file
// named path.torn-off (path.torn-off.2 and so on if that exists), fsyncs
// it and its directory, and returns its name.
func (j *Journal) keepAside(seg *os.File, path string, off, size int64) (string, error) {
	var f *os.File
	var name string
	for i := 1; ; i++ {
		name = fmt.Sprintf("%s.torn-%d", path, off)
		if i > 1 {
			name += fmt.Sprintf(".%d", i)
		}
		var err error
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i == 1000 {
			return "", fmt.Errorf("cannot create a file to keep the cut bytes of journal segment %s aside: %w", path, err)
		}
	}
	_, err := io.Copy(f, io.NewSectionReader(seg, off, size-off))
	if err == nil && !j.opt.NoSync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !j.opt.NoSync {
		err = syncDir(j.dir)
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("cannot keep the cut bytes of journal segment %s aside in %s: %w", path, name, err)
	}
	return name, nil
}

// completeHeader writes the rest of a segment header, rest, at offset size
// of the segment at path, and fsyncs it.
func (j *Journal) completeHeader(path string, size int64, rest []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot open journal segment to repair it: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteAt(rest, size); err != nil {
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
