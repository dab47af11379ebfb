package textgen

import (
	"strconv"
	"strings"
)

// Code is generated from per-language templates whose identifiers, fields and
// constants are drawn from banks, so that snippets look like real code in
// the language named by the prompt and still vary by the thousand.

type idStyle uint8

const (
	styleSnake idStyle = iota
	styleCamel
	stylePascal
)

type syntax uint8

const (
	synPy syntax = iota
	synJS
	synTS
	synGo
	synRust
	synJava
	synC
	synCpp
	synCS
	synRuby
	synPHP
	synKotlin
	synSwift
	synSQL
	synBash
	synHTML
)

type langSpec struct {
	name   string
	fence  string
	ext    string
	style  idStyle
	syn    syntax
	weight int
}

var langs = []langSpec{
	{"Python", "python", ".py", styleSnake, synPy, 32},
	{"JavaScript", "javascript", ".js", styleCamel, synJS, 14},
	{"TypeScript", "typescript", ".ts", styleCamel, synTS, 10},
	{"Go", "go", ".go", styleCamel, synGo, 7},
	{"Rust", "rust", ".rs", styleSnake, synRust, 5},
	{"Java", "java", ".java", styleCamel, synJava, 8},
	{"C", "c", ".c", styleSnake, synC, 3},
	{"C++", "cpp", ".cpp", styleSnake, synCpp, 6},
	{"C#", "csharp", ".cs", stylePascal, synCS, 5},
	{"Ruby", "ruby", ".rb", styleSnake, synRuby, 2},
	{"PHP", "php", ".php", styleCamel, synPHP, 3},
	{"Kotlin", "kotlin", ".kt", styleCamel, synKotlin, 2},
	{"Swift", "swift", ".swift", styleCamel, synSwift, 2},
	{"SQL", "sql", ".sql", styleSnake, synSQL, 0},
	{"Bash", "bash", ".sh", styleSnake, synBash, 0},
	{"HTML", "html", ".html", styleCamel, synHTML, 0},
}

const (
	langSQL  = 13
	langBash = 14
	langHTML = 15
)

// langPick holds language indexes repeated by weight, for one-draw picks.
var langPick = func() []int {
	var out []int
	for i, l := range langs {
		for j := 0; j < l.weight; j++ {
			out = append(out, i)
		}
	}
	return out
}()

var (
	verbs = strings.Fields(`get fetch parse load compute validate build update merge filter sort normalize
render sync resolve encode decode count find group split flatten retry schedule cache export send read
write check convert format apply clean extract sum dedupe paginate serialize hydrate index rank score
aggregate transform map reduce diff patch upload download compress decrypt sign verify notify process
handle create delete archive restore migrate enqueue dispatch collect emit lookup init reset refresh`)
	nouns = strings.Fields(`user order invoice config token file record event payload session item line row
price score message node edge path matrix request response cart product customer account batch chunk
queue job task entry header url image report metric log date tag word sentence vector graph tree key
value balance transaction ticket comment post review rating shipment address coupon subscription plan
device sensor reading frame packet schema table column field query result page document chapter user_id
email invite permission role team project build artifact release commit branch issue alert`)
	fields  = strings.Fields(`total price status score count amount weight age balance priority size rating quantity duration id name email created updated region category level`)
	statusW = strings.Fields(`active pending shipped failed archived draft paid overdue open closed expired blocked verified`)
	resultV = strings.Fields(`result out acc matches filtered buf res items seen total_sum agg collected`)
)

func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "y") && !strings.HasSuffix(n, "ey"):
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "ch"):
		return n + "es"
	}
	return n + "s"
}

// writeIdent writes a verb_noun identifier in the given style; bare writes a
// noun alone.
func (x *expander) writeIdent(st idStyle, bare bool) {
	r := x.r
	var parts [3]string
	n := 0
	if !bare {
		parts[n] = verbs[r.IntN(len(verbs))]
		n++
	}
	parts[n] = nouns[r.IntN(len(nouns))]
	n++
	if !bare && r.IntN(4) == 0 {
		parts[n] = nouns[r.IntN(len(nouns))]
		n++
	}
	for i := 0; i < n; i++ {
		x.writeWord(parts[i], st, i == 0)
	}
}

func (x *expander) writeWord(w string, st idStyle, first bool) {
	for j := 0; j < len(w); j++ {
		c := w[j]
		if c == '_' {
			if st == styleSnake {
				x.buf = append(x.buf, '_')
			} else if j+1 < len(w) {
				j++
				x.buf = append(x.buf, upper(w[j]))
			}
			continue
		}
		if j == 0 {
			switch {
			case st == styleSnake && !first:
				x.buf = append(x.buf, '_')
			case st == stylePascal || st == styleCamel && !first:
				c = upper(c)
			}
		}
		x.buf = append(x.buf, c)
	}
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 32
	}
	return c
}

