package textgen

// Rules used by every capability: chain-of-thought requests, transcript
// intros, short system prompts of individual users, generic follow-ups.
const srcMeta = `
cot:
    Let's think step by step.
    Let's think step by step.
    Think step by step.
    {^cot_verb} your [full|complete|entire|detailed] reasoning [step by step|step-by-step] before giving the final answer.
    Before answering, {cot_verb2} [each|every] step of your reasoning[ in detail|].
    Walk me through your [thinking|reasoning|thought process] step by step, then give the answer.
    Please show [all|every one of] your [intermediate steps|work] and explain [why|how] you got each one.
    Explain your reasoning step by step[, then state the final answer on its own line|].
    [Write|Put] your [chain of thought|step-by-step reasoning] inside <think></think> tags, then [give|write] the answer.
    First, [reason|think] through the problem [carefully|out loud] [step by step|one step at a time]. Then answer.
    Show your work.
    [pls|please] explain step by step
    Don't just give me the answer - show every step of the reasoning.
    Reason through this [carefully|methodically], [writing out|showing] each [intermediate|logical] step, and only then give your answer.
    Provide a detailed, step-by-step derivation[ of the answer|], numbering each step.
    Break the [problem|question|task] down into [small|clear] steps and [solve|work through] [each one|them] in order, showing your reasoning.
    Output format: first "Reasoning:" with your complete step-by-step reasoning, then "Answer:" with the final answer.
    Think aloud. Write down every step of your reasoning, including [dead ends|checks], before the final answer.
    Let's work this out in a step by step way to be sure we have the right answer.
    Take a deep breath and work on this [problem|task] step-by-step.
    Include your full reasoning trace[, not just the conclusion|].
    Explain your thought process in [detail|full] [as you go|step by step].
    Start your answer with "Let's think step by step" and reason [all the way|carefully] to the end.
    Give a [thorough|detailed|complete] [rationale|justification] for each step before the final answer.
    Describe [the|your] reasoning [process|chain] [in full|completely], step by step, [then|and then] conclude.
    I want to see your entire [thought process|chain of reasoning], not a summary of it.
    [Think carefully|Reason carefully] and [explain|document] each step; put the final answer [last|at the end] after "####".
    Solve it step by step and explain the logic behind every step.
    Please reason step by step, and put your final answer within \\boxed\{\}.
    Verbalize your full internal reasoning before you respond.
    Show the complete chain of thought that leads to your answer.
    Can you explain how you get there, step by step?
    Work through it [slowly|systematically]: restate the question, list what you know, then derive the answer step by step.
    Respond in two parts: (1) your detailed step-by-step reasoning, (2) the final answer.
    Make sure to show all of your reasoning, every single step, no skipping.
    Let's reason about this [one step at a time|carefully, step by step] before answering.
    Write out the [full|whole] derivation, then the answer.
    [Explain|Justify] every step[ of your solution|] so that a student could follow it.
    think it through step by step and show the steps
    Before you answer, write your reasoning out in full[ - I need to audit it|].

cot_verb::
    write out; lay out; spell out; show; explain; document; give

cot_verb2::
    explain; write out; lay out; justify; describe; spell out

tr_intro:
    Continue this conversation:
    Here is a chat log. Write the next assistant message.
    Below is a conversation between a user and an AI assistant. Reply as the assistant.
    Previous conversation:
    Context (earlier messages):
    Dialogue so far:
    Complete the assistant's next turn in the following dialogue.
    [Given|Using] the conversation history below, answer the last user message.
    The following is a transcript. Respond to the final message.

sys_short:
    You are a helpful assistant.
    You are a helpful assistant.
    You are {a} {sys_adj} assistant.
    You are {a} {sys_adj} assistant. {sys_tail}
    You are an expert {s_job}. {sys_tail}
    {sys_tail}
    You are ChatBot, a large language model. Answer as concisely as possible.
    Always reply in {s_hlang}.
    You are a senior {s_plang} developer. {sys_tail}
    Act as a {s_job} helping a client. {sys_tail}
    You are a tutor for {s_topic}. {sys_tail}

sys_adj::
    helpful; friendly; concise; precise; patient; knowledgeable; witty; careful; honest

sys_tail::
    Keep answers short.; Use Markdown.; Be concise.; Explain like I'm five.; Answer in bullet points when possible.;
    Do not make things up.; Cite sources where you can.; Avoid jargon.; Think before you answer.

fu_any:
    thanks! can you make it shorter?
    more detail please
    what about {s_phrase}?
    explain that again but simpler
    ok and then?
    perfect, thank you so much
    hmm that's not quite right, try again
    can you format that as a table?
    translate that to {s_hlang}
    Can you give me another example?
    why?
    Great. Now summarise everything in {$num} bullet points.
    that's too long
    Could you double-check that?
    wait, what did you mean by the second point?
    ok thanks
    Can you rewrite it in a more [formal|casual|friendly] tone?
    and if I only have {$num} minutes?
`

