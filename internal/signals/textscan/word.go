package textscan

import "math/bits"

// wordInfo describes one scanned word.
type wordInfo struct {
	h        uint64 // finished hash
	kinds    uint8  // OR of the byte classes seen (cHigh for non-ASCII)
	up       int    // ASCII capitals
	digits   int    // ASCII digits
	nonASCII int    // bytes >= 0x80 inside the word
	inner    bool   // a capital right after a lower-case letter
}

// packed word descriptions, so that scanWord returns in registers:
// kinds in bits 0-7, capitals 8-23, digits 24-39, non-ASCII bytes 40-55,
// inner capital bit 56 (counts saturate at 65535)
func pack(w *wordInfo) uint64 {
	sat := func(n int) uint64 {
		if n > 0xFFFF {
			return 0xFFFF
		}
		return uint64(n)
	}
	p := uint64(w.kinds) | sat(w.up)<<8 | sat(w.digits)<<24 | sat(w.nonASCII)<<40
	if w.inner {
		p |= 1 << 56
	}
	return p
}

func unpack(h, p uint64) wordInfo {
	return wordInfo{h: h, kinds: uint8(p), up: int(p >> 8 & 0xFFFF), digits: int(p >> 24 & 0xFFFF),
		nonASCII: int(p >> 40 & 0xFFFF), inner: p>>56&1 != 0}
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// inRange returns, for each byte of x (all < 0x80), 0x80 when lo <= b <= hi.
func inRange(x uint64, lo, hi byte) uint64 {
	return (x + ones*uint64(0x80-lo)) &^ (x + ones*uint64(0x7F-hi)) & highs
}

func load64(s string, j int) uint64 {
	b := s[j : j+8] // one bounds check; the compiler merges the loads
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func loadTail(s string, j int) uint64 {
	var c uint64
	for k := 0; j+k < len(s) && k < 8; k++ {
		c |= uint64(s[j+k]) << (8 * k)
	}
	return c
}

// mixChunk folds up to eight lower-cased word bytes into the hash. Words are
// hashed in chunks of eight bytes, so both scanning paths agree.
func mixChunk(h, c uint64) uint64 {
	return (bits.RotateLeft64(h, 27) ^ c) * 0x9E3779B97F4A7C15
}

// finish mixes the chunk state of a word into its token hash (never 0).
func finish(h uint64) uint64 {
	h ^= h >> 29 // mixChunk ended with a multiply; fold its high bits down
	if h == 0 {
		h = 1
	}
	return h
}

// scanWord reads the word starting at s[i] and returns its end, its hash
// and its packed description (see pack). ASCII words are read eight bytes
// at a time; a word with an apostrophe or non-ASCII bytes goes through
// scanWordSlow. ASCII word bytes are lower-cased by setting bit 5 (A-Z
// become a-z, digits are unchanged).
func scanWord(s string, i int) (end int, h, info uint64) {
	if s[i] >= 0x80 {
		return slow(s, i)
	}
	n := len(s)
	j := i
	var kinds, up, digits uint64
	var inner, prevLower uint64
	for {
		var c uint64
		if j+8 <= n {
			c = load64(s, j)
		} else {
			c = loadTail(s, j)
		}
		hi := c & highs
		x := c &^ highs
		lc := x | 0x2020202020202020
		letter := inRange(lc, 'a', 'z')
		digit := inRange(x, '0', '9')
		under := inRange(x, '_', '_')
		word := (letter | digit | under) &^ hi
		nw := bits.TrailingZeros64(^word&highs) >> 3 // leading word bytes
		if nw == 0 {
			break
		}
		pm := uint64(highs)
		bm := ^uint64(0)
		if nw < 8 {
			bm = 1<<(8*nw) - 1
			pm &= bm
		}
		upper := inRange(x, 'A', 'Z') & pm
		low := letter &^ upper & pm
		if upper != 0 {
			kinds |= cUpper
			up += uint64(bits.OnesCount64(upper))
			inner |= (low<<8)&upper | prevLower&upper&0x80
		}
		if low != 0 {
			kinds |= cLower
		}
		if dg := digit & pm; dg != 0 {
			kinds |= cDigit
			digits += uint64(bits.OnesCount64(dg))
		}
		if under&pm != 0 {
			kinds |= cUnder
		}
		h = mixChunk(h, lc&bm)
		j += nw
		if nw < 8 {
			break
		}
		prevLower = low >> 63 << 7
	}
	if j < n {
		if t := s[j]; t >= 0x80 || t == '\'' && j+1 < n && class[s[j+1]]&cLetter != 0 {
			return slow(s, i)
		}
	}
	info = kinds | min(up, 0xFFFF)<<8 | min(digits, 0xFFFF)<<24
	if inner != 0 {
		info |= 1 << 56
	}
	return j, finish(h), info
}

// slow is scanWordSlow with scanWord's results.
func slow(s string, i int) (int, uint64, uint64) {
	j, w := scanWordSlow(s, i)
	return j, w.h, pack(&w)
}

// scanWordSlow is scanWord a byte at a time: it drops apostrophes inside
// words (don't, let’s), folds Latin-1 and basic Cyrillic capitals, and ends
// the word at non-ASCII punctuation.
func scanWordSlow(s string, i int) (int, wordInfo) {
	var w wordInfo
	var buf uint64
	nb := 0
	emit := func(b byte) {
		buf |= uint64(b) << (8 * nb)
		nb++
		if nb == 8 {
			w.h = mixChunk(w.h, buf)
			buf, nb = 0, 0
		}
	}
	n := len(s)
	start := i
	var pk uint8
	for i < n {
		c := s[i]
		k := class[c]
		if k&cWord != 0 {
			w.kinds |= k &^ cWord
			if k&cUpper != 0 {
				w.up++
				if pk&cLower != 0 {
					w.inner = true
				}
			}
			w.digits += int(k & cDigit)
			pk = k
			emit(c | 0x20)
			i++
			continue
		}
		if k&cHigh != 0 {
			// apostrophe U+2019 inside a word: skip it
			if c == 0xE2 && i+3 < n && s[i+1] == 0x80 && s[i+2] == 0x99 && class[s[i+3]]&cLetter != 0 && i > start {
				i += 3
				continue
			}
			sep, l := isSep(s, i)
			if sep {
				break
			}
			w.kinds |= cHigh
			w.nonASCII += l
			b0, b1, two := foldHigh(s, i)
			emit(b0)
			if two {
				emit(b1)
				i += 2
			} else {
				i++
			}
			pk = 0
			continue
		}
		if c == '\'' && i > start && i+1 < n && class[s[i+1]]&cLetter != 0 {
			i++ // don't, let's, it's
			continue
		}
		break
	}
	if nb > 0 {
		w.h = mixChunk(w.h, buf)
	}
	w.h = finish(w.h)
	return i, w
}

// foldHigh lower-cases the Latin-1 or basic Cyrillic capital at s[i], if
// there is one (two bytes), or returns the byte itself.
func foldHigh(s string, i int) (byte, byte, bool) {
	c := s[i]
	if i+1 < len(s) {
		c1 := s[i+1]
		switch {
		case c == 0xC3 && c1 >= 0x80 && c1 <= 0x9E:
			return 0xC3, c1 + 0x20, true
		case c == 0xD0 && c1 >= 0x90 && c1 <= 0x9F:
			return 0xD0, c1 + 0x20, true
		case c == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF:
			return 0xD1, c1 - 0x20, true
		}
	}
	return c, 0, false
}
