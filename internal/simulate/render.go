package simulate

import (
	"math"
	"math/rand/v2"
	"unsafe"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
)

// renderer turns events into JSON lines. Everything it draws is seeded from
// the event itself (conversation key, step, retry), never from a stream
// shared between events, so a line does not depend on which worker rendered
// it or on what was rendered before: parallel output is byte-identical.
type renderer struct {
	s          *Sim
	pcgS, pcgE *rand.PCG
	pcgT       *rand.PCG
	rs, re, rt *rand.Rand
	x          record.Exchange
	idbuf      []byte
	// fam is the template of the exchange rendered last (nil: free-form),
	// for tests that follow templates where the output has no text.
	fam *family
}

func (s *Sim) newRenderer() *renderer {
	rd := &renderer{s: s, pcgS: rand.NewPCG(0, 0), pcgE: rand.NewPCG(0, 0), pcgT: rand.NewPCG(0, 0)}
	rd.rs, rd.re, rd.rt = rand.New(rd.pcgS), rand.New(rd.pcgE), rand.New(rd.pcgT)
	rd.idbuf = make([]byte, 0, 64)
	return rd
}

// Fields every request carries whatever the client: the edge knows them.
const baseFields = record.HasRequestID | record.HasAPIKeyID | record.HasIP | record.HasASN |
	record.HasClientFP | record.HasModel | record.HasTurns | record.HasTools | record.HasImages | record.HasStatus

