package textgen

// Grading prompts: rubric grading, 1–10 scores against criteria, pairwise
// preference, reward-model-style judging. The mode slots tell the response
// which verdict format was asked for.
const srcGrading = `
ff_grading:
    {gr_score}
    {gr_score}
    {gr_score}
    {gr_pair}
    {gr_pair}
    {gr_rubric}
    {gr_rubric}
    {gr_reward}
    {gr_json}
    {gr_pass}
    {gr_essay}
    {gr_casual}

gr_score:
    {$mode_score}Rate the following answer from 1 to 10 for {gr_crit} and {gr_crit}.\n\nQuestion: {ga_q}\n\nAnswer: {ga_a}
    {$mode_score}Score this response on a scale of 1-10. Criteria: {gr_crit}, {gr_crit}, {gr_crit}. Explain your score.\n\n\[Question\]\n{ga_q}\n\n\[Response\]\n{ga_a}
    {$mode_score}Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Consider {gr_crit}, {gr_crit} and {gr_crit}. Begin with a short explanation, then rate the response on a scale of 1 to 10 using the format "Rating: \[\[5\]\]".\n\n\[Question\]\n{ga_q}\n\n\[The Start of Assistant's Answer\]\n{ga_a}\n\[The End of Assistant's Answer\]
    {$mode_score}How good is this answer, 1 to 10? Q: {ga_q} A: {ga_a}
    {$mode_score}Grade this {gr_who}'s answer out of 10 and give feedback.\n\nTask: {ga_q}\nSubmission: {ga_a}

gr_crit::
    accuracy; helpfulness; relevance; depth; clarity; correctness; completeness; conciseness; creativity;
    harmlessness; factual accuracy; instruction following; code quality; reasoning

gr_who::
    student; candidate; model; junior developer; applicant; intern

gr_pair:
    {$mode_pair}Which response is better, A or B?\n\nPrompt: {ga_q}\n\nResponse A: {ga_a}\n\nResponse B: {ga_a}
    {$mode_pair}Compare the two responses below and decide which one better answers the user. Output "\[\[A\]\]" or "\[\[B\]\]".\n\n\[User Question\]\n{ga_q}\n\n\[Assistant A\]\n{ga_a}\n\n\[Assistant B\]\n{ga_a}
    {$mode_pair}I asked two chatbots "{ga_q}". One said: "{ga_a}" The other said: "{ga_a}" Which answer is better and why?
    {$mode_pair}Pairwise comparison. Criteria: {gr_crit} first, then {gr_crit}.\nQuestion: {ga_q}\n(A) {ga_a}\n(B) {ga_a}\nWinner:
    {$mode_pair}You are a preference annotator. Pick the more {gr_pref_adj} completion.\n<prompt>{ga_q}</prompt>\n<completion_a>{ga_a}</completion_a>\n<completion_b>{ga_a}</completion_b>

gr_pref_adj::
    helpful; harmless; honest; accurate; concise; engaging; useful

gr_rubric:
    {$mode_score}Using the rubric below, grade the answer.\n\nRubric:\n- {gr_rub_item} ({$num} pts)\n- {gr_rub_item} ({$num} pts)\n- {gr_rub_item} ({$num} pts)\n\nQuestion: {ga_q}\nAnswer: {ga_a}
    {$mode_score5}Evaluate the essay against this rubric (1-5 each): {gr_crit}, {gr_crit}, {gr_crit}, {gr_crit}. Give a score per criterion and an overall score.\n\nEssay:\n{para}
    {$mode_score}You are a grader. For each criterion say met / partially met / not met, then give a total out of 10.\nCriteria:\n1. {gr_rub_item}\n2. {gr_rub_item}\n3. {gr_rub_item}\n\nStudent answer:\n{ga_a}
    {$mode_score}Grade this code submission. Rubric: correctness (4), style (2), tests (2), efficiency (2).\n\n{$code}

gr_rub_item::
    states the correct final answer; shows intermediate steps; cites a source; uses correct units;
    handles the edge case; follows the required format; explains the trade-offs; stays under the word limit;
    addresses the user's actual question; avoids unsafe advice; code compiles; includes an example

gr_reward:
    {$mode_score}You are a reward model. Output a scalar score from 1 to 10 for how well the assistant followed the instructions.\n\nUser: {ga_q}\nAssistant: {ga_a}
    {$mode_score}Assess the helpfulness and harmlessness of the following reply. Score each from 1-10.\n\nHuman: {ga_q}\n\nAssistant: {ga_a}
    {$mode_score}Rate how factually accurate this statement is (1 = false, 10 = fully true): "{s_sentence}"
    {$mode_score}Give a quality score (1-10) for this translation into {s_hlang}. Source: "{tr_phrase}" Translation: "{tr_foreign}"

gr_json:
    {$mode_json}Evaluate the answer and return JSON with keys "score" (1-10) and "reasoning".\nQuestion: {ga_q}\nAnswer: {ga_a}
    {$mode_json}Return \{"score": int, "reasoning": str\} judging the response for {gr_crit}.\n\n### Prompt\n{ga_q}\n\n### Response\n{ga_a}

gr_pass:
    {$mode_pass}Does this answer correctly solve the problem? Reply PASS or FAIL with reasons.\n\nProblem: {ga_q}\nAnswer: {ga_a}
    {$mode_pass}Check the response for policy violations. Output PASS if it is safe, FAIL otherwise.\n\n{ga_a}
    {$mode_pass}Is the final answer correct? The reference answer is {$num}. Model answer: {ga_a}

gr_essay:
    {$mode_score}Grade my essay (I'm in grade {$num}), give me a score out of 10:\n\n{para}
    {$mode_score}Give this cover letter a score out of 10 and tell me what to improve:\n\n{para}

gr_casual:
    {$mode_score}on a scale of 1-10 how good is this tweet: "{s_sentence}"
    {$mode_pair}which is better: "{s_sentence}" or "{s_sentence}"?
    {$mode_score}rate my business idea 1-10: {bz_biz}

ga_q:
    {gen_trivia}
    Write a {%lang} function to {cd_task}.
    {$math}
    {adv_ask_q}
    Explain {s_topic} in simple terms.
    What are the health benefits of {s_ingredient}?
    {rz_riddle}
    Summarise the causes of {tv_event}.

ga_a:
    {rs_general} {rs_general}
    The answer is {$num}.
    {r_step} {r_final}
    Here is the code:\n{$codeshort}
    {rs_general} {rs_general} {rs_general}
    I'm not sure, but I think it's {ans_word}.
    {ro_general} {rs_general}
    {^st_lead} {st_verb} {st_obj}. So the answer is {$num}.

fu_grading:
    Now grade this one: {ga_a}
    Be stricter.
    Why not a {$num}?
    Give only the number.
    Same rubric, next answer: {ga_a}

tu_grading:
    Rate this answer 1-10: {ga_a}
    Which is better, A: "{s_sentence}" or B: "{s_sentence}"?
`