// codeTemplates holds, per syntax, full snippets; '$' + letter is a
// placeholder (see writeTemplate) and '´' stands for a backtick.
var codeTemplates = [...][]string{
	synPy: {
		"def $F($A, threshold=$N):\n    $T = []\n    for $a in $A:\n        if $a.get(\"$K\", 0) > threshold:\n            $T.append($a)\n    return $T\n",
		"class $C:\n    def __init__(self, $K):\n        self.$K = $K\n        self._cache = {}\n\n    def $F(self, key):\n        if key in self._cache:\n            return self._cache[key]\n        value = self.$K * $M\n        self._cache[key] = value\n        return value\n",
		"import json\n\n\ndef $F(path):\n    with open(path) as fh:\n        data = json.load(fh)\n    return sum(row[\"$K\"] for row in data[\"$A\"]) / len(data[\"$A\"])\n",
		"async def $F(session, $a_id):\n    resp = await session.get(f\"/api/$A/{$a_id}\")\n    resp.raise_for_status()\n    payload = await resp.json()\n    return payload[\"$K\"]\n",
		"import pandas as pd\n\ndf = pd.read_csv(\"$A.csv\")\ndf = df[df[\"$K\"] > $N]\nsummary = df.groupby(\"status\")[\"$K\"].agg([\"mean\", \"count\"])\nprint(summary.sort_values(\"mean\", ascending=False).head($M))\n",
		"def $F(nums):\n    seen = {}\n    for i, n in enumerate(nums):\n        if $N - n in seen:\n            return seen[$N - n], i\n        seen[n] = i\n    return None\n",
		"from dataclasses import dataclass\n\n\n@dataclass\nclass $C:\n    id: int\n    $K: float = 0.0\n    status: str = \"$S\"\n\n\ndef $F($A: list[$C]) -> dict[str, float]:\n    $T: dict[str, float] = {}\n    for $a in $A:\n        $T[$a.status] = $T.get($a.status, 0.0) + $a.$K\n    return $T\n",
	},
	synJS: {
		"function $F($A) {\n  return $A\n    .filter(($a) => $a.$K > $N)\n    .map(($a) => ({ ...$a, $K: $a.$K * $M }));\n}\n",
		"async function $F(id) {\n  const res = await fetch(´/api/$A/${id}´);\n  if (!res.ok) throw new Error(´HTTP ${res.status}´);\n  const data = await res.json();\n  return data.$K;\n}\n",
		"const $F = ($A) => {\n  let $T = 0;\n  for (let i = 0; i <= $A.length; i++) {\n    $T += $A[i].$K;\n  }\n  return $T;\n};\n",
		"export default function $C({ $A }) {\n  const [query, setQuery] = useState(\"\");\n  const visible = $A.filter((x) => x.name.includes(query));\n  return (\n    <ul>\n      {visible.map((x) => (\n        <li key={x.id}>{x.name}: {x.$K}</li>\n      ))}\n    </ul>\n  );\n}\n",
		"app.get(\"/api/$A/:id\", async (req, res) => {\n  const $a = await db.$A.findOne({ where: { id: req.params.id } });\n  if (!$a) return res.status(404).json({ error: \"not found\" });\n  res.json($a);\n});\n",
	},
	synTS: {
		"interface $C {\n  id: number;\n  $K: number;\n  status: \"$S\" | \"archived\";\n}\n\nexport function $F($A: $C[], limit = $N): $C[] {\n  return [...$A].sort((a, b) => b.$K - a.$K).slice(0, limit);\n}\n",
		"export async function $F(client: HttpClient, id: string): Promise<$C | undefined> {\n  const res = await client.get<$C>(´/$A/${id}´);\n  return res.data ?? undefined;\n}\n",
		"type State = { $A: $C[]; loading: boolean };\n\nexport function reducer(state: State, action: Action): State {\n  switch (action.type) {\n    case \"$F\":\n      return { ...state, $A: action.payload, loading: false };\n    default:\n      return state;\n  }\n}\n",
	},
	synGo: {
		"func $F($A []$C) (int, error) {\n\ttotal := 0\n\tfor _, $a := range $A {\n\t\tif $a.$P < 0 {\n\t\t\treturn 0, fmt.Errorf(\"negative $K in %v\", $a)\n\t\t}\n\t\ttotal += $a.$P\n\t}\n\treturn total, nil\n}\n",
		"func (s *Server) $F(w http.ResponseWriter, r *http.Request) {\n\tid := r.PathValue(\"id\")\n\t$a, err := s.store.Get(r.Context(), id)\n\tif err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusNotFound)\n\t\treturn\n\t}\n\tjson.NewEncoder(w).Encode($a)\n}\n",
		"func $F(ctx context.Context, jobs <-chan $C, workers int) {\n\tvar wg sync.WaitGroup\n\tfor i := 0; i < workers; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfor j := range jobs {\n\t\t\t\tprocess(ctx, j)\n\t\t\t}\n\t\t}()\n\t}\n\twg.Wait()\n}\n",
	},
	synRust: {
		"fn $F($A: &[$C]) -> Option<u64> {\n    let mut $T = 0u64;\n    for $a in $A {\n        $T = $T.checked_add($a.$K)?;\n    }\n    Some($T)\n}\n",
		"impl $C {\n    pub fn $F(&mut self, value: i64) -> Result<(), Error> {\n        if value > $N {\n            return Err(Error::TooLarge(value));\n        }\n        self.$K = value;\n        Ok(())\n    }\n}\n",
		"fn main() {\n    let $A: Vec<String> = std::env::args().skip(1).collect();\n    let first = $A[0].clone();\n    let handle = std::thread::spawn(move || {\n        println!(\"{}\", $A.len());\n    });\n    println!(\"{}\", first);\n    handle.join().unwrap();\n}\n",
	},
	synJava: {
		"public List<$C> $F(List<$C> $A) {\n    List<$C> $T = new ArrayList<>();\n    for ($C $a : $A) {\n        if ($a.get$P() > $N) {\n            $T.add($a);\n        }\n    }\n    return $T;\n}\n",
		"@RestController\n@RequestMapping(\"/api/$A\")\npublic class $CController {\n    private final $CService service;\n\n    @GetMapping(\"/{id}\")\n    public ResponseEntity<$C> $F(@PathVariable Long id) {\n        return service.findById(id)\n            .map(ResponseEntity::ok)\n            .orElse(ResponseEntity.notFound().build());\n    }\n}\n",
		"Map<String, Long> $T = $A.stream()\n    .filter(x -> x.get$P() != null)\n    .collect(Collectors.groupingBy($C::getStatus, Collectors.counting()));\n",
	},
	synC: {
		"int $F(const int *$A, size_t n) {\n    int $T = 0;\n    for (size_t i = 0; i <= n; i++) {\n        $T += $A[i] * $M;\n    }\n    return $T;\n}\n",
		"char *$F(const char *src) {\n    char *out = malloc(strlen(src));\n    strcpy(out, src);\n    for (char *p = out; *p; p++) {\n        if (*p == ' ') *p = '_';\n    }\n    return out;\n}\n",
	},
	synCpp: {
		"std::vector<int> $F(const std::vector<int>& $A) {\n    std::vector<int> $T;\n    std::copy_if($A.begin(), $A.end(), std::back_inserter($T),\n                 [](int v) { return v % $M == 0; });\n    return $T;\n}\n",
		"class $C {\npublic:\n    explicit $C(int $K) : $K_($K) {}\n    int $F() const { return $K_ * $N; }\nprivate:\n    int $K_;\n};\n",
		"template <typename T>\nT $F(const std::map<std::string, T>& m, const std::string& key) {\n    auto it = m.find(key);\n    return it == m.end() ? T{} : it->second;\n}\n",
	},
	synCS: {
		"public async Task<$C?> $F(int id)\n{\n    var $a = await _db.$Q.FirstOrDefaultAsync(x => x.Id == id);\n    if ($a is null) return null;\n    $a.$P += $N;\n    await _db.SaveChangesAsync();\n    return $a;\n}\n",
		"public static IEnumerable<$C> $F(IEnumerable<$C> $A) =>\n    $A.Where(x => x.$P > $N).OrderByDescending(x => x.$P).Take($M);\n",
	},
	synRuby: {
		"def $F($A)\n  $A.select { |$a| $a[:$K] > $N }\n        .map { |$a| $a.merge(status: \"$S\") }\nend\n",
		"class $C < ApplicationRecord\n  has_many :$A\n  validates :$K, presence: true\n\n  def $F\n    $A.where(status: \"$S\").sum(:$K)\n  end\nend\n",
	},
	synPHP: {
		"function $F(array $$A): array {\n    $$T = [];\n    foreach ($$A as $$a) {\n        if ($$a['$K'] > $N) {\n            $$T[] = $$a;\n        }\n    }\n    return $$T;\n}\n",
		"public function $F(Request $$request)\n{\n    $$validated = $$request->validate(['$K' => 'required|integer|min:$M']);\n    return $C::create($$validated);\n}\n",
	},
	synKotlin: {
		"fun $F($A: List<$C>): Map<String, Int> =\n    $A.filter { it.$K > $N }\n        .groupingBy { it.status }\n        .eachCount()\n",
		"data class $C(val id: Long, val $K: Int, val status: String = \"$S\")\n",
	},
	synSwift: {
		"func $F(_ $A: [$C]) -> [$C] {\n    return $A.filter { $0.$K > $N }.sorted { $0.$K < $1.$K }\n}\n",
		"struct $CView: View {\n    @State private var $A: [$C] = []\n\n    var body: some View {\n        List($A) { $a in\n            Text($a.name)\n        }\n        .task { $A = await api.$F() }\n    }\n}\n",
	},
	synSQL: {},
	synBash: {
		"#!/usr/bin/env bash\nset -euo pipefail\n\nfor f in $A/*.log; do\n  count=$(grep -c \"ERROR\" \"$f\" || true)\n  if [ \"$count\" -gt $N ]; then\n    echo \"$f: $count errors\"\n  fi\ndone\n",
		"#!/bin/bash\nBACKUP_DIR=/var/backups/$A\nmkdir -p \"$BACKUP_DIR\"\ntar -czf \"$BACKUP_DIR/$(date +%F).tar.gz\" /srv/$A\nfind \"$BACKUP_DIR\" -mtime +$M -delete\n",
		"docker build -t $A-api:latest .\ndocker run -d --name $A -p $N:8080 -e DB_URL=\"$DB_URL\" $A-api:latest\n",
	},
	synHTML: {
		"<form id=\"$a-form\" class=\"card\">\n  <label for=\"$K\">$P</label>\n  <input id=\"$K\" name=\"$K\" type=\"text\" required>\n  <button type=\"submit\">Save</button>\n</form>\n",
		"<nav class=\"navbar\">\n  <ul>\n    <li><a href=\"/$A\">$Q</a></li>\n    <li><a href=\"/about\">About</a></li>\n  </ul>\n</nav>\n",
	},
}

