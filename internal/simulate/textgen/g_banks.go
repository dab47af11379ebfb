package textgen

import "strings"

// Word banks shared by every capability. Lists that Go code also reads are
// Go slices turned into grammar banks; the rest are written as grammar.

var firstNames = strings.Fields(`Alice Bob Carol David Emma Frank Grace Henry Isabel Jack Karen Liam Maria
Noah Olivia Paul Quinn Rosa Sam Tara Umar Vera Will Xena Yusuf Zoe Aisha Bruno Chen Dmitri Elena Farid
Giulia Hiroshi Ines Jamal Kenji Lena Mateo Nadia Omar Priya Rahul Sofia Tomás Uma Valentina Wei Ximena
Yara Zain Amara Ben Chloe Diego Erin Fatima George Hannah Ivan Julia Kofi Lucas Mia Nikhil Oscar Pablo
Rania Sean Tanya Victor Wanda Yuki Ahmed Beatriz Carlos Daniela Ethan Freya Gabriel Hugo Ingrid Jonas
Kira Leo Marta Nils Ola Pedro Rhea Stefan Thea Ulrich Vikram Wen Yasmin Zeynep Arjun Björn Camille Dev
Eun-ji Felipe Greta Hamid Iris Joaquín Kai Lukas Meera Nico Orla Pia Raj Sven Talia Ugo Vivek Aiden
Brianna Connor Dana Eli Fiona Gavin Hana Isaac Jade Kyle Layla Max Nora Owen Paige Reza Sara Tom Uriel
Violet Wyatt Ada Bilal Clara Dario Emil Fernanda Goran Helga Imani Joon Khalid Lucía Mohammed Noor Zoë
Łukasz Søren Anaïs Chidi Femi Thandiwe Mei Lin Jia Sun-hee Arash Parisa Tuan Linh Siddharth Ananya`)

var lastNames = strings.Fields(`Smith Johnson Garcia Müller Rossi Kim Nguyen Patel Silva Chen Kowalski
Novak Dubois Schmidt Tanaka Sato Ivanova Hansen Larsen Cohen Ali Khan Singh Costa Santos Fernández López
Martin Bernard Moreau Weber Wagner Becker Hoffmann Ricci Romano Bianchi Jensen Nielsen Andersson
Johansson Virtanen Horváth Nagy Popescu Petrov Yilmaz Demir Okafor Mensah Adeyemi Mwangi Ochieng Tran
Le Pham Wong Liu Zhang Wang Li Yamamoto Suzuki Park Choi Lee Gupta Sharma Reddy Iyer Das Hernández
Torres Ramírez Flores Rivera Gómez Díaz Cruz Morales Ortiz Brown Taylor Wilson Davies Evans Thomas
Roberts Walker Wright Hughes Green Hall Wood Clarke Jackson Baker Murphy Kelly OBrien Ryan Byrne
Fischer Schneider Meyer Klein Wolf Schulz Bauer Richter Lehmann Vogel Friedman Levi Haddad Nasser`)

var cities = strings.Fields(`London Paris Berlin Madrid Lisbon Rome Milan Vienna Prague Warsaw Budapest
Amsterdam Brussels Dublin Copenhagen Stockholm Oslo Helsinki Zurich Geneva Munich Hamburg Barcelona
Valencia Porto Athens Istanbul Cairo Lagos Nairobi Accra Johannesburg Dubai Doha Mumbai Delhi Bangalore
Chennai Karachi Dhaka Bangkok Singapore Jakarta Manila Hanoi Seoul Tokyo Osaka Beijing Shanghai Shenzhen
Taipei Sydney Melbourne Auckland Toronto Vancouver Montreal Chicago Boston Seattle Austin Denver Miami
Atlanta Phoenix Portland Houston Dallas Philadelphia Detroit Mexico_City Bogotá Lima Santiago
Buenos_Aires São_Paulo Montevideo Quito Kraków Tallinn Riga Vilnius Edinburgh Manchester Leeds Lyon
Marseille Seville Bilbao Naples Turin Zagreb Ljubljana Sofia Bucharest Reykjavik Casablanca Tunis`)

func bank(name string, words []string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("::\n    ")
	for i, w := range words {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.ReplaceAll(w, "_", " "))
	}
	b.WriteByte('\n')
	return b.String()
}

func grammarSources() []string {
	return []string{
		bank("s_name", firstNames),
		bank("s_last", lastNames),
		bank("s_city", cities),
		srcBanks, srcMeta, srcHuman, srcResponses, srcGeneral, srcCoding, srcAgentic,
		srcLong, srcReasoning, srcMath, srcGrading, srcVision, srcForeign, srcFamilies, srcFamilyRules, fkBlocks(),
	}
}

