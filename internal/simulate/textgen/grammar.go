package textgen

import (
	"math/rand/v2"
	"sort"
	"strings"
)

// The text of every capability is written as a small grammar compiled once in
// newGenerator. Writing the banks as data rather than as Go code keeps them
// easy to grow, and compiling them keeps the hot path to slice walks and one
// random draw per choice.
//
// Source format, one rule after another:
//
//	rule_name:
//	    first alternative
//	    second alternative
//
// A header is a line that starts in column 0 and ends with ':'; indented lines
// under it are its alternatives (leading and trailing blanks trimmed); blank
// lines and lines starting with '#' in column 0 are ignored. A header ending
// in "::" starts a bank: its indented lines hold alternatives separated by
// ';', for long word lists. A rule named in
// several sources collects the alternatives of all of them. Inside an
// alternative:
//
//	{rule}     expand rule, alternative drawn from the surface stream
//	{@rule}    expand rule, alternative fixed per template family (its
//	           "meaning"); drawn freely outside families
//	{$slot}    a slot filled by Go code (numbers, names, code, …)
//	{%var}     a variable set by Go code before expansion
//	{a}        "a" or "an", by the first letter of what follows
//	{^…}       any of the above, first letter capitalised
//	[x|y|z]    inline surface choice; [x|] is an optional x
//	\n \t \s   newline, tab, space; \b a backtick (Go raw strings cannot
//	           hold one); \{ \} \[ \] \| \\ literal characters (a bank splits on
//	           ';' before escapes apply, so bank entries hold no ';')

type nodeKind uint8

const (
	nLit nodeKind = iota
	nRef
	nSem
	nSlot
	nVar
	nChoice
	nArticle
)

type node struct {
	kind nodeKind
	up   bool
	id   int32
	lit  string
	alts [][]node
}

// grammar is a compiled set of rules. problems lists what could not be
// resolved (unknown rules, slots or variables, unbalanced brackets); a test
// keeps it empty, and the generator never panics on it: a broken reference
// expands to nothing.
type grammar struct {
	ids      map[string]int32
	names    []string
	rules    [][][]node
	problems []string
}

func compileGrammar(srcs ...string) *grammar {
	g := &grammar{ids: map[string]int32{}}
	type rawAlt struct {
		rule int32
		text string
	}
	bank := false
	var raws []rawAlt
	// Pass 1: headers, in sorted order so rule ids do not depend on the order
	// of the sources (semantic choices hash the rule id).
	var names []string
	seen := map[string]bool{}
	for _, src := range srcs {
		for _, line := range strings.Split(src, "\n") {
			if h, ok := header(line); ok && !seen[h] {
				seen[h] = true
				names = append(names, h)
			}
		}
	}
	sort.Strings(names)
	for i, n := range names {
		g.ids[n] = int32(i)
	}
	g.names = names
	g.rules = make([][][]node, len(names))
	// Pass 2: alternatives.
	for _, src := range srcs {
		cur := int32(-1)
		for _, line := range strings.Split(src, "\n") {
			if h, ok := header(line); ok {
				cur = g.ids[h]
				bank = strings.HasSuffix(strings.TrimSpace(line), "::")
				continue
			}
			t := strings.TrimSpace(line)
			if t == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if cur < 0 {
				g.problems = append(g.problems, "alternative outside a rule: "+t)
				continue
			}
			if !bank {
				raws = append(raws, rawAlt{cur, t})
				continue
			}
			for _, w := range strings.Split(t, ";") {
				if w = strings.TrimSpace(w); w != "" {
					raws = append(raws, rawAlt{cur, w})
				}
			}
		}
	}
	for _, ra := range raws {
		p := parser{g: g, s: ra.text, rule: g.names[ra.rule]}
		seq := p.seq(false)
		if p.i < len(p.s) {
			g.problems = append(g.problems, g.names[ra.rule]+": unbalanced ']' or '|' in "+ra.text)
		}
		g.rules[ra.rule] = append(g.rules[ra.rule], seq)
	}
	for i, r := range g.rules {
		if len(r) == 0 {
			g.problems = append(g.problems, "rule without alternatives: "+names[i])
		}
	}
	return g
}

func header(line string) (string, bool) {
	if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
		return "", false
	}
	t := strings.TrimRight(line, " \t\r")
	if !strings.HasSuffix(t, ":") {
		return "", false
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, ":"), ":")
	if t == "" || strings.ContainsAny(t, " :{[") {
		return "", false
	}
	return t, true
}

// lookup returns the id of a rule, or -1 (which expands to nothing) when it
// does not exist.
func (g *grammar) lookup(name string) int32 {
	if i, ok := g.ids[name]; ok {
		return i
	}
	return -1
}

// id returns the id of a rule, recording a problem when it does not exist.
func (g *grammar) id(name string) int32 {
	if i, ok := g.ids[name]; ok {
		return i
	}
	g.problems = append(g.problems, "unknown rule "+name)
	return -1
}

type parser struct {
	g    *grammar
	s    string
	i    int
	rule string
}