// shortTemplates are one- or two-line snippets for short, vague prompts.
var shortTemplates = [...][]string{
	synPy:     {"$T = [$a for $a in $A if $a.$K > $N]\n", "print(sorted($A, key=lambda x: x[\"$K\"])[:$M])\n", "with open(\"$A.txt\") as f:\n    lines = f.readlines()\n"},
	synJS:     {"const $T = $A.reduce((s, x) => s + x.$K, 0);\n", "document.querySelector(\"#$a\").addEventListener(\"click\", $F);\n"},
	synTS:     {"const $T: Record<string, $C> = Object.fromEntries($A.map((x) => [x.id, x]));\n"},
	synGo:     {"$T := make(map[string]int, $N)\n", "if err := $F(ctx); err != nil {\n\tlog.Fatal(err)\n}\n"},
	synRust:   {"let $T: Vec<_> = $A.iter().filter(|x| x.$K > $N).collect();\n"},
	synJava:   {"Optional<$C> $a = repo.findById(id);\n", "String[] parts = line.split(\",\");\n"},
	synC:      {"int *$A = malloc($N * sizeof(int));\n"},
	synCpp:    {"std::sort($A.begin(), $A.end());\n"},
	synCS:     {"var $T = $A.GroupBy(x => x.$P).ToDictionary(g => g.Key, g => g.Count());\n"},
	synRuby:   {"$A.each_with_index { |x, i| puts \"#{i}: #{x}\" }\n"},
	synPHP:    {"$$T = array_filter($$A, fn($$x) => $$x['$K'] > $N);\n"},
	synKotlin: {"val $T = $A.sumOf { it.$K }\n"},
	synSwift:  {"let $T = $A.map { $0.$K }.reduce(0, +)\n"},
	synSQL:    {"SELECT * FROM $A WHERE $K > $N;\n"},
	synBash:   {"find . -name \"*.log\" -mtime +$M -exec rm {} \\;\n", "grep -rn \"$K\" src/ | wc -l\n"},
	synHTML:   {"<div class=\"$a\">{{ $K }}</div>\n"},
}

