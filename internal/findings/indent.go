package findings

import "bytes"

// indent appends src, compact JSON as json.Marshal writes it, to dst with
// the layout json.Indent(dst, src, "", "  ") gives it: one member or
// element a line, two spaces a level, "key": value, and empty objects
// and arrays kept as {} and []. It exists because json.Indent runs a full
// validating scanner over every byte, and on a full-scale findings
// document (16 MB compact, 19 MB indented) that scanner took four times
// as long as marshalling. src must be valid JSON with no space outside
// strings; trailing bytes after the value are copied as they are, as
// json.Indent does.
func indent(dst, src []byte) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for i := 0; i < depth; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string whole: it ends at the first quote not
			// escaped, that is not after an odd run of backslashes.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					j = len(src)
					break
				}
				j += k + 1
				b := j - 2
				for b > i && src[b] == '\\' {
					b--
				}
				if (j-2-b)%2 == 0 {
					break
				}
			}
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			// Numbers and literals: copy the run up to the next delimiter.
			j := i + 1
			for j < len(src) && !isDelim(src[j]) {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j - 1
		}
	}
	return dst
}

func isDelim(c byte) bool {
	switch c {
	case '"', '{', '[', '}', ']', ',', ':':
		return true
	}
	return false
}
