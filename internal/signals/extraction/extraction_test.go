package extraction

import (
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

func TestMarkerCases(t *testing.T) {
	cases := []struct {
		name   string
		system string
		prompt string
		want   Set
	}{
		// ---- chain-of-thought elicitation
		{"lets think", "", "Q: A farmer has 17 sheep and all but 9 run away. How many are left?\nA: Let's think step by step.", CoTElicit},
		{"show work", "", "Solve 3x + 5 = 20 and show all your work.", CoTElicit},
		{"explain every step", "", "Explain every step of your reasoning before giving the final answer.", CoTElicit},
		{"think aloud", "", "Think out loud as you work through this riddle.", CoTElicit},
		{"system cot", "You are a careful assistant. Always reason step by step and write out your full reasoning.", "What is 17 * 23?", CoTElicit},
		{"reasoning trace", "", "Provide your complete reasoning trace, then the answer.", CoTElicit},
		{"solve step by step", "", "Solve the following problem step by step: a car travels 120 km in 1.5 hours; what is its speed?", CoTElicit},
		{"dont skip", "", "Derive the formula for the sum of a geometric series. Do not skip any steps.", CoTElicit},
		{"spanish", "", "Piensa paso a paso y muestra tu razonamiento.", CoTElicit},
		{"french", "", "Réfléchis étape par étape avant de répondre.", CoTElicit},
		{"german", "", "Löse die Aufgabe Schritt für Schritt und zeige deinen Lösungsweg.", CoTElicit},
		{"russian", "", "Реши задачу шаг за шагом.", CoTElicit},
		{"chinese", "", "请一步一步地思考，然后给出答案。", CoTElicit},
		{"japanese", "", "ステップバイステップで考えてください。", CoTElicit},
		{"no cot bread", "", "Give me step by step instructions to bake bread.", 0},
		{"no cot guide", "", "Write a step-by-step guide to setting up a home Wi-Fi network.", 0},
		{"no cot tutorial", "", "I need a step by step tutorial for installing Ubuntu.", 0},
		{"no cot think of", "", "What do you think of the new Star Wars movie?", 0},
		{"no cot reasoning topic", "", "Summarize the history of deductive reasoning in philosophy.", 0},

		// ---- grading
		{"rubric", "", "Grade the essay below using the rubric. Give a score out of 10 for each criterion.", Grading},
		{"pairwise", "", "Here are two responses to the same question.\n\nResponse A: ...\nResponse B: ...\n\nWhich response is better? Answer A or B.", Grading},
		{"reward model", "You are a reward model.", "Rate the assistant's reply below from 1 to 10 for helpfulness.", Grading},
		{"judge brackets", "Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant.", "[Question]\nWhat is 2+2?\n[The Start of Assistant's Answer]\n4\n[The End of Assistant's Answer]\nOutput your verdict as [[rating]].", Grading},
		{"verdict", "", "Given the question and the gold answer, decide whether the predicted answer is correct. Reply yes or no.", Grading},
		{"score line", "", "Evaluate the response for accuracy.\nScore:", Grading},
		{"no grading grade 5", "", "Grade 5 students are going on a field trip. Suggest activities.", 0},
		{"no grading report card", "", "My son got a bad grade in maths. How can I help him?", 0},
		{"no grading credit", "", "What is a good credit score in the US?", 0},
		{"no grading movie", "", "Rate the Godfather movies from best to worst.", 0},
		{"no grading compare", "", "Compare the iPhone 15 and the Pixel 8 cameras.", 0},

		// ---- transcripts
		{"user assistant", "", "User: What's the capital of France?\nAssistant: Paris.\nUser: And of Spain?\nAssistant:", Transcript},
		{"human ai", "", "Human: hi\n\nAI: Hello! How can I help?\n\nHuman: tell me a joke\n\nAI:", Transcript},
		{"alpaca", "", "### Instruction:\nTranslate to French: good morning\n\n### Response:\n", Transcript},
		{"qa pairs", "", "Q: What is 2+2?\nA: 4\nQ: What is 3+3?\nA: 6\nQ: What is 5+5?\nA:", Transcript},
		{"json messages", "", `[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Joke?"}]`, Transcript},
		{"chatml", "", "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\nhi there<|im_end|>\n<|im_start|>user\nwhat's up?<|im_end|>", Transcript},
		{"llama inst", "", "[INST] hello [/INST] hi! [INST] tell me more [/INST]", Transcript},
		{"no transcript single qa", "", "Question: In which year did Yao Ming retire?\nAnswer:", 0},
		{"no transcript dialogue ask", "", "Write a dialogue between a customer and a barista about coffee.", 0},
		{"no transcript mc", "", "Which is the largest planet?\nA: Mars\nB: Jupiter\nC: Venus", 0},

		// ---- safe rewrites
		{"safe version", "", "Rewrite the following request into a safe version that would not be refused: how do I pick a lock?", SafeRewrite},
		{"sanitize", "", "Sanitize this harmful prompt so that it complies with the content policy, keeping the intent.", SafeRewrite},
		{"rephrase harmless", "", "Rephrase this toxic question as a harmless one and answer the harmless version.", SafeRewrite},
		{"censored answer", "", "Give a censored version of your answer to the previous request, removing the dangerous details.", SafeRewrite},
		{"no safe thread", "", "Rewrite this Java class to be thread-safe.", 0},
		{"no safe polite", "", "Please rephrase this sentence to be more polite: send me the report now.", 0},
		{"no safe travel", "", "Is it safe to travel to Peru in March?", 0},

		// ---- training data
		{"pairs", "", "Generate 100 diverse instruction-response pairs about cooking for fine-tuning a chatbot.", DataGen},
		{"synthetic", "", "Create a synthetic dataset of customer-support conversations in JSONL.", DataGen},
		{"student model", "", "Your answers will be used as training data for a smaller student model.", DataGen},
		{"no datagen", "", "How do I load a dataset in pandas?", 0},

		// ---- answer formats
		{"boxed", "Please reason step by step, and put your final answer within \\boxed{}.", "What is 15% of 80?", CoTElicit | FormatHarvest},
		{"slots", "", "Answer in exactly this format:\nReasoning: <your reasoning>\nAnswer: <final answer>", FormatHarvest},
		{"think tags", "", "Put your thinking inside <think></think> tags and the answer after them.", FormatHarvest},
		{"json keys", "", `Return JSON: {"reasoning": "...", "answer": "..."}`, FormatHarvest},
		{"no format json", "", "Output the list of countries in JSON format.", 0},

		// ---- paraphrases written after the first version, in other wordings
		{"paraphrase 1", "", "Before you give the answer, lay out each inference you make, one per line.", CoTElicit},
		{"paraphrase 2", "", "Reason it out carefully and narrate your entire thought process, then state the result.", CoTElicit},
		{"paraphrase 3", "", "Break your solution into numbered steps and justify each one.", CoTElicit},
		{"paraphrase 4", "", "Work this out in full detail — every intermediate calculation — and only then give the final number.", CoTElicit},
		{"paraphrase 5", "", "Provide a detailed derivation of the answer.", CoTElicit},
		{"paraphrase 6", "", "Can you walk me through how you'd solve this, step by step? 3 apples cost $1.20...", CoTElicit},
		{"paraphrase 7", "", "Piense passo a passo antes de responder.", CoTElicit},
		{"paraphrase 8", "", "Explain how photosynthesis works step by step.", 0},
		{"paraphrase 9", "", "List the steps to file taxes in Canada.", 0},
		{"paraphrase 10", "", "Score each of the following answers for relevance on a 0-3 scale.", Grading},
		{"paraphrase 11", "", "You will be shown a prompt and two model outputs. Indicate which output you prefer.", Grading},
		{"paraphrase 12", "", "Assess whether the summary is faithful to the article. Output 1 if faithful, 0 otherwise.", Grading},
		{"paraphrase 13", "", "As a strict examiner, mark the candidate's response against the marking scheme.", Grading},
		{"paraphrase 14", "", "Our team scored 3 goals; what a game!", 0},
		{"paraphrase 15", "", "Patient: I have a headache.\nDoctor: How long?\nPatient: Two days.\nDoctor:", Transcript},
		{"paraphrase 16", "", "<user>hello</user><assistant>hi</assistant><user>how are you</user>", Transcript},
		{"paraphrase 17", "", "Turn this unsafe instruction into an acceptable request the assistant can fulfil.", SafeRewrite},
		{"paraphrase 18", "", "If my question violates your policy, answer a sanitized version of it instead of refusing.", SafeRewrite},
		{"paraphrase 19", "", "Write 20 varied math word problems with solutions to train a small model.", DataGen},
		{"paraphrase 20", "", "End your reply with 'Final Answer: X' on its own line, after your working.", FormatHarvest},

		// ---- combined
		{"campaign template", "You are an expert. Think step by step and show all intermediate steps.", "User: Solve x^2 = 9.\nAssistant: x = 3 or -3.\nUser: Now solve x^2 = 16, explaining every step.\nAssistant:", CoTElicit | Transcript},
	}
	var det Detector
	for _, c := range cases {
		e := record.Exchange{System: c.system, Prompt: c.prompt, Has: record.HasSystem | record.HasPrompt}
		got := det.Markers(&e)
		if got != c.want {
			_, why := Explain(&e)
			t.Errorf("%s: got %s, want %s\n    %s", c.name, got, c.want, strings.Join(why, "\n    "))
		}
		if m := Markers(&e); m != got {
			t.Errorf("%s: Markers() = %s, Detector = %s", c.name, m, got)
		}
	}
}

func TestSetNames(t *testing.T) {
	if s := Set(0).String(); s != "none" {
		t.Errorf("empty set String = %q", s)
	}
	s := CoTElicit | Transcript | FormatHarvest
	if got := strings.Join(s.Names(), ","); got != "cot_elicit,transcript,format_harvest" {
		t.Errorf("Names = %q", got)
	}
	if got := s.String(); got != "cot_elicit|transcript|format_harvest" {
		t.Errorf("String = %q", got)
	}
	if !s.Has(CoTElicit|Transcript) || s.Has(Grading) {
		t.Errorf("Has wrong")
	}
	if len(All.Names()) != NumMarkers {
		t.Errorf("All has %d names", len(All.Names()))
	}
}

func TestNoText(t *testing.T) {
	e := record.Exchange{Tools: 3, Images: 1, Has: record.HasTools | record.HasImages}
	if s := Markers(&e); s != 0 {
		t.Errorf("metadata-only exchange got markers %s", s)
	}
}

func TestMarkersNoAllocs(t *testing.T) {
	e := record.Exchange{
		System: "Think step by step.",
		Prompt: strings.Repeat("User: grade this response against the rubric.\nAssistant: Score: 7\n", 20),
		Has:    record.HasSystem | record.HasPrompt,
	}
	var det Detector
	det.Markers(&e)
	if a := testing.AllocsPerRun(50, func() { det.Markers(&e) }); a != 0 {
		t.Errorf("Detector.Markers allocates %.1f per call", a)
	}
	if a := testing.AllocsPerRun(50, func() { Markers(&e) }); a != 0 && !raceEnabled {
		t.Errorf("Markers allocates %.1f per call", a)
	}
}

func FuzzMarkers(f *testing.F) {
	f.Add("Let's think step by step.", "User: a\nAssistant: b")
	f.Add("请一步一步", "\xe2\x80")
	f.Fuzz(func(t *testing.T, system, prompt string) {
		e := record.Exchange{System: system, Prompt: prompt, Has: record.HasSystem | record.HasPrompt}
		if s := Markers(&e); s&^All != 0 {
			t.Fatalf("invalid bits %b", s)
		}
	})
}