// code writes a snippet in x.lang, fenced when fence is true; size 1 asks
// for a short one.
func (x *expander) code(fence bool, size int) {
	l := &langs[x.lang%len(langs)]
	if fence {
		x.buf = append(x.buf, "```"...)
		x.buf = append(x.buf, l.fence...)
		x.buf = append(x.buf, '\n')
	}
	switch {
	case l.syn == synSQL && size == 0:
		x.sqlQuery()
		x.buf = append(x.buf, '\n')
	default:
		bank := codeTemplates[l.syn]
		if size == 1 || len(bank) == 0 {
			bank = shortTemplates[l.syn]
		}
		x.writeTemplate(bank[x.r.IntN(len(bank))], l.style)
	}
	if fence {
		x.buf = append(x.buf, "```"...)
	}
}

// writeTemplate expands the '$' placeholders of a code template. Within one
// template a placeholder keeps its value: it names one variable.
func (x *expander) writeTemplate(t string, st idStyle) {
	r := x.r
	noun := nouns[r.IntN(len(nouns))]
	if strings.HasSuffix(noun, "_id") {
		noun = "item"
	}
	field := fields[r.IntN(len(fields))]
	fv, fv2 := r.Uint32(), r.Uint32()
	n1, n2 := 2+int(fv%98), 2+int(fv2%8)
	res := resultV[int(fv>>8)%len(resultV)]
	status := statusW[int(fv2>>8)%len(statusW)]
	var f1 [3]string
	f1[0] = verbs[int(fv>>16)%len(verbs)]
	f1[1] = noun
	if fv>>28 == 0 {
		f1[2] = nouns[int(fv2>>16)%len(nouns)]
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 0xC2 && i+1 < len(t) && t[i+1] == 0xB4 { // '´'
			x.buf = append(x.buf, '`')
			i++
			continue
		}
		if c != '$' || i+1 >= len(t) {
			x.buf = append(x.buf, c)
			continue
		}
		switch t[i+1] {
		case 'F':
			for j, p := range f1 {
				if p != "" {
					x.writeWord(p, st, j == 0)
				}
			}
		case 'A':
			x.writeWord(plural(noun), styleCamelOr(st), true)
		case 'a':
			x.writeWord(noun, styleCamelOr(st), true)
		case 'C':
			x.writeWord(noun, stylePascal, true)
		case 'Q':
			x.writeWord(plural(noun), stylePascal, true)
		case 'K':
			x.buf = append(x.buf, field...)
		case 'P':
			x.writeWord(field, stylePascal, true)
		case 'N':
			x.buf = strconv.AppendInt(x.buf, int64(n1), 10)
		case 'M':
			x.buf = strconv.AppendInt(x.buf, int64(n2), 10)
		case 'S':
			x.buf = append(x.buf, status...)
		case 'T':
			x.buf = append(x.buf, res...)
		default:
			x.buf = append(x.buf, '$')
			continue
		}
		i++
	}
}

func styleCamelOr(st idStyle) idStyle {
	if st == stylePascal {
		return styleCamel
	}
	return st
}

var (
	pyErrors = []string{
		"KeyError: '$K'",
		"TypeError: unsupported operand type(s) for +: 'int' and 'str'",
		"AttributeError: 'NoneType' object has no attribute '$K'",
		"IndexError: list index out of range",
		"ValueError: invalid literal for int() with base 10: '$S'",
		"ZeroDivisionError: division by zero",
		"ModuleNotFoundError: No module named '$A'",
		"RecursionError: maximum recursion depth exceeded in comparison",
		"json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
	}
	jsErrors = []string{
		"TypeError: Cannot read properties of undefined (reading '$K')",
		"TypeError: $A.map is not a function",
		"ReferenceError: $a is not defined",
		"SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
		"RangeError: Maximum call stack size exceeded",
		"Error: connect ECONNREFUSED 127.0.0.1:$N",
	}
	javaErrors = []string{
		"java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"$a\" is null",
		"java.lang.ArrayIndexOutOfBoundsException: Index $M out of bounds for length $M",
		"java.util.ConcurrentModificationException",
		"java.lang.ClassCastException: class java.lang.Integer cannot be cast to class java.lang.String",
		"org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name '$aService'",
	}
	goErrors = []string{
		"panic: runtime error: index out of range [$M] with length $M",
		"panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a2f1c]",
		"fatal error: all goroutines are asleep - deadlock!",
		"panic: assignment to entry in nil map",
		"fatal error: concurrent map writes",
	}
	rustErrors = []string{
		"called `Option::unwrap()` on a `None` value",
		"called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }",
		"index out of bounds: the len is $M but the index is $M",
		"attempt to subtract with overflow",
	}
)