const srcBanks = `
s_fullname:
    {s_name} {s_last}
    {s_name} {s_last}
    {s_name} {s_last}-{s_last}
    Dr. {s_name} {s_last}

s_country::
    France; Germany; Spain; Portugal; Italy; Poland; Brazil; Mexico; Canada; Japan; South Korea; India; Nigeria;
    Kenya; Egypt; Australia; New Zealand; Argentina; Chile; Vietnam; Thailand; Indonesia; Turkey; Greece;
    Sweden; Norway; Ireland; the Netherlands; Belgium; Switzerland; Austria; Czechia; Morocco; Ghana; Peru;
    Colombia; the Philippines; Malaysia; Singapore; the UK; the US; Iceland; Finland; Denmark; Romania

s_company:
    {co_a} {co_b}
    {co_a} {co_b}
    {co_a}{co_c}
    {s_last} & {s_last}
    {co_a} {co_b} {co_d}

co_a::
    Norvik; Bluepeak; Acme; Helios; Vantage; Northwind; Brightline; Cobalt; Evergreen; Ironbridge; Lumen;
    Meridian; Nimbus; Orchid; Pinnacle; Quantum; Redwood; Silverline; Tidewater; Umbra; Veridian; Willow;
    Zenith; Arcadia; Beacon; Cascade; Driftwood; Ember; Foxglove; Granite; Harbor; Juniper; Keystone;
    Lighthouse; Maple; Nova; Oakridge; Polaris; Riverstone; Summit; Trident; Upland; Vertex; Westbrook

co_b::
    Logistics; Health; Analytics; Foods; Energy; Robotics; Insurance; Labs; Systems; Retail; Capital;
    Media; Pharma; Mobility; Software; Telecom; Bank; Travel; Apparel; Dental; Legal; Realty; Studios

co_c::
    ly; ify; io; hub; stack; works; base; loop; wise; grid

co_d::
    Inc.; Ltd; GmbH; SA; LLC; Group; AG; BV

s_product:
    {pr_adj} {pr_noun}
    {pr_adj} {pr_noun}
    {pr_brand} {pr_noun} {pr_model}
    {pr_noun} {pr_model}

pr_adj::
    wireless; ergonomic; stainless; organic; foldable; portable; smart; waterproof; noise-cancelling;
    compact; premium; vintage; bamboo; ceramic; heated; solar; magnetic; adjustable; cordless; recycled

pr_noun::
    headphones; desk chair; water bottle; yoga mat; coffee grinder; backpack; air fryer; standing desk;
    monitor; keyboard; phone case; blender; running shoes; rain jacket; tent; e-bike; smartwatch; kettle;
    robot vacuum; webcam; router; sofa; mattress; lamp; suitcase; espresso machine; baby stroller; drill

pr_brand::
    Zentro; Kalo; Vireo; Norda; Auro; Pexi; Lumo; Strata; Orbi; Tessa; Fjell; Mavi; Qube

pr_model::
    X2; Pro; 3000; Lite; S; Max; Mini; 2.0; Air; Plus; V5; Ultra; 7; One; Go

s_phrase:
    {ph_adj} {ph_noun}
    {ph_adj} {ph_noun} for {ph_for}
    {ph_noun} {ph_for_of} {ph_for}
    the {ph_adj} {ph_noun}
    {ph_noun} and {ph_noun2}

ph_adj::
    remote; quarterly; sustainable; affordable; first-time; small; local; digital; seasonal; long-term;
    urban; beginner-friendly; weekly; cross-border; low-carbon; hybrid; open-source; family; rural; senior

ph_noun::
    onboarding; marketing plan; budget; travel itinerary; volunteer programme; newsletter; fundraiser;
    hiring process; garden; reading list; wedding; product launch; workshop; study schedule; podcast;
    community event; customer survey; loyalty programme; retreat; home renovation; diet plan; savings plan

ph_noun2::
    logistics; pricing; communication; feedback; scheduling; accessibility; staffing; safety; branding

ph_for::
    students; nurses; startups; retirees; new parents; small businesses; a bakery; a dental clinic;
    freelancers; remote teams; a non-profit; a public library; teenagers; a local gym; expats; a bookshop

ph_for_of::
    for; aimed at; tailored to; designed for

s_topic:
    {tp_field}
    the history of {tp_thing}
    how {tp_thing} works
    {tp_field} and {tp_field}
    the economics of {tp_thing}

tp_field::
    climate change; quantum computing; inflation; photosynthesis; the Roman Empire; machine learning;
    black holes; the immune system; supply chains; renewable energy; urban planning; sleep science;
    blockchain; plate tectonics; the French Revolution; game theory; microbiology; behavioural economics;
    jazz; impressionism; the Cold War; CRISPR; volcanoes; coral reefs; the stock market; nutrition

tp_thing::
    vaccines; the internet; GPS; coffee; the printing press; tides; credit cards; nuclear power; bees;
    elections; airplanes; batteries; antibiotics; the euro; 3D printing; refrigerators; earthquakes; tea

s_quote:
    "{q_text}"
    '{q_text}'
    "{q_text}[ again| on {os_name}| after update {$version}| since {s_day}| for order {$id}]"

q_text::
    my package never arrived; the app crashes on login; I was charged twice; reset link expired;
    cannot connect to the server; wrong size delivered; where is my refund; screen stays black;
    password not accepted; invoice shows the wrong address; order stuck in processing; too slow;
    subscription cancelled without notice; coupon code not working; item arrived damaged;
    two-factor code never comes; export to CSV fails; dark mode resets every time;
    notifications stopped working; cannot upload photos; account locked after reset; wrong currency at checkout;
    tracking link is broken; invoice PDF is empty; duplicate charge on my card; cannot change my e-mail;
    delivery left at the wrong address; app drains my battery; sync keeps failing; search returns nothing;
    promo price not applied; gift card balance missing; cannot cancel my order; support chat never loads

s_sentence:
    {^sn_subj} {sn_verb} {sn_obj} {sn_when}.
    {^sn_subj} {sn_verb} {sn_obj}.
    {^sn_when}, {sn_subj} {sn_verb} {sn_obj}.

sn_subj::
    the city council; our team; the new manager; a local bakery; the school board; my landlord; the company;
    the research group; the airline; a group of volunteers; the museum; the support team;
    the committee; our neighbours; the startup; the hospital; the football club; the mayor

sn_verb::
    announced; postponed; approved; rejected; launched; cancelled; reviewed; expanded; delayed;
    criticised; celebrated; reorganised; simplified; funded; paused; redesigned; investigated

sn_obj::
    the new parking rules; a plan to reduce costs; the summer festival; its pricing model; the merger;
    a pilot programme for remote work; the renovation of the library; a recycling initiative; the budget;
    the opening of a second branch; changes to the opening hours; a survey of customers; the roadmap

sn_when::
    last week; on Monday; after months of debate; earlier this year; without warning; in March;
    despite protests; at short notice; for the third time; yesterday; this morning; after the audit

s_msg:
    {msg_open} {q_text}. {msg_more}
    {msg_open} {q_text} {msg_since}. {msg_ask}
    {^q_text}!! {msg_ask}
    {msg_open} {q_text}. {msg_more} {msg_ask}

msg_open::
    Hi,; Hello team,; Hey,; Good morning,; To whom it may concern:; Dear support,; hi there -; Hello,

msg_more::
    I already tried restarting.; This is the second time this month.; My order number is in the subject.;
    I need this fixed before Friday.; Very disappointed.; I have attached a screenshot.; Nothing helps.;
    My colleague has the same issue.; It worked fine yesterday.; Please advise.

msg_since::
    since the last update; for three days; since Tuesday; after I changed my plan; since this morning

msg_ask::
    Can you help?; What should I do?; Please refund me.; Please escalate.; How long will this take?;
    Can someone call me back?; Is this a known issue?; Thanks in advance.

s_query:
    {tp_thing} near {s_city}
    best {pr_noun} under {$money}
    {ph_noun} ideas
    how to fix {q_text}
    {s_topic} summary
    cheap flights to {s_city}
    {pr_brand} {pr_noun} review

s_err:
    {q_text}
    timeout after {$num}s
    HTTP {err_code} on /api/{ph_noun2}
    connection reset by peer
    out of memory
    null pointer in {$ident}
    permission denied: {$path}

err_code::
    400; 401; 403; 404; 409; 422; 429; 500; 502; 503; 504

s_dish::
    lasagna; pad thai; banana bread; chicken curry; shakshuka; ramen; paella; vegan chili; risotto;
    falafel; pancakes; sourdough bread; beef stew; miso soup; tacos al pastor; moussaka; apple pie;
    butter chicken; gazpacho; poke bowl; jollof rice; pierogi; bibimbap; quiche; lentil soup

s_ingredient::
    chickpeas; spinach; tofu; leftover rice; sweet potatoes; eggs; mushrooms; feta; zucchini; salmon;
    canned tomatoes; lentils; oats; ground beef; coconut milk; kale; black beans; cauliflower; quinoa

s_noun::
    garden; kitchen; bicycle; laptop; resume; apartment; wedding speech; business card; logo; playlist

s_hlang::
    Spanish; French; German; Italian; Portuguese; Japanese; Chinese; Korean; Arabic; Hindi; Dutch;
    Polish; Turkish; Swedish; Greek; Vietnamese; Russian; Indonesian

s_plang::
    Python; JavaScript; TypeScript; Go; Rust; Java; C++; C#; Kotlin; Swift; Ruby; PHP

s_job::
    data analyst; nurse; product manager; software engineer; teacher; accountant; UX designer;
    marketing coordinator; civil engineer; pharmacist; sales representative; HR generalist; barista;
    paralegal; electrician; project manager; research assistant; social media manager; chef

s_app:
    {a_adj} {a_kind} for {ph_for}
    {a_kind} that {a_does}
    {a_adj} {a_kind}

a_adj::
    mobile; web-based; offline-first; multi-tenant; real-time; open-source; privacy-focused; simple

a_kind::
    booking app; inventory system; budgeting tool; CRM; habit tracker; marketplace; chat app; LMS;
    recipe manager; fleet tracker; invoicing service; ticketing system; photo-sharing app; job board;
    expense tracker; scheduling platform; e-commerce store; analytics dashboard

a_does::
    tracks {ph_noun2}; matches {ph_for} with mentors; sends reminders by SMS; syncs across devices;
    splits shared bills; recommends recipes from what is in the fridge; manages volunteer shifts

s_smsg:
    {msg_open} {q_text}.
    {^q_text}, {msg_since}.
    {^q_text}!
    {^q_text}. {msg_ask}

s_question:
    {gen_trivia}
    What is {$num} times {$num}?
    Write a {%lang} function to {cd_task}.
    Explain {s_topic} in one sentence.
    What are the health benefits of {s_ingredient}?
    Translate "{tr_phrase}" into {s_hlang}.
    Is it true that {tv_myth}?

s_answer:
    The answer is {$num}.
    {rs_general}
    I'm not sure, but I think it's {ans_word}.
    It is {s_country}.
    {^st_lead} {st_verb} {st_obj}. So the answer is {$num}.
    No, that is a common myth.
    Yes. {rs_general}

s_user::
    jdoe; alice_dev; k.mueller; mchen42; dev-bot; sam.p; priya_r; tomasz-w; nora.codes; r2d2; lgarcia;
    octocat; bwayne; ops-team; ci-runner; hiro_t; anya.k; mk-dev; zeno; fjord99

s_domain::
    example.com; acme.io; mail.com; corp.net; startup.dev; university.edu; shop.co; company.org

s_feature::
    dark mode; CSV export; single sign-on; push notifications; offline mode; two-factor login; search filters;
    bulk upload; audit log; role-based access; multi-currency support; a public API; webhooks

s_place:
    {s_city}
    the office in {s_city}
    a hotel near {s_city} airport

s_day::
    Monday; Tuesday; Wednesday; Thursday; Friday; Saturday; Sunday; tomorrow; next week; the 15th

s_task:
    {t_verb} {t_obj}
    {t_verb} {t_obj} and {t_verb} {t_obj}

t_verb::
    summarise; compare; list; translate; fix; rank; explain; organise; clean up; check

t_obj::
    the quarterly numbers; my notes; these reviews; the meeting minutes; the attached contract; our FAQ;
    the onboarding docs; my travel plans; the product feedback; last year's invoices

s_img:
    IMG_{$int}.jpg
    IMG_{$int}.HEIC
    scan_{$int}.png
    screenshot-{$date}.png
    Screenshot {$date} at {$time}.png
    photo_{$int}.jpeg
    {s_name}_receipt_{$int}.pdf
    page_{$num}.png
    invoice-{$int}.pdf
    whiteboard_{$int}.jpg

g_age::
    16; 17; 19; 22; 24; 27; 29; 31; 34; 38; 41; 45; 48; 52; 57; 63; 68; 74

g_score::
    1; 2; 3; 4; 5; 6; 7; 8; 9; 10

s_shell::
    docker compose up -d; git rebase -i HEAD~3; kubectl get pods -A; npm install
    pip install -r requirements.txt; ssh deploy@{$ip}; terraform apply; chmod +x deploy.sh
    rsync -avz ./dist/ server:/var/www; cargo build --release; go build ./...; make test
    psql -U postgres; brew upgrade
`
