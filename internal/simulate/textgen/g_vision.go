package textgen

// Vision prompts: questions about attached images, charts, screenshots and
// documents. The simulator sets the image count; the text refers to "the
// image", "these photos", "the second screenshot".
const srcVision = `
ff_vision:
    {vz_photo}{vz_tail}
    {vz_photo}{vz_tail}
    {vz_chart}{vz_tail}
    {vz_chart}{vz_tail}
    {vz_screen}{vz_tail}
    {vz_screen}{vz_tail}
    {vz_doc}{vz_tail}
    {vz_doc}{vz_tail}
    {vz_short}
    {vz_compare}{vz_tail}
    {vz_code}{vz_tail}
    {vz_long}

vz_tail:
    [||||]
    [ Thanks!| thx| Be specific.| Short answer please.| In {$num} words max.| (sorry for the blur)| It's from my {vz_src}.| I took it {s_day}.| There are {$num} images.| Answer in a table.| Please be detailed.]

vz_src::
    phone; scanner; dashboard; laptop; camera; drone; webcam; tablet; printer; security camera

vz_photo:
    [What's|What is|what's] in this {vz_pic}?
    Describe this {vz_pic} [in detail|in {$num} sentences|for a blind user|like a museum guide|briefly].
    What kind of {vz_living} is this? {vz_photo_more}
    Is this {vz_thing} {vz_state}? I've attached a photo[.| from {s_day}.| taken {$num} days ago.]
    Where was this {vz_pic} taken[?| - {s_city} maybe?| and roughly when?]
    Write [an alt text|a caption|a short description|an Instagram caption] for this image[.| of my {vz_mine}.| in {s_hlang}.]
    Can you identify the {vz_ident} in the {vz_pic}?
    Here's a photo of my {vz_mine}. {vz_mine_q}
    Write a [funny|witty|sarcastic|wholesome] caption for this {vz_pic}[.| of my {vz_mine}.]
    How many {vz_count} are in this image[?| exactly?| on the {vi_where_n} side?]
    What's the [brand|model|price range|age] of the {vz_thing2} in this {vz_pic}?
    Rate my {vz_mine} from 1 to 10 based on the photo.

vi_where_n::
    left; right; top; bottom; far

vz_thing2::
    car; watch; sofa; bike; guitar; lamp; sneakers; camera; laptop; jacket

vz_chart:
    What does this {vz_chart_kind} show?
    Summarise the trend in this {vz_chart_kind}[.| for {vi_period}.| in {$num} bullet points.]
    Which {vz_cat} has the highest value in the attached {vz_chart_kind}?
    Extract the data from this {vz_chart_kind} into a table.{$mode_table}
    Read the values off this graph for {vi_period} and {vi_period}.
    Is there anything misleading about this {vz_chart_kind}[?| from our {vz_metric} report?]
    Here is our {vz_metric} dashboard[ for {vi_period}|]. What stands out?
    Convert this {vz_chart_kind} into a CSV[| with {$num} columns].{$mode_table}
    By how much did {vz_metric} change between {vi_period} and {vi_period} in this {vz_chart_kind}?

vz_screen:
    Here's a screenshot of the error[| in {s_app}| from {os_name}]. What does it mean?
    What's wrong with my {s_plang} code in this screenshot?
    Turn this UI screenshot into {vz_ui_code}.
    How do I get past this screen? {vz_screen_ctx}
    The "{cu_button}" button in the screenshot doesn't work. Why?
    Convert this mockup into {a} {vz_ui_code}[| with {$num} sections].
    What setting should I change in this screen to {vz_setting}?
    Translate the text in this screenshot into {s_hlang}.
    Why does my {s_app} look like this on {os_name}? Screenshot attached.

vz_doc:
    Extract the {vz_fields} from this {vz_doc_kind}.{$mode_table}
    Transcribe the handwritten [note|letter|recipe|list|postcard] in the image.
    What's the total on this receipt[?| from {s_city}?| - I think they overcharged me by {$money}.]
    Summarise the attached {vz_doc_kind}[.| in {$num} lines.| for my {w_rel}.]
    Fill in a JSON object with {vz_fields} from the scanned {vz_doc_kind}.
    OCR this [page|scan|photo|PDF page][| and fix any obvious errors| and keep the layout| as Markdown].
    Is this {vz_doc_kind} legit or a scam[?| I got it from {$email}.]
    What does this {vz_doc_kind} say? It's in {s_hlang}.
    Check the table in this [PDF page|scan|spreadsheet screenshot]: do the rows add up to {$money}?{$mode_table}

vz_short:
    [what is this|what's this|wat is this|what is that|whats this]{st_punct}
    ?
    [explain|explain this|explain pls|Explain.]
    [Describe.|describe|describe this]
    [translate this|translate|translate pls|Translate to {s_hlang}]
    What does the [sign|label|note|screen|board] say?
    [solve this|solve|solve it|answer this]{st_punct}
    [Is this good|Does this look right|Is this ok|Thoughts]?
    [Help|help me|HELP|help pls]{st_punct}
    {^vz_pic}?
    what's this {vz_living}
    {vz_thing}?

vz_compare:
    What's the difference between these {rz_k} images?
    Compare the {vz_pic}s: which {vz_mine} looks better?
    Here are {$num} screenshots of the {cd_form} flow. Where would users drop off?
    Which of these {$num} photos is best for a [profile picture|CV|dating profile|company website]?

vz_code:
    Solve the [math problem|equation|geometry question|physics problem] in this image step by step.
    Write the code shown in the whiteboard photo as working {s_plang}.
    This is a diagram of our [architecture|data pipeline|network|deployment]. Find the single points of failure.
    Explain the graph in image {rz_k} in terms of the formula in image 1.

vz_long:
    I'm attaching {$num} photos of my {vz_mine}. {adv_problem_cap} {vz_mine_q} Context: {s_sentence} {s_sentence}
    Here's a screenshot of our {vz_metric} dashboard for {vi_period}. Background: {para} Looking at the chart, {vz_long_q}
    This is a scan of a {vz_doc_kind} I received from {s_company} on {$date}. {s_msg} Can you tell me what it says and whether I need to do anything? Please list the key dates and amounts.{$mode_table}

adv_problem_cap:
    {^adv_problem}.

vz_long_q::
    what explains the drop?; is the trend real or noise?; what should we tell the board?; which region should we invest in?

vz_pic::
    picture; photo; image; pic; snapshot

vz_living::
    plant; bird; mushroom; dog breed; insect; tree; flower; snake; spider; cat

vz_photo_more::
    Is it dangerous?; Found it in my garden.; Is it edible?; Taken in {s_country}.; It's about 5 cm long.

vz_thing::
    rash; mole; crack in the wall; stain; mould; bruise; tyre

vz_state::
    normal; serious; something to worry about; fixable; infected

vz_ident::
    building; car model; painting; landmark; font; fabric; brand; person's outfit

vz_mine::
    living room; outfit; garden; cat; cake; handwriting; fridge contents; bike; desk setup

vz_mine_q::
    What would you change?; Rate it 1-10.; What can I cook with this?; Is it healthy?; How can I improve it?;
    What's wrong with it?

vz_count::
    people; cars; birds; apples; windows; chairs

vz_chart_kind::
    bar chart; line graph; pie chart; scatter plot; histogram; heat map; Gantt chart; chart; diagram

vz_cat::
    region; product; month; team; country; age group; category

vz_metric::
    sales; traffic; churn; latency; revenue; sign-up; inventory

vz_ui_code::
    HTML and CSS; a React component; a Flutter widget; SwiftUI code; Tailwind markup

vz_screen_ctx::
    It's been stuck for an hour.; It happens every time I log in.; This is on my phone.; My laptop is a Mac.

vz_setting::
    turn off notifications; enable dark mode; stop auto-updates; share my screen; change the language

vz_fields::
    invoice number, date and total; names and addresses; line items and prices; dates and amounts;
    vendor, VAT number and due date; medication names and doses

vz_doc_kind::
    invoice; receipt; letter; form; contract page; prescription; bank statement; menu; business card; ID card

fu_vision:
    And in the second image?
    Zoom in on the {vi_where} part.
    What about the text at the bottom?
    Now put that in a table.
    Are you sure? Look again.

tu_vision:
    {vz_photo}
    {vz_short}
`