// trace writes an error report in the style of x.lang's runtime.
func (x *expander) trace() {
	l := &langs[x.lang%len(langs)]
	r := x.r
	depth := 2 + r.IntN(4)
	switch l.syn {
	case synPy:
		x.buf = append(x.buf, "Traceback (most recent call last):\n"...)
		for i := 0; i < depth; i++ {
			x.buf = append(x.buf, "  File \""...)
			x.buf = append(x.buf, pathRoots[r.IntN(4)]...)
			x.writeIdent(styleSnake, true)
			x.buf = append(x.buf, ".py\", line "...)
			x.buf = strconv.AppendInt(x.buf, int64(3+r.IntN(400)), 10)
			x.buf = append(x.buf, ", in "...)
			x.writeIdent(styleSnake, false)
			x.buf = append(x.buf, "\n    "...)
			x.writeTemplate(shortTemplates[synPy][r.IntN(len(shortTemplates[synPy]))], styleSnake)
			trimNL(x)
			x.buf = append(x.buf, '\n')
		}
		x.writeTemplate(pyErrors[r.IntN(len(pyErrors))], styleSnake)
	case synJS, synTS:
		x.writeTemplate(jsErrors[r.IntN(len(jsErrors))], styleCamel)
		for i := 0; i < depth; i++ {
			x.buf = append(x.buf, "\n    at "...)
			x.writeIdent(styleCamel, false)
			x.buf = append(x.buf, " ("...)
			if r.IntN(2) == 0 {
				x.buf = append(x.buf, "webpack-internal:///./src/"...)
			} else {
				x.buf = append(x.buf, "/app/dist/"...)
			}
			x.writeIdent(styleCamel, true)
			x.buf = append(x.buf, l.ext...)
			x.buf = append(x.buf, ':')
			x.buf = strconv.AppendInt(x.buf, int64(1+r.IntN(300)), 10)
			x.buf = append(x.buf, ':')
			x.buf = strconv.AppendInt(x.buf, int64(1+r.IntN(60)), 10)
			x.buf = append(x.buf, ')')
		}
	case synJava, synKotlin:
		x.buf = append(x.buf, "Exception in thread \"main\" "...)
		x.writeTemplate(javaErrors[r.IntN(len(javaErrors))], styleCamel)
		for i := 0; i < depth; i++ {
			x.buf = append(x.buf, "\n\tat com."...)
			x.writeIdent(styleSnake, true)
			x.buf = append(x.buf, '.')
			x.writeIdent(stylePascal, true)
			x.buf = append(x.buf, '.')
			x.writeIdent(styleCamel, false)
			x.buf = append(x.buf, '(')
			x.writeIdent(stylePascal, true)
			x.buf = append(x.buf, l.ext...)
			x.buf = append(x.buf, ':')
			x.buf = strconv.AppendInt(x.buf, int64(10+r.IntN(400)), 10)
			x.buf = append(x.buf, ')')
		}
	case synGo:
		x.writeTemplate(goErrors[r.IntN(len(goErrors))], styleCamel)
		x.buf = append(x.buf, "\n\ngoroutine 1 [running]:"...)
		for i := 0; i < depth; i++ {
			x.buf = append(x.buf, "\nmain."...)
			x.writeIdent(styleCamel, false)
			x.buf = append(x.buf, "(...)\n\t/home/dev/"...)
			x.writeIdent(styleSnake, true)
			x.buf = append(x.buf, "/main.go:"...)
			x.buf = strconv.AppendInt(x.buf, int64(10+r.IntN(300)), 10)
			x.buf = append(x.buf, " +0x"...)
			x.buf = appendHex(x.buf, r, 2)
		}
		x.buf = append(x.buf, "\nexit status 2"...)
	case synRust:
		x.buf = append(x.buf, "thread 'main' panicked at src/"...)
		x.writeIdent(styleSnake, true)
		x.buf = append(x.buf, ".rs:"...)
		x.buf = strconv.AppendInt(x.buf, int64(5+r.IntN(200)), 10)
		x.buf = append(x.buf, ':')
		x.buf = strconv.AppendInt(x.buf, int64(5+r.IntN(40)), 10)
		x.buf = append(x.buf, ":\n"...)
		x.writeTemplate(rustErrors[r.IntN(len(rustErrors))], styleSnake)
		x.buf = append(x.buf, "\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"...)
	case synCS:
		x.buf = append(x.buf, "Unhandled exception. System.NullReferenceException: Object reference not set to an instance of an object.\n   at "...)
		x.writeIdent(stylePascal, true)
		x.buf = append(x.buf, ".Services."...)
		x.writeIdent(stylePascal, false)
		x.buf = append(x.buf, "() in /src/"...)
		x.writeIdent(stylePascal, true)
		x.buf = append(x.buf, ".cs:line "...)
		x.buf = strconv.AppendInt(x.buf, int64(10+r.IntN(300)), 10)
	case synRuby:
		x.writeIdent(styleSnake, true)
		x.buf = append(x.buf, ".rb:"...)
		x.buf = strconv.AppendInt(x.buf, int64(2+r.IntN(200)), 10)
		x.buf = append(x.buf, ":in `"...)
		x.writeIdent(styleSnake, false)
		x.buf = append(x.buf, "': undefined method `"...)
		x.buf = append(x.buf, fields[r.IntN(len(fields))]...)
		x.buf = append(x.buf, "' for nil:NilClass (NoMethodError)"...)
	case synPHP:
		x.buf = append(x.buf, "PHP Fatal error:  Uncaught TypeError: Argument #1 ($"...)
		x.buf = append(x.buf, nouns[r.IntN(len(nouns))]...)
		x.buf = append(x.buf, ") must be of type array, null given in /var/www/html/"...)
		x.writeIdent(styleSnake, true)
		x.buf = append(x.buf, ".php:"...)
		x.buf = strconv.AppendInt(x.buf, int64(2+r.IntN(200)), 10)
	case synSwift:
		x.buf = append(x.buf, "Fatal error: Unexpectedly found nil while unwrapping an Optional value: file "...)
		x.writeIdent(stylePascal, true)
		x.buf = append(x.buf, "/"...)
		x.writeIdent(stylePascal, true)
		x.buf = append(x.buf, "View.swift, line "...)
		x.buf = strconv.AppendInt(x.buf, int64(2+r.IntN(200)), 10)
	case synSQL:
		x.buf = append(x.buf, "ERROR:  column \""...)
		x.buf = append(x.buf, fields[r.IntN(len(fields))]...)
		x.buf = append(x.buf, "\" must appear in the GROUP BY clause or be used in an aggregate function\nLINE 1: SELECT "...)
		x.buf = append(x.buf, fields[r.IntN(len(fields))]...)
		x.buf = append(x.buf, ", count(*) FROM "...)
		x.buf = append(x.buf, plural(nouns[r.IntN(len(nouns))])...)
	case synBash:
		x.buf = append(x.buf, "bash: ./"...)
		x.writeIdent(styleSnake, false)
		x.buf = append(x.buf, ".sh: line "...)
		x.buf = strconv.AppendInt(x.buf, int64(2+r.IntN(80)), 10)
		x.buf = append(x.buf, ": syntax error near unexpected token `fi'"...)
	default: // C, C++, HTML
		x.buf = append(x.buf, "==1"...)
		x.buf = strconv.AppendInt(x.buf, int64(1000+r.IntN(9000)), 10)
		x.buf = append(x.buf, "==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020000000"...)
		x.buf = appendHex(x.buf, r, 2)
		x.buf = append(x.buf, "\nREAD of size 4 at 0x6020000000"...)
		x.buf = appendHex(x.buf, r, 2)
		x.buf = append(x.buf, " thread T0\n    #0 0x4c3b2e in "...)
		x.writeIdent(styleSnake, false)
		x.buf = append(x.buf, " src/"...)
		x.writeIdent(styleSnake, true)
		x.buf = append(x.buf, ".c:"...)
		x.buf = strconv.AppendInt(x.buf, int64(5+r.IntN(300)), 10)
	}
}

