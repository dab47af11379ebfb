package textgen

import (
	"math/rand/v2"
	"strconv"

	"github.com/distillguard/distillguard/internal/record"
)

// Responses are cheaper than prompts: recombined sentence banks in the shape
// the capability calls for (code blocks, numbered steps, scores, tool calls,
// milestones). The banks are expanded once in newGenerator, so writing a
// response is mostly copying; only worked arithmetic is expanded live. Their
// length follows Options.ResponseWords, since output volume is one of the
// signals a detector may weigh.

// sbank is a bank of pre-expanded strings with their word counts.
type sbank struct {
	s []string
	w []int32
}

func (b *sbank) pick(x *expander) {
	if len(b.s) == 0 {
		return
	}
	i := x.r.IntN(len(b.s))
	x.buf = append(x.buf, b.s[i]...)
	x.wcN += int(b.w[i])
}

type respBanks struct {
	sent, open, close, short [record.NumCapabilities]sbank

	cotOpen, step, final, emailSubj, signoff, listIntro sbank
	phase, observation, obWhat, cuAction                sbank
	judgeCrit, judgeWhy, pairWhy, tableHead, codeWhy    sbank
	tableRow                                            sbank

	code, codeShort []sbank // per language, fenced
	toolIntro       []sbank // per tool
	calls           []sbank // per tool
}

var spaceTab = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1}

// countWords counts runs of non-space bytes.
func countWords(b []byte) int {
	n := 0
	prev := uint8(1)
	for _, c := range b {
		s := spaceTab[c]
		n += int(prev &^ s)
		prev = s
	}
	return n
}

// bankSizes: large enough that recombined responses do not repeat.
const (
	bankBig   = 2048
	bankMid   = 384
	bankSmall = 64
)

// buildBanks expands the response rules with a fixed seed, so that the same
// caller seeds give the same text from run to run.
func (g *generator) buildBanks() {
	r := rand.New(rand.NewPCG(0xC0FFEE, 0x7E57))
	x := &expander{g: g, r: r, mk: -1, nb: make([]byte, 0, 256)}
	mk := func(name string, n int, setup func(x *expander)) sbank {
		id := g.gr.id(name)
		var b sbank
		for i := 0; i < n; i++ {
			x.buf = x.buf[:0]
			if setup != nil {
				setup(x)
			}
			x.rule(id)
			b.s = append(b.s, string(x.buf))
			b.w = append(b.w, int32(countWords(x.buf)))
		}
		return b
	}
	fromFunc := func(n int, f func(x *expander)) sbank {
		var b sbank
		for i := 0; i < n; i++ {
			x.buf = x.buf[:0]
			f(x)
			b.s = append(b.s, string(x.buf))
			b.w = append(b.w, int32(countWords(x.buf)))
		}
		return b
	}
	rb := &g.rb
	for c, n := range capKey {
		rb.sent[c] = mk("rs_"+n, bankBig, nil)
		rb.open[c] = mk("ro_"+n, bankMid, nil)
		rb.close[c] = mk("rc_"+n, bankSmall, nil)
		rb.short[c] = mk("ra_"+n, bankMid, func(x *expander) {
			x.lang = langPick[x.r.IntN(len(langPick))]
		})
	}
	rb.cotOpen = mk("r_cot_open", bankSmall, nil)
	rb.step = mk("r_step", bankBig, nil)
	rb.final = mk("r_final", bankMid, nil)
	rb.emailSubj = mk("r_email_subject", bankMid, nil)
	rb.signoff = mk("r_signoff", bankSmall, nil)
	rb.listIntro = mk("r_list_intro", bankSmall, nil)
	rb.phase = mk("r_phase", bankMid, nil)
	rb.observation = mk("r_observation", bankMid, nil)
	rb.obWhat = mk("ob_what", bankSmall, nil)
	rb.cuAction = mk("r_cu_action", bankMid, nil)
	rb.judgeCrit = mk("r_judge_crit", bankSmall, nil)
	rb.judgeWhy = mk("r_judge_why", bankMid, nil)
	rb.pairWhy = mk("r_pair_why", bankMid, nil)
	rb.tableHead = mk("r_table_head", 8, nil)
	rb.codeWhy = mk("r_code_why", bankMid, nil)
	rb.tableRow = fromFunc(bankMid, func(x *expander) {
		x.buf = append(x.buf, "| "...)
		x.fill(slProduct)
		x.buf = append(x.buf, " | "...)
		x.fill(slNum)
		x.buf = append(x.buf, " | "...)
		x.fill(slMoney)
		x.buf = append(x.buf, " |\n"...)
	})
	rb.code = make([]sbank, len(langs))
	rb.codeShort = make([]sbank, len(langs))
	for i := range langs {
		rb.code[i] = fromFunc(96, func(x *expander) { x.lang = i; x.code(true, 0) })
		rb.codeShort[i] = fromFunc(24, func(x *expander) { x.lang = i; x.code(true, 1) })
	}
	rb.toolIntro = make([]sbank, len(tools))
	rb.calls = make([]sbank, len(tools))
	for i := range tools {
		rb.toolIntro[i] = mk("r_tool_intro", 8, func(x *expander) { x.vars[vTool] = tools[i].name })
		rb.calls[i] = fromFunc(16, func(x *expander) { x.toolCall(i) })
	}
}