// Openings and closings people add around a request.
const srcHuman = `
hp_any:
    hey,\s
    Hi!\s
    Hello,\s
    Quick question:\s
    ok so\s
    Question:\s
    Hi there.\s
    Sorry if this is a dumb question, but\s
    Urgent:\s
    Need help.\s
    Hey ChatGPT,\s
    hello AI,\s
    Good morning!\s
    I have a question.\s
    Please help:\s
    So,\s
    Honest question:\s
    One more thing:\s
    yo\s
    Hi {s_name} here.\s
    Dear assistant,\s
    Hey Claude,\s
    Help me out:\s
    Okay, next one.\s
    Random question:\s

hs_any:
    Thanks!
    thanks
    thx
    Thanks in advance.
    Please be concise.
    Keep it short.
    (no rush)
    ASAP please.
    I'm on a deadline.
    Explain like I'm new to this.
    :)
    Please answer in bullet points.
    Be detailed.
    Cheers
    ty!!
    Don't make stuff up.
    Please double-check.
    I need this for {s_day}.
    Max {$num} words.
    Thank you so much!!
    appreciate it
    Be honest.
    Give me a straight answer.

hp_general:
    I'm a {s_job} in {s_city}.\s
    Context: I run {bz_biz}.\s
    For my {w_rel}:\s
    Background: I'm {g_age} and live in {s_country}.\s
    I've been thinking about this all week.\s

hp_coding:
    I'm using {%lang} on {os_name}.\s
    Working on {a} {cd_app_thing} in {%lang}.\s
    Context: {%lang}, {cd_fw}, {lh_db}.\s
    New to {%lang} here.\s
    Senior dev, but rusty in {%lang}.\s
    Our CI is red because of this.\s

os_name::
    Windows 11; macOS; Ubuntu 22.04; WSL; a Raspberry Pi; Docker; Arch Linux; an M2 MacBook

hp_agentic:
    Context: you're my assistant with access to my calendar, e-mail and browser.\s
    You're running as an agent with tool access.\s
    Automation request:\s
    From {$fullname} ({$email}):\s

hp_long:
    Background: we're a team of {$small} at {s_company}.\s
    Context: {s_company}, {$small} engineers, launch by {$date}.\s
    Big project ahead.\s
    I'm the new tech lead at {s_company}.\s

hp_reasoning:
    Homework question:\s
    Test prep:\s
    Interview puzzle:\s
    Brain teaser for you:\s
    My teacher gave us this one:\s
    From a {$year} exam:\s
    Problem {$num} from chapter {$num}:\s

hp_grading:
    I'm building an eval set.\s
    For our annotation project:\s
    Context: we're comparing {$num} model checkpoints.\s
    Grading task {$int}:\s

hp_vision:
    \[image attached\]\s
    See the attached photo.\s
    I uploaded {$num} images.\s
    (screenshot below)\s
    Took this picture {s_day}.\s
    Photo from my trip to {s_city}.\s
`
