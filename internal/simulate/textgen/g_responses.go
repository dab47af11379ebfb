package textgen

// Sentence banks of responses: openers (ro_), closers (rc_), body sentences
// (rs_) and short answers for synthetic transcripts (ra_) per capability,
// plus the parts of structured answers (r_).
const srcResponses = `
r_cot_open:
    Let's think step by step.
    Let me work through this step by step.
    Sure - here is my reasoning, step by step.
    Okay, let me reason through it carefully.
    We can solve this in a few steps.
    <think>
    Let's break this down.
    First, let me restate the problem.

r_step:
    {^st_lead} {st_verb} {st_obj}.
    {^st_lead} {st_verb} {st_obj}, which gives {$num}.
    {^st_verb} {st_obj}; this leaves {$num} {st_unit}.
    {^st_lead} {st_verb} {st_obj} - {st_check}.
    {^st_check}, so {st_verb} {st_obj}.

st_lead::
    first,; next,; then; now; so; this means; from this,; therefore; in other words,; at this point; finally,; to check,

st_verb::
    we compute; we compare; we substitute; we check; we simplify; we rewrite; we note; we isolate; we consider;
    we add up; we subtract; we multiply; we divide; we count; we eliminate; we assume; we verify

st_obj:
    the remaining cases
    both sides of the equation
    the value {$num} into the formula
    the total over all {$num} items
    whether the condition holds for n = {$num}
    the ratio {$num}/{$num}
    the constraint on x
    the units
    the base case
    the difference between the two quantities
    the sum of the first {$num} terms
    the probability of the complement
    the two possible orderings
    each statement against the others
    the rate per hour
    the cost before tax

st_unit::
    units; items; dollars; hours; metres; cases; people; points; km

st_check::
    that matches the given condition; this is consistent with the question; that is positive, as expected;
    the units work out; this avoids the contradiction; that checks out; the numbers agree

r_final:
    Therefore, the answer is {$num}.
    **Final answer:** {$num}
    So the final answer is {ans_word}.
    Answer: {$num}
    #### {$num}
    The answer is {ans_word}.
    Hence the result is {$num}.

ans_word::
    yes; no; B; C; 12; 42; 7; the second option; {s_name}; false; true; 3/8; 0.25; 17; 64

r_email_subject:
    {^ph_noun} - {em_subj}
    Re: {ph_noun}
    {^em_subj}
    Quick question about {ph_noun}

em_subj::
    next steps; update; request for feedback; follow-up; schedule change; thank you; proposal; reminder

r_signoff::
    Best regards; Kind regards; Thanks; Cheers; Best; Warm regards; Sincerely; Many thanks

r_list_intro:
    Here are some options:
    Sure! Here's a list:
    A few ideas:
    Here you go:
    Here are the key points:
    Some things to consider:

r_phase:
    {^ph_verb} the {ph_thing}
    {^ph_verb} and {ph_verb} the {ph_thing}
    {^ph_thing}

ph_verb::
    set up; design; build; migrate; test; harden; document; launch; review; plan; prototype; measure; refactor; ship

ph_thing::
    data model; authentication; CI pipeline; core API; user interface; payment flow; monitoring and alerting;
    deployment; load testing; beta programme; legacy services; reporting module; search; permissions;
    literature review; experiments; analysis; chapter outline; first draft; stakeholder interviews

r_tool_intro:
    I'll call \b{%tool}\b to get that.
    Let me use {%tool} first.
    Calling {%tool}.
    To do this I need to call {%tool}.
    Next, I'll run {%tool} with the details you gave.
    I'll start by checking with {%tool}.

r_observation:
    Observation: {ob_what}.
    Result: {ob_what}.
    {^ob_what}.
    Tool returned: {ob_what}.

ob_what::
    200 OK, 3 results; no matching records; the page loaded; the file was written; the test suite passed;
    2 tests failed; the booking is confirmed; timeout after 30 s, retrying; the form was submitted;
    the button is disabled until the terms box is checked; found 14 open tickets; the e-mail was sent

r_cu_action:
    click(x={$num}, y={$num})
    type("{q_text}")
    Open the browser and go to {$url}.
    Click the "{cu_button}" button in the top right.
    Scroll down until the {cu_thing} is visible.
    Take a screenshot to confirm the page state.
    key("ctrl+l") then type the address and press Enter.
    Select "{cu_button}" from the dropdown.
    Wait {$num} seconds for the page to finish loading.
    Double-click the file {$file} on the desktop.

cu_button::
    Sign in; Submit; Next; Download; Export; Settings; Save changes; Add to cart; Continue; Search; Accept

cu_thing::
    pricing table; login form; order history; search box; cookie banner; download link; footer

r_judge_crit::
    Accuracy; Completeness; Clarity; Relevance; Helpfulness; Harmlessness; Correctness; Reasoning quality;
    Conciseness; Instruction following; Factuality; Style; Safety; Depth; Coherence

r_judge_why:
    {^jw_subj} {jw_verb} {jw_obj}.
    {^jw_subj} {jw_verb} {jw_obj}, but {jw_but}.
    However, {jw_but}.

jw_subj::
    the response; the answer; the candidate; the explanation; the final result; the code; the reasoning

jw_verb::
    correctly addresses; partially addresses; misses; handles; explains; ignores; overstates; covers

jw_obj::
    the main question; the edge cases; the second requirement; the constraints; the user's intent;
    the units; the requested format; the safety concern; the key steps

jw_but::
    it is somewhat verbose; it contains a minor arithmetic error; it does not cite any evidence;
    the formatting could be cleaner; it omits an example; the conclusion is not clearly stated;
    one step is not justified; it repeats itself

r_pair_why:
    Response {pw_ab} {pw_verb} {jw_obj}.
    Response {pw_ab} is {pw_adj} than Response {pw_ab}.
    Both responses {jw_verb} {jw_obj}, but {jw_but}.

pw_ab::
    A; B

pw_verb::
    better addresses; correctly explains; fails to address; more clearly covers; misreads

pw_adj::
    more accurate; more complete; clearer; more concise; less helpful; more detailed; safer

r_table_head:
    \| Item \| Qty \| Price \|\n\|---\|---\|---\|
    \| Description \| Quantity \| Amount \|\n\| --- \| --- \| --- \|
    \| Product \| Units \| Total \|\n\|---\|---\|---\|

r_code_why:
    {^cw_what} {cw_why}.
    The \b{cw_fn}\b call {cw_why}.

cw_what::
    this version; the loop; the early return; the guard clause; the type annotation; the helper function;
    using a set; the list comprehension; the context manager; caching the result; the index check

cw_why::
    avoids the off-by-one error; makes the intent clearer; keeps it O(n); handles empty input;
    prevents the null dereference; closes the file even on errors; avoids a second pass over the data;
    makes the function easier to test; fixes the race condition; avoids mutating the input

cw_fn::
    sorted(); map(); filter(); append(); split(); join(); strip(); get(); setdefault(); reduce()

ro_general:
    Sure! Here's {a} {ro_gen_thing}.
    Great question!
    Here's what I'd suggest.
    Of course.
    Absolutely - here you go.
    Happy to help with that.
    Here is a draft you can adapt.

ro_gen_thing::
    quick overview; draft; short answer; suggestion; version you can use; summary

rc_general:
    Let me know if you'd like me to adjust the tone or length.
    Hope this helps!
    Would you like more detail on any of these points?
    Feel free to ask if anything is unclear.
    Good luck!

rs_general:
    {^g_s1} {g_s2}.
    {^g_s1} {g_s2}, {g_s3}.
    It's worth {g_ing} {g_obj} before {g_ing} {g_obj}.
    {^g_tip}: {g_s1} {g_s2}.
    Many people find that {g_s1} {g_s2}.
    In {$year}, {sn_subj} {sn_verb} {sn_obj}.
    A good rule of thumb is to {g_do} {g_obj} {g_freq}.

g_s1::
    planning ahead; a clear structure; a short opening line; regular breaks; a simple budget; honest feedback;
    a friendly tone; a realistic timeline; good lighting; a balanced diet; a written agenda; clear priorities

g_s2::
    makes a big difference; helps you stay focused; keeps readers engaged; saves time later; reduces stress;
    builds trust with the other person; avoids misunderstandings; is often overlooked; pays off quickly

g_s3::
    especially at the start; even if it feels slow; particularly for beginners; and it costs nothing;
    which most guides forget to mention; so start small

g_ing::
    checking; reviewing; writing down; comparing; testing; asking about; confirming; tracking

g_obj::
    the details; your options; the costs; the schedule; the key points; your goals; the requirements;
    the ingredients; the deadlines; the terms

g_tip::
    tip; note; one more thing; pro tip; important; bonus

g_do::
    review; update; clean; back up; check; plan; stretch; water; save

g_freq::
    once a week; every morning; every few months; before each trip; at the end of the day; monthly

ra_general:
    Sure! {rs_general}
    {rs_general} {rs_general}
    Here's a quick answer: {rs_general}
    Of course. {rs_general}

ro_coding:
    Here's a solution in {ro_lang}:
    Sure! Here's how you can do it:
    The problem is {ro_bug}. Here's a fixed version:
    You can do this with a small function:
    Here's an implementation:
    Good catch - the issue is {ro_bug}. Try this:

ro_lang::
    a few lines; plain code with no dependencies; idiomatic style; the standard library

ro_bug::
    an off-by-one error in the loop; that the value can be None; a missing await; that the list is modified while iterating;
    the wrong comparison operator; that the connection is never closed; a shadowed variable; integer division

rc_coding:
    Let me know if you want tests for this.
    This runs in O(n) time.
    You may also want to add error handling for invalid input.

rs_coding:
    {^cw_what} {cw_why}.
    The function returns {co_ret} when {co_when}.
    Time complexity is {co_big} and extra space is {co_big}.
    {^co_note}.
    If you {co_if}, {co_then}.

co_ret::
    an empty list; None; the first match; a new dict; an error; the sorted result; zero; a tuple

co_when::
    the input is empty; no element matches; the key is missing; the request times out; the file does not exist

co_big::
    O(n); O(n log n); O(1); O(n^2); O(log n); O(n + m)

co_note::
    you can run it with the built-in test runner; remember to add the import at the top; this also works with generators;
    keep the public signature unchanged; the helper is private on purpose; pin the library version in your lockfile;
    avoid catching bare exceptions here

co_if::
    expect large inputs; need it to be thread-safe; are on an older version; call this from async code; care about memory

co_then::
    use a streaming approach instead; add a lock around the cache; replace the f-string with format();
    switch to the async client; process the file in chunks

ra_coding:
    Use \b{cw_fn}\b for that.
    {rs_coding}
    You can write it like this:\n{$codeshort}
    The problem is {ro_bug}.

ro_agentic:
    I'll break this into steps and use the available tools.
    Plan: {$task}, then report back.
    Understood. Starting now.

rc_agentic:
    All steps are done.
    Let me know if you want me to continue.

rs_agentic:
    {^ag_did} {ag_what}.
    I {ag_did} {ag_what} and {ag_did} {ag_what}.
    The next step is to {ag_next}.
    {^ob_what}, so {ag_next_ing}.

ag_did::
    checked; fetched; opened; updated; created; verified; listed; summarised; retried

ag_what::
    the calendar; the order status; the three search results; the config file; the failing test;
    the customer record; the invoice; the flight options; the pull request; the dashboard

ag_next::
    confirm the booking; send the summary e-mail; rerun the tests; open a ticket; ask you for approval

ag_next_ing::
    I am moving on to the next item; I will retry once; I need your confirmation; I will stop here

ra_agentic:
    <tool_call>\{"name": "{tl_name}", "arguments": \{\}\}</tool_call>
    {rs_agentic}
    Action: {tl_name}\nObservation: {ob_what}

tl_name::
    search_web; read_file; get_weather; send_email; run_shell; browser_click; lookup_order; list_files

ro_long:
    Here's a phased plan.
    Below is a roadmap broken into milestones.
    Great project. Here is how I would structure it:
    Here's a detailed plan, from setup to launch.

rc_long:
    Each phase ends with a review before moving on.
    Adjust the timeline once you know the team's velocity.
    Happy to expand any phase into detailed tickets.

rs_long:
    {^ph_verb} the {ph_thing} ({$num} days).
    Owner: {s_name}; deliverable: {ph_thing}.
    Define acceptance criteria for the {ph_thing}.
    Risk: {lh_risk}; mitigation: {lh_mit}.
    Checkpoint with stakeholders on {s_day}.
    {^ph_verb} the {ph_thing} and {ph_verb} the {ph_thing}.

lh_risk::
    scope creep; data loss during migration; unclear ownership; vendor lock-in; performance regressions; hiring delays

lh_mit::
    freeze scope per milestone; run a dry run first; assign a single owner; keep an abstraction layer;
    add benchmarks to CI; start with contractors

ra_long:
    Milestone 1: {r_phase}. Milestone 2: {r_phase}. Milestone 3: {r_phase}.
    {rs_long} {rs_long}

ro_reasoning:
    Let's look at the numbers.
    Here's the reasoning.
    Good puzzle!

rc_reasoning:
    That's the only assignment that satisfies every condition.
    You can verify this by plugging the values back in.

rs_reasoning:
    {r_step}
    {r_step}
    If {s_name} were telling the truth, then {s_name} would be lying, which is a contradiction.
    The pattern increases by {$num} each time.

ra_reasoning:
    {r_step} {r_final}
    {r_final}

ro_grading:
    Here is my evaluation.
    Evaluation:

rc_grading:
    Overall, a solid answer with room for improvement.

rs_grading:
    {r_judge_why}

ra_grading:
    Score: {g_score}/10. {r_judge_why}
    \[\[A\]\]
    \[\[B\]\]
    \{"score": {g_score}\}

ro_vision:
    The image shows {vi_what}.
    In the picture I can see {vi_what}.
    This appears to be {vi_what}.
    Looking at the {vi_kind}:

rc_vision:
    Let me know if you want me to zoom in on a specific part.
    Some text in the lower corner is too blurry to read.

rs_vision:
    {^vi_where} there is {vi_obj}.
    The {vi_chart} shows {vi_trend}.
    The text at the top reads "{q_text}".
    {^vi_where} {vi_obj} is partly cut off.
    The total at the bottom is {$money}.
    The highest value is in {vi_period}, at about {$num}.

vi_what::
    a bar chart of monthly revenue; a screenshot of an error dialog; a handwritten shopping list; a receipt from a supermarket;
    a living room with a grey sofa; a street at night; a whiteboard with a flow diagram;
    a scanned invoice; a line graph of temperatures; a plant with yellow leaves; a login page

vi_kind::
    chart; screenshot; photo; document; diagram; receipt; table

vi_where::
    in the top left; on the right; in the background; in the centre; at the bottom; next to the window

vi_obj::
    a red button labelled "Submit"; a small dog; a stack of boxes; a legend with four colours; a date stamp;
    a company logo; two people talking; a warning icon; a price tag; a QR code

vi_chart::
    chart; graph; bar for Q3; red line; pie chart; table

vi_trend::
    steady growth until mid-year and a drop afterwards; a sharp peak in March; roughly flat values;
    that the blue series overtakes the orange one in week {$num}; a decline of about {$pct}

vi_period::
    March; Q4; week {$num}; {$year}; the third bar; the last column

ra_vision:
    {ro_vision} {rs_vision}
    {rs_vision}
`