func trimNL(x *expander) {
	for len(x.buf) > 0 && x.buf[len(x.buf)-1] == '\n' {
		x.buf = x.buf[:len(x.buf)-1]
	}
}

// diff writes a unified diff that changes one line of a generated snippet.
func (x *expander) diff() {
	l := &langs[x.lang%len(langs)]
	r := x.r
	start := len(x.buf)
	bank := codeTemplates[l.syn]
	if len(bank) == 0 {
		bank = shortTemplates[l.syn]
	}
	x.writeTemplate(bank[r.IntN(len(bank))], l.style)
	var tmp [2048]byte
	n := copy(tmp[:], x.buf[start:])
	lines := tmp[:n]
	x.buf = x.buf[:start]
	x.writeIdent(styleSnake, true)
	var nm [48]byte
	nl := copy(nm[:], x.buf[start:])
	x.buf = x.buf[:start]
	x.buf = append(x.buf, "diff --git a/src/"...)
	x.buf = append(x.buf, nm[:nl]...)
	x.buf = append(x.buf, l.ext...)
	x.buf = append(x.buf, " b/src/"...)
	x.buf = append(x.buf, nm[:nl]...)
	x.buf = append(x.buf, l.ext...)
	x.buf = append(x.buf, "\n--- a/src/"...)
	x.buf = append(x.buf, nm[:nl]...)
	x.buf = append(x.buf, l.ext...)
	x.buf = append(x.buf, "\n+++ b/src/"...)
	x.buf = append(x.buf, nm[:nl]...)
	x.buf = append(x.buf, l.ext...)
	lineNo := 10 + r.IntN(200)
	x.buf = append(x.buf, "\n@@ -"...)
	x.buf = strconv.AppendInt(x.buf, int64(lineNo), 10)
	x.buf = append(x.buf, " +"...)
	x.buf = strconv.AppendInt(x.buf, int64(lineNo), 10)
	x.buf = append(x.buf, " @@\n"...)
	nLines := 0
	for _, c := range lines {
		if c == '\n' {
			nLines++
		}
	}
	change := 0
	if nLines > 1 {
		change = 1 + r.IntN(nLines-1)
	}
	ln := 0
	for len(lines) > 0 {
		i := 0
		for i < len(lines) && lines[i] != '\n' {
			i++
		}
		line := lines[:i]
		if i < len(lines) {
			lines = lines[i+1:]
		} else {
			lines = nil
		}
		if ln == change {
			x.buf = append(x.buf, '-')
			x.buf = append(x.buf, line...)
			x.buf = append(x.buf, "\n+"...)
			x.buf = append(x.buf, line...)
			x.buf = append(x.buf, diffEdits[r.IntN(len(diffEdits))]...)
			x.buf = append(x.buf, '\n')
		} else {
			x.buf = append(x.buf, ' ')
			x.buf = append(x.buf, line...)
			x.buf = append(x.buf, '\n')
		}
		ln++
	}
	trimNL(x)
}

// hunk writes a one-line change as a short unified-diff hunk, for review
// templates whose fixed instructions should outweigh the code.
func (x *expander) hunk() {
	l := &langs[x.lang%len(langs)]
	r := x.r
	bank := shortTemplates[l.syn]
	start := len(x.buf)
	x.writeTemplate(bank[r.IntN(len(bank))], l.style)
	var tmp [512]byte
	n := copy(tmp[:], x.buf[start:])
	line := tmp[:n]
	if i := indexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	x.buf = x.buf[:start]
	ln := 1 + r.IntN(400)
	x.buf = append(x.buf, "@@ -"...)
	x.buf = strconv.AppendInt(x.buf, int64(ln), 10)
	x.buf = append(x.buf, " +"...)
	x.buf = strconv.AppendInt(x.buf, int64(ln), 10)
	x.buf = append(x.buf, " @@\n-"...)
	x.buf = append(x.buf, line...)
	x.buf = append(x.buf, "\n+"...)
	x.buf = append(x.buf, line...)
	x.buf = append(x.buf, diffEdits[r.IntN(len(diffEdits))]...)
}

func indexByte(b []byte, c byte) int {
	for i, v := range b {
		if v == c {
			return i
		}
	}
	return -1
}

var diffEdits = []string{"  // TODO: handle empty input", " # FIXME", " // fix off-by-one", " /* was wrong before */", "  // retry on failure", " // cache result"}

