package textgen

// General prompts: writing, e-mail, translation, summaries, trivia, advice,
// recipes, roleplay, small talk, business.
const srcGeneral = `
ff_general:
    {gen_write}
    {gen_write}
    {gen_email}
    {gen_translate}
    {gen_summary}
    {gen_trivia}{g_tail}
    {gen_trivia}{g_tail}
    {gen_advice}{g_tail}
    {gen_advice}{g_tail}
    {gen_recipe}{g_tail}
    {gen_roleplay}
    {gen_smalltalk}
    {gen_business}{g_tail}
    {gen_business}
    {gen_explain}{g_tail}
    {gen_misc}{g_tail}
    {gen_misc}

g_tail:
    [|||]
    [ I'm {g_age}.| Asking for a friend.| Keep it simple.| I'm a {s_job}.| In {$num} words.| My budget is {$money}.| I live in {s_city}.| It's for {w_rel}.| No fluff please.| Sources would be nice.]

gen_write:
    Write {a} {w_len} {w_form} about {w_about}.
    write me a {w_form} about {w_about}
    Can you write {a} {w_form} for {w_occasion}? {w_extra}
    I need {a} {w_form} about {w_about}. {w_extra} {w_extra2}
    Help me write {a} {w_form} for my {w_rel} - {w_occasion}. {w_extra}
    Compose {a} {w_tone} {w_form} about {w_about}{w_limit}.
    Draft {a} {w_form} {w_for_whom} about {w_about}. {w_extra}
    {^w_form} about {w_about}, {w_tone} tone{w_limit}
    Rewrite this to sound more {w_tone}: "{s_sentence} {s_sentence}"
    Make this paragraph more {w_tone}:\n\n{para}
    Give me {$num} catchy titles for {a} {w_form} about {w_about}.{$mode_list}
    Write a short story ({$num} words max) where {s_name}, a {s_job}, discovers {st_twist}.
    Write a poem about {w_about} in the style of {w_poet}.
    I'm writing a novel. My main character {s_name} is a {s_job} in {s_city}. Write the opening paragraph. {w_extra}

w_len::
    short; 300-word; one-page; brief; detailed; two-paragraph; funny; heartfelt; 500 word

w_form::
    blog post; poem; haiku; limerick; short story; speech; toast; LinkedIn post; product description;
    cover letter; bio; essay; newsletter intro; tweet thread; song verse; eulogy; thank-you note; review;
    press release; personal statement; Instagram caption; opening paragraph

w_about:
    {s_topic}
    my trip to {s_city}
    {s_phrase}
    our new {s_product}
    learning to {w_skill}
    {s_name}'s retirement
    why {tp_thing} matter
    moving to {s_country}
    the first day at a new job as a {s_job}

w_skill::
    code; cook; swim; play the guitar; speak Japanese; run a marathon; paint; drive; meditate; bake bread

w_occasion::
    a wedding; a retirement party; my sister's graduation; a farewell lunch; our company anniversary;
    a birthday; a job application; a charity gala; a product launch; Mother's Day; a new year's card

w_rel::
    boss; grandmother; best friend; landlord; team; teacher; neighbour; coworker; husband; wife; client

w_tone::
    professional; casual; friendly; formal; persuasive; funny; warm; confident; polite; concise; upbeat

w_extra::
    Keep it under {$num} words.; Make it rhyme.; Mention {s_name}.; Avoid clichés.; Use simple English.;
    Add a call to action at the end.; Include an emoji or two.; Make it sound human, not like AI.;
    It should be suitable for kids.; Use bullet points.; No hashtags.

w_extra2::
    Thanks!; The audience is mostly {ph_for}.; It's due tomorrow.; Please make it original.; Three versions please.

w_limit:
    [| in under {$num} words| in {$num} sentences| in exactly {$num} lines|]

w_for_whom::
    for my manager; for our website; for a job board; for the school newsletter; for a grant application; for LinkedIn

w_poet::
    Emily Dickinson; Shakespeare; Pablo Neruda; a pirate shanty; Dr. Seuss; a Japanese haiku master; Rumi

st_twist::
    a hidden room in the office; that time has stopped; a letter from the future; a talking cat;
    that their twin exists; a map under the floorboards; a door that only opens on Tuesdays

para:
    {s_sentence} {s_sentence} {s_sentence}
    {s_sentence} {s_sentence} {s_sentence} {s_sentence} {s_sentence}
    {s_sentence} {s_sentence} {g_s1_cap} {s_sentence} {s_sentence} {s_sentence}\n\n{s_sentence} {s_sentence} {s_sentence}

g_s1_cap:
    {^g_s1} {g_s2}.

gen_email:
    {$mode_email}Write an email to my {w_rel} {em_purpose}.
    {$mode_email}Can you draft a {w_tone} email {em_purpose}? {w_extra}
    {$mode_email}help me reply to this email: "{s_msg}"
    {$mode_email}Write a follow-up email to {$fullname} {em_purpose}. We met at {em_where} on {$date}.
    {$mode_email}I need to email my {w_rel} {em_purpose} without sounding {em_not}. Can you help?
    {$mode_email}Draft a {w_tone} out-of-office message. I'm back on {$date}; urgent issues go to {$email}.
    {$mode_email}Email to the {em_dept} team {em_purpose}. Mention the deadline of {$date} and the budget of {$money}.

em_purpose::
    asking for a raise; declining a meeting; apologising for a late delivery; requesting a refund;
    asking for an extension; introducing myself; following up on an unpaid invoice; cancelling my subscription;
    thanking them for the interview; asking for feedback on my report; announcing a schedule change;
    resigning from my position; requesting time off; complaining about noise

em_where::
    the conference; a networking event; the trade fair in {s_city}; a webinar; the airport lounge

em_not::
    rude; desperate; passive-aggressive; too formal; needy; angry

em_dept::
    finance; marketing; engineering; HR; legal; operations; sales; design

gen_translate:
    Translate to {s_hlang}: "{s_sentence}"
    translate "{q_text}" into {s_hlang}
    How do you say "{tr_phrase}" in {s_hlang}?
    Can you translate this paragraph into {s_hlang}?\n\n{para}
    What does "{tr_foreign}" mean in English?
    {s_hlang} translation please: {s_sentence}
    Translate the following into {s_hlang} and keep the tone {w_tone}:\n{s_msg}
    Is this correct {s_hlang}? "{tr_foreign}"

tr_phrase::
    where is the train station; I'm allergic to peanuts; how much does this cost; nice to meet you;
    can I pay by card; the meeting is postponed; happy birthday; I don't understand; see you tomorrow;
    could you speak more slowly; we need a table for four

tr_foreign::
    je ne sais quoi; Schadenfreude; ¿dónde está el baño?; saudade; arigatou gozaimasu; wie geht's;
    c'est la vie; hasta luego; 加油; carpe diem; obrigado pela ajuda; 你好吗; Fingerspitzengefühl

gen_summary:
    Summarize this:\n\n{para}
    summarise the following {doc_kind} in {$num} bullet points:\n{para}{$mode_list}
    TL;DR please:\n{para}
    Can you give me the key points of this {doc_kind}?\n\n"{para}"{$mode_list}
    Summarize the text below for a {sm_audience}. Keep it under {$num} words.\n\n{para}
    Here's an article I found:\n\n{para}\n\nWhat's the main argument?
    Condense this into one sentence: {s_sentence} {s_sentence} {s_sentence}

doc_kind::
    article; email thread; meeting notes; report; news story; chapter; transcript; memo; blog post; policy

sm_audience::
    10-year-old; busy executive; general audience; newsletter; board meeting; tweet

gen_trivia:
    What is the capital of {s_country}?
    who invented {tp_thing}?
    [Why|why|Why exactly|Can you explain why] {tv_why}?[| Short answer please.| My kid asked me.| I never understood this.]
    How many {tv_unit} are in a {tv_big}?
    When did {tv_event} happen?
    What's the difference between {tv_a} and {tv_b}?
    Is it true that {tv_myth}?
    what is {s_topic}
    Tell me {$num} fun facts about {tv_animal}.{$mode_list}
    How tall is {tv_landmark}?
    Who wrote {tv_book}?
    explain {s_topic} in simple terms
    Which is bigger, {s_country} or {s_country}?
    What language do they speak in {s_country}?
    how far is {s_city} from {s_city}[?| by train?| by car?]

tv_why::
    is the sky blue; is the ocean salty; do cats purr; is ice slippery; do we dream; do onions make you cry;
    do leaves change colour in autumn; is the moon visible during the day; does bread go stale; do planes leave trails;
    does coffee make me sleepy; do we get goosebumps; is the Dead Sea so salty; does the wind blow;
    do stars twinkle; does time fly when you're busy; is gold so expensive; do knuckles crack

tv_unit::
    teaspoons; seconds; ounces; centimetres; days; bytes; minutes

tv_big::
    cup; day; pound; mile; leap year; gigabyte; week

tv_event::
    the fall of the Berlin Wall; the first moon landing; the Black Death; the invention of the printing press;
    the French Revolution; the signing of the Magna Carta; the first FIFA World Cup

tv_a::
    a virus; weather; a crocodile; baking soda; a latte; an LLC; empathy; a comet; HTTP

tv_b::
    bacteria; climate; an alligator; baking powder; a cappuccino; a sole proprietorship; sympathy; an asteroid; HTTPS

tv_myth::
    goldfish have a 3-second memory; we only use 10% of our brains; lightning never strikes twice;
    cracking your knuckles causes arthritis; bats are blind; the Great Wall is visible from space

tv_animal::
    octopuses; crows; sloths; honeybees; elephants; penguins; axolotls; tardigrades; owls; dolphins

tv_landmark::
    the Eiffel Tower; Mount Everest; the Burj Khalifa; the Statue of Liberty; Big Ben; the CN Tower

tv_book::
    Pride and Prejudice; One Hundred Years of Solitude; 1984; The Little Prince; Don Quixote; Beloved;
    Things Fall Apart; The Master and Margarita; Middlemarch; The Tale of Genji; Dune; Frankenstein;
    Moby-Dick; The Stranger; Wuthering Heights; Blindness; Invisible Man; The Leopard; Ficciones; Kindred

gen_advice:
    {adv_open} {adv_problem}. {adv_ask}
    {adv_problem}. {adv_ask}
    {adv_ask_q}
    I'm a {s_job} and {adv_problem}. What would you do?
    My {w_rel} {adv_rel_issue}. How should I handle it?
    How do I {adv_goal}?
    [Any tips for|Tips for|What are your best tips for|Advice for] {adv_tips}?{$mode_list}
    {adv_open} I have {$num} weeks to {adv_goal}. Where do I start?
    Should I {adv_choice_a} or {adv_choice_b}? {adv_context}
    I'm {g_age} years old and {adv_problem}. Is it too late to {adv_goal}?

adv_open::
    Hi,; I need advice.; Quick question:; Okay so; Honestly I'm lost.; Long story short,; Hey -

adv_problem::
    I can't sleep more than 5 hours a night; I keep procrastinating on my thesis; I got a job offer in another city;
    my startup is running out of money; I feel burned out at work; I want to change careers;
    my houseplants keep dying; I'm nervous about a job interview; my credit card debt keeps growing;
    my teenager won't talk to me; I have too many meetings; I'm moving abroad alone

adv_ask::
    What should I do?; Any advice?; Where do I start?; Is this normal?; What are my options?; Help!

adv_ask_q:
    how do I stop overthinking [at night|about work|before exams|everything]?
    What's the best way to learn {s_hlang} as an adult[?| with {$num} minutes a day?| for work?]
    is it better to rent or buy in {s_city}[?| right now?| on a {$money} salary?]
    how much should I have in an emergency fund[?| if I earn {$money} a month?| with {$num} kids?]
    how can I be more productive when working from [home|a café|a tiny flat][?| with kids around?]
    How do I ask for a [promotion|raise|day off|transfer to {s_city}][?| after {$num} years?]

adv_rel_issue::
    keeps taking credit for my work; never replies to my messages; wants to move in together;
    borrowed money and won't pay it back; criticises everything I cook; is always late

adv_goal::
    get fit; learn to code; save for a house; start a podcast; get better at public speaking; become a {s_job};
    run {$num} km; read more books; negotiate my salary; pass the driving test

adv_tips::
    a first date; a long flight; working night shifts; moving house; studying for exams; a road trip in {s_country};
    camping with kids; keeping a plant alive; staying motivated; my first marathon

adv_choice_a::
    take the job in {s_city}; buy a new car; go back to university; rent a bigger flat; quit my job

adv_choice_b::
    stay where I am; buy a used one; learn online; save the money; wait another year

adv_context::
    I have {$money} saved.; My partner disagrees.; I'm {g_age}.; The deadline is {$date}.; I'm torn.

gen_recipe:
    Give me a recipe for {s_dish}.
    What can I cook with {s_ingredient}, {s_ingredient} and {s_ingredient}?
    How do I make {s_dish} {rc_mod}?
    recipe {s_dish} for {$num} people
    I have {s_ingredient} and {s_ingredient}. Dinner ideas?{$mode_list}
    Can I substitute {s_ingredient} for {s_ingredient} in {s_dish}?
    Plan a {rc_diet} meal plan for a week.{$mode_list}
    What's a quick {rc_diet} lunch I can bring to work?
    how long do I bake {s_dish} at {$num} degrees

rc_mod::
    without an oven; vegan; gluten-free; in under 30 minutes; in an air fryer; for a crowd; like my grandma did

rc_diet::
    high-protein; vegetarian; low-carb; budget; Mediterranean; dairy-free; kid-friendly

gen_roleplay:
    Pretend you are {rp_role}. {rp_task}
    Let's play a game: you are {rp_role} and I am {rp_me}. {rp_task}
    You are {rp_role}. Stay in character. {rp_task}
    Act as my {rp_coach}. {rp_task}
    [roleplay|role-play|rp] as {rp_role}[ please| pls|!|]
    I want you to act as a {rp_coach}. I will describe {rp_desc} and you will {rp_will}.

rp_role::
    a pirate captain; Sherlock Holmes; a grumpy medieval innkeeper; my future self; a tour guide in {s_city};
    a job interviewer at a tech company; a Socratic tutor; a dungeon master; an alien visiting Earth;
    a 1920s detective; a customer service agent; a famous chef

rp_me::
    a lost traveller; a new recruit; a detective; a journalist; your apprentice; a shy customer

rp_task::
    Start the scene.; Greet me.; Ask me three questions.; Tell me about your day.; Describe the room.;
    I'll go first: "Hello?"

rp_coach::
    interview coach; language partner; fitness coach; therapist; debate opponent; career counsellor; stand-up comedian

rp_desc::
    my situation; a scenario; my symptoms; my argument; my business idea

rp_will::
    give feedback; respond in character; point out weaknesses; ask follow-up questions; correct my mistakes

gen_smalltalk:
    {st_greet}{st_punct}
    {st_greet}, how are you{st_punct}
    [tell me|give me|I need] a [joke|pun|dad joke|knock-knock joke|funny story][| about {tj_about}| please| lol|, I had a long day]
    [what's up|sup|how's it going|how are you today|how's your day]{st_punct}
    I'm [bored|tired|stressed|happy|sad|hungry][| lol|, talk to me|. what should I do?| at work| today]
    [Do you have feelings|Are you conscious|Do you dream|Are you alive|Do you ever get tired|Can you think]?
    what's your favourite {st_fav}[?| and why?| of all time?]
    [thank you|thanks|thx|ty|thanks a lot]{st_punct}
    [can you help me|I need help|help me please|are you there]{st_punct}
    [lol|haha|lmao|ok|cool|nice|wow|hmm]{st_punct}
    [who are you|what are you|who made you|what can you do|what's your name]{st_punct}
    I just got a {st_news}{st_punct}
    Can we just chat for a bit? [I'm|Feeling] {st_mood}.
    Recommend me a {st_fav} for tonight[| - something {st_mood_adj}| like {tv_book}].

st_greet::
    hi; hello; hey; good morning; good evening; yo; hiya; howdy; hey there; morning; hi again; hello hello

st_punct:
    [|!|!!| :)|?|.| 👋| 😊| there]

st_mood::
    lonely; bored; excited; nervous; curious; a bit down; in a good mood; sleepy

st_mood_adj::
    funny; short; scary; uplifting; light; thoughtful; weird; cosy

tj_about::
    programmers; cats; accountants; the weather; coffee; Mondays; physics; my boss; dentists

st_fav::
    movie; book; song; board game; podcast; TV show; video game

st_news::
    new puppy; promotion; new job; new apartment; bad grade; parking ticket

gen_business:
    Write a business plan for {bz_biz} in {s_city}.
    Create a SWOT analysis for {bz_biz}.
    What's a good pricing strategy for {bz_biz}?
    Give me {$num} marketing ideas for {bz_biz} with a budget of {$money}.{$mode_list}
    Draft an agenda for a {$num}-minute meeting about {ph_noun}.{$mode_list}
    How should I pitch {bz_biz} to investors? We have {$num} customers and {$money} MRR.
    Write OKRs for a {em_dept} team focused on {ph_noun}.
    Our churn went from {$pct} to {$pct} last quarter. What questions should I ask my team?
    Summarize the pros and cons of {bz_model} for {bz_biz}.
    Write a job description for a {s_job} at {s_company}.
    Create a customer persona for {bz_biz}.
    Come up with a name and slogan for {bz_biz}.
    We're {s_company}, a company selling {pr_noun}s in {s_country}. {bz_question}

bz_biz:
    a {bz_adj} {bz_kind}
    {a} {bz_kind} for {ph_for}
    my {bz_kind}

bz_adj::
    small; local; online; eco-friendly; mobile; subscription-based; family-run; premium; pop-up

bz_kind::
    coffee shop; bakery; dog-walking service; bike repair shop; tutoring company; SaaS tool; food truck;
    yoga studio; cleaning business; bookstore; photography studio; consulting firm; candle brand

bz_model::
    franchising; a subscription model; freemium; opening a second location; selling on Amazon; raising a seed round

bz_question::
    How do we enter the {s_country} market?; Should we raise prices?; How do we reduce returns?;
    What KPIs should we track?; How do we compete with cheaper imports?

gen_explain:
    Explain {s_topic} like I'm five.
    Can you explain how {tp_thing} work?
    What are the pros and cons of {ex_thing}?
    Compare {ex_thing} and {ex_thing}.
    Is {ex_thing} worth it?
    Why do people {ex_why}?
    Give me a history of {tp_thing} in {$num} sentences.

ex_thing::
    electric cars; renting; nuclear energy; remote work; homeschooling; intermittent fasting; index funds;
    e-readers; solar panels; a gap year; standing desks; learning Latin; buying a house; a master's degree

ex_why::
    procrastinate; believe in conspiracy theories; tip in restaurants; get hiccups; dream; yawn; collect stamps

gen_misc:
    What should I name my {ms_pet}?
    Give me a {$num}-day itinerary for {s_city}.{$mode_list}
    packing list for {$num} days in {s_country} in {ms_season}{$mode_list}
    What are some good gift ideas for my {w_rel} who loves {ms_hobby}?{$mode_list}
    Plan a birthday party for a {g_age}-year-old who likes {ms_hobby}.
    Write a riddle about {ms_riddle}.
    Give me a workout I can do at home in {$num} minutes.
    What's a good book about {s_topic}?
    Help me write a dating profile. I like {ms_hobby} and {ms_hobby}.
    how do I get {ms_stain} out of {a} {ms_fabric}[| fast| without bleach]
    Make a weekly cleaning schedule for a {$num}-bedroom flat.{$mode_list}
    is it safe to travel to {s_country} right now?
    [Give me|Make up|Invent] a mnemonic to remember {ms_mnem}[.| for my exam.| that's funny.]
    Ideas for a team-building activity for {$num} people?{$mode_list}

ms_riddle::
    time; a shadow; the moon; coffee; a key; fire; an echo; a map; a candle; the letter e; a clock; a river

ms_pet::
    cat; dog; goldfish; hamster; sourdough starter; robot vacuum; car; plant

ms_season::
    winter; spring; July; the rainy season; autumn; December

ms_hobby::
    gardening; hiking; jazz; board games; photography; anime; cooking; knitting; climbing; chess; cycling

ms_stain::
    red wine; coffee; grease; ink; blood; mud; curry; chocolate; lipstick; grass stains

ms_fabric::
    white shirt; carpet; sofa; wool sweater; tablecloth

ms_mnem::
    the planets; the order of operations; the cranial nerves; the Great Lakes; the colours of the rainbow;
    the first {$num} digits of pi; the bones of the hand; the OSI layers; the noble gases; the US presidents;
    the wives of Henry VIII; the taxonomy ranks; the {$num} steps of our onboarding

fu_general:
    Can you make it {fug_adj}?
    {^fug_adj}, please.
    Now translate it into {s_hlang}.
    I like it but change the {fug_part}.
    Add something about {s_phrase}.
    Give me {$num} more options.
    That's good. Now write a shorter version for {fug_where}.
    can you make it sound less like AI
    What if the budget is only {$money}?
    Thanks. How would this change if I lived in {s_country}?
    Could you turn that into a checklist?

fug_adj::
    shorter; longer; funnier; more formal; more casual; warmer; less cheesy; more specific; simpler

fug_part::
    ending; opening line; title; second paragraph; tone; last sentence

fug_where::
    a tweet; a text message; a slide; an email subject line

tu_general:
    {gen_trivia}
    {gen_smalltalk}
    {gen_advice}
    {gen_recipe}
    Translate to {s_hlang}: "{tr_phrase}"
`
