package textgen

// Coding prompts: implement, fix, explain, review, optimise, SQL, shell,
// tests, ports, concepts; with code, stack traces and diffs in {%lang}.
const srcCoding = `
ff_coding:
    {cd_implement}
    {cd_implement}
    {cd_implement}
    {cd_implement}
    {cd_fix}
    {cd_fix}
    {cd_fix}
    {cd_explain}
    {cd_explain}
    {cd_review}
    {cd_optimise}
    {cd_sql}
    {cd_shell}
    {cd_vague}
    {cd_vague}
    {cd_test}
    {cd_convert}
    {cd_concept}
    {cd_web}

cd_implement:
    Write a {%lang} function to {cd_task}.
    write a {%lang} function to {cd_task}
    Implement {$ident} in {%lang}. It should {cd_task}. {cd_constraint}
    Can you help me write code that can {cd_task}? I'm using {%lang}{cd_ver}.
    I need a {%lang} {cd_unit} to {cd_task}. {cd_constraint} {cd_constraint}
    Complete the following {%lang} function:\n\n{$codeshort}\n\nIt should {cd_task}.
    Build a {cd_app_thing} in {%lang} with {cd_fw}. {cd_constraint}
    how to {cd_task} in {%lang}
    Write a class {cd_class} in {%lang} with methods to {cd_task} and to {cd_task}.
    Given this:\n{$codeshort}\nextend it so that it can {cd_task}. Include tests.
    {%lang}: {cd_task}. {cd_constraint}
    I'm a beginner. How would I {cd_task} in {%lang}? Please explain each line.
    Write production-quality {%lang} code to {cd_task}. {cd_constraint} {cd_constraint} Add docstrings and type hints where the language has them.

cd_task::
    reverse a linked list; return the n-th Fibonacci number; parse a CSV file into a list of records;
    merge two sorted lists; check whether a string is a palindrome; find the longest common prefix of a list of strings;
    validate an email address; debounce a function; flatten a nested list; count word frequencies in a text file;
    implement an LRU cache with capacity {$num}; rate-limit requests to {$num} per second;
    retry a failing HTTP call with exponential backoff; convert Roman numerals to integers;
    detect a cycle in a directed graph; compute the running median of a stream of numbers;
    read a large log file and count errors per hour; download {$num} URLs concurrently;
    resize all images in a folder to {$num}px wide; parse ISO 8601 dates with time zones; serialise a binary tree;
    find all anagrams in a list of words; generate a random password of length {$num};
    paginate through a REST API until there are no more pages; find the shortest path with Dijkstra's algorithm;
    deduplicate customer records by e-mail; send an e-mail with an attachment; upload a file to S3;
    watch a directory for new files; compute the edit distance between two strings; transpose a matrix;
    implement binary search on a rotated array; schedule jobs with a priority queue; tokenize arithmetic expressions;
    build a trie and search by prefix; throttle a websocket client; chunk a list into groups of {$num};
    sum the values of a nested JSON object; rotate an image 90 degrees; implement a thread-safe counter;
    convert between Celsius and Fahrenheit; detect duplicate files by hash; parse command-line flags;
    implement the game of life; solve sudoku with backtracking; find the k most frequent elements

cd_constraint::
    No external libraries.; It must handle empty input.; Keep it under {$num} lines.; Use recursion.;
    Don't use recursion.; It has to be O(n).; Make it async.; Add error handling.; Use only the standard library.;
    It should work with very large inputs.; Make it thread-safe.; Include a main function with an example.;
    Write it in a functional style.; Add logging.

cd_ver:
    [| 3.12| 18| 1.22| 17| (2021 edition)| 20| 8|, latest version]

cd_unit::
    function; class; script; module; CLI tool; helper; service; decorator; middleware

cd_app_thing::
    REST API; CLI; web scraper; Discord bot; todo app; chat server; URL shortener; file uploader; key-value store

cd_fw::
    FastAPI; Express; Spring Boot; Gin; Actix; Flask; Django; React; Next.js; Rails; Laravel; no framework

cd_class:
    {^cd_cls_a}{^cd_cls_b}

cd_cls_a::
    bank; inventory; parking; library; order; user; task; cache; rate; event; matrix; shopping

cd_cls_b::
    account; manager; lot; catalog; queue; registry; store; limiter; bus; tracker; cart; pool

cd_fix:
    I get this error:\n\n{$trace}\n\nHere's my code:\n\n{$code}\n\nWhat's wrong?
    why does this {%lang} code throw {cd_errname}?\n{$code}
    {$code}\n\nthis doesnt work. fix it
    My {%lang} script fails with:\n{$trace}\nAny idea?
    Can you find the bug?\n\n{$code}\n\nExpected {cd_expect}, got {cd_got}.
    This test keeps failing on CI but passes locally:\n\n{$code}\n\n{$trace}
    Getting "{cd_errline}" when I run \b{s_shell}\b. How do I fix it?
    Help! Production is down. Logs:\n{$trace}
    {$trace}
    fix:\n{$code}
    I've been stuck on this for {$num} hours. {$trace}\n\nRelevant code:\n{$code}

cd_errname::
    a NullPointerException; a KeyError; a segfault; an IndexError; "undefined is not a function"; a deadlock;
    a borrow checker error; a TypeError; a stack overflow; a ConcurrentModificationException; a timeout

cd_expect::
    {$num}; an empty list; "ok"; true; the sorted array; 200

cd_got::
    {$num}; None; undefined; false; an infinite loop; 500; a crash

cd_errline::
    permission denied; command not found; port is already allocated; ModuleNotFoundError; EADDRINUSE;
    cannot find symbol; unresolved import; SSL: CERTIFICATE_VERIFY_FAILED; out of memory; no space left on device

cd_explain:
    What does this code do?\n\n{$code}
    Explain this {%lang} snippet line by line:\n{$code}
    can someone explain {cd_concept_word} in {%lang}
    ELI5 this:\n{$codeshort}
    What's the time complexity of this?\n\n{$code}
    I inherited this code and have no idea what it does:\n{$code}

cd_review:
    Review my code and suggest improvements:\n\n{$code}
    Can you review this diff?\n\n{$diff}
    Is this idiomatic {%lang}?\n{$code}
    Code review please. Focus on {cd_focus}.\n\n{$diff}
    Any security issues in this?\n{$code}

cd_focus::
    performance; readability; security; error handling; naming; test coverage; concurrency

cd_optimise:
    How can I make this faster?\n{$code}
    This function takes {$num} seconds on {$int} rows. Optimize it:\n\n{$code}
    Refactor this to be more readable:\n{$code}
    Reduce memory usage of this {%lang} code:\n{$code}
    optimise pls\n{$code}

cd_sql:
    {$use_sql}Write a SQL query to {cd_sql_task}. Tables: {$schema}
    {$use_sql}Why is this query slow?\n\n\b\b\bsql\n{$sql}\n\b\b\b
    {$use_sql}Convert this SQL to {cd_orm}:\n{$sql}
    {$use_sql}sql: {cd_sql_task}
    {$use_sql}I have tables {$schema}. How do I {cd_sql_task}?
    {$use_sql}Getting an error with this query:\n{$sql}\n\nERROR: {cd_sqlerr}
    {$use_sql}postgres: how do I {cd_sql_task} without a subquery?

cd_sql_task::
    find the top {$num} customers by revenue; count orders per month; find duplicate e-mails;
    get the second highest salary per department; delete rows older than {$num} days;
    compute a 7-day rolling average; pivot sales by region; find users with no orders;
    rank products by sales within each category; join three tables and keep unmatched rows

cd_orm::
    SQLAlchemy; Django ORM; Prisma; ActiveRecord; Hibernate; GORM; Entity Framework

cd_sqlerr::
    syntax error at or near "GROUP"; column reference "id" is ambiguous; division by zero;
    duplicate key value violates unique constraint; relation does not exist

cd_shell:
    {$use_bash}How do I {cd_sh_task} [in bash|on Linux|on {os_name}|with a one-liner]?
    {$use_bash}Write a shell script to {cd_sh_task}[.| and run it every {cd_every}.| that works on {os_name}.]
    {$use_bash}what does \b{s_shell}\b do
    {$use_bash}\b{s_shell}\b fails with "{cd_errline}". help
    {$use_bash}One-liner to {cd_sh_task}[?| on {os_name}?| - no python]
    {$use_bash}Write a cron job that runs {$ident}.sh every {cd_every}[.| and logs to {$path}.]

cd_sh_task::
    rename all .jpeg files to .jpg; find the largest files in a directory; kill the process on port {$port};
    tail a log and grep for errors; back up a Postgres database; check if a file exists;
    loop over lines in a file; replace a string in every file recursively; count lines of code per language

cd_every::
    5 minutes; hour; night at 2am; Monday morning; 15 minutes on weekdays

cd_vague:
    regex for {cd_regex}[| in {%lang}| that also allows {cd_regex}|?]
    {%lang} [list comprehension|dict comprehension|lambda|switch statement|ternary|for loop with index|string formatting]?
    git [undo|revert|remove|squash] [the last commit|the last {$num} commits|a pushed commit|a merge][| without losing changes|?]
    how to center a div[| in {cd_css}| horizontally and vertically| inside a flex container|?]
    {%lang} [read|write|parse|stream] [json|csv|yaml|xml] file[| line by line| with {$num} GB|?]
    {cd_c_a} vs {cd_c_b}[?| in {%lang}?| - which one?]
    best way to {cd_task} in {%lang}
    {cd_errname} {%lang}[| help| on line {$num}]
    why is my {%lang} [code|loop|query|build|test suite] so slow[| on {$int} rows|?]
    {s_shell}
    how do i {cd_vague_how}[| on {os_name}|?]
    [null|empty|type|bounds] check {%lang}[| best practice|?]
    merge conflict in {$path}[ help| - which side do I keep?|]
    {cd_concept_word}[?| in {%lang}?| explained?]

cd_regex::
    email addresses; phone numbers; dates like 2024-01-31; US zip codes; URLs; hex colours; IPv4 addresses

cd_vague_how::
    install pip; exit vim; revert a pushed commit; squash commits; set up ssh keys; update node;
    fix CORS; deploy to heroku; use environment variables; debug a memory leak

cd_test:
    Write unit tests for this function:\n\n{$code}
    Generate {cd_test_fw} tests covering edge cases for:\n{$code}
    How do I mock {cd_mock} in {%lang} tests[?| with {cd_test_fw}?| without a library?]

cd_test_fw::
    pytest; Jest; JUnit; go test; RSpec; xUnit; Vitest; table-driven

cd_mock::
    the database; an HTTP client; the current time; the file system; a third-party API; environment variables

cd_convert:
    Convert this code to {s_plang}:\n\n{$code}
    Port this {%lang} function to {s_plang}, keeping the same behaviour:\n{$code}
    Rewrite this using {cd_style}:\n{$code}

cd_style::
    async/await; a class; pure functions; generics; streams; pattern matching; dependency injection

cd_concept:
    What's the difference between {cd_c_a} and {cd_c_b}?
    When should I use {cd_concept_word}[?| in {%lang}?| instead of {cd_concept_word}?]
    Explain {cd_concept_word} with an example in {%lang}.
    Design a REST API for {a} {s_app}. List endpoints and payloads.
    How would you structure a {%lang} project for {a} {s_app}?
    What's the best database for {a} {s_app} and why?

cd_c_a::
    a process; a list; an interface; a mutex; REST; SQL; a shallow copy; TCP; let; composition; a monorepo

cd_c_b::
    a thread; a tuple; an abstract class; a semaphore; GraphQL; NoSQL; a deep copy; UDP; const; inheritance; polyrepo

cd_concept_word::
    closures; generators; decorators; dependency injection; the event loop; goroutines; lifetimes; monads;
    virtual DOM; memoization; tail recursion; CAP theorem; eventual consistency; big O notation; pointers;
    async/await; garbage collection; SOLID principles; the actor model

cd_form::
    login; sign-up; contact; checkout; search; newsletter; booking; feedback; password reset; settings

cd_css::
    Tailwind; Bootstrap; plain CSS; CSS grid; flexbox; Sass; styled-components

cd_web:
    {$use_html}Make a landing page for {a} {s_app} with a hero section and a pricing table.
    {$use_html}Convert this to a responsive layout:\n{$code}
    {$use_html}Why doesn't my CSS grid work on mobile?\n{$code}
    {$use_html}[Build|Make|Create] a {cd_form} form with [validation|client-side validation|error messages|accessible labels][| in {cd_fw}| using {cd_css}| and {$num} fields].

fu_coding:
    now make it faster
    Can you add type hints?
    Add error handling and logging.
    That didn't work, I get:\n{$trace}
    Now write tests for it.
    What if the input is empty?
    Can you do it without {cd_without}?
    ok now do the same in {s_plang}
    It works! Can you explain the {cd_part} part?
    Make it handle {$num} concurrent requests.
    Refactor it into smaller functions.
    still getting {cd_errname}

cd_without::
    recursion; a library; regex; a loop; global state; classes

cd_part::
    second; loop; return; recursive; regex; async; last

tu_coding:
    {cd_vague}
    How do I {cd_task} in {%lang}?
    What does {cd_concept_word} mean?
`