var (
	sqlTables = []struct{ name, cols string }{
		{"orders", "id, customer_id, total, status, created_at"},
		{"customers", "id, name, email, country, created_at"},
		{"products", "id, name, price, category_id, stock"},
		{"order_items", "order_id, product_id, quantity, unit_price"},
		{"employees", "id, name, department_id, salary, hired_at, manager_id"},
		{"departments", "id, name, budget"},
		{"events", "id, user_id, type, ts, properties"},
		{"payments", "id, order_id, amount, method, paid_at"},
		{"sessions", "id, user_id, started_at, ended_at, device"},
		{"tickets", "id, requester_id, priority, status, opened_at, closed_at"},
	}
	sqlQueries = []string{
		"SELECT c.name, SUM(o.total) AS revenue\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE o.created_at >= '2024-01-01'\nGROUP BY c.name\nORDER BY revenue DESC\nLIMIT $N;",
		"SELECT department_id, AVG(salary) AS avg_salary, COUNT(*) AS headcount\nFROM employees\nGROUP BY department_id\nHAVING COUNT(*) > $M;",
		"WITH ranked AS (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn\n  FROM events\n)\nSELECT * FROM ranked WHERE rn = 1;",
		"UPDATE products\nSET stock = stock - $M\nWHERE id IN (SELECT product_id FROM order_items WHERE order_id = $N);",
		"SELECT p.name, COALESCE(SUM(oi.quantity), 0) AS sold\nFROM products p\nLEFT JOIN order_items oi ON oi.product_id = p.id\nGROUP BY p.name\nORDER BY sold\nLIMIT $M;",
		"SELECT date_trunc('week', opened_at) AS week, priority, COUNT(*)\nFROM tickets\nWHERE status <> 'closed'\nGROUP BY 1, 2\nORDER BY 1;",
		"DELETE FROM sessions WHERE ended_at < NOW() - INTERVAL '$N days';",
		"SELECT e.name, m.name AS manager\nFROM employees e\nLEFT JOIN employees m ON e.manager_id = m.id\nWHERE e.salary > $N000;",
	}
)

func (x *expander) sqlQuery() {
	x.writeTemplate(sqlQueries[x.r.IntN(len(sqlQueries))], styleSnake)
}

func (x *expander) sqlSchema() {
	n := 2 + x.r.IntN(2)
	first := x.r.IntN(len(sqlTables))
	for i := 0; i < n; i++ {
		t := sqlTables[(first+i*3)%len(sqlTables)]
		if i > 0 {
			x.buf = append(x.buf, '\n')
		}
		x.buf = append(x.buf, t.name...)
		x.buf = append(x.buf, '(')
		x.buf = append(x.buf, t.cols...)
		x.buf = append(x.buf, ')')
	}
}

// jsonRecord writes a small JSON object such as a pipeline would send.
func (x *expander) jsonRecord() {
	r := x.r
	n := 3 + r.IntN(4)
	x.buf = append(x.buf, '{')
	off := r.IntN(len(fields))
	for i := 0; i < n; i++ {
		if i > 0 {
			x.buf = append(x.buf, ", "...)
		}
		f := fields[(off+i*5)%len(fields)]
		x.buf = append(x.buf, '"')
		x.buf = append(x.buf, f...)
		x.buf = append(x.buf, "\": "...)
		switch f {
		case "name":
			x.buf = append(x.buf, '"')
			x.rule(x.g.slotRule[slFullName])
			x.buf = append(x.buf, '"')
		case "email":
			x.buf = append(x.buf, '"')
			x.fill(slEmail)
			x.buf = append(x.buf, '"')
		case "status", "category", "region", "level":
			x.buf = append(x.buf, '"')
			x.buf = append(x.buf, statusW[r.IntN(len(statusW))]...)
			x.buf = append(x.buf, '"')
		case "created", "updated":
			x.buf = append(x.buf, '"')
			x.fill(slDate)
			x.buf = append(x.buf, '"')
		case "id":
			x.buf = append(x.buf, '"')
			x.fill(slID)
			x.buf = append(x.buf, '"')
		default:
			x.buf = strconv.AppendInt(x.buf, int64(r.IntN(5000)), 10)
		}
	}
	x.buf = append(x.buf, '}')
}

// toolSpec is a function an agent may call.
type toolSpec struct {
	name, desc string
	params     []toolParam
}

type toolParam struct{ name, typ, desc string }

// toolBank lines: name | description | param:type[:description], …
const toolBank = `get_weather|Get the current weather for a city.|city:string,units:string:celsius or fahrenheit
search_web|Search the web and return the top results.|query:string,num_results:integer
read_file|Read a file from the workspace.|path:string
write_file|Write content to a file in the workspace.|path:string,content:string
run_shell|Run a shell command in the sandbox and return stdout and stderr.|command:string,timeout_s:integer
search_flights|Search flights between two airports on a date.|origin:string:IATA code,destination:string:IATA code,date:string:YYYY-MM-DD,max_stops:integer
book_hotel|Book a hotel room.|city:string,check_in:string,check_out:string,guests:integer
send_email|Send an e-mail.|to:string,subject:string,body:string
create_calendar_event|Create a calendar event.|title:string,start:string,duration_minutes:integer,attendees:array
get_stock_price|Get the latest price of a stock ticker.|ticker:string
query_database|Run a read-only SQL query against the analytics warehouse.|sql:string
create_ticket|Open a ticket in the issue tracker.|title:string,description:string,priority:string
update_ticket|Update the status of a ticket.|ticket_id:string,status:string
lookup_order|Look up an order by its id.|order_id:string
issue_refund|Refund an order, fully or partly.|order_id:string,amount:number,reason:string
get_customer|Fetch a customer profile.|customer_id:string
browser_navigate|Open a URL in the browser.|url:string
browser_click|Click an element on the current page.|selector:string
browser_type|Type text into an input field.|selector:string,text:string
take_screenshot|Capture the current screen.|
list_files|List files in a directory.|path:string,recursive:boolean
git_commit|Commit staged changes.|message:string
run_tests|Run the test suite and report failures.|pattern:string
http_request|Make an HTTP request.|method:string,url:string,body:string
translate_text|Translate text into another language.|text:string,target_lang:string
calculator|Evaluate an arithmetic expression.|expression:string
get_exchange_rate|Get the exchange rate between two currencies.|base:string,quote:string
spawn_subagent|Start a sub-agent with its own instructions and return its id.|task:string,tools:array
post_slack_message|Post a message to a Slack channel.|channel:string,text:string
get_directions|Get driving or transit directions.|origin:string,destination:string,mode:string
create_invoice|Create an invoice for a customer.|customer_id:string,amount:number,due_date:string
kubectl|Run a kubectl command against the staging cluster.|args:string
search_docs|Search the internal documentation.|query:string,limit:integer
schedule_job|Schedule a recurring job.|cron:string,job_name:string
resize_image|Resize an image.|path:string,width:integer,height:integer`

