package textscan

import (
	"fmt"
	"strconv"
	"strings"
)

// Entry is one parsed lexicon line (see ParseLexicon).
type Entry struct {
	Term    string
	Weights map[string]float32 // label -> weight, in the owner's vocabulary
	Groups  []string           // group names (@name)
	Need    Flags              // flags the phrase's last token must carry (!flag)
	// Sent requires the phrase to open a sentence (!sent; see
	// Doc.SentenceStart), for verbs that are nouns elsewhere ("Grade the
	// essay" against "the lowest grade the class got").
	Sent bool
}

// flagNames are the !flag requirements a lexicon line may state.
var flagNames = map[string]Flags{
	"linestart": LineStart,
	"colon":     ColonAfter,
	"call":      ParenAfter,
	"dot":       DotBefore,
	"bs":        Backslash,
	"key":       QuotedKey,
	"hash":      HashBefore,
	"open":      OpenBefore,
	"caps":      AllCaps,
	"header":    HeaderLine,
}

// ParseLexicon parses the small lexicon language the signal packages write
// their word lists in, one entry a line:
//
//	phrase words = label:weight label:weight @group !flag
//
// The phrase is one to MaxPhrase words (NumWord for any number). Weights are
// keyed by labels the caller defines; @group names a group the caller's
// rules count; !flag (linestart, colon, call, dot, bs, key, hash, open, caps,
// header) is a Flags bit the phrase's last token must carry for the entry to
// count, and !sent requires the phrase to open a sentence. Blank lines and lines starting with "//" are ignored. labels lists
// the labels a line may use.
func ParseLexicon(src string, labels []string) ([]Entry, error) {
	known := make(map[string]bool, len(labels))
	for _, l := range labels {
		known[l] = true
	}
	var out []Entry
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		term, rest, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("lexicon line %d %q: no '='", n+1, line)
		}
		e := Entry{Term: strings.TrimSpace(term)}
		for _, f := range strings.Fields(rest) {
			switch {
			case strings.HasPrefix(f, "@"):
				e.Groups = append(e.Groups, f[1:])
			case f == "!sent":
				e.Sent = true
			case strings.HasPrefix(f, "!"):
				fl, ok := flagNames[f[1:]]
				if !ok {
					return nil, fmt.Errorf("lexicon line %d: unknown flag %q", n+1, f)
				}
				e.Need |= fl
			default:
				l, w, ok := strings.Cut(f, ":")
				if !ok || !known[l] {
					return nil, fmt.Errorf("lexicon line %d: bad weight %q", n+1, f)
				}
				v, err := strconv.ParseFloat(w, 32)
				if err != nil {
					return nil, fmt.Errorf("lexicon line %d: bad weight %q: %v", n+1, f, err)
				}
				if e.Weights == nil {
					e.Weights = map[string]float32{}
				}
				e.Weights[l] += float32(v)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// MaxLabels is the most labels a compiled Lexicon can weigh.
const MaxLabels = 8

// LexEntry is one compiled lexicon entry.
type LexEntry struct {
	W      [MaxLabels]float32 // weight per label, in the caller's label order
	Groups uint32             // bit g set: member of the caller's group g
	Need   Flags              // flags the phrase's last token must carry
	Sent   bool               // the phrase must open a sentence
}

// Applies reports whether e counts for hit h in d (its flag and
// sentence-start requirements hold).
func (e *LexEntry) Applies(d *Doc, h Hit) bool {
	if d.Tokens[h.Tok].Flags&e.Need != e.Need {
		return false
	}
	return !e.Sent || d.SentenceStart(int(h.Tok)-int(h.N)+1)
}

// Lexicon is a compiled lexicon: a Matcher over its distinct phrases and,
// per phrase id, its entries (one per distinct set of requirements; lines
// with the same phrase and requirements are summed).
type Lexicon struct {
	M       *Matcher
	Entries [][]LexEntry
}

// CompileLexicon parses src (see ParseLexicon) against the caller's labels
// and groups, given in bit order, and builds the matcher.
func CompileLexicon(src string, labels, groups []string) (*Lexicon, error) {
	if len(labels) > MaxLabels || len(groups) > 32 {
		return nil, fmt.Errorf("textscan: %d labels, %d groups: too many", len(labels), len(groups))
	}
	es, err := ParseLexicon(src, labels)
	if err != nil {
		return nil, err
	}
	labelIdx := map[string]int{}
	for i, l := range labels {
		labelIdx[l] = i
	}
	groupIdx := map[string]int{}
	for i, g := range groups {
		groupIdx[g] = i
	}
	var terms []string
	idx := map[string]int{}
	var entries [][]LexEntry
	for _, e := range es {
		var c LexEntry
		for k, w := range e.Weights {
			c.W[labelIdx[k]] += w
		}
		for _, g := range e.Groups {
			gi, ok := groupIdx[g]
			if !ok {
				return nil, fmt.Errorf("textscan: lexicon term %q: unknown group @%s", e.Term, g)
			}
			c.Groups |= 1 << gi
		}
		c.Need, c.Sent = e.Need, e.Sent
		key := strings.Join(strings.Fields(strings.ToLower(e.Term)), " ")
		i, ok := idx[key]
		if !ok {
			i = len(terms)
			idx[key] = i
			terms = append(terms, e.Term)
			entries = append(entries, nil)
		}
		merged := false
		for j := range entries[i] {
			x := &entries[i][j]
			if x.Need == c.Need && x.Sent == c.Sent {
				for l := range c.W {
					x.W[l] += c.W[l]
				}
				x.Groups |= c.Groups
				merged = true
			}
		}
		if !merged {
			entries[i] = append(entries[i], c)
		}
	}
	m, err := NewMatcher(terms)
	if err != nil {
		return nil, err
	}
	return &Lexicon{M: m, Entries: entries}, nil
}

// MustCompileLexicon is CompileLexicon that panics, for package-level
// lexicons.
func MustCompileLexicon(src string, labels, groups []string) *Lexicon {
	l, err := CompileLexicon(src, labels, groups)
	if err != nil {
		panic(err)
	}
	return l
}
