package ingest

import "encoding/binary"

// ParseTime parses an RFC 3339 date-time ("2026-05-01T12:00:00Z",
// "2026-05-01T14:00:00.123+02:00") into unix nanoseconds UTC. It accepts
// 'T', 't' or ' ' between date and time and 'Z' or 'z' for UTC, as RFC 3339
// §5.6 allows; fractional digits beyond nanoseconds are truncated. It is
// hand-written because time.Parse costs more than the rest of a line's
// decoding, and it validates fields exactly as time.Parse does.
func ParseTime(b []byte) (int64, bool) {
	if len(b) < 20 {
		return 0, false
	}
	days, ok := parseDate(b)
	if !ok {
		return 0, false
	}
	return parseClock(b, days)
}

// dayCache is ParseTime for a run of timestamps that mostly share their
// date, as a log's consecutive lines do: the date part is checked and
// converted once per date, and compared as two words after that.
type dayCache struct {
	w0    uint64 // the date's first eight bytes
	w1    uint16 // and its last two
	days  int64  // days since 1970-01-01
	valid bool
}

// parse is ParseTime(b), remembering b's date.
func (c *dayCache) parse(b []byte) (int64, bool) {
	if len(b) < 20 {
		return 0, false
	}
	w0, w1 := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint16(b[8:])
	if !c.valid || w0 != c.w0 || w1 != c.w1 {
		days, ok := parseDate(b)
		if !ok {
			return 0, false
		}
		*c = dayCache{w0: w0, w1: w1, days: days, valid: true}
	}
	return parseClock(b, c.days)
}

// parseDate checks the date part of b (at least 20 bytes) and returns its
// day number.
func parseDate(b []byte) (int64, bool) {
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	if !(ok1 && ok2 && ok3) || b[4] != '-' || b[7] != '-' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false
	}
	return daysFromCivil(year, month, day), true
}

// parseClock reads the rest of b (at least 20 bytes) after its date, day
// number days: the separator, the time of day, fraction and offset.
func parseClock(b []byte, days int64) (int64, bool) {
	// "hh:mm:ss" as one word: the six digits checked at once (notDigits,
	// the colons' lanes zeroed), the colons compared, each field from its
	// two bytes.
	x := binary.LittleEndian.Uint64(b[11:19])
	t := (x - ones*'0') & 0xFFFF00FFFF00FFFF
	if notDigits(t) != 0 || x>>16&0xFF != ':' || x>>40&0xFF != ':' ||
		(b[10] != 'T' && b[10] != 't' && b[10] != ' ') {
		return 0, false
	}
	hour := int(t&0xFF)*10 + int(t>>8&0xFF)
	minute := int(t>>24&0xFF)*10 + int(t>>32&0xFF)
	second := int(t>>48&0xFF)*10 + int(t>>56&0xFF)
	if hour > 23 || minute > 59 || second > 59 {
		return 0, false
	}
	i := 19
	var nanos int64
	if b[i] == '.' {
		i++
		start := i
		// Up to seven fraction digits from one word when the slice's
		// capacity (the rest of the line) holds it and the digits end
		// within b; else, or for more digits, one at a time.
		n := 8
		var v int64
		if i+8 <= cap(b) {
			n, v = digits8(binary.LittleEndian.Uint64(b[i : i+8 : cap(b)]))
		}
		if n < 8 && i+n <= len(b) {
			nanos, i = v*pow10[9-n], i+n
		} else {
			scale := int64(100_000_000)
			for i < len(b) && b[i] >= '0' && b[i] <= '9' {
				nanos += int64(b[i]-'0') * scale
				scale /= 10
				i++
			}
		}
		if i == start {
			return 0, false
		}
	}
	if i >= len(b) {
		return 0, false
	}
	var offset int64
	switch b[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		if len(b)-i != 6 || b[i+3] != ':' {
			return 0, false
		}
		oh, ok1 := digits(b[i+1 : i+3])
		om, ok2 := digits(b[i+4 : i+6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		offset = int64(oh*3600 + om*60)
		if b[i] == '-' {
			offset = -offset
		}
		i += 6
	default:
		return 0, false
	}
	if i != len(b) {
		return 0, false
	}
	secs := days*86400 + int64(hour*3600+minute*60+second) - offset
	// Keep within what int64 nanoseconds can hold (years 1678–2262).
	if secs < -9_223_372_036 || secs > 9_223_372_035 {
		return 0, false
	}
	return secs*1e9 + nanos, true
}

// pow10[k] is 10^k.
var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's days_from_civil: days since 1970-01-01.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