func parseTools(src string) []toolSpec {
	var out []toolSpec
	for _, line := range strings.Split(src, "\n") {
		p := strings.Split(line, "|")
		if len(p) != 3 {
			continue
		}
		t := toolSpec{name: p[0], desc: p[1]}
		for _, a := range strings.Split(p[2], ",") {
			if a == "" {
				continue
			}
			q := strings.SplitN(a, ":", 3)
			tp := toolParam{name: q[0], typ: "string"}
			if len(q) > 1 {
				tp.typ = q[1]
			}
			if len(q) > 2 {
				tp.desc = q[2]
			}
			t.params = append(t.params, tp)
		}
		out = append(out, t)
	}
	return out
}

var tools = parseTools(toolBank)

// toolDefs writes n tool definitions as a JSON list and remembers them for
// the response.
func (x *expander) toolDefs(n int) {
	x.ntools = 0
	start := x.r.IntN(len(tools))
	step := 1 + x.r.IntN(5)
	x.buf = append(x.buf, "[\n"...)
	for i := 0; i < n; i++ {
		ti := (start + i*step) % len(tools)
		t := &tools[ti]
		if x.ntools < len(x.tools) {
			x.tools[x.ntools] = int16(ti)
			x.ntools++
		}
		x.buf = append(x.buf, "  {\"name\": \""...)
		x.buf = append(x.buf, t.name...)
		x.buf = append(x.buf, "\", \"description\": \""...)
		x.buf = append(x.buf, t.desc...)
		x.buf = append(x.buf, "\", \"parameters\": {\"type\": \"object\", \"properties\": {"...)
		for j, p := range t.params {
			if j > 0 {
				x.buf = append(x.buf, ", "...)
			}
			x.buf = append(x.buf, '"')
			x.buf = append(x.buf, p.name...)
			x.buf = append(x.buf, "\": {\"type\": \""...)
			x.buf = append(x.buf, p.typ...)
			x.buf = append(x.buf, '"')
			if p.desc != "" {
				x.buf = append(x.buf, ", \"description\": \""...)
				x.buf = append(x.buf, p.desc...)
				x.buf = append(x.buf, '"')
			}
			x.buf = append(x.buf, '}')
		}
		x.buf = append(x.buf, "}}}"...)
		if i < n-1 {
			x.buf = append(x.buf, ',')
		}
		x.buf = append(x.buf, '\n')
	}
	x.buf = append(x.buf, ']')
}

// toolCall writes a call of tool ti with plausible arguments.
func (x *expander) toolCall(ti int) {
	t := &tools[ti%len(tools)]
	x.buf = append(x.buf, "{\"name\": \""...)
	x.buf = append(x.buf, t.name...)
	x.buf = append(x.buf, "\", \"arguments\": {"...)
	for j, p := range t.params {
		if j > 0 {
			x.buf = append(x.buf, ", "...)
		}
		x.buf = append(x.buf, '"')
		x.buf = append(x.buf, p.name...)
		x.buf = append(x.buf, "\": "...)
		x.argValue(p)
	}
	x.buf = append(x.buf, "}}"...)
}

func (x *expander) argValue(p toolParam) {
	switch p.typ {
	case "integer":
		x.buf = strconv.AppendInt(x.buf, int64(1+x.r.IntN(20)), 10)
		return
	case "number":
		x.buf = strconv.AppendInt(x.buf, int64(5+x.r.IntN(500)), 10)
		x.buf = append(x.buf, ".00"...)
		return
	case "boolean":
		if x.r.IntN(2) == 0 {
			x.buf = append(x.buf, "true"...)
		} else {
			x.buf = append(x.buf, "false"...)
		}
		return
	case "array":
		x.buf = append(x.buf, "[\""...)
		x.fill(slEmail)
		x.buf = append(x.buf, "\"]"...)
		return
	}
	x.buf = append(x.buf, '"')
	switch {
	case strings.Contains(p.name, "city") || p.name == "origin" || p.name == "destination":
		x.fill(slCity)
	case strings.Contains(p.name, "date") || p.name == "start" || strings.HasPrefix(p.name, "check_"):
		x.fill(slDate)
	case strings.HasSuffix(p.name, "_id"):
		x.fill(slID)
	case p.name == "to":
		x.fill(slEmail)
	case p.name == "url":
		x.fill(slURL)
	case p.name == "path":
		x.fill(slPath)
	case p.name == "query" || p.name == "title" || p.name == "subject" || p.name == "task":
		x.fill(slQuery)
	case p.name == "sql":
		x.buf = append(x.buf, "SELECT COUNT(*) FROM orders WHERE status = 'paid'"...)
	case p.name == "command" || p.name == "args":
		x.buf = append(x.buf, shellCmds[x.r.IntN(len(shellCmds))]...)
	case p.name == "selector":
		x.buf = append(x.buf, "#"...)
		x.writeIdent(styleSnake, true)
		x.buf = append(x.buf, "-button"...)
	case p.name == "units":
		x.buf = append(x.buf, "celsius"...)
	case p.name == "ticker":
		x.buf = append(x.buf, tickers[x.r.IntN(len(tickers))]...)
	default:
		x.fill(slPhrase)
	}
	x.buf = append(x.buf, '"')
}

var (
	shellCmds = []string{"ls -la", "pytest -q", "npm test", "git status", "go test ./...", "cat README.md", "get pods -n staging", "df -h", "docker ps", "grep -rn TODO src/"}
	tickers   = []string{"AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "META", "BABA", "TSM", "ASML"}
)