// seq parses until the end of the string, or until ']' or '|' when inside a
// choice (the caller consumes those).
func (p *parser) seq(inChoice bool) []node {
	var out []node
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, node{kind: nLit, lit: lit.String()})
			lit.Reset()
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\\' && p.i+1 < len(p.s):
			p.i++
			switch e := p.s[p.i]; e {
			case 'n':
				lit.WriteByte('\n')
			case 't':
				lit.WriteByte('\t')
			case 's':
				lit.WriteByte(' ')
			case 'b':
				lit.WriteByte('`')
			default:
				lit.WriteByte(e)
			}
			p.i++
		case c == '{':
			end := strings.IndexByte(p.s[p.i:], '}')
			if end < 0 {
				p.g.problems = append(p.g.problems, p.rule+": unclosed '{'")
				lit.WriteString(p.s[p.i:])
				p.i = len(p.s)
				continue
			}
			tok := p.s[p.i+1 : p.i+end]
			p.i += end + 1
			flush()
			out = append(out, p.ref(tok))
		case c == '[':
			p.i++
			flush()
			var alts [][]node
			for {
				alts = append(alts, p.seq(true))
				if p.i >= len(p.s) {
					p.g.problems = append(p.g.problems, p.rule+": unclosed '['")
					break
				}
				if p.s[p.i] == ']' {
					p.i++
					break
				}
				p.i++ // '|'
			}
			out = append(out, node{kind: nChoice, alts: alts})
		case inChoice && (c == ']' || c == '|'):
			flush()
			return out
		case !inChoice && (c == ']' || c == '|'):
			// A stray closing bracket: keep it as text but report it.
			p.g.problems = append(p.g.problems, p.rule+": stray '"+string(c)+"'")
			lit.WriteByte(c)
			p.i++
		default:
			lit.WriteByte(c)
			p.i++
		}
	}
	flush()
	return out
}

func (p *parser) ref(tok string) node {
	n := node{}
	if strings.HasPrefix(tok, "^") {
		n.up = true
		tok = tok[1:]
	}
	switch {
	case tok == "a":
		n.kind = nArticle
	case strings.HasPrefix(tok, "@"):
		n.kind = nSem
		n.id = p.lookup(tok[1:])
	case strings.HasPrefix(tok, "$"):
		n.kind = nSlot
		k, ok := slotByName[tok[1:]]
		if !ok {
			p.g.problems = append(p.g.problems, p.rule+": unknown slot "+tok)
		}
		n.id = int32(k)
	case strings.HasPrefix(tok, "%"):
		n.kind = nVar
		v, ok := varByName[tok[1:]]
		if !ok {
			p.g.problems = append(p.g.problems, p.rule+": unknown variable "+tok)
		}
		n.id = int32(v)
	default:
		n.kind = nRef
		n.id = p.lookup(tok)
	}
	return n
}

func (p *parser) lookup(name string) int32 {
	if i, ok := p.g.ids[name]; ok {
		return i
	}
	p.g.problems = append(p.g.problems, p.rule+": unknown rule "+name)
	return -1
}

// Variables are strings Go code sets before an expansion so that the grammar
// can repeat a choice made outside it (the programming language of a coding
// prompt, the numbers of a word problem).
type varID uint8

const (
	vLang varID = iota
	vName
	vName2
	vItem
	vItems
	vPlace
	vUnit
	vAns
	vD0
	vD1
	vD2
	vD3
	vD4
	vD5
	vD6
	vD7
	vTool
	vTool2
	vTopic
	numVars
)

var varByName = map[string]varID{
	"lang": vLang, "name": vName, "name2": vName2, "item": vItem, "items": vItems,
	"place": vPlace, "unit": vUnit, "ans": vAns,
	"d0": vD0, "d1": vD1, "d2": vD2, "d3": vD3, "d4": vD4, "d5": vD5, "d6": vD6, "d7": vD7,
	"tool": vTool, "tool2": vTool2, "topic": vTopic,
}

// mark records where a slot goes in a family phrase being built.
type mark struct {
	pos  int
	slot int16
}

// expander writes one expansion into buf. In free mode every choice is drawn
// from r. In family mode (fam true) semantic choices are fixed by sem, slots
// become marks, and deferred variables become marks bound to family slots.
type expander struct {
	g     *generator
	r     *rand.Rand
	buf   []byte
	sem   uint64
	fam   bool
	marks []mark
	// famSlot maps a slot kind occurrence to a family slot, in family mode.
	famSlot func(k slotKind, occurrence int) int16
	occ     [numSlotKinds]uint8
	defer_  [numVars]int16 // family slot index + 1 for deferred variables
	vars    [numVars]string
	// nums overrides vars with bytes in nb (numbers of word problems, slot
	// values of families) without converting them to strings.
	nums   [numVars][]byte
	nb     []byte
	lang   int
	depth  int
	mk     int8     // word-problem kind of the prompt, -1 for none
	mode   respMode // response shape asked for by the prompt
	tools  [8]int16 // tools listed in the prompt
	ntools int
	wcPos  int // word counting state of the response
	wcN    int
	semOcc map[int32]uint64 // uses of each semantic rule, family mode only
	// semUsed marks the alternatives of each semantic rule already chosen.
	semUsed map[int32]uint64
	// varsUsed says vars, nums or defer_ were set since the last reset.
	varsUsed bool
}