// render appends ev as one JSON object.
func (rd *renderer) render(dst []byte, ev *event) []byte {
	s := rd.s
	a := &s.accounts[ev.acct]
	b := a.beh[0]
	if ev.flags&flagSecond != 0 {
		b = a.beh[1]
	}
	us := ev.us()
	tsNs := s.start*1e9 + us*1000
	tsSec := tsNs / 1e9
	day := int32(us / 86400e6)
	c := record.Capability(ev.cap)
	sh := &capShapes[c]

	// Per-conversation draws: the same for every exchange of a conversation,
	// drawn in a fixed order so that each exchange sees the same values.
	rd.pcgS.Seed(ev.sess, saltSession)
	rs := rd.rs
	uEgress, uModel1, uModel2 := rs.Float64(), rs.Float64(), rs.Float64()
	uKey, uFam, uTools, uComputer := rs.Float64(), rs.Float64(), rs.Float64(), rs.Float64()
	uThink, uBudget, uCoT, uSystem := rs.Float64(), rs.Float64(), rs.Float64(), rs.Float64()
	uUA, uUALag := rs.Float64(), rs.Float64()
	inFirst := rs.NormFloat64()
	growth := sh.growth * (0.5 + rs.Float64())
	toolsN := 3 + rs.IntN(30)
	imagesN := 1 + rs.IntN(3)
	budgetCut := rs.Float64()

	// Per-exchange draws (a retry repeats its exchange's draws).
	rd.pcgE.Seed(ev.sess, uint64(ev.step)<<8^saltExchange)
	re := rd.re

	x := &rd.x
	*x = record.Exchange{}
	has := baseFields
	x.TS = tsNs
	x.AccountID = a.id

	rid := hash3(ev.sess, uint64(ev.step)<<8|uint64(ev.retry), saltRequestID)
	rd.idbuf = appendID(rd.idbuf[:0], "req_", rid, mix64(rid^s.seed))
	x.RequestID = unsafe.String(unsafe.SliceData(rd.idbuf), len(rd.idbuf))
	if a.org != "" {
		x.OrgID = a.org
		has |= record.HasOrgID
	}
	x.APIKeyID = a.keys[int(uKey*float64(len(a.keys)))%len(a.keys)]

	eg := a.eg[0]
	if a.venue != nil && day >= a.venueFrom && day <= a.venueTo {
		eg = a.venue
	} else if a.egC != nil {
		eg = a.eg[a.egC.pick(uEgress)]
	}
	ad := s.world.address(eg, int(day), tsSec, ev.sess, int(ev.step))
	x.IP, x.ASN = ad.ip, ad.asn

	var thinkOK bool
	x.ClientFP = a.cl.fp
	if b.passThrough != nil {
		sdk := b.passThrough.sdks.pick(uUA)
		lag := int64(-math.Log(1-uUALag) * b.passThrough.lagDays * 86400)
		x.UserAgent, thinkOK = s.clients.uaOf(sdk, tsSec-lag)
		has |= record.HasUserAgent
		if b.passFP {
			x.ClientFP = fpOf(sdkDefs[sdk].runtimes[0], uUALag)
		}
	} else {
		x.UserAgent, thinkOK = s.clients.uaAt(&a.cl, tsSec)
		if !a.cl.noUA {
			has |= record.HasUserAgent
		}
	}

	mp := &a.models
	if b.models != nil {
		mp = b.models
	}
	m := &catalogue[s.models.pick(mp, tsSec, uModel1, uModel2)]
	x.Model = m.name

	var f *family
	if fams := b.families[c]; len(fams) > 0 && uFam < b.familyShare {
		f = fams[int(uFam/b.familyShare*float64(len(fams)))%len(fams)]
	}
	if f == nil {
		// A free-form conversation may be a prompt copied from a public set.
		f = s.publicFamily(b, c, ev.sess)
	}
	rd.fam = f

	if uTools < sh.toolsP {
		x.Tools = int64(toolsN)
		if f != nil && f.tools > 0 {
			x.Tools = int64(f.tools)
		}
	}
	if b.agent != nil {
		x.Tools = int64(b.agent.tools)
	}
	computerUse := c == record.Agentic && uComputer < 0.12
	switch {
	case c == record.Vision:
		x.Images = int64(imagesN)
	case computerUse:
		x.Images = 1
	}
	thinking := uThink < sh.thinkP*b.thinking
	x.Thinking = thinking
	x.Turns = int64(ev.turns)

	// Output budget: the client's habit, or the model's ceiling.
	budget := a.maxTok
	if uBudget < b.bigBudget {
		budget = m.maxOut
		if budgetCut < 0.4 && b.agent == nil {
			budget = int64(float64(m.maxOut)*(0.8+0.15*budgetCut)) / 1000 * 1000
		}
	}
	if thinking && budget < 16000 {
		budget = 16000
	}
	budget = min(budget, m.maxOut)
	x.MaxTokens = budget
	if a.sendsMax {
		has |= record.HasMaxTokens
	}
	if thinkOK && (thinking || a.explicitThinking) {
		has |= record.HasThinking
	}

	// Input: the prompt, the system prompt, tool definitions, images and the
	// history the conversation has grown.
	var in float64
	if f != nil {
		in = f.inBase * (1 + 0.06*re.NormFloat64())
	} else {
		in = sh.inMedian * math.Exp(sh.inSigma*inFirst)
	}
	system := f != nil && f.system || f == nil && uSystem < b.systemP
	switch {
	case b.agent != nil:
		system = true
		in += b.agent.sysTokens
	case system:
		in += 250 + 1500*uSystem
	}
	in += float64(x.Tools)*320 + float64(x.Images)*1550
	switch {
	case ev.flags&flagLoop != 0:
		in += float64(ev.step) * growth * (0.8 + 0.4*re.Float64())
	default:
		in += float64((ev.turns-1)/2) * growth
	}
	in = math.Min(in, 190000)
	cot := uCoT < b.cot || f != nil && f.cot

	st := ev.status
	x.Status = statusCodes[st]
	var out float64
	if st == stOK {
		out = sh.outMedian * b.outScale * math.Exp(sh.outSigma*re.NormFloat64())
		if cot {
			out *= 1.6
		}
		if thinking {
			out += lognormMedian(re, 2200, 0.9)
		}
		x.InputTokens = int64(in) + 1
		x.OutputTokens = int64(out) + 1
		has |= record.HasInputTokens | record.HasOutputTokens | record.HasToolCalls | record.HasStopReason
		refusal := sh.refusal + b.refusal
		loop := ev.flags&flagLoop != 0
		switch {
		case re.Float64() < refusal:
			x.StopReason = "refusal"
			x.OutputTokens = int64(20 + re.IntN(80))
		case x.OutputTokens >= budget && budget > 0:
			x.OutputTokens = budget
			x.StopReason = "max_tokens"
		case x.Tools > 0 && (loop && ev.flags&flagLast == 0 || !loop && re.Float64() < 0.3):
			x.ToolCalls = int64(geometric(re, 1.4))
			x.StopReason = "tool_use"
		case re.Float64() < 0.004:
			x.StopReason = "stop_sequence"
		default:
			x.StopReason = "end_turn"
		}
	}

	if s.text != nil {
		rd.pcgT.Seed(ev.sess, uint64(ev.step)<<8^saltText)
		o := textgen.Options{
			CoT:                 cot,
			Turn:                (int(ev.turns) + 1) / 2,
			SyntheticTranscript: ev.flags&flagSynthetic != 0,
			ResponseWords:       clampInt(int(float64(x.OutputTokens)/1.35), 12, 300),
		}
		var t textgen.Text
		if f != nil && f.tg != nil {
			para := b.paraphrase
			if f.public {
				para = 0 // public prompts are copied verbatim
			}
			t = f.tg.Render(rd.rt, para, o)
		} else {
			t = s.text.FreeForm(rd.rt, c, o)
		}
		if b.agent != nil {
			t.System = b.agent.system
		}
		if system && t.System != "" {
			x.System = t.System
			has |= record.HasSystem
		}
		x.Prompt = t.Prompt
		has |= record.HasPrompt
		if st == stOK && t.Response != "" && x.StopReason != "refusal" {
			x.Response = t.Response
			has |= record.HasResponse
		} else if st == stOK && x.StopReason == "refusal" {
			x.Response = "I can't help with that request."
			has |= record.HasResponse
		}
		// Token counts are not adjusted to the text: --no-text must change
		// nothing but the text fields.
	}
	x.Has = has
	return record.AppendExchangeJSON(dst, x)
}
