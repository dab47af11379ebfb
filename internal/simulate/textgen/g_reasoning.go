package textgen

// Reasoning prompts: word problems (numbers drawn and answers computed in
// mathgen.go), logic puzzles, proofs, probability, code tracing, physics
// and finance.
const srcReasoning = `
ff_reasoning:
    {$math}
    {$math}
    {$math}
    {rz_wrap}
    {rz_wrap}
    {rz_wrap}
    {rz_logic}
    {rz_logic}
    {rz_proof}
    {rz_prob}
    {rz_seq}
    {rz_code}
    {rz_riddle}
    {rz_misc}
    {rz_multi}

rz_wrap:
    Solve: {$math}
    {$math} Show your work.
    can u help with my homework? {$math}
    My kid's math homework: {$math} How do I explain it to a {g_age}-year-old?
    Problem {$num}. {$math}
    {$math}\nAnswer:
    Q: {$math}\nA:
    Question: {$math}
    I got {$num} for this but the book says otherwise: {$math}
    Here's a word problem. {$math} Please give just the number.
    {$math} (give the answer with units)

rz_logic:
    On an island, knights always tell the truth and knaves always lie. {%name} says: "{%name2} is a knave." {%name2} says: "We are both knights." Who is a knight and who is a knave?
    On an island of knights (truth-tellers) and knaves (liars), you meet {%name}, {%name2} and {$name}. {%name} says "{lg_claim}". {%name2} says "{lg_claim}". What can you conclude?
    {%name}, {%name2}, {$name} and {$name} ran a race. {lg_clue} {lg_clue} {lg_clue} Who finished {lg_place}?
    If all {lg_a} are {lg_b} and some {lg_b} are {lg_c}, does it follow that some {lg_a} are {lg_c}?[ Explain.| Justify your answer.|]
    Three boxes are labelled "{%items}", "{lg_fruit}" and "mixed", and every label is wrong. You may take one {%item} from one box. How do you relabel all the boxes?
    {$num} people are in a room and each shakes hands with everyone else once. How many handshakes are there?[| What if {$num} more people join?]
    {%name} says {%name2} is lying. {%name2} says {$name} is lying. {$name} says {%name} and {%name2} are both lying. Who is telling the truth?
    There are {$small} light switches outside a room with {$small} bulbs inside. You can enter the room only once. How do you tell which switch controls which bulb?
    Five houses in a row are painted different colours. The {lg_col} house is directly left of the {lg_col} one. {%name} lives in the middle house. {lg_clue} Who owns the {lg_pet}?
    Is the following argument valid? "If {lg_if}, {lg_then}. {lg_obs}. Therefore {lg_concl}."
    Every {lg_a_sing} I know is {lg_adj}. {%name} is {lg_adj}. Is {%name} {a} {lg_a_sing}? Why or why not?
    {%name} is taller than {%name2}, {%name2} is taller than {$name}, and {$name} is taller than {$name}. Who is the [shortest|tallest|second tallest]?
    A clock shows {$time}. What is the angle between the hour and minute hands?
    {%name} has {$num} {%items} and {%name2} has twice as many minus {$num}. Who has more, and by how much?

lg_claim::
    At least one of us is a knave; We are the same type; I am a knave or {s_name} is a knight; Exactly one of us is a knight;
    {s_name} would say I am a knave; All of us are knights

lg_fruit::
    oranges; pears; lemons; plums; limes

lg_pet::
    fish; parrot; zebra; cat; tortoise

lg_if::
    it rains; the alarm rings; the store is open; {s_name} studies; the price drops; the server is up

lg_then::
    the match is cancelled; everyone leaves; the lights are on; {s_name} passes; sales go up; the tests pass

lg_obs::
    The match was not cancelled; Nobody left; The lights are off; {s_name} failed; Sales went down; The tests failed

lg_concl::
    it did not rain; the alarm did not ring; the store was closed; {s_name} did not study; the price did not drop; the server was down

lg_clue::
    {s_name} finished before {s_name}.; {s_name} was not last.; {s_name} finished right after {s_name}.;
    {s_name} beat exactly two people.; Nobody finished between {s_name} and {s_name}.

lg_place::
    first; last; second; third

lg_a::
    bloops; doctors; cats; squares; engineers; poets

lg_a_sing::
    bloop; doctor; cat; square; engineer; poet

lg_b::
    razzies; graduates; mammals; rectangles; problem solvers; dreamers

lg_c::
    lazzies; runners; pets; rhombuses; musicians; night owls

lg_adj::
    tall; clever; left-handed; punctual; quiet

lg_col::
    green; white; red; blue; yellow

rz_proof:
    {^rz_prove} that the sum of [two|any two] odd [numbers|integers] is even[.| using algebra.| by cases.|?]
    {^rz_prove} that the square root of {rz_prime} is irrational[.| by contradiction.|?]
    {^rz_prove} by induction that 1 + 2 + ... + n = n(n+1)/2[.| for all n >= 1.]
    {^rz_prove} that there are infinitely many primes[.| of the form 4k+3.| (Euclid's argument).]
    {^rz_prove} that n^3 - n is divisible by 6 for every integer n[.|?]
    {^rz_prove} that if a divides b and b divides c, then a divides c.
    {^rz_prove} that every tree with n vertices has n - 1 edges[.| by induction.]
    {^rz_prove} that for every n >= {$num}, 2^n > n^2.
    {^rz_prove} that the product of any {rz_k} consecutive integers is divisible by {rz_k}!.
    {^rz_prove} that there is no largest [even|prime|odd] number
    Prove or disprove: every continuous function on \[0, {$num}\] is differentiable.
    {^rz_prove} that the angles of a triangle sum to 180 degrees[.| using parallel lines.]
    {^rz_prove} that {$num}^n - 1 is divisible by {rz_k} for every n >= 1, or find a counterexample.
    {^rz_prove} that the {rz_mean} of two positive numbers is at least their {rz_mean2}.

rz_prove::
    prove; show; can you prove; give a proof; demonstrate rigorously; help me prove; write a formal proof

rz_mean::
    arithmetic mean; quadratic mean

rz_mean2::
    geometric mean; harmonic mean

rz_prime::
    2; 3; 5; 7; 11; 13

rz_k::
    2; 3; 4

rz_prob:
    A bag has {$num} red and {$num} blue marbles. Two are drawn without replacement. What is the probability that both are red?
    You roll two fair dice. What is the probability that the sum is {rz_sum}?
    You roll {rz_k} fair dice. What is the probability that [all show the same number|at least one shows a six|the sum is {$num}]?
    If I flip a fair coin {$num} times, what is the probability of getting at least {rz_k} heads?
    How many people do you need in a room for a better than {$pct} chance that two share a birthday?
    In the Monty Hall problem with {$num} doors, should you switch? Explain.
    A test for a disease is {$pct} accurate and the disease affects 1 in {$int} people. If I test positive, what is the chance I have it?
    What's the expected number of rolls of a {rz_die} until you get a {rz_face}?
    A committee of {rz_k} is chosen from {$num} people. In how many ways can this be done?
    {%name} wins a game with probability {$pct}. What is the chance {%name} wins at least {rz_k} of the next {$num} games?

rz_die::
    fair die; six-sided die; d20; d8; loaded die that shows six half the time

rz_face::
    six; one; 20; even number; number above 4

rz_sum::
    2; 3; 5; 7; 9; 10; 11; 12

rz_seq:
    What comes next: {$seq}, ?
    Find the pattern and the next two terms: {$seq}
    next number in the sequence {$seq}
    {$seq}, ... what's the rule?

rz_code:
    What does this code print?\n\n{$code}
    Trace through this function by hand for a small input and tell me the output:\n{$code}
    Without running it, what is the value of the result after this code runs?\n{$codeshort}
    Is this loop guaranteed to terminate? Reason about it.\n{$code}

rz_riddle:
    A {%item} and a bag cost $1.10 in total. The {%item} costs $1.00 more than the bag. How much does the bag cost?
    If it takes {rz_m} machines {rz_m} minutes to make {rz_m} widgets, how long would it take {$num} machines to make {$num} widgets?
    A lily pad patch doubles in size every day. If it takes {$num} days to cover the lake, how long to cover half?
    I have two coins that add up to {rz_cents} cents and one of them is not a {rz_coin}. What are they?
    How can you measure exactly {rz_l} litres with a {rz_l}-litre and a {rz_l}-litre jug?
    A farmer has {$num} sheep and all but {rz_k} die. How many are left?
    {%name} is {$num} and {%name}'s sister is half that age. When {%name} is {$num}, how old is the sister?

rz_m::
    3; 5; 7; 4

rz_cents::
    30; 35; 55; 15; 26

rz_coin::
    nickel; dime; quarter; penny

rz_l::
    2; 3; 4; 5; 6; 7; 9

rz_misc:
    A ball is thrown straight up at {$num} m/s. How high does it go? Use g = 9.8 m/s^2.
    What is the NPV of a project costing {$money} that returns {$money} a year for {rz_k} years at a {$pct} discount rate?
    A car's value drops {$pct} a year. After how many years is it worth half its price?
    If a population grows {$pct} per year, how long until it doubles?
    Solve for x: {$num}x + {$num} = {$num}.
    Solve the system: 2x + 3y = {$num}, x - y = {$num}.
    Find the derivative of x^{rz_k} * sin({$num}x).
    Integrate x^{rz_k} * e^x from 0 to {$num}.
    What is {$num}% of {$int}?
    A rectangle has perimeter {$num} and area {$num}. Find its sides.
    How many trailing zeros does {$num}! have?

rz_multi:
    Here are {rz_k} problems from my worksheet:\n1. {$math}\n2. {$math}\n3. {$math}
    {$math} Also: {$math}
    Two questions. First: {$math} Second: {$math}
    I'm studying for a test. Can you check my approach? {$math} I set it up as {$num} x {$num} and got {$num}, but I'm not sure that's right because {rz_doubt}.
    Long one, sorry. {$math} After that, {%name} {rz_more}. {rz_follow} Please explain each step so I can show my teacher.

rz_doubt::
    the answer seems too big; I forgot about the leftover; my friend got a different number; the units don't match;
    I think I should have divided first

rz_more::
    spends half of what is left; doubles the amount; gives away {$num} more; buys {$num} more at {$money} each

rz_follow::
    How much is left at the end?; What is the final total?; How many does that make in all?; What fraction remains?

fu_reasoning:
    Why did you multiply there?
    I don't get step {$num}.
    What if it were {$num} instead?
    Are you sure? I got {$num}.
    Can you check the answer another way?
    Explain it more simply.
    Now do a harder one.

tu_reasoning:
    {$math}
    {rz_riddle}
    What is {$num} times {$num}?
`

