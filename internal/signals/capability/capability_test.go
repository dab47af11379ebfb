package capability

import (
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

func text(prompt string) record.Exchange {
	return record.Exchange{Prompt: prompt, Has: record.HasPrompt}
}

func TestTagCases(t *testing.T) {
	type tc struct {
		name string
		e    record.Exchange
		want record.Capability
	}
	withSys := func(sys, prompt string) record.Exchange {
		return record.Exchange{System: sys, Prompt: prompt, Has: record.HasSystem | record.HasPrompt}
	}
	withImages := func(prompt string, n int64) record.Exchange {
		e := text(prompt)
		e.Images = n
		e.Has |= record.HasImages
		return e
	}
	withTools := func(prompt string, n int64) record.Exchange {
		e := text(prompt)
		e.Tools = n
		e.Has |= record.HasTools
		return e
	}
	meta := func(f func(e *record.Exchange)) record.Exchange {
		var e record.Exchange
		f(&e)
		return e
	}
	cases := []tc{
		// ---- coding
		{"go function", text("Write a Go function that reverses a singly linked list in place."), record.Coding},
		{"fix bug", text("Fix the bug in this code:\n```python\ndef mean(xs):\n    return sum(xs) / len(xs) + 1\n```"), record.Coding},
		{"regex", text(`Explain what this regex does: ^\d{3}-\d{4}$ and rewrite it to also accept spaces.`), record.Coding},
		{"sql", text("Write a SQL query that returns the ten customers with the highest total order value in 2023."), record.Coding},
		{"bare code", text("func main() {\n\tfor i := 0; i < 10; i++ {\n\t\tfmt.Println(i)\n\t}\n}\n"), record.Coding},
		{"stack trace", text("I get this traceback when I run my Flask app:\nTraceback (most recent call last):\n  File \"app.py\", line 12, in <module>\n    app.run(debug=True)\nTypeError: run() got an unexpected keyword argument"), record.Coding},
		{"unit tests", text("Add unit tests for the parseDuration function covering negative values and overflow."), record.Coding},
		{"react component", text("Create a React component that renders a paginated table with sortable columns, using TypeScript."), record.Coding},

		// ---- agentic
		{"tools metadata", withTools("What's the weather in Paris tomorrow?", 3), record.Agentic},
		{"tools math text", withTools("Calculate the area of a circle with radius 5.", 1), record.Agentic},
		{"browser agent", text("You are an autonomous agent controlling a web browser. Navigate to the checkout page, fill in the shipping form and click Submit."), record.Agentic},
		{"tool plan", text("Use the search tool to find the latest quarterly revenue for ACME Corp, then call the calculator tool to compute the year-over-year growth."), record.Agentic},
		{"orchestrate", text("Orchestrate three sub-agents (a researcher, a coder and a reviewer) and decide which agent should act next given the observations so far."), record.Agentic},
		{"tool system", withSys("You have access to the following tools: get_weather(city), search_web(query), send_email(to, body). Call a tool by emitting a JSON object with \"name\" and \"arguments\".", "Find me a cheap flight to Lisbon next week and email the options to my boss."), record.Agentic},
		{"tool calls response", meta(func(e *record.Exchange) {
			*e = text("Book a table for two at an Italian restaurant near me tonight.")
			e.ToolCalls, e.StopReason = 2, "tool_use"
			e.Has |= record.HasToolCalls | record.HasStopReason
		}), record.Agentic},
		{"computer use", meta(func(e *record.Exchange) {
			*e = text("Open the spreadsheet and fill column C with the totals.")
			e.Images, e.Tools = 1, 4
			e.Has |= record.HasImages | record.HasTools
		}), record.Agentic},

		// ---- long horizon
		{"ecommerce build", text("Build a complete e-commerce platform with authentication, payments, inventory and an admin dashboard. Break the work into milestones, implement each phase in order, and keep a progress log so you can resume where you left off in the next session."), record.LongHorizon},
		{"codebase migration", text("Migrate our entire codebase from Python 2 to Python 3 across roughly 400 files. Work through it module by module, run the test suite after each step, and keep going until all remaining tasks are done."), record.LongHorizon},
		{"research project", text("This is a multi-step research project spanning several days: survey the literature, design the experiments, run them, and write the final deliverable. Track milestones and report progress at each checkpoint."), record.LongHorizon},
		{"long agent session", meta(func(e *record.Exchange) {
			*e = text("Continue.")
			e.Turns, e.Tools, e.InputTokens = 46, 12, 140000
			e.Has |= record.HasTurns | record.HasTools | record.HasInputTokens
		}), record.LongHorizon},

		// ---- reasoning
		{"primes proof", text("Prove that there are infinitely many prime numbers."), record.Reasoning},
		{"solve for x", text("Solve for x: 3x + 7 = 22."), record.Reasoning},
		{"cot word problem", text("A train leaves at 3 pm travelling at 60 mph; a second train leaves at 4 pm at 80 mph on the same track. When does the second catch up? Let's think step by step."), record.Reasoning},
		{"knights", text("On an island, knights always tell the truth and knaves always lie. A says 'B is a knave'. B says 'A and C are of the same kind'. What is C? Explain your reasoning."), record.Reasoning},
		{"probability", text("Two dice are rolled. What is the probability that the sum is prime?"), record.Reasoning},
		{"latex", text(`Evaluate $\int_0^1 x^2 \, dx$ and show all steps.`), record.Reasoning},

		// ---- grading
		{"rubric", text("You are a strict grader. Using the rubric below, score the student's answer from 0 to 10 and justify your score.\n\nRubric:\n- correctness (5 points)\n- clarity (3 points)\n- completeness (2 points)\n\nQuestion: Why is the sky blue?\nStudent answer: Because of Rayleigh scattering."), record.Grading},
		{"pairwise", text("[User Question]\nHow do I boil an egg?\n\n[The Start of Assistant A's Answer]\nBoil water, add the egg, wait 9 minutes.\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\nPut it in the microwave.\n[The End of Assistant B's Answer]\n\nAs an impartial judge, decide which response is better. Output your final verdict strictly as [[A]], [[B]] or [[C]] for a tie."), record.Grading},
		{"reward model", text("Rate the helpfulness and harmlessness of the following response on a scale of 1 to 7.\n\nResponse: Sure, here is how to reset your router..."), record.Grading},
		{"score line", text("Evaluate the response below for factual accuracy and coherence.\n\nResponse: The Eiffel Tower is in Berlin.\n\nReply in the form:\nScore: <1-10>\nReason: <one sentence>"), record.Grading},

		// ---- vision
		{"image metadata", withImages("What breed is this dog?", 1), record.Vision},
		{"image plus code words", withImages("Read the chart and tell me which quarter had the highest revenue.", 1), record.Vision},
		{"image text only", text("Describe what you see in the attached image in detail."), record.Vision},
		{"several images", withImages("Compare these images.", 3), record.Vision},

		// ---- general and tricky negatives
		{"poem python", text("write a poem about python snakes"), record.General},
		{"bread", text("Give me step by step instructions to bake bread."), record.General},
		{"grade 5", text("Grade 5 students are going on a field trip to the science museum. Suggest some fun activities."), record.General},
		{"recipe", text("What's a good recipe for banana bread?"), record.General},
		{"translate", text("Translate 'good morning, how are you?' into French."), record.General},
		{"email", text("Draft a polite email to my landlord asking to fix the heating."), record.General},
		{"history", text("Why did the Roman Empire fall?"), record.General},
		{"text to image", text("Write a detailed prompt for a text to image generator showing a castle at dusk."), record.General},
		{"credit score", text("How can I improve my credit score quickly?"), record.General},
		{"movie script", text("Write a short movie script about two robots falling in love."), record.General},
		{"no image attached", meta(func(e *record.Exchange) {
			*e = text("Describe the image of a perfect summer day in words, like a poem.")
			e.Has |= record.HasImages
		}), record.General},
		{"birthday numbers", text("My daughter turns 7 on the 14th. What are some fun party themes?"), record.General},

		// ---- metadata only (zero data retention)
		{"zdr nothing", meta(func(e *record.Exchange) { e.InputTokens, e.OutputTokens = 40, 300 }), record.General},
		{"zdr tools", meta(func(e *record.Exchange) { e.Tools = 5; e.Has = record.HasTools }), record.Agentic},
		{"zdr tool calls", meta(func(e *record.Exchange) { e.ToolCalls = 1; e.StopReason = "tool_use" }), record.Agentic},
		{"zdr images", meta(func(e *record.Exchange) { e.Images = 2 }), record.Vision},
		{"zdr screenshots with tools", meta(func(e *record.Exchange) { e.Images, e.Tools = 1, 6 }), record.Agentic},
		{"zdr long session", meta(func(e *record.Exchange) { e.Turns, e.Tools, e.InputTokens = 40, 12, 120000 }), record.LongHorizon},
		{"zdr long chat", meta(func(e *record.Exchange) { e.Turns, e.InputTokens = 60, 20000 }), record.LongHorizon},
		{"zdr thinking", meta(func(e *record.Exchange) { e.Thinking = true; e.MaxTokens = 32000 }), record.Reasoning},
		{"zdr judge", meta(func(e *record.Exchange) { e.InputTokens, e.MaxTokens = 1500, 8 }), record.Grading},
		{"zdr coding agent ua", meta(func(e *record.Exchange) { e.UserAgent = "Cursor/1.4 (darwin)" }), record.Coding},
		{"zdr short chat", meta(func(e *record.Exchange) { e.Turns, e.InputTokens = 4, 900 }), record.General},
	}
	var tg Tagger
	for _, c := range cases {
		r := tg.Analyze(&c.e)
		if r.Label != c.want {
			_, rs := Explain(&c.e)
			var b strings.Builder
			for i, x := range rs {
				if i == 8 {
					break
				}
				b.WriteString("\n    " + x.String())
			}
			t.Errorf("%s: got %s, want %s (scores %v)%s", c.name, r.Label, c.want, r.Scores, b.String())
		}
		if got := Tag(&c.e); got != r.Label {
			t.Errorf("%s: Tag() = %s, Tagger.Analyze = %s", c.name, got, r.Label)
		}
		wantFree := c.e.Prompt == "" && c.e.System == "" && c.e.Response == ""
		if r.TextFree != wantFree {
			t.Errorf("%s: TextFree = %v", c.name, r.TextFree)
		}
	}
}

func TestScoresExplainConsistent(t *testing.T) {
	e := text("Write a Python function that returns the n-th Fibonacci number.")
	sc := Scores(&e)
	r, rs := Explain(&e)
	if sc != r.Scores {
		t.Fatalf("Scores %v != Explain scores %v", sc, r.Scores)
	}
	var sum [N]float32
	for _, x := range rs {
		sum[x.Label] += x.Weight
	}
	sum[record.General] += 1 // baseline
	for l := range sum {
		if d := sum[l] - r.Scores[l]; d > 1e-3 || d < -1e-3 {
			t.Errorf("%s: reasons add to %.3f, score %.3f", record.Capability(l), sum[l], r.Scores[l])
		}
	}
	if r.Label != record.Coding || r.Margin <= 0 {
		t.Errorf("label %s margin %.2f", r.Label, r.Margin)
	}
}

func TestTagNoAllocs(t *testing.T) {
	e := text(strings.Repeat("Write a Python function that sorts a list. How many items are there? ", 40))
	e.System = "You are a helpful assistant."
	e.Has |= record.HasSystem
	var tg Tagger
	tg.Tag(&e)
	if a := testing.AllocsPerRun(50, func() { tg.Tag(&e) }); a != 0 {
		t.Errorf("Tagger.Tag allocates %.1f per call", a)
	}
	if a := testing.AllocsPerRun(50, func() { Tag(&e) }); a != 0 && !raceEnabled {
		t.Errorf("Tag allocates %.1f per call", a)
	}
}

func FuzzTag(f *testing.F) {
	f.Add("Write a function\n```go\nx := 1\n```", "You are a grader.", int64(0), int64(0))
	f.Add("\xe2\x80\x99\xd0\xa0 step-by-step 3 + 4 = ?", "", int64(2), int64(1))
	f.Add("", "", int64(0), int64(-1))
	f.Fuzz(func(t *testing.T, prompt, system string, images, tools int64) {
		e := record.Exchange{Prompt: prompt, System: system, Images: images, Tools: tools,
			Has: record.HasPrompt | record.HasSystem | record.HasImages | record.HasTools}
		var tg Tagger
		r := tg.Analyze(&e)
		if r.Label >= record.NumCapabilities {
			t.Fatalf("invalid label %d", r.Label)
		}
		for l, s := range r.Scores {
			if s != s || s < 0 {
				t.Fatalf("bad score %v for %s", s, record.Capability(l))
			}
		}
		if r.Scores[r.Label] < r.Scores[record.General] {
			t.Fatalf("label %s scores below general", r.Label)
		}
	})
}
