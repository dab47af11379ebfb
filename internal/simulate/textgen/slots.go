package textgen

import (
	"strconv"
)

// slotKind names a variable part of a text. In a free-form prompt a slot is
// filled at once; in a template family it is what changes between the
// renderings while the wording around it stays fixed. Kinds whose values are
// plain words are grammar rules named "s_<kind>"; the others (numbers,
// identifiers, code) are Go functions.
type slotKind uint8

const (
	slNum slotKind = iota
	slInt
	slMoney
	slPct
	slYear
	slDate
	slTime
	slID
	slSha
	slUUID
	slVersion
	slIP
	slPort
	slEmail
	slURL
	slPath
	slFile
	slIdent
	slCode
	slCodeShort
	slTrace
	slDiff
	slSQL
	slSchema
	slJSON
	slTools
	slMath
	slDisp // a number of a templated word problem (family mode only)
	slUseSQL
	slUseBash
	slUseHTML
	slModeScore
	slModeScore5
	slModePair
	slModeJSON
	slModePass
	slModeCU
	slModeList
	slModeEmail
	slModeTable
	slSeq
	slHunk
	slSmall
	// Grammar-backed kinds follow; each has a rule "s_<name>".
	slName
	slFullName
	slCity
	slCountry
	slCompany
	slProduct
	slPhrase
	slTopic
	slQuote
	slSentence
	slMsg
	slQuery
	slErr
	slDish
	slIngredient
	slNoun
	slHLang
	slPLang
	slJob
	slApp
	slQuestion
	slAnswer
	slUser
	slDomain
	slFeature
	slPlace
	slDay
	slTask
	slShell
	slImg
	slSMsg
	numSlotKinds
)

var slotNames = [numSlotKinds]string{
	slNum: "num", slInt: "int", slMoney: "money", slPct: "pct", slYear: "year",
	slDate: "date", slTime: "time", slID: "id", slSha: "sha", slUUID: "uuid",
	slVersion: "version", slIP: "ip", slPort: "port", slEmail: "email",
	slURL: "url", slPath: "path", slFile: "file", slIdent: "ident",
	slCode: "code", slCodeShort: "codeshort", slTrace: "trace", slDiff: "diff",
	slSQL: "sql", slSchema: "schema", slJSON: "json", slTools: "tools",
	slMath: "math", slDisp: "disp", slUseSQL: "use_sql", slUseBash: "use_bash",
	slUseHTML: "use_html", slModeScore: "mode_score", slModeScore5: "mode_score5",
	slModePair: "mode_pair", slModeJSON: "mode_json", slModePass: "mode_pass",
	slModeCU: "mode_cu", slModeList: "mode_list", slModeEmail: "mode_email",
	slModeTable: "mode_table", slSeq: "seq", slHunk: "hunk", slSmall: "small",
	slName: "name", slFullName: "fullname", slCity: "city", slCountry: "country",
	slCompany: "company", slProduct: "product", slPhrase: "phrase",
	slTopic: "topic", slQuote: "quote", slSentence: "sentence", slMsg: "msg",
	slQuery: "query", slErr: "err", slDish: "dish", slIngredient: "ingredient",
	slNoun: "noun", slHLang: "hlang", slPLang: "plang", slJob: "job",
	slApp: "app", slQuestion: "question", slAnswer: "answer", slUser: "user",
	slDomain: "domain", slFeature: "feature", slPlace: "place", slDay: "day",
	slTask: "task", slShell: "shell", slImg: "img", slSMsg: "smsg",
}

var slotByName = func() map[string]slotKind {
	m := make(map[string]slotKind, numSlotKinds)
	for i, n := range slotNames {
		m[n] = slotKind(i)
	}
	return m
}()

// Response modes set by mode slots: the prompt's wording decides the shape
// of the answer (a score, a verdict between two responses, JSON…).
type respMode uint8

const (
	rmNone respMode = iota
	rmScore
	rmScore5
	rmPair
	rmJSON
	rmPass
	rmCU
	rmList
	rmEmail
	rmTable
)

// slot writes or marks a slot.
func (x *expander) slot(k slotKind) {
	if k >= numSlotKinds {
		return
	}
	if x.fam && x.famSlot != nil && deferrable(k) {
		occ := int(x.occ[k])
		if x.occ[k] < 255 {
			x.occ[k]++
		}
		x.marks = append(x.marks, mark{pos: len(x.buf), slot: x.famSlot(k, occ)})
		return
	}
	x.fill(k)
}

