package template

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// WirePrefix starts every dg1 signature.
const WirePrefix = "dg1."

// Sizes of the dg1 payload and of its base64url text.
const (
	exactBytes  = 8
	bandedBytes = exactBytes + 8*NumBands
	exactChars  = (exactBytes*8 + 5) / 6  // 11
	bandedChars = (bandedBytes*8 + 5) / 6 // 224
)

// wireEnc is unpadded base64url; Strict rejects non-zero trailing bits, so
// every signature has exactly one text form.
var wireEnc = base64.RawURLEncoding.Strict()

// AppendWire appends the dg1 text form of s to dst: WirePrefix followed by
// the unpadded base64url of the payload (see the package documentation).
func (s Signature) AppendWire(dst []byte) []byte {
	dst = append(dst, WirePrefix...)
	return s.appendPart(dst)
}

func (s Signature) appendPart(dst []byte) []byte {
	var buf [bandedBytes]byte
	binary.LittleEndian.PutUint64(buf[:], s.Exact)
	n := exactBytes
	if s.Banded {
		for i, k := range s.Bands {
			binary.LittleEndian.PutUint64(buf[exactBytes+8*i:], k)
		}
		n = bandedBytes
	}
	return wireEnc.AppendEncode(dst, buf[:n])
}

// AppendWire appends the dg1 text form of p, the value of the prompt_sig
// field: the prompt signature, then, when there is a system prompt, a '.'
// and the system signature.
func (p Pair) AppendWire(dst []byte) []byte {
	dst = p.PromptSig.AppendWire(dst)
	if !p.SystemSig.IsZero() {
		dst = append(dst, '.')
		dst = p.SystemSig.appendPart(dst)
	}
	return dst
}

// ParseWire parses the dg1 text form of one signature, as written by
// Signature.AppendWire.
func ParseWire(s string) (Signature, error) {
	body, err := trimPrefix(s)
	if err != nil {
		return Signature{}, err
	}
	if strings.IndexByte(body, '.') >= 0 {
		return Signature{}, errors.New("cannot parse template signature: more than one part (use ParsePairWire for prompt_sig)")
	}
	return parsePart(body, "signature")
}

// ParsePairWire parses a prompt_sig value, as written by Pair.AppendWire.
func ParsePairWire(s string) (Pair, error) {
	body, err := trimPrefix(s)
	if err != nil {
		return Pair{}, err
	}
	prompt, system, two := strings.Cut(body, ".")
	var p Pair
	if p.PromptSig, err = parsePart(prompt, "prompt part"); err != nil {
		return Pair{}, err
	}
	if !two {
		return p, nil
	}
	if strings.IndexByte(system, '.') >= 0 {
		return Pair{}, errors.New("cannot parse template signature: more than two parts")
	}
	if p.SystemSig, err = parsePart(system, "system part"); err != nil {
		return Pair{}, err
	}
	if p.SystemSig.IsZero() {
		return Pair{}, errors.New("cannot parse template signature: system part is present but empty (omit it instead)")
	}
	return p, nil
}

func trimPrefix(s string) (string, error) {
	if strings.HasPrefix(s, WirePrefix) {
		return s[len(WirePrefix):], nil
	}
	if len(s) >= 4 && strings.HasPrefix(s, "dg") && strings.IndexByte(s[:min(len(s), 8)], '.') > 2 {
		v, _, _ := strings.Cut(s, ".")
		return "", fmt.Errorf("cannot parse template signature: unsupported version %q, want %q", v, strings.TrimSuffix(WirePrefix, "."))
	}
	return "", fmt.Errorf("cannot parse template signature: missing %q prefix", WirePrefix)
}

func parsePart(part, what string) (Signature, error) {
	if len(part) != exactChars && len(part) != bandedChars {
		return Signature{}, fmt.Errorf("cannot parse template signature: %s has %d characters, want %d (exact only) or %d (banded)", what, len(part), exactChars, bandedChars)
	}
	var buf [bandedBytes]byte
	n, err := wireEnc.Decode(buf[:], []byte(part))
	if err != nil {
		return Signature{}, fmt.Errorf("cannot parse template signature: %s is not unpadded base64url: %w", what, err)
	}
	if n != exactBytes && n != bandedBytes {
		return Signature{}, fmt.Errorf("cannot parse template signature: %s decodes to %d bytes, want %d or %d", what, n, exactBytes, bandedBytes)
	}
	sig := Signature{Exact: binary.LittleEndian.Uint64(buf[:])}
	if n == bandedBytes {
		if sig.Exact == 0 {
			return Signature{}, fmt.Errorf("cannot parse template signature: %s has band keys but no exact hash", what)
		}
		sig.Banded = true
		for i := range sig.Bands {
			sig.Bands[i] = binary.LittleEndian.Uint64(buf[exactBytes+8*i:])
		}
	}
	return sig, nil
}
