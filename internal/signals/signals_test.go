package signals

import (
	"testing"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/extraction"
	"github.com/distillguard/distillguard/internal/signals/template"
)

func TestExtract(t *testing.T) {
	e := record.Exchange{
		AccountID: "acct", UserAgent: "sdk/1", ClientFP: "fp", Model: "m", Tools: 2,
		Prompt: "Solve 17 * 23 and show your full step-by-step reasoning before the final answer.",
		Has:    record.HasPrompt | record.HasTools | record.HasUserAgent | record.HasClientFP | record.HasModel,
	}
	var out Exchange
	x := NewExtractor()
	x.Extract(&e, &out)
	if out.Profile.AcctHash != dict.Hash("acct") || out.Profile.UAHash != dict.Hash("sdk/1") || out.Profile.OrgHash != 0 {
		t.Fatal("hashes not those of dict.Hash")
	}
	if extraction.Set(out.Profile.Markers)&extraction.CoTElicit == 0 {
		t.Fatalf("markers %v miss the reasoning elicitation", extraction.Set(out.Profile.Markers))
	}
	if out.Sig.PromptSig.IsZero() {
		t.Fatal("no prompt signature")
	}
	// Without text the edge's prompt_sig stands in for it.
	wire := string(out.Sig.AppendWire(nil))
	z := record.Exchange{AccountID: "acct", PromptSig: wire, Has: record.HasPromptSig}
	var out2 Exchange
	x.Extract(&z, &out2)
	if out2.Sig.PromptSig != out.Sig.PromptSig {
		t.Fatal("prompt_sig did not reproduce the text's signature")
	}
}

func TestTemplatesAssign(t *testing.T) {
	tm := NewTemplates()
	var sk template.Sketcher
	prompts := []string{
		"Review order AB-1234 for customer 17 and classify the complaint.",
		"Review order XY-9876 for customer 42 and classify the complaint.",
		"Review order QQ-5555 for customer 3 and classify the complaint.",
		"What is the capital of France?",
	}
	ids := make([]uint32, len(prompts))
	for i, p := range prompts {
		e := record.Exchange{Prompt: p, System: "You are a support triage bot.", Has: record.HasPrompt | record.HasSystem}
		// What Extract gives an exchange with text: its signatures, and
		// the flag that they are set.
		x := Exchange{Sig: sk.Sketch(e.System, e.Prompt)}
		x.Profile.Text = true
		tm.Assign(&e, &x)
		ids[i] = x.Profile.Template
		if x.Profile.System&systemBit == 0 {
			t.Fatal("system template id not tagged")
		}
	}
	if ids[0] != ids[1] || ids[1] != ids[2] || ids[3] == ids[0] {
		t.Fatalf("template ids %v: slot-filled prompts must share one id, the odd one not", ids)
	}
	ex := tm.Examples()
	if got, ok := ex[tm.Find(ids[0])]; !ok || got == "" {
		t.Fatalf("no example kept for a template seen three times: %v", ex)
	}
}

// TestEdgeSigCarriesTheVerdicts: an exchange stripped of its text but
// carrying EdgeSig's prompt_sig gives the same template signatures,
// capability and markers as the exchange with its text.
func TestEdgeSigCarriesTheVerdicts(t *testing.T) {
	cases := []record.Exchange{
		{AccountID: "a", Prompt: "Write a Python function that returns the nth Fibonacci number.", Has: record.HasPrompt},
		{AccountID: "a", System: "You are a grader. Score the answer 1-10.", Prompt: "Question: 2+2? Answer: 4", Has: record.HasPrompt | record.HasSystem},
		{AccountID: "a", Prompt: "Think step by step and show all of your reasoning before the final answer: 17*23", Has: record.HasPrompt},
		{AccountID: "a", Tools: 3, Has: record.HasTools}, // no text: no signature
	}
	x := NewExtractor()
	for i, e := range cases {
		var full, stripped Exchange
		x.Extract(&e, &full)
		sig := string(x.EdgeSig(&e, nil))
		s := e
		s.Prompt, s.System, s.Response = "", "", ""
		s.PromptSig = sig
		x.Extract(&s, &stripped)
		if full.Sig != stripped.Sig || full.Profile.Capability != stripped.Profile.Capability || full.Profile.Markers != stripped.Profile.Markers {
			t.Errorf("case %d (%q): with text %v/%v/%x, from prompt_sig %q %v/%v/%x", i, e.Prompt,
				full.Sig.PromptSig.IsZero(), full.Profile.Capability, full.Profile.Markers, sig,
				stripped.Sig.PromptSig.IsZero(), stripped.Profile.Capability, stripped.Profile.Markers)
		}
		if e.Prompt == "" && sig != "" {
			t.Errorf("case %d: a textless exchange got prompt_sig %q", i, sig)
		}
	}
	// Malformed hints are ignored, not trusted.
	for _, h := range []string{"dg1.AAAAAAAAAAA~nonsense~1", "dg1.AAAAAAAAAAA~coding~zz", "dg1.AAAAAAAAAAA~coding"} {
		var out Exchange
		e := record.Exchange{AccountID: "a", PromptSig: h, Has: record.HasPromptSig}
		x.Extract(&e, &out)
		var plain Exchange
		e.PromptSig = ""
		x.Extract(&e, &plain)
		if out.Profile.Capability != plain.Profile.Capability || out.Profile.Markers != plain.Profile.Markers {
			t.Errorf("%q changed the verdicts", h)
		}
	}
}

// TestReusedSlotWithoutText: Extract leaves Sig alone on an exchange
// without text, so a slot reused from a text exchange keeps its old
// signatures; Assign must give the new exchange no template all the same.
func TestReusedSlotWithoutText(t *testing.T) {
	x := NewExtractor()
	tm := NewTemplates()
	var slot Exchange
	withText := record.Exchange{AccountID: "a", Prompt: "Summarise the attached quarterly report in five bullet points.", Has: record.HasPrompt}
	x.Extract(&withText, &slot)
	tm.Assign(&withText, &slot)
	if slot.Profile.Template == 0 {
		t.Fatal("an exchange with text got no template")
	}
	bare := record.Exchange{AccountID: "b", Model: "m", Has: record.HasModel}
	x.Extract(&bare, &slot)
	tm.Assign(&bare, &slot)
	if slot.Profile.Template != 0 || slot.Profile.System != 0 {
		t.Fatalf("an exchange without text got templates %d/%d from the slot's last use", slot.Profile.Template, slot.Profile.System)
	}
}