// defaultWords are natural response lengths per capability, [lo, hi).
var defaultWords = [record.NumCapabilities][2]int{
	record.General:     {40, 320},
	record.Coding:      {80, 420},
	record.Agentic:     {30, 220},
	record.LongHorizon: {220, 760},
	record.Reasoning:   {60, 320},
	record.Grading:     {30, 160},
	record.Vision:      {30, 220},
}

// words returns the words written so far in the response: the bank picks
// were counted as they were made; live expansions since the last call are
// counted here.
func (x *expander) words() int {
	if x.wcPos > len(x.buf) {
		x.wcPos = len(x.buf)
	}
	x.wcN += countWords(x.buf[x.wcPos:])
	x.wcPos = len(x.buf)
	return x.wcN
}

// lit appends text that is not counted as words (markup, separators).
func (x *expander) lit(s string) {
	x.buf = append(x.buf, s...)
	x.wcPos = len(x.buf)
}

// respond writes the response to the prompt just written.
func (x *expander) respond(c record.Capability, o Options) {
	r := x.r
	target := o.ResponseWords
	if target <= 0 {
		d := defaultWords[c]
		target = d[0] + r.IntN(d[1]-d[0])
		if o.CoT {
			target += target / 2
		}
	}
	if target > 20000 {
		target = 20000
	}
	x.wcPos, x.wcN = len(x.buf), 0
	rb := &x.g.rb
	if o.CoT || c == record.Reasoning && x.mk >= 0 {
		x.cotResponse(c, target)
		return
	}
	switch c {
	case record.Coding:
		rb.open[c].pick(x)
		x.lit("\n\n")
		rb.code[x.lang%len(langs)].pick(x)
		x.lit("\n\n")
		for x.words() < target {
			if r.IntN(3) == 0 {
				x.lit("- ")
				rb.codeWhy.pick(x)
				x.lit("\n")
				continue
			}
			x.paragraph(c, 2+r.IntN(3))
			if x.words() < target-60 && r.IntN(3) == 0 {
				if r.IntN(2) == 0 {
					rb.code[x.lang%len(langs)].pick(x)
				} else {
					rb.codeShort[x.lang%len(langs)].pick(x)
				}
				x.lit("\n\n")
			}
		}
		trimNL(x)
	case record.Agentic:
		if x.mode == rmCU {
			for n := 1; x.words() < target; n++ {
				x.lit("Step ")
				x.buf = strconv.AppendInt(x.buf, int64(n), 10)
				x.lit(": ")
				rb.cuAction.pick(x)
				x.lit("\n")
				if r.IntN(2) == 0 {
					rb.observation.pick(x)
					x.lit("\n")
				}
			}
			trimNL(x)
			return
		}
		for x.words() < target {
			ti := x.pickTool()
			rb.toolIntro[ti].pick(x)
			switch r.IntN(3) {
			case 0:
				x.lit("\n\n<tool_call>\n")
				rb.calls[ti].pick(x)
				x.lit("\n</tool_call>\n\n")
			case 1:
				x.lit("\n\n```json\n")
				rb.calls[ti].pick(x)
				x.lit("\n```\n\n")
			default:
				x.lit("\n\nAction: ")
				x.lit(tools[ti].name)
				x.lit("\nAction Input: ")
				rb.calls[ti].pick(x)
				x.lit("\nObservation: ")
				rb.obWhat.pick(x)
				x.lit("\n\n")
			}
			if r.IntN(2) == 0 {
				x.paragraph(c, 1+r.IntN(2))
			}
		}
		trimNL(x)
	case record.LongHorizon:
		rb.open[c].pick(x)
		x.lit("\n\n")
		pw := phaseWords[r.IntN(len(phaseWords))]
		for n := 1; x.words() < target; n++ {
			x.lit("## ")
			x.lit(pw)
			x.lit(" ")
			x.buf = strconv.AppendInt(x.buf, int64(n), 10)
			x.lit(": ")
			rb.phase.pick(x)
			x.lit("\n")
			for i, k := 0, 2+r.IntN(4); i < k; i++ {
				x.lit("- ")
				rb.sent[c].pick(x)
				x.lit("\n")
			}
			x.lit("\n")
		}
		rb.close[c].pick(x)
	case record.Grading:
		x.gradingResponse(target)
	case record.Vision:
		if x.mode == rmTable {
			rb.tableHead.pick(x)
			x.lit("\n")
			for x.words() < target {
				rb.tableRow.pick(x)
			}
			trimNL(x)
			return
		}
		x.prose(c, target)
	case record.Reasoning:
		x.prose(c, target)
		x.lit("\n\n")
		rb.final.pick(x)
	default:
		switch x.mode {
		case rmEmail:
			x.lit("Subject: ")
			rb.emailSubj.pick(x)
			x.lit("\n\nHi ")
			x.fill(slName)
			x.lit(",\n\n")
			for x.words() < target {
				x.paragraph(c, 2+r.IntN(3))
			}
			rb.signoff.pick(x)
			x.lit(",\n")
			x.fill(slName)
		case rmList:
			rb.listIntro.pick(x)
			x.lit("\n\n")
			for i := 1; x.words() < target; i++ {
				x.buf = strconv.AppendInt(x.buf, int64(i), 10)
				x.lit(". ")
				rb.sent[c].pick(x)
				x.lit("\n")
			}
			trimNL(x)
		default:
			x.prose(c, target)
		}
	}
}

