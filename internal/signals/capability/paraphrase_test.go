package capability

import (
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// paraphrases are prompts written for this test in styles the public sets do
// not cover (agent loops, long projects, judging, image questions), with
// look-alike negatives. The lexicon was revised after reading misses of the
// first three batches; the fourth scored 30/39 when first run (see the
// package report), so treat this as a regression check, not a held-out score.
var paraphrases = []struct {
	system, prompt string
	want           record.Capability
}{
	{"", "I need to find the cheapest hotel in Rome for next weekend. Use the available APIs to search and compare prices.", record.Agentic},
	{"", "Given the following API documentation, determine which endpoint to call and with what arguments to get the user's order history.", record.Agentic},
	{"", "You are an AI assistant that can execute shell commands. The user wants to know how much disk space is left. What command do you run?", record.Agentic},
	{"", "Thought: I need to look up the population of Canada.\nAction: search\nAction Input: population of Canada 2023\nObservation: 38.25 million\nThought:", record.Agentic},
	{"", "Your task is to operate the Android phone to turn on Wi-Fi. The current screen shows the home screen. What is your next action?", record.Agentic},
	{"", "Go to amazon.com, search for wireless headphones under $50, and add the best-rated one to the cart.", record.Agentic},
	{"", "Coordinate with the planner agent and the executor agent to complete the user's request.", record.Agentic},
	{"", "Call get_stock_price for AAPL and MSFT, then summarise the difference.", record.Agentic},
	{"", "Which function should be called to convert 100 USD to EUR? Respond with the function name and parameters in JSON.", record.Agentic},
	{"", "You are operating a Linux desktop. Open the terminal, clone the repository, and run the install script. Report each step you take.", record.Agentic},
	{"", "Use the calendar and email tools to schedule a meeting with Dana next Tuesday and send her an invite.", record.Agentic},
	{"", "Decide which tool to invoke next based on the previous tool result and the user's goal.", record.Agentic},
	{"", "We're going to develop a full-featured project management SaaS over the coming weeks. Start by setting up the repository structure, then the database schema, then the REST API, then the frontend.", record.LongHorizon},
	{"", "Continue implementing the remaining modules of the compiler from where we stopped yesterday: the type checker, the IR lowering, and the code generator.", record.LongHorizon},
	{"", "Autonomously work through this backlog of 37 tickets, one after another, committing after each and updating the changelog until the backlog is empty.", record.LongHorizon},
	{"", "Design, implement, test and deploy a distributed key-value store with replication, sharding and a CLI. Plan the work in phases and execute it end to end.", record.LongHorizon},
	{"", "Over multiple sessions, write and refine a 40-page technical report on our data platform, chapter by chapter, keeping a running outline and a list of open items.", record.LongHorizon},
	{"", "Here is the project plan with 12 milestones. We finished milestone 4. Proceed with milestone 5 and update the tracker when done.", record.LongHorizon},
	{"", "Here is a question and an answer produced by an AI model. Is the answer correct? Reply with 'Correct' or 'Incorrect'.", record.Grading},
	{"", "Compare the two summaries below and say which one is more faithful to the source article.", record.Grading},
	{"", "Assign a score between 0 and 1 indicating how well the response follows the instruction.", record.Grading},
	{"", "You are a reward model. Output a single number representing the quality of the assistant's reply.", record.Grading},
	{"", "Grade this essay according to the IELTS band descriptors and give a band score.", record.Grading},
	{"", "Check the student's solution step by step and mark each step as correct or incorrect.", record.Grading},
	{"", "Given the reference answer, evaluate whether the model's output is equivalent. Answer yes or no.", record.Grading},
	{"", "Which of these two completions better follows the user's instructions? Answer with 1 or 2 and explain briefly.", record.Grading},
	{"", "Score the chatbot reply below on helpfulness, honesty and harmlessness, each from 1 to 5.", record.Grading},
	{"", "What is written on the sign in this picture?", record.Vision},
	{"", "Extract all the text from the scanned receipt I uploaded.", record.Vision},
	{"", "Identify the objects in the image and give their bounding boxes.", record.Vision},
	{"", "Based on the screenshot, what's wrong with my UI layout?", record.Vision},
	{"", "Look at the photo and tell me what kind of plant this is.", record.Vision},
	{"", "If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies?", record.Reasoning},
	{"", "Find all real solutions of x^4 - 5x^2 + 4 = 0.", record.Reasoning},
	{"", "How many ways can 8 rooks be placed on a chessboard so that none attack each other?", record.Reasoning},
	{"", "Is 2^31 - 1 prime? Reason carefully before answering.", record.Reasoning},
	{"", "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?", record.Reasoning},
	{"", "Show that the sum of the first n odd numbers equals n squared.", record.Reasoning},
	{"", "Three friends split a bill of $84 so that Ann pays twice what Ben pays and Cal pays $12 more than Ben. How much does each pay?", record.Reasoning},
	{"", "Work through this problem carefully, showing every step of your reasoning before giving the final answer: what is the smallest positive integer divisible by every number from 1 to 10?", record.Reasoning},
	{"", "My Rust program panics with 'index out of bounds' when the vector is empty. How do I fix it?", record.Coding},
	{"", "Convert this bash one-liner to a Python script: find . -name '*.log' -mtime +7 -delete", record.Coding},
	{"", "Optimize this SQL: SELECT * FROM orders WHERE YEAR(created_at) = 2023;", record.Coding},
	{"", "Implement an LRU cache with O(1) get and put.", record.Coding},
	{"", "As a software engineering agent, resolve the following GitHub issue: the CSV exporter drops the last row when the file has no trailing newline.", record.Coding},
	{"", "What are the health benefits of green tea?", record.General},
	{"", "Write a cover letter for a marketing position.", record.General},
	{"", "Tell me a fun fact about octopuses.", record.General},
	{"", "How do I get red wine out of a carpet?", record.General},
	{"", "Suggest a name for my bakery.", record.General},
	{"", "Plan a 5-day itinerary for Tokyo.", record.General},
	{"", "Explain the difference between weather and climate.", record.General},
	{"", "Rewrite this paragraph to sound more professional: hey guys, the meeting got moved to 3pm, dont be late.", record.General},
	{"", "My manager rates everyone on a scale of 1 to 5 in reviews. How should I prepare for my annual review?", record.General},
	{"", "What tools do I need to build a wooden bookshelf?", record.General},
	{"", "Can you recommend a good project management book?", record.General},
	{"", "Summarize the plot of Hamlet in three sentences.", record.General},
	{"", "You are a travel assistant with access to flight_search and hotel_booking. The user says: get me to Berlin on Friday under 300 euros.", record.Agentic},
	{"", "Given this list of tool specs, output the JSON tool call that answers: 'what's the exchange rate from GBP to JPY today?'", record.Agentic},
	{"", "Act as a web navigation agent. Goal: find the return policy on the store's site. Current URL: https://shop.example.com. Available actions: click(id), type(id, text), scroll(dir).", record.Agentic},
	{"", "Here is the output of the last command: 'permission denied'. What should the agent do next to complete the deployment?", record.Agentic},
	{"", "Plan which APIs to chain to answer: 'how many open GitHub issues mention memory leaks in the last month?'", record.Agentic},
	{"", "You control a robot arm in a simulated kitchen. Pick up the red cup and place it in the sink. Describe the sequence of actions.", record.Agentic},
	{"", "Write the function calls needed to create a Jira ticket, assign it to Priya and post a Slack message about it.", record.Agentic},
	{"", "As the supervisor agent, route this customer request to the billing agent, the tech-support agent or the sales agent.", record.Agentic},
	{"", "Build a complete clone of Trello: boards, lists, cards, drag and drop, user accounts and real-time sync. Work in stages and keep notes between stages.", record.LongHorizon},
	{"", "You will spend the next several hours refactoring the payments service. Keep a checklist of what you've changed and verify everything still works at each stage.", record.LongHorizon},
	{"", "Take the attached 200-file legacy Java project and port it to Kotlin, package by package, making sure it compiles after every package.", record.LongHorizon},
	{"", "Resume the data pipeline rebuild: last time we finished ingestion and validation. Next come the transformation layer, the warehouse loaders and the dashboards.", record.LongHorizon},
	{"", "Write a full textbook on linear algebra, 12 chapters, each with exercises and solutions; produce one chapter per turn and keep the notation consistent across chapters.", record.LongHorizon},
	{"", "Set up CI, write integration tests for all 30 endpoints, fix whatever fails, and don't stop until the whole suite is green.", record.LongHorizon},
	{"", "Read the prompt and the two candidate replies. Decide which reply a careful human rater would prefer and give a confidence from 0 to 100.", record.Grading},
	{"", "Evaluate the translation below for adequacy and fluency on a 1-5 scale each.", record.Grading},
	{"", "Is the following chain of reasoning valid? Point out the first step that contains a mistake, if any.", record.Grading},
	{"", "Act as a teacher marking homework: give this answer a mark out of 20 and list the deductions.", record.Grading},
	{"", "Given the instruction and the model completion, output 'good' if the completion fully satisfies the instruction, otherwise 'bad'.", record.Grading},
	{"", "Judge the quality of the code review comment below: is it accurate, actionable and polite? Give a score from 1 to 10.", record.Grading},
	{"", "What is the next number in the sequence 2, 6, 12, 20, 30, ...? Explain the pattern.", record.Reasoning},
	{"", "Compute the determinant of the matrix [[2, 1], [7, 4]].", record.Reasoning},
	{"", "A clock shows 3:15. What is the angle between the hour and minute hands?", record.Reasoning},
	{"", "Five people sit in a row. Alice is not next to Bob, Carol is at one end, and Dan sits right of Eve. How many arrangements are possible?", record.Reasoning},
	{"", "Think carefully and reason step by step: if it takes 5 machines 5 minutes to make 5 widgets, how long would it take 100 machines to make 100 widgets?", record.Reasoning},
	{"", "Simplify (x^2 - 9)/(x - 3) and state any restrictions on x.", record.Reasoning},
	{"", "What color is the car in the picture I sent?", record.Vision},
	{"", "Transcribe the handwritten note in this photo.", record.Vision},
	{"", "Here's a screenshot of my error message, what does it mean?", record.Vision},
	{"", "Count the number of people in this image.", record.Vision},
	{"", "Why does my useEffect hook run twice in development?", record.Coding},
	{"", "Write a Dockerfile for a Node 20 app that uses pnpm.", record.Coding},
	{"", "Convert this Python list comprehension to a for loop: [x*x for x in nums if x % 2 == 0]", record.Coding},
	{"", "How do I read a CSV file into a pandas DataFrame and drop rows with missing values?", record.Coding},
	{"", "Write a bash script that backs up /etc to S3 every night.", record.Coding},
	{"", "What's the difference between a mutex and a semaphore? Show an example in C.", record.Coding},
	{"", "What should I pack for a week-long hiking trip in the Alps?", record.General},
	{"", "Write a toast for my sister's wedding.", record.General},
	{"", "Who painted the Mona Lisa and when?", record.General},
	{"", "Give me 10 ideas for a team-building event.", record.General},
	{"", "How do I politely decline a job offer?", record.General},
	{"", "Explain how vaccines work to a 10 year old.", record.General},
	{"", "Write a limerick about a cat who loves lasagna.", record.General},
	{"", "What are the main causes of inflation?", record.General},
	{"You are an expert software engineer.", "Task: implement a thread-safe rate limiter in Java using the token bucket algorithm. Constraints: no external libraries. Include tests.", record.Coding},
	{"", "Refactor the function below to avoid the nested loops.\n\nfunction dedupe(arr) {\n  const out = [];\n  for (const a of arr) {\n    let seen = false;\n    for (const b of out) { if (a === b) seen = true; }\n    if (!seen) out.push(a);\n  }\n  return out;\n}", record.Coding},
	{"", "What does `git rebase -i HEAD~3` do?", record.Coding},
	{"", "Generate TypeScript types for this JSON: {\"id\": 1, \"tags\": [\"a\"], \"owner\": {\"name\": \"x\"}}", record.Coding},
	{"You are a helpful assistant with tool access. Tools: [web_search, python, file_reader].", "Find the GDP of Brazil in 2022 and plot it against Argentina's.", record.Agentic},
	{"", "You are an autonomous research agent. Break the user's question into sub-queries, run a search for each, read the top results, and synthesize an answer with citations.", record.Agentic},
	{"", "Observation: the login page has fields #user and #pass and a button #submit.\nWhat is the next action? Respond as: ACTION(target, value).", record.Agentic},
	{"", "Given the user's request and the list of available plugins, select the plugins to invoke and the order to invoke them in.", record.Agentic},
	{"", "Take over my computer: open Excel, create a pivot table from Sheet1 grouped by region, and save it as report.xlsx.", record.Agentic},
	{"", "This is day 3 of building our mobile app. Recap what was done on days 1 and 2, then implement the offline sync module and the settings screen, and leave a handoff note for tomorrow.", record.LongHorizon},
	{"", "Your goal: take this open-source game engine and add multiplayer support end-to-end — networking layer, lobby, state synchronization, anti-cheat — over as many steps as needed, testing as you go.", record.LongHorizon},
	{"", "Write a 30,000-word fantasy novel. Begin with a detailed outline of all chapters, then write the chapters in order, keeping a character bible updated as you go.", record.LongHorizon},
	{"", "Plan and execute a full security audit of our 15 microservices: inventory, threat model, static analysis, fixes, and a final report. Track status per service.", record.LongHorizon},
	{"You are an expert evaluator.", "Instruction: {instruction}\nResponse: {response}\nRate the response's helpfulness from 1 to 10. Output only the number.", record.Grading},
	{"", "Two AI assistants answered the same question. Assistant 1: ... Assistant 2: ... Which assistant gave the more accurate and complete answer? Reply '1', '2' or 'tie'.", record.Grading},
	{"", "Does the response below contain any factual errors with respect to the source document? Answer Yes or No, then explain.", record.Grading},
	{"", "Score this essay on a 6-point scale for argument, organization and language use, following the AP rubric.", record.Grading},
	{"", "Determine whether the math proof below is correct. If it is incorrect, identify the first flawed line.", record.Grading},
	{"", "Let f(x) = x^3 - 3x + 1. Find all local extrema and classify them.", record.Reasoning},
	{"Think step by step and put the final answer in \\boxed{}.", "In triangle ABC, AB = 5, BC = 7, and angle B = 60 degrees. Find AC.", record.Reasoning},
	{"", "Four suspects, one liar. Ann says Bea did it. Bea says Dee did it. Cal says he didn't. Dee says Bea lied. Who did it?", record.Reasoning},
	{"", "What is 17% of 3,450, rounded to the nearest whole number?", record.Reasoning},
	{"", "How many positive divisors does 360 have?", record.Reasoning},
	{"", "What landmark is shown in this photo, and when was it built?", record.Vision},
	{"", "Please describe the chart in the uploaded image and summarize its main trend.", record.Vision},
	{"", "Is the mole on my arm in this picture something to worry about?", record.Vision},
	{"", "What's the best way to learn to play guitar as an adult?", record.General},
	{"", "Write a heartfelt thank-you note to my child's teacher.", record.General},
	{"", "Compare Stoicism and Epicureanism in a short essay.", record.General},
	{"", "I have 3 kids aged 4, 7 and 9. What board games would they all enjoy?", record.General},
	{"", "Give me step-by-step directions for changing a flat tire.", record.General},
	{"", "Rate these three pizza toppings from best to worst: pineapple, mushrooms, olives.", record.General},
	{"", "Tell me about the project Manhattan and its long term consequences.", record.General},
	{"", "What tools does a beginner woodworker need?", record.General},
	{"", "My son is in grade 3 and struggles with reading. Any tips?", record.General},
	{"", "Describe a beautiful image of a sunset over the ocean for my novel.", record.General},
	{"", "Please reason step by step, and put your final answer within \\boxed{}. Let n be the smallest positive integer such that n^2 ends in 444. Find n.", record.Reasoning},
	{"", "A rectangle's length is 3 times its width and its perimeter is 64 cm. What are its dimensions?", record.Reasoning},
	{"", "Is the statement 'every even number greater than 2 is the sum of two primes' proven? Discuss what is known.", record.Reasoning},
	{"", "Three boxes are labeled apples, oranges and mixed, and every label is wrong. You may take one fruit from one box. How do you relabel them?", record.Reasoning},
	{"", "Evaluate the limit of (1 + 1/n)^n as n approaches infinity and justify each step.", record.Reasoning},
	{"", "Write unit tests in pytest for a function that validates email addresses.", record.Coding},
	{"", "My Kubernetes pod keeps going into CrashLoopBackOff. Here are the logs: Error: cannot find module 'express'. What's wrong?", record.Coding},
	{"", "Translate this C code to idiomatic Go: int sum(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }", record.Coding},
	{"", "Explain the difference between `let`, `const` and `var` in JavaScript.", record.Coding},
	{"", "Design a REST API for a library system and write the Express.js route handlers.", record.Coding},
	{"", "You are a shopping agent. The user wants running shoes under $120 in size 10. Search the catalog, filter, and add the top option to the basket. Output each tool call you make.", record.Agentic},
	{"", "Given these function definitions, respond with a JSON array of calls that fulfil the request 'remind me to call mom at 6pm and text Sam that I'm late'.", record.Agentic},
	{"", "You are controlling a smartphone. Screen: Settings app, options: Wi-Fi, Bluetooth, Display. Goal: enable dark mode. Next action?", record.Agentic},
	{"", "You are the manager agent. Split the task 'write a market report on EV batteries' among a researcher agent and a writer agent, and define their handoffs.", record.Agentic},
	{"", "Use the SQL tool to query the sales database and then use the chart tool to visualize monthly revenue.", record.Agentic},
	{"", "We are rebuilding our entire analytics stack. This session: finish the dbt models for the finance domain, then update the runbook. Next session we'll do marketing.", record.LongHorizon},
	{"", "Create a full online course on machine learning: 10 modules, each with lessons, quizzes and a project, produced one module at a time with a running syllabus.", record.LongHorizon},
	{"", "Carry on with the migration of the monolith into microservices. Services done: auth, billing. Remaining: search, notifications, reporting. Keep the migration log updated.", record.LongHorizon},
	{"", "Work autonomously on this repository for as long as needed: fix all failing tests, raise coverage to 90%, and document every public function.", record.LongHorizon},
	{"", "Draft, revise and finalize a 60-page grant proposal over the next two weeks, section by section, incorporating reviewer feedback after each draft.", record.LongHorizon},
	{"", "Here are two answers to the same customer email. Which one is more helpful and polite? Explain your choice and pick A or B.", record.Grading},
	{"", "Rate the following story on creativity, coherence and grammar, each on a scale of 1 to 10, and give an overall score.", record.Grading},
	{"", "Given the question, the gold answer and a predicted answer, decide whether the prediction is correct. Output 1 for correct and 0 for incorrect.", record.Grading},
	{"", "Critique this response against the rubric: accuracy, depth, clarity. Assign points for each criterion.", record.Grading},
	{"", "You are a reward model. Given a prompt and two completions, output the probability that completion A is preferred.", record.Grading},
	{"", "What species of bird is this in the photo?", record.Vision},
	{"", "Read the numbers from this gauge image and tell me the pressure.", record.Vision},
	{"", "Can you tell what's wrong with the wiring in the attached picture?", record.Vision},
	{"", "Describe the scene in this image for a visually impaired user.", record.Vision},
	{"", "What should I name my golden retriever puppy?", record.General},
	{"", "How long should I boil an egg for a runny yolk?", record.General},
	{"", "Write a short speech for my grandfather's 80th birthday.", record.General},
	{"", "What were the main causes of World War I?", record.General},
	{"", "Help me write a complaint letter to my airline about lost luggage.", record.General},
	{"", "Which is healthier, brown rice or quinoa?", record.General},
	{"", "Explain the rules of cricket simply.", record.General},
	{"", "Give me a 4-week beginner running plan.", record.General},
	{"", "I scored 1350 on the SAT. Is that good enough for state universities?", record.General},
	{"", "Recommend five podcasts about history.", record.General},
}

func TestParaphrases(t *testing.T) {
	var tg Tagger
	ok := 0
	var per [record.NumCapabilities][2]int
	for _, c := range paraphrases {
		e := text(c.prompt)
		if c.system != "" {
			e.System = c.system
			e.Has |= record.HasSystem
		}
		got := tg.Tag(&e)
		per[c.want][1]++
		if got == c.want {
			ok++
			per[c.want][0]++
		} else {
			t.Logf("miss: want %s got %s: %.100q", c.want, got, c.prompt)
		}
	}
	acc := float64(ok) / float64(len(paraphrases))
	for l, p := range per {
		t.Logf("%-12s %d/%d", record.Capability(l), p[0], p[1])
	}
	t.Logf("paraphrases: %d/%d = %.3f", ok, len(paraphrases), acc)
	if acc < 0.9 {
		t.Errorf("paraphrase accuracy %.3f below 0.90", acc)
	}
}