// sequence writes the first terms of a number sequence with a rule to find.
func (x *expander) sequence() {
	r := x.r
	n := 5 + r.IntN(2)
	a, d := int64(1+r.IntN(40)), int64(2+r.IntN(14))
	kind := r.IntN(7)
	p, q := a, a+d
	for i := 0; i < n; i++ {
		if i > 0 {
			x.buf = append(x.buf, ", "...)
		}
		k := int64(i)
		var v int64
		switch kind {
		case 0: // arithmetic
			v = a + k*d
		case 1: // geometric
			v = (1 + a%5) * pow64(2+d%3, k)
		case 2: // shifted squares
			v = (k+1+a%7)*(k+1+a%7) + d%5
		case 3: // triangular plus offset
			v = (k+1)*(k+2)/2 + a
		case 4: // Fibonacci-like
			v = p
			p, q = q, p+q
		case 5: // alternating add and double
			if i == 0 {
				v = a
			} else if i%2 == 1 {
				v = p + d
			} else {
				v = 2 * p
			}
			p = v
		default: // cubes minus offset
			v = (k+2)*(k+2)*(k+2) - a%9
		}
		x.buf = strconv.AppendInt(x.buf, v, 10)
	}
}

func pow64(b, e int64) int64 {
	v := int64(1)
	for ; e > 0; e-- {
		v *= b
	}
	return v
}

// deferrable tells which kinds become family slots; the others (tool lists,
// response modes, language switches) are part of a family's fixed meaning.
func deferrable(k slotKind) bool {
	return k != slTools && (k < slUseSQL || k > slModeTable)
}

// fill writes a value of kind k into x.buf.
func (x *expander) fill(k slotKind) {
	r := x.r
	b := x.buf
	switch k {
	case slNum:
		// Mostly small, as numbers in requests are; sometimes large.
		switch n := r.IntN(100); {
		case n < 55:
			b = strconv.AppendInt(b, int64(2+r.IntN(11)), 10)
		case n < 88:
			b = strconv.AppendInt(b, int64(13+r.IntN(48)), 10)
		default:
			b = strconv.AppendInt(b, int64(61+r.IntN(440)), 10)
		}
	case slSmall:
		b = strconv.AppendInt(b, int64(2+r.IntN(4)+r.IntN(4)*r.IntN(6)), 10)
	case slInt:
		b = strconv.AppendInt(b, int64(1+r.IntN(99999)), 10)
	case slMoney:
		b = append(b, currency[r.IntN(len(currency))]...)
		b = strconv.AppendInt(b, int64(1+r.IntN(4999)), 10)
		if r.IntN(3) == 0 {
			b = append(b, '.')
			c := r.IntN(100)
			b = append(b, byte('0'+c/10), byte('0'+c%10))
		}
	case slPct:
		b = strconv.AppendInt(b, int64(1+r.IntN(95)), 10)
		b = append(b, '%')
	case slYear:
		b = strconv.AppendInt(b, int64(1950+r.IntN(77)), 10)
	case slDate:
		y, m, d := 2019+r.IntN(8), 1+r.IntN(12), 1+r.IntN(28)
		switch r.IntN(4) {
		case 0, 1:
			b = strconv.AppendInt(b, int64(y), 10)
			b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
		case 2:
			b = append(b, monthNames[m-1]...)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(d), 10)
		default:
			b = append(b, byte('0'+d/10), byte('0'+d%10), '/', byte('0'+m/10), byte('0'+m%10), '/')
			b = strconv.AppendInt(b, int64(y), 10)
		}
	case slTime:
		h, m := r.IntN(24), r.IntN(12)*5
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, ':', byte('0'+m/10), byte('0'+m%10))
	case slID:
		b = appendID(b, r)
	case slSha:
		n := 7
		if r.IntN(4) == 0 {
			n = 40
		}
		b = appendHex(b, r, n)
	case slUUID:
		b = appendHex(b, r, 8)
		b = append(b, '-')
		b = appendHex(b, r, 4)
		b = append(b, '-', '4')
		b = appendHex(b, r, 3)
		b = append(b, '-', "89ab"[r.IntN(4)])
		b = appendHex(b, r, 3)
		b = append(b, '-')
		b = appendHex(b, r, 12)
	case slVersion:
		b = append(b, 'v')
		b = strconv.AppendInt(b, int64(r.IntN(6)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(r.IntN(30)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(r.IntN(20)), 10)
	case slIP:
		b = append(b, privNets[r.IntN(len(privNets))]...)
		b = strconv.AppendInt(b, int64(r.IntN(256)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(1+r.IntN(254)), 10)
	case slPort:
		b = strconv.AppendInt(b, int64(ports[r.IntN(len(ports))]+r.IntN(3)), 10)
	case slEmail:
		start := len(b)
		x.buf = b
		x.rule(x.g.idFirst)
		x.buf = append(x.buf, '.')
		x.rule(x.g.idLast)
		x.buf = append(x.buf, '@')
		x.rule(x.g.idDomain)
		lowerASCII(x.buf[start:])
		return
	case slURL:
		b = append(b, "https://"...)
		x.buf = b
		x.rule(x.g.idDomain)
		b = append(x.buf, '/')
		b = append(b, urlParts[r.IntN(len(urlParts))]...)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(r.IntN(99999)), 10)
	case slPath:
		b = append(b, pathRoots[r.IntN(len(pathRoots))]...)
		x.buf = b
		x.writeIdent(styleSnake, false)
		b = append(x.buf, fileExts[r.IntN(len(fileExts))]...)
	case slFile:
		x.buf = b
		x.writeIdent(styleSnake, false)
		b = append(x.buf, fileExts[r.IntN(len(fileExts))]...)
	case slIdent:
		x.buf = b
		x.writeIdent(langs[x.lang].style, false)
		b = x.buf
	case slCode:
		x.buf = b
		x.code(true, 0)
		b = x.buf
	case slCodeShort:
		x.buf = b
		x.code(true, 1)
		b = x.buf
	case slTrace:
		x.buf = b
		x.trace()
		b = x.buf
	case slDiff:
		x.buf = b
		x.diff()
		b = x.buf
	case slSQL:
		x.buf = b
		x.sqlQuery()
		b = x.buf
	case slSchema:
		x.buf = b
		x.sqlSchema()
		b = x.buf
	case slJSON:
		x.buf = b
		x.jsonRecord()
		b = x.buf
	case slTools:
		x.buf = b
		x.toolDefs(2 + r.IntN(4))
		b = x.buf
	case slMath:
		x.buf = b
		x.mathProblem(-1)
		b = x.buf
	case slHunk:
		x.buf = b
		x.hunk()
		return
	case slSeq:
		x.buf = b
		x.sequence()
		return
	case slDisp:
		// only meaningful in families; nothing to write in free mode.
	case slUseSQL:
		x.lang = langSQL
	case slUseBash:
		x.lang = langBash
	case slUseHTML:
		x.lang = langHTML
	case slModeScore:
		x.mode = rmScore
	case slModeScore5:
		x.mode = rmScore5
	case slModePair:
		x.mode = rmPair
	case slModeJSON:
		x.mode = rmJSON
	case slModePass:
		x.mode = rmPass
	case slModeCU:
		x.mode = rmCU
	case slModeList:
		x.mode = rmList
	case slModeEmail:
		x.mode = rmEmail
	case slModeTable:
		x.mode = rmTable
	default:
		x.buf = b
		x.rule(x.g.slotRule[k])
		return
	}
	x.buf = b
}