var phaseWords = []string{"Phase", "Milestone", "Week", "Stage", "Step", "Sprint"}

// prose writes opener, paragraphs and sometimes a closer.
func (x *expander) prose(c record.Capability, target int) {
	r := x.r
	rb := &x.g.rb
	if r.IntN(3) > 0 {
		rb.open[c].pick(x)
		x.lit("\n\n")
	}
	for x.words() < target {
		x.paragraph(c, 2+r.IntN(4))
	}
	if r.IntN(2) == 0 {
		rb.close[c].pick(x)
	} else {
		trimNL(x)
	}
}

func (x *expander) paragraph(c record.Capability, n int) {
	b := &x.g.rb.sent[c]
	for i := 0; i < n; i++ {
		if i > 0 {
			x.lit(" ")
		}
		b.pick(x)
	}
	x.lit("\n\n")
}

// cotResponse writes a worked, numbered reasoning trace and a conclusion
// in the shape the capability calls for.
func (x *expander) cotResponse(c record.Capability, target int) {
	r := x.r
	rb := &x.g.rb
	rb.cotOpen.pick(x)
	x.lit("\n\n")
	if x.mk >= 0 && int(x.mk) < len(x.g.mathS) {
		x.rule(x.g.mathS[x.mk])
		x.lit("\n\n")
		// Pad long budgets with checks of the result.
		for x.words() < target-12 {
			x.lit("Check: ")
			rb.step.pick(x)
			x.lit("\n\n")
		}
		x.lit("**Answer:** ")
		x.buf = append(x.buf, x.nums[vAns]...)
		return
	}
	for n := 1; x.words() < target; n++ {
		x.lit("Step ")
		x.buf = strconv.AppendInt(x.buf, int64(n), 10)
		x.lit(": ")
		if c == record.Reasoning || r.IntN(2) == 0 {
			rb.step.pick(x)
		} else {
			rb.sent[c].pick(x)
		}
		if r.IntN(3) == 0 {
			x.lit(" ")
			rb.sent[c].pick(x)
		}
		x.lit("\n\n")
		if c == record.Coding && n == 2 {
			rb.code[x.lang%len(langs)].pick(x)
			x.lit("\n\n")
		}
	}
	switch c {
	case record.Reasoning:
		rb.final.pick(x)
	case record.Coding:
		x.lit("Final code:\n\n")
		rb.code[x.lang%len(langs)].pick(x)
	case record.Agentic:
		ti := x.pickTool()
		x.lit("<tool_call>\n")
		rb.calls[ti].pick(x)
		x.lit("\n</tool_call>")
	case record.Grading:
		x.wcN = 0
		x.gradingResponse(20)
	default:
		x.lit(finalLead[r.IntN(len(finalLead))])
		rb.sent[c].pick(x)
	}
}