// Word problem wordings (mq_) and worked solutions (ms_), one pair per
// mathKind; {%d0}… are the numbers, {%ans} the answer.
const srcMath = `
mq_buy_give:
    {%name} has {%d0} {%items}. {%name} buys {%d1} more at the {%place} and then gives {%d2} to a friend. How many {%items} does {%name} have now?
    {%name} had {%d0} {%items} in a box. After buying another {%d1}, {%name} gave {%d2} away. How many {%items} are left?
    There are {%d0} {%items} in a basket. {%name} adds {%d1} more, then {%d2} are taken out. How many {%items} are in the basket now?
    Starting with {%d0} {%items}, {%name} gets {%d1} more and later hands {%d2} to a neighbour. How many does {%name} end up with?

ms_buy_give:
    Step 1: Start with {%d0} {%items} and add the {%d1} new ones: {%d0} + {%d1} = {%d3}.\nStep 2: Subtract the {%d2} given away: {%d3} - {%d2} = {%ans}.\nSo {%name} has {%ans} {%items}.
    First, {%d0} + {%d1} = {%d3} {%items} in total.\nThen {%d3} - {%d2} = {%ans}.\nThe answer is {%ans}.

mq_boxes:
    {%name} buys {%d0} boxes of {%items}. Each box holds {%d1} {%items}. On the way home {%d2} {%items} get damaged. How many good {%items} are left?
    A shop receives {%d0} crates with {%d1} {%items} in each. {%d2} of them are broken. How many {%items} can be sold?
    There are {%d0} packs of {%items} with {%d1} in every pack. If {%name} uses {%d2}, how many {%items} remain?

ms_boxes:
    Step 1: Total {%items}: {%d0} x {%d1} = {%d3}.\nStep 2: Remove the {%d2} damaged ones: {%d3} - {%d2} = {%ans}.\nThere are {%ans} {%items} left.
    {%d0} boxes times {%d1} each is {%d3}. Taking away {%d2} leaves {%ans}.\n#### {%ans}

mq_wage:
    {%name} earns {%d0} an hour and works {%d1} hours a day. How much does {%name} earn in {%d2} days?
    A part-time job pays {%d0} per hour. If {%name} works {%d1} hours each day for {%d2} days, what is the total pay?
    {%name} is paid {%d0}/hour. Working {%d1} hours daily, how much will {%name} make over {%d2} days?

ms_wage:
    Step 1: Daily pay = {%d0} x {%d1} = {%d3}.\nStep 2: Over {%d2} days: {%d3} x {%d2} = {%ans}.\n{%name} earns {%ans}.
    Per day: {%d1} hours x {%d0} = {%d3}. For {%d2} days: {%ans}.

mq_discount:
    A {%item} costs {%d0}. The {%place} offers {%d1} off. How much do {%d2} of them cost after the discount?
    {%name} wants to buy {%d2} {%items} priced at {%d0} each. There is a {%d1} discount. What is the total?
    The regular price of a {%item} is {%d0}. During a sale everything is {%d1} off. What does {%name} pay for {%d2}?

ms_discount:
    Step 1: The discount is {%d1} of {%d0}, so one costs {%d3}.\nStep 2: For {%d2}: {%d3} x {%d2} = {%ans}.\nTotal: {%ans}.
    Sale price = {%d0} x (1 - {%d1}) = {%d3}. Times {%d2} gives {%ans}.

mq_speed:
    {%name} drives at {%d0} {%unit} per hour for {%d1} hours, then at {%d2} {%unit} per hour for {%d3} hours. How far does {%name} travel in total?
    A train travels {%d1} hours at {%d0} {%unit}/h and then {%d3} hours at {%d2} {%unit}/h. What is the total distance?
    {%name} cycles for {%d1} hours at {%d0} {%unit}/h, rests, then rides {%d3} more hours at {%d2} {%unit}/h. How many {%unit} in all?

ms_speed:
    Step 1: First part: {%d0} x {%d1} = {%d4} {%unit}.\nStep 2: Second part: {%d2} x {%d3} = {%d5} {%unit}.\nStep 3: Total: {%d4} + {%d5} = {%ans} {%unit}.
    Distance = speed x time. {%d4} + {%d5} = {%ans} {%unit}.

mq_age:
    {%name} is {%d0} years older than {%name2}. In {%d1} years, the sum of their ages will be {%d2}. How old is {%name2} now?
    In {%d1} years {%name} and {%name2} will together be {%d2} years old. {%name} is {%d0} years older. What is {%name2}'s age today?
    The sum of {%name}'s and {%name2}'s ages in {%d1} years will be {%d2}. If {%name} is {%d0} years older than {%name2}, how old is {%name2}?

ms_age:
    Step 1: Let {%name2}'s age be b. Then {%name} is b + {%d0}.\nStep 2: In {%d1} years: (b + {%d1}) + (b + {%d0} + {%d1}) = {%d2}.\nStep 3: 2b = {%d2} - {%d0} - {%d4} = {%d3}, so b = {%ans}.\n{%name2} is {%ans}.
    2b + {%d0} + {%d4} = {%d2}, so 2b = {%d3} and b = {%ans}.

mq_fraction:
    {%name} has {%d0} {%items}. {%name} gives 1/{%d1} of them to a friend and {%d2} to a sister. How many are left?
    Out of {%d0} {%items}, 1/{%d1} of them go to school and {%d2} more are eaten. How many {%items} remain?
    {%name} collected {%d0} {%items}, gave away a 1/{%d1} share, then lost {%d2}. How many does {%name} have?

ms_fraction:
    Step 1: 1/{%d1} of {%d0} is {%d3}.\nStep 2: {%d0} - {%d3} = {%d4}.\nStep 3: {%d4} - {%d2} = {%ans}.\nAnswer: {%ans}.
    {%d0} / {%d1} = {%d3}; {%d0} - {%d3} - {%d2} = {%ans}.

mq_savings:
    {%name} wants a bike that costs {%d0}. {%name} has {%d1} saved and puts aside {%d2} every week. How many weeks until {%name} can buy it?
    A laptop costs {%d0}. {%name} already has {%d1} and saves {%d2} per week. After how many weeks can {%name} afford it?
    {%name} needs {%d0} for a trip, has {%d1}, and saves {%d2} a week. How many weeks of saving are needed?

ms_savings:
    Step 1: Still needed: {%d0} - {%d1} = {%d3}.\nStep 2: Weeks: {%d3} / {%d2} = {%ans}.\nSo {%ans} weeks.
    {%d3} remaining divided by {%d2} per week is {%ans} weeks.

mq_fence:
    A rectangular garden is {%d0} m long and {%d1} m wide. Fencing costs {%d2} per metre. How much does it cost to fence the garden?
    {%name} wants to put a fence around a {%d0} m by {%d1} m yard. If fencing is {%d2} a metre, what is the cost?
    What does it cost to fence a field of {%d0} m x {%d1} m at {%d2} per metre?

ms_fence:
    Step 1: Perimeter = 2 x ({%d0} + {%d1}) = {%d3} m.\nStep 2: Cost = {%d3} x {%d2} = {%ans}.
    2({%d0} + {%d1}) = {%d3} metres; {%d3} x {%d2} = {%ans}.

mq_recipe:
    A recipe needs {%d0} cups of flour for {%d1} servings. How many cups are needed for {%d2} servings?
    {%name} is cooking for {%d2} people. The recipe uses {%d0} cups of rice for {%d1} people. How much rice is needed?
    To make {%d1} portions you need {%d0} cups of milk. How many cups for {%d2} portions?

ms_recipe:
    Step 1: Scale factor: {%d2} / {%d1} = {%d3}.\nStep 2: {%d0} x {%d3} = {%ans} cups.
    {%d2} servings is {%d3} times {%d1}, so {%d0} x {%d3} = {%ans}.

mq_bill:
    {%d1} friends have dinner and the bill is {%d0}. They add a {%d2} tip and split everything equally. How much does each pay?
    The restaurant bill for {%d1} people comes to {%d0}. With a {%d2} tip, what is each person's share?
    {%name} and friends ({%d1} people in total) owe {%d0} plus a {%d2} tip. Split evenly, what does each person pay?

ms_bill:
    Step 1: Tip included: {%d0} x (1 + {%d2}) = {%d3}.\nStep 2: Per person: {%d3} / {%d1} = {%ans}.
    Total with tip {%d3}; divided by {%d1} = {%ans} each.

mq_work:
    {%name} can paint a fence in {%d0} hours and {%name2} can do it in {%d1} hours. How long will it take them together?
    One pipe fills a tank in {%d0} hours and another in {%d1} hours. How long do both pipes together take?
    Working alone, {%name} finishes a job in {%d0} hours; {%name2} needs {%d1} hours. Working together, how many hours?

ms_work:
    Step 1: Rates: 1/{%d0} + 1/{%d1} = {%d3}/{%d2} per hour.\nStep 2: Time = {%d2}/{%d3} = {%ans} hours.
    Combined rate is 1/{%d0} + 1/{%d1}; invert it: {%ans} hours.

mq_increase:
    A {%item} cost {%d0} last year. The price went up by {%d1}. What does it cost now?
    Rent was {%d0} per month and increases by {%d1}. What is the new rent?
    {%name}'s salary of {%d0} is raised by {%d1}. What is the new salary?

ms_increase:
    Step 1: Increase = {%d0} x {%d1}.\nStep 2: New price = {%d0} x (1 + {%d1}) = {%ans}.
    {%d0} plus {%d1} is {%ans}.

mq_average:
    {%name} scored {%d0}, {%d1}, {%d2} and {%d3} on four tests. What score is needed on the fifth test to average {%d4}?
    After four exams ({%d0}, {%d1}, {%d2}, {%d3}), {%name} wants an average of {%d4} over five exams. What must the fifth score be?
    Test scores so far: {%d0}, {%d1}, {%d2}, {%d3}. Target average after five tests: {%d4}. Required fifth score?

ms_average:
    Step 1: Needed total: 5 x {%d4} = {%d6}.\nStep 2: Current total: {%d5}.\nStep 3: {%d6} - {%d5} = {%ans}.
    5 x {%d4} = {%d6}; {%d6} - {%d5} = {%ans}.

mq_compound:
    You invest {%d0} at {%d1} interest compounded yearly. How much is it worth after {%d2} years?
    {%name} deposits {%d0} in an account paying {%d1} per year, compounded annually. What is the balance after {%d2} years?
    What will {%d0} grow to in {%d2} years at an annual rate of {%d1}, compounded once a year?

ms_compound:
    Step 1: Growth factor: (1 + {%d1})^{%d2} = {%d3}.\nStep 2: {%d0} x {%d3} = {%ans}.
    A = P(1 + r)^n = {%d0} x {%d3} = {%ans}.

mq_fall:
    A stone is dropped from a height of {%d0} m. Ignoring air resistance, how long does it take to hit the ground? (g = 9.8 m/s^2)
    How many seconds does an object take to fall {%d0} metres from rest, with g = 9.8 m/s^2?
    {%name} drops a ball from a {%d0} m tower. How long until it lands? Use g = 9.8.

ms_fall:
    Step 1: h = (1/2) g t^2, so t = sqrt(2h/g).\nStep 2: 2h = {%d1}; {%d1}/9.8 = {%d2}.\nStep 3: t = sqrt({%d2}) = {%ans} s.
    t = sqrt(2 x {%d0} / 9.8) = sqrt({%d2}) = {%ans} seconds.

mq_ohm:
    A {%d0} V battery is connected to a {%d1} ohm resistor. What current flows, in milliamps?
    What is the current through a {%d1} ohm resistor with {%d0} volts across it? Answer in mA.
    Using Ohm's law, find I when V = {%d0} V and R = {%d1} ohms (give mA).

ms_ohm:
    Step 1: I = V / R = {%d0} / {%d1} A.\nStep 2: In milliamps: {%ans} mA.
    Ohm's law: I = {%d0}/{%d1} A = {%ans} mA.

mq_kinematics:
    A car starts at {%d0} m/s and accelerates at {%d1} m/s^2 for {%d2} s. How far does it travel?
    An object moving at {%d0} m/s speeds up uniformly at {%d1} m/s^2. What distance does it cover in {%d2} seconds?
    Initial velocity {%d0} m/s, acceleration {%d1} m/s^2, time {%d2} s. Find the displacement.

ms_kinematics:
    Step 1: s = ut + (1/2)at^2.\nStep 2: ut = {%d0} x {%d2} = {%d4} m.\nStep 3: (1/2)at^2 = {%d5} m.\nStep 4: s = {%ans} m. (Final speed: {%d3} m/s.)
    s = {%d4} + {%d5} = {%ans} m.

mq_loan:
    What is the monthly payment on a {%d0} loan at {%d1} annual interest over {%d2} years?
    {%name} takes a {%d2}-year mortgage of {%d0} at {%d1} a year. How much is each monthly payment?
    Compute the monthly instalment for borrowing {%d0} for {%d2} years at {%d1} APR.

ms_loan:
    Step 1: Monthly rate i = {%d1} / 12 = {%d4}%.\nStep 2: Number of payments n = {%d3}.\nStep 3: M = P i (1+i)^n / ((1+i)^n - 1) = {%ans}.
    With i = {%d4}% per month and n = {%d3}, the annuity formula gives {%ans} per month.

mq_trains:
    Two trains are {%d0} {%unit} apart and head toward each other at {%d1} and {%d2} {%unit}/h. After how many hours do they meet?
    {%name} and {%name2} start {%d0} {%unit} apart and drive toward each other at {%d1} {%unit}/h and {%d2} {%unit}/h. When do they meet?
    Two cyclists {%d0} {%unit} apart ride toward each other at {%d1} and {%d2} {%unit} per hour. How long until they meet?

ms_trains:
    Step 1: Closing speed = {%d1} + {%d2} = {%d3} {%unit}/h.\nStep 2: Time = {%d0} / {%d3} = {%ans} hours.
    {%d0} / ({%d1} + {%d2}) = {%ans} hours.

mq_tickets:
    Adult tickets cost {%d0} and child tickets cost {%d1}. A family buys {%d2} adult and {%d3} child tickets. What is the total?
    At the zoo, adults pay {%d0} and kids pay {%d1}. {%name} buys tickets for {%d2} adults and {%d3} children. How much is that?
    A show charges {%d0} per adult and {%d1} per child. What do {%d2} adults and {%d3} children pay altogether?

ms_tickets:
    Step 1: Adults: {%d2} x {%d0} = {%d4}.\nStep 2: Children: {%d3} x {%d1} = {%d5}.\nStep 3: Total: {%ans}.
    {%d4} + {%d5} = {%ans}.

mq_share:
    {%name} shares {%d0} {%items} equally among {%d1} friends. How many does each friend get, and how many are left over?
    {%d0} {%items} are split evenly between {%d1} kids. How many does each kid get?
    If {%d0} {%items} are packed into {%d1} equal bags, how many go in each bag?

ms_share:
    Step 1: {%d0} / {%d1} = {%ans} remainder {%d2}.\nEach gets {%ans}, with {%d2} left over.
    {%d1} x {%ans} = {%d0} - {%d2}, so each gets {%ans}.
`