var (
	currency   = []string{"$", "$", "$", "€", "£", "USD ", "EUR "}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	privNets   = []string{"10.0.", "10.12.", "192.168.", "172.16.", "10.240."}
	ports      = []int{80, 443, 3000, 5000, 5432, 6379, 8000, 8080, 8443, 9000, 9200, 27017}
	urlParts   = []string{"docs", "api/v2/items", "products", "blog", "issues", "reports", "orders", "app/settings", "files", "wiki"}
	pathRoots  = []string{"/home/dev/", "/var/log/", "src/", "./", "/opt/app/", "C:\\Users\\admin\\Documents\\", "lib/", "tests/", "/etc/"}
	fileExts   = []string{".py", ".ts", ".go", ".json", ".yaml", ".csv", ".log", ".md", ".rs", ".java", ".txt", ".sql", ".tsx"}
	idPrefix   = []string{"AB", "ORD", "INV", "TKT", "CS", "PO", "SR", "REQ", "JIRA", "BUG", "CASE", "ACC", "SKU", "TX", "REF", "MR", "INC", "CHG"}
)

const hexDigits = "0123456789abcdef"

func appendHex(b []byte, r interface{ Uint64() uint64 }, n int) []byte {
	for n > 0 {
		v := r.Uint64()
		for i := 0; i < 16 && n > 0; i++ {
			b = append(b, hexDigits[v&15])
			v >>= 4
			n--
		}
	}
	return b
}

func appendID(b []byte, r interface {
	IntN(int) int
	Uint64() uint64
}) []byte {
	switch r.IntN(6) {
	case 0:
		b = append(b, byte('A'+r.IntN(26)), byte('A'+r.IntN(26)), '-')
		b = appendDigits(b, r.IntN(10000), 4)
	case 1:
		b = append(b, idPrefix[r.IntN(len(idPrefix))]...)
		b = append(b, '-')
		b = appendDigits(b, r.IntN(1000000), 6)
	case 2:
		b = append(b, idPrefix[r.IntN(len(idPrefix))]...)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(2019+r.IntN(8)), 10)
		b = append(b, '-')
		b = appendDigits(b, r.IntN(100000), 5)
	case 3:
		b = append(b, '#')
		b = strconv.AppendInt(b, int64(1000+r.IntN(99000)), 10)
	case 4:
		b = appendDigits(b, r.IntN(100000000), 8)
	default:
		b = append(b, idPrefix[r.IntN(len(idPrefix))]...)
		b = strconv.AppendInt(b, int64(100+r.IntN(99900)), 10)
	}
	return b
}

func appendDigits(b []byte, v, width int) []byte {
	var t [12]byte
	i := len(t)
	for w := 0; w < width || v > 0; w++ {
		i--
		t[i] = byte('0' + v%10)
		v /= 10
		if i == 0 {
			break
		}
	}
	return append(b, t[i:]...)
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
}