var finalLead = []string{"**Answer:** ", "In short: ", "Final answer: ", "Conclusion: ", "So, to sum up: "}

// gradingResponse writes a verdict in the format the prompt asked for.
func (x *expander) gradingResponse(target int) {
	r := x.r
	rb := &x.g.rb
	score := 1 + r.IntN(10)
	if r.IntN(2) == 0 {
		score = 5 + r.IntN(5)
	}
	switch x.mode {
	case rmPair:
		w := "A"
		if r.IntN(2) == 0 {
			w = "B"
		}
		for x.words() < target-8 {
			rb.pairWhy.pick(x)
			x.lit(" ")
		}
		trimSpace(x)
		switch r.IntN(3) {
		case 0:
			x.lit("\n\n[[")
			x.lit(w)
			x.lit("]]")
		case 1:
			x.lit("\n\nFinal verdict: Response ")
			x.lit(w)
			x.lit(" is better.")
		default:
			x.lit("\n\nWinner: ")
			x.lit(w)
		}
	case rmJSON:
		x.lit("{\"score\": ")
		x.buf = strconv.AppendInt(x.buf, int64(score), 10)
		x.lit(", \"reasoning\": \"")
		for x.words() < target {
			rb.judgeWhy.pick(x)
			x.lit(" ")
		}
		trimSpace(x)
		x.lit("\"}")
	case rmPass:
		if score >= 6 {
			x.lit("PASS\n\n")
		} else {
			x.lit("FAIL\n\n")
		}
		for x.words() < target {
			x.lit("- ")
			rb.judgeWhy.pick(x)
			x.lit("\n")
		}
		trimNL(x)
	default:
		max := 10
		if x.mode == rmScore5 {
			max = 5
			score = min(1+score/2, 5)
		}
		for x.words() < target-10 {
			x.lit("**")
			rb.judgeCrit.pick(x)
			x.lit("** (")
			x.buf = strconv.AppendInt(x.buf, int64(1+r.IntN(max)), 10)
			x.lit("/")
			x.buf = strconv.AppendInt(x.buf, int64(max), 10)
			x.lit("): ")
			rb.judgeWhy.pick(x)
			x.lit("\n\n")
		}
		switch r.IntN(3) {
		case 0:
			x.lit("Score: ")
		case 1:
			x.lit("Overall score: ")
		default:
			x.lit("Rating: [[")
			x.buf = strconv.AppendInt(x.buf, int64(score), 10)
			x.lit("]]")
			return
		}
		x.buf = strconv.AppendInt(x.buf, int64(score), 10)
		x.lit("/")
		x.buf = strconv.AppendInt(x.buf, int64(max), 10)
	}
}

func trimSpace(x *expander) {
	for len(x.buf) > 0 && (x.buf[len(x.buf)-1] == ' ' || x.buf[len(x.buf)-1] == '\n') {
		x.buf = x.buf[:len(x.buf)-1]
	}
}

// pickTool returns a tool listed in the prompt when there was one.
func (x *expander) pickTool() int {
	if x.ntools > 0 {
		return int(x.tools[x.r.IntN(x.ntools)]) % len(tools)
	}
	return x.r.IntN(len(tools))
}

// shortAnswer writes a brief assistant turn for synthetic transcripts.
func (x *expander) shortAnswer(c record.Capability) {
	x.g.rb.short[c].pick(x)
}
