package textgen

// Long-horizon prompts: multi-step projects over milestones, migrations,
// multi-chapter plans, research programmes, long specifications.
const srcLong = `
ff_long:
    {lh_build}
    {lh_build}
    {lh_migrate}
    {lh_migrate}
    {lh_plan}
    {lh_research}
    {lh_spec}
    {lh_spec}
    {lh_continue}
    {lh_book}

lh_build:
    I want to build {a} {s_app} over the next {$small} weeks. Break it into milestones with deliverables for each.
    Help me plan and build {a} {s_app} from scratch: architecture, data model, API, frontend, tests, deployment. We are {$small} developers.
    Let's build {a} {s_app} together, step by step. We'll go milestone by milestone; start with milestone 1 and tell me what to do first.
    Act as a tech lead. Create a {$small}-sprint plan to ship {a} {s_app} using {cd_fw} and {lh_db}. Include risks and dependencies.
    I'm a solo founder. Walk me through building {a} {s_app} end to end over {$small} months, including what to build first, what to postpone and how to get the first {$num} users.
    Build a complete {s_app} in {s_plang}: {lh_req}; {lh_req}; {lh_req}; {lh_req}. Implement it module by module and keep a running TODO list.

lh_db::
    Postgres; MongoDB; SQLite; DynamoDB; MySQL; Redis; Supabase; Firestore

lh_req::
    users can sign up and log in; admins can export reports; data syncs offline; payments via Stripe;
    e-mail notifications; role-based access control; audit log of every change; full-text search;
    multi-language UI; a public REST API; import from CSV; dashboards with charts; webhooks for integrations

lh_migrate:
    We need to migrate our {lh_from} codebase ({$int} lines, {$num} services) to {lh_to}. Give me a phased migration plan with rollback points.
    Plan the migration of our monolith to microservices. We have {$small} engineers and {$small} months. What goes first?
    How do we move {$int} users from {lh_db} to {lh_db} with zero downtime? Step-by-step plan please.
    Migrate this project from {lh_from} to {lh_to}, file by file. Start by listing the files you need to see.
    Upgrade our app from {lh_old} to {lh_new}. There are {$num} deprecated APIs in use. Plan it over several releases.

lh_from::
    Python 2; AngularJS; jQuery; Java 8; PHP 5; .NET Framework; Perl; Objective-C; Rails 4; COBOL

lh_to::
    Python 3.12; React; TypeScript; Java 21; Go; .NET 8; Kotlin; Swift; Kubernetes; AWS; serverless functions

lh_old::
    React 16; Django 2; Spring Boot 2; Vue 2; Node 12; Angular 8

lh_new::
    React 19; Django 5; Spring Boot 3; Vue 3; Node 22; Angular 18

lh_plan:
    Write a detailed {$small}-month plan to {lh_goal}, with weekly goals and checkpoints.
    Create a {$small}-week curriculum to {lh_goal}. For each week: topics, exercises, and a mini-project.
    Give me a step-by-step roadmap to {lh_goal}. Include milestones, resources and how to measure progress.
    Plan the launch of {s_phrase}: timeline from kickoff to launch day, owners, budget of {$money}, and a risk register.
    Draft a 12-month strategic plan for {s_company}: market analysis, goals per quarter, initiatives, KPIs and a hiring plan.

lh_goal::
    learn machine learning from zero; become a full-stack developer; prepare for the bar exam; run a marathon;
    write and publish a novel; get my team SOC 2 compliant; launch a podcast; open a restaurant;
    transition into product management; pass the AWS solutions architect exam; renovate our house

lh_research:
    Design a research programme to study {s_topic} over {$small} months: research questions, methods, data collection, analysis and publications.
    I'm starting a PhD on {s_topic}. Help me plan the next {$small} years: literature review, experiments, papers, thesis chapters.
    Outline a multi-phase study comparing {ex_thing} and {ex_thing}: hypotheses, sample size of {$int}, phases, and analysis plan.
    Plan a literature review on {s_topic}: search strategy, inclusion criteria, screening stages, synthesis and write-up, week by week.

lh_spec:
    Here is the spec for our new {s_app}:\n\n1. {lh_req}\n2. {lh_req}\n3. {lh_req}\n4. {lh_req}\n5. {lh_req}\n6. {lh_req}\n\nNon-functional: {lh_nfr}; {lh_nfr}; {lh_nfr}.\n\nProduce an implementation plan, a task breakdown with estimates, and the order of work.
    Requirements document:\n- Goal: {a} {s_app}\n- Users: {ph_for}\n- Must: {lh_req}; {lh_req}; {lh_req}\n- Should: {lh_req}; {lh_req}\n- Won't: {lh_req}\n- Constraints: {lh_nfr}; budget {$money}; launch by {$date}\n\nTurn this into epics, stories and a {$small}-sprint plan.
    Specification v{$num}:\n{para}\n\nAcceptance criteria:\n- {lh_req}\n- {lh_req}\n- {lh_req}\n- {lh_nfr}\n\nImplement this across multiple PRs. Describe each PR.

lh_nfr::
    p99 latency under {$num} ms; 99.9% uptime; GDPR compliant; runs on a single {$num} GB VM; WCAG 2.1 AA;
    handles {$int} requests per minute; all data encrypted at rest; zero-downtime deploys

lh_continue:
    Continue with milestone {$num} of the plan. Implement the {ph_thing} and update the checklist.
    We finished phase {$num}. Review what's done, update the plan, and start phase {$num}.
    Next step of the migration: {ph_verb} the {ph_thing}. Show the code changes and the tests.
    Status: {$num} of {$num} tasks done. Remaining: {ph_thing}, {ph_thing}, {ph_thing}. Plan the rest of the week.

lh_book:
    Help me write a {$small}-chapter book about {s_topic}. Start with a chapter-by-chapter outline, then we'll write each chapter.
    Plan a {$small}-part online course on {s_topic}: modules, lessons, assignments and a final project.
    Write a full outline for a non-fiction book on {s_phrase}, with {$small} chapters and 3-5 sections each.

fu_long:
    Great, now expand milestone {$num} into tickets.
    Let's start. What's the first task?
    Move the {ph_thing} to phase {$num}.
    We lost one engineer. Replan.
    Done with step {$num}. Next?
    Add estimates in days to each task.
    Now write the code for the {ph_thing}.

tu_long:
    Plan a {$small}-week project to build {a} {s_app}.
    {lh_continue}
`
