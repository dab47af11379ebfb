package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// MaxLineBytes is the longest line the contract accepts; a longer one is
// rejected whole, without being held in memory.
const MaxLineBytes = 1 << 20

// chunkBytes is the size of the blocks handed to parser workers: large
// enough to amortise channel and scheduling costs, small enough that a few
// in flight per worker keep memory flat.
const chunkBytes = 4 << 20

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// chunk is a run of whole lines, or one line too long to keep. Chunks do
// not know their line numbers: counting the lines of every chunk on the
// one goroutine that cuts them would cost a pass over all the input, and
// the parsers pass over each line anyway. They number lines from 0 in
// their chunk, and the in-order consumer adds the lines of the chunks
// before.
type chunk struct {
	buf     []byte // whole lines, each ending in '\n' except maybe the last of the input
	tooLong bool   // buf is empty and the chunk stands for one over-long line
}

// splitter cuts a byte stream into chunks of whole lines. It copies each
// partial last line to the front of the next buffer, so a line is never
// split across chunks; a line longer than MaxLineBytes is skipped up to its
// end and only its number is kept.
type splitter struct {
	r       io.Reader
	carry   []byte
	discard bool // inside an over-long line
	eof     bool
	bytes   int64
	pool    chan []byte
}

func newSplitter(r io.Reader, poolSize int) *splitter {
	return &splitter{r: r, pool: make(chan []byte, poolSize)}
}

func (s *splitter) getBuf() []byte {
	select {
	case b := <-s.pool:
		return b[:0]
	default:
		return make([]byte, 0, chunkBytes+MaxLineBytes)
	}
}

// release returns a chunk buffer for reuse.
func (s *splitter) release(b []byte) {
	select {
	case s.pool <- b:
	default:
	}
}

// next returns the next chunk, or io.EOF when the input is exhausted.
func (s *splitter) next() (*chunk, error) {
	for {
		if s.eof && len(s.carry) == 0 {
			return nil, io.EOF
		}
		buf := append(s.getBuf(), s.carry...)
		s.carry = s.carry[:0]
		for !s.eof && len(buf) < chunkBytes {
			n, err := s.r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			s.bytes += int64(n)
			if errors.Is(err, io.EOF) {
				s.eof = true
			} else if err != nil {
				return nil, fmt.Errorf("cannot read input after %d bytes of it: %w", s.bytes, err)
			}
		}
		if s.discard {
			// Skip the rest of an over-long line, already reported.
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				if s.eof { // the long line was the input's last
					s.discard = false
				}
				s.release(buf)
				continue
			}
			s.discard = false
			buf = buf[:copy(buf, buf[i+1:])]
		}
		end := len(buf)
		if !s.eof {
			i := bytes.LastIndexByte(buf, '\n')
			if i < 0 {
				// A full buffer without a line end: this line is over the
				// limit. Report it now and skip to its end.
				s.discard = true
				s.release(buf)
				return &chunk{tooLong: true}, nil
			}
			end = i + 1
			s.carry = append(s.carry, buf[end:]...)
		}
		if end == 0 {
			s.release(buf)
			continue
		}
		return &chunk{buf: buf[:end]}, nil
	}
}

// forEachLine calls f for every line of c with its number in the chunk
// (from 0), without the line end (\n or \r\n), and returns how many lines
// the chunk holds. Blank lines are skipped: JSON Lines tools tolerate them.
// Lines longer than MaxLineBytes are passed with tooLong set.
func forEachLine(c *chunk, f func(lineNo int64, line []byte, tooLong bool)) int64 {
	if c.tooLong {
		f(0, nil, true)
		return 1
	}
	b := c.buf
	lineNo := int64(0)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		var line []byte
		if i < 0 {
			line, b = b, nil
		} else {
			line, b = b[:i], b[i+1:]
		}
		if len(line) > MaxLineBytes {
			f(lineNo, nil, true)
		} else {
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if !isBlank(line) {
				f(lineNo, line, false)
			}
		}
		lineNo++
	}
	return lineNo
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// Lines calls f with each line of b that is not blank, without its line
// end (\n or \r\n), and its number counting every line from 1: the framing
// of a JSON Lines body already in memory (a request, a journal record),
// where the streaming splitter above is not needed. It frames exactly as
// the streaming reader does, so the server and detect agree on every line;
// a line longer than MaxLineBytes is passed whole, and the caller rejects
// it as the reader does (see LineTooLong).
func Lines(b []byte, f func(no int64, line []byte)) {
	for no := int64(1); len(b) > 0; no++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if len(line) <= MaxLineBytes {
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
		}
		if !isBlank(line) {
			f(no, line)
		}
	}
}

// LineTooLong is the verdict on a line longer than MaxLineBytes, which
// the reader rejects before decoding.
func LineTooLong(line []byte) *LineError {
	if len(line) <= MaxLineBytes {
		return nil
	}
	return &LineError{Reason: ReasonTooLong, Detail: fmt.Sprintf("%d bytes", len(line))}
}