func (x *expander) rule(id int32) {
	if id < 0 {
		return
	}
	alts := x.g.gr.rules[id]
	if len(alts) == 0 {
		return
	}
	x.seq(alts[x.r.IntN(len(alts))])
}

func (x *expander) semRule(id int32) {
	if id < 0 {
		return
	}
	alts := x.g.gr.rules[id]
	if len(alts) == 0 {
		return
	}
	k := 0
	if x.fam {
		// The n-th use of a rule in a family gets its own fixed choice, so
		// that "{@crit}, {@crit} and {@crit}" names three criteria.
		// A rule used several times avoids repeating an alternative while
		// it has unused ones (two rules of a list should differ).
		if x.semOcc == nil {
			x.semOcc = map[int32]uint64{}
			x.semUsed = map[int32]uint64{}
		}
		occ := x.semOcc[id]
		x.semOcc[id] = occ + 1
		n := len(alts)
		k = int(mix64(x.sem+uint64(id+1)*0x9E3779B97F4A7C15+occ*0xD1B54A32D192ED03) % uint64(n))
		used := x.semUsed[id]
		for try := 0; try < n && try < 64 && k < 64 && used&(1<<uint(k)) != 0; try++ {
			k = (k + 1) % n
		}
		if k < 64 {
			x.semUsed[id] = used | 1<<uint(k)
		}
	} else {
		k = x.r.IntN(len(alts))
	}
	x.seq(alts[k])
}

func (x *expander) seq(ns []node) {
	if x.depth > 48 {
		return
	}
	x.depth++
	art := -1
	for i := range ns {
		n := &ns[i]
		start := len(x.buf)
		nmarks := len(x.marks)
		switch n.kind {
		case nLit:
			x.buf = append(x.buf, n.lit...)
		case nRef:
			x.rule(n.id)
		case nSem:
			x.semRule(n.id)
		case nSlot:
			x.slot(slotKind(n.id))
		case nVar:
			if n.id == int32(vLang) {
				// The language is whatever x.lang says now (a prompt may
				// switch it to SQL or Bash midway).
				x.buf = append(x.buf, langs[x.lang%len(langs)].name...)
			} else if d := x.defer_[n.id]; x.fam && d > 0 {
				x.marks = append(x.marks, mark{pos: len(x.buf), slot: d - 1})
			} else if b := x.nums[n.id]; b != nil {
				x.buf = append(x.buf, b...)
			} else {
				x.buf = append(x.buf, x.vars[n.id]...)
			}
		case nChoice:
			x.seq(n.alts[x.r.IntN(len(n.alts))])
		case nArticle:
			x.buf = append(x.buf, 'a')
			art = start
		}
		if n.up {
			upperFirst(x.buf[start:])
		}
		if art >= 0 && len(x.marks) > nmarks {
			// A slot follows the article: its value is not known yet, and
			// inserting a byte would move the slot's mark. Keep "a".
			art = -1
		}
		if art >= 0 && n.kind != nArticle {
			j := art + 1
			for j < len(x.buf) && x.buf[j] == ' ' {
				j++
			}
			if j < len(x.buf) {
				if isVowelStart(x.buf[j:]) {
					x.buf = append(x.buf, 0)
					copy(x.buf[art+2:], x.buf[art+1:])
					x.buf[art+1] = 'n'
				}
				art = -1
			}
		}
	}
	x.depth--
}

// isVowelStart guesses whether a word is spoken with a vowel sound; good
// enough for generated text ("an hour", "a user" are both handled).
func isVowelStart(b []byte) bool {
	c := b[0] | 0x20
	switch c {
	case 'a', 'e', 'i', 'o':
		return true
	case 'u':
		return !(len(b) > 2 && (b[1]|0x20) == 's' || len(b) > 2 && (b[1]|0x20) == 'n' && (b[2]|0x20) == 'i')
	case 'h':
		return len(b) > 3 && (string(lowerASCII4(b)) == "hour" || string(lowerASCII4(b)) == "hone")
	}
	return false
}

func lowerASCII4(b []byte) []byte {
	var o [4]byte
	for i := 0; i < 4 && i < len(b); i++ {
		o[i] = b[i] | 0x20
	}
	return o[:]
}

func upperFirst(b []byte) {
	for i, c := range b {
		if c == ' ' || c == '\n' || c == '"' || c == '*' || c == '#' || c == '(' || c == '\'' {
			continue
		}
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		return
	}
}

// mix64 is the splitmix64 finaliser: a cheap, well-spread hash of a word.
func mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xBF58476D1CE4E5B9
	z ^= z >> 27
	z *= 0x94D049BB133111EB
	z ^= z >> 31
	return z
}
