"""The phrase lists: data, not code. Edit here to teach the detector a new phrase, then add it
to the test corpus (alongside/crisis_language/tests/crisis_corpus/) and run ``bench/crisis_language.py``.

Never put method details in anything a person reads; these lists are only matched against.

Phrases are written against normalized text (see ``normalize.py``): lower case, no accents,
no apostrophes, contractions spelled out ("do not", "can not", "i am", "will not"), Spanish
text-speak spelled out ("que", "quiero"). Write words in plain spelling: repeated letters are
squeezed on both sides ("kill" matches "kil" and "killll").

A small phrase language:

  word       the whole word;  word*  a word that starts so ("suicid*": suicide, suicidal)
  a b        a followed by b
  (a b|c)    one of the alternatives;  [a b|c]  optionally one of them
  ...        up to three other words in between (never across a sentence end)
  @name      the group in MACROS
  !(a|b c)   not followed by one of these (written after the word it guards)
  $          the end of a sentence or of the text

Two tiers, so that being careful about context never hides a person speaking about themself:

- STATEMENTS are first-person statements (intent, wishes, plans, hopelessness, goodbyes). Only
  SAFE_NEGATIONS are removed before they are matched: plain denials such as "I don't want to
  die" and "I'm not suicidal" — never a statement of intent.
- MENTIONS are bare words ("suicide", "overdose", "self-harm"). They are matched after CONTEXT
  is also removed: institutions and training ("suicide prevention"), other people's past ("my
  uncle died of an overdose"), media ("a documentary about suicide"), long-ago events.
"""

from __future__ import annotations

# Category keys, most urgent first: when several match, the first one names the alert. An
# overdose happening now comes first: in a recovery program it is the crisis that kills most often.
OVERDOSE_IN_PROGRESS = "overdose_in_progress"
MEANS_OR_PLAN = "means_or_plan"
DANGER_FROM_OTHERS = "danger_from_others"
SUICIDAL_IDEATION = "suicidal_ideation"
OVERDOSE_INTENT = "overdose_intent"
SELF_HARM = "self_harm"
GOODBYE = "goodbye"
NOT_SAFE = "not_safe"
HOPELESSNESS = "hopelessness"
CATEGORY_ORDER = (
    OVERDOSE_IN_PROGRESS,
    MEANS_OR_PLAN,
    SUICIDAL_IDEATION,
    OVERDOSE_INTENT,
    DANGER_FROM_OTHERS,
    SELF_HARM,
    GOODBYE,
    NOT_SAFE,
    HOPELESSNESS,
)

MACROS: dict[str, str] = {
    "myself": "(myself|my self|me self|meself|mself|myselfe)",
    # Wanting, planning or being about to, in the first person.
    "intend": (
        "(want to|wanted to|wanting to|need to|going to|about to|plan to|"
        "planning to|planning on|plan on|decided to|ready to|trying to|try to|tried to|thinking of|thinking about|"
        "think about|thought about|thought of|keep thinking about|feel like|considering|urge to|urges to|tempted to|"
        "wish i could|i wil|il|id|i would|i might|i may|i should|i could|i can|i might just|i could just|i should just|"
        "i wil just|i am about to)"
    ),
    "relation": (
        "(friend|friends|best friend|brother|sister|mom|mother|dad|father|cousin|uncle|aunt|son|daughter|partner|"
        "husband|wife|boyfriend|girlfriend|ex|roommate|sponsor|sponsee|neighbor|neighbour|coworker|co worker|"
        "buddy|classmate|grandpa|grandma|grandfather|grandmother|nephew|niece|kid|kids|child|family member|"
        "client|student|patient|teammate|bandmate|man|woman|guy|girl|person|lady|dude|boy|teen|teenager|"
        "people|someone|somebody|folks|member|members)"
    ),
    "possessive": "(my|his|her|their|our|your|a|an|the|this|that|two|three|some|many|so many|several)",
    "ago": "(years ago|year ago|months ago|a while ago|long ago|a long time ago|decades ago|in 19*|in 20*|as a kid|as a teen|when i was)",
    # "me muero de risa": the everyday "dying of" that is not about dying.
    "muero_de": (
        "(de|del|por) [la|el|los|las|un|una] (risa|hambre|sueno|frio|calor|aburimiento|verguenza|ganas|envidia|"
        "amor|nervios|cansancio|emocion|alegria|felicidad|ternura|sed|gusto|curiosidad|flojera|antojo|cafe|"
        "tacos|saber|ver|conocer|verte|verlos|abrazarte|risas|carcajadas|viejo|vieja|viejita|viejito|anciano|anciana)"
    ),
    "quiero": (
        "(quiero|quisiera|deseo|necesito|voy a|me voy a|pienso|estoy pensando en|pensando en|pienso en|penso en|"
        "ganas de|planeo|planeando|debo|deberia|podria|me gustaria|intentar|trato de|tratar de|a punto de|decidi|"
        "ya quiero|solo quiero|nomas quiero|me dan ganas de|preferiria|prefiero|volver a|volvi a|plan para|ganas de)"
    ),
    "not_late": "!(late|early|the (kids|baby|neighbors|neighbours)|at|in the middle|tired|hungry|with a)",
    "relacion": (
        "(amigo|amiga|amigos|mejor amigo|mejor amiga|hermano|hermana|mama|madre|papa|padre|primo|prima|tio|tia|hijo|"
        "hija|pareja|esposo|esposa|novio|novia|ex|companero|companera|padrino|madrina|vecino|vecina|abuelo|abuela|"
        "sobrino|sobrina|cunado|cunada|compa|cuate|hombre|mujer|senor|senora|chavo|chava|muchacho|muchacha|chico|"
        "chica|persona|gente|alguien|joven|cliente|paciente)"
    ),
    "hace": "(hace (uno|una|un|dos|tres|cuatro|cinco|seis|unos|unas|varios|muchos|mucho|to|#) [anos|meses|ano|mes|tiempo]|en 19*|en 20*|de nino|de nina|cuando era)",
}

# First-person statements, by language and category. Always matched (see the docstring).
STATEMENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        # Said outright; the combinations of signals (COMBINATIONS) catch the rest.
        OVERDOSE_IN_PROGRESS: [
            "(i|he|she|they|someone|somebody) (am|is|are|think i am|might be|may be) [literaly|actualy|stil|probably] "
            "(overdosing|oding) !(on purpose)",
            "i think (i|he|she|they) (overdosed|oded|od|am overdosing|is overdosing|are overdosing)",
            "(having|is having|am having) an (overdose|od) (right now|now|$)",
        ],
        MEANS_OR_PLAN: [
            "(gun|pistol|barel) (to|in|against|pointed at) my (head|mouth|temple|chest)",
            "(loaded|cocked) (the|my|a|his|dads|my dads) (gun|pistol|rifle|shotgun)",
            "(tied|made|hung|set up) (the|a) (noose|rope)",
        ],
        DANGER_FROM_OTHERS: [
            "(fear|fearing|scared) for my life",
            "(he|she|they|someone|somebody) (is|are) (trying|going) to kil me (right now|now|tonight|$)",
        ],
        SUICIDAL_IDEATION: [
            "(kill|killing|kiled) @myself",
            "(unalive|unaliving|unalived) (@myself|me)",
            "@intend (unalive|unaliving)",
            "(want|wanted|wanting|wish|wishing|need|needing|going|ready|deserve|deserving|longing|plan|planning|"
            "trying|tried|prefer|gona|just want) ... to die !(of|from|laughing|for|in the|on the|alone|happy|old)",
            "i (should|could|might|wil|would|can|must|just want to|want to) [just] die !(of|from|laughing|for|if|without|to see|happy)",
            "i hope i die",
            "(make|makes|made) me want to die",
            "wish (i|i had|i would|i was|i were|id) ... (dead|die|died|gone|never been born|not alive|not here|did not exist|"
            "disappear|could disappear|not wake up|never wake up|never woke up|would not wake up|could sleep forever)",
            "wish i (was|were) not (here|alive|around|born)",
            "better off (dead|without me|if i ... (dead|gone|not here|not around|died|did not exist|disappeared))",
            "(happier|easier|beter|fine|ok|okay|simpler) ... (without me|if i ... (was|were|am) (gone|dead|not here|not around|"
            "not alive)|if i (died|disappeared|did not exist|was not here|were not here|just disappeared))",
            "(world|everyone|everybody|family|kids|they|people) ... (without me|if i was gone|if i were gone)",
            "(end|ending|ended|take|taking|took) my own life",
            "(end|ending) my (life|lyfe|existence)",
            "(take|taking) my (life|lyfe) !(back|seriously|more seriously|one day|into|in a|to the|for granted|a day|one step)",
            "(end|ending) it all",
            "(end|ending|finish|finishing) (it|everything|things) (now|tonight|today|for good|soon|once and for all|forever)",
            "@intend (end|ending) (it|things|everything) !(with|between|early|at|on|off|for now|for today|for the day|here|there|by|before|after|gracefully|on a)",
            "(want|need|wish) (it|this|everything|it al|al of this|the pain|my life) to (end|stop|be over) (forever|permanently|for good|$)",
            "(want|need) (it all|everything|all of it) to (end|stop|be over)",
            "(i am|am|i feel|feel|feeling|felt|been|geting|get|got|so|very|realy|i was|i get|im|feeling realy) suicidal",
            "suicidal (thoughts|again|ideation|feelings|urges|tonight|today|right now|lately)",
            "my suicide (note|leter|plan|thoughts|attempt)",
            "(thinking|think|thought|thinking a lot|been thinking) (about|of) suicide !(prevention|awareness|training|hotline|rates|squad|statistics)",
            "(thinking|think|thought|thinking a lot|been thinking) (about|of) (dying|death|not being here|not being alive|"
            "not existing|not waking up|my funeral|ending it|ending my life|killing myself|being dead)",
            "(think|thinking) about dying",
            "(thoughts|thinking) (about|of) (not being here|not being alive|dying|death|ending it|kiling myself|suicide|not waking up)",
            "(everyone|everybody|they|my family|my kids|the world|people|al of you) (would|wil|d) be (so much |a lot )?beter of $",
            "@intend (commit|comit) suicide",
            "(attempting|trying) suicide",
            "(do not|no longer|not|never) (want|wana|wish|feel like) to (live|be alive|exist|keep living|stay alive|be here anymore) "
            "!(with|in|near|there|here in|at|like that again|that way again|on|alone|by|through that|in fear|a lie|a double)",
            "(do not|no longer|not) want to be here !(at|in|with|for|on|tonight at|today at|anymore at|right now at)",
            "(do not|no longer) want to (wake up|go on|keep going|continue|carry on) !(the|a|an|that|this trip|with|to|early|at|for|back|on)",
            "(tired|sick|done|exhausted|weary|so tired|so done) (of|with) (living|life|being alive|existing|being here|this life|it all)",
            "(done|finished) living",
            "(want|wana) out of (this life|life|this world|here for good)",
            "i want out $",
            "(go|going|fall|falling|went) to sleep and (never|not) wake up",
            "(sleep|sleeping) forever",
            "(never|not) wake up (again|tomorrow|in the morning|ever)",
            "and (not|never) wake up",
            "(hope|hoping|wish|pray|praying|wishing) ... (do not|never|will not|would not|wont) wake up",
            "(god|lord|jesus) ... (takes|take|would take|to take|wil take) me (away|home|in my sleep|tonight|now|$)",
            "(someone|somebody) (would|to|wil|could) (kil|end) me",
            "(hope|hoping|wish|pray|praying) (i|that i) (get hit|get kiled|do not make it|never come back|crash|die)",
            "(ready|prepared|not afraid|no longer afraid|not scared|no longer scared) to die",
            "(not|no longer) (afraid|scared) of (death|dying)",
            "(nobody|no one|noone|none of you|nobody would|no one would) ... (care|notice|miss me|mis me|even notice|even care|cry) ... "
            "(if|when) (i|i am|i was) ... (die|died|dead|gone|disappeared|not here|was not here|kiled myself|did not wake up)",
            "(if|when) i (die|died|disappeared|was gone|am gone|kiled myself) ... (nobody|no one|noone) (would|wil|will|even)",
            "(research|researching|researched|looked up|looking up|googled|googling|planning|planed|plan|figured out|figuring out) "
            "(how|ways|the best way|a way|the way|easy ways) to (die|end it|kil myself|end my life)",
            "(planning|planed|plan|planing) how to do it",
            "(plan|plans|planed|planning) (to|for|on) ((end|ending) (it|my life|things|everything) !(with)|kil|kiling|die|dying|do it|not be here)",
            "i (have|made|got) a plan $",
            "(should|deserve to|ought to|need to|want to|wana) (just )?(die|be dead|stop existing|not exist)",
            "(stop|stopped) existing",
            "(want|wana|wish i could|need) to disappear (forever|for good|permanently|from this world|$)",
            "(disappear|vanish) forever",
            "(i am|i feel|i was) ... (never|not) (meant|supposed) to be born",
            "wish i (had|was|were|would have) never (been )?born",
            "ready to (leave this world|go $|be done with (life|it al|everything|living))",
            "rather (be dead|die|not exist|not be here|not wake up) !(than (eat|go to|do|sit|work|lose|miss|drink|use|relapse|go back|see|watch|listen|wait|call|clean|pay|take))",
            "going to do it (tonight|now|today|this weekend)",
            "(life|my life) (is|feels) (over|not worth living|not worth it|worthless)",
            "(life|living) (is not|isnt|is no longer|aint|not) worth (it|living)",
            "not worth living",
            "(no|not any) (reason|point|purpose) [for me] (to|in|of|for) (live|living|life|be alive|being alive|being here|be here|going on|keep going|"
            "wake up|waking up|exist|existing|staying alive|stay alive|continue)",
            "(do not|can not|no longer) se (the|any) (point|use|purpose) (of|in) (living|life|going on|anything|being here|being alive|waking up)",
            "(what is|whats|what s|wats) the (point|use|purpose) (of|in) (living|life|being alive|being here|staying alive|going on|waking up|existing)",
            "(nothing|not much|nothing left|noone|no one|nobody) (to live for|left to live for|worth living for)",
            "(i am|i feel|im) ... (such )?(a burden|a waste of space|a waste of air|worthless and)",
            "(burden|burdens) (to|on|for) (everyone|everybody|my family|them|you|people|the people|others|my kids|all)",
            "(no one|nobody|noone) (would|wil|will|is going to) (miss|mis|notice) me",
            "(i|i am|me) [just] (gona|going to|wil|might|could) (kil|end) (myself|me|it) (tonight|today|now|soon)",
            # Broad on purpose: "die" right after the person themself (idioms are set aside first).
            "(i|me|i am|let me|just let me|i just|i could|i should|i might|i wil|il|i would|i wana|i want to|"
            "i feel like|feel like|i am going to|i am gona|rather|i ned to|i am ready to|i hope i|i wish i could|i pray i|"
            "i could just|i should just|i might just|i wil just|please let me|can i just|i realy want to|i realy wana) "
            "[just] (die|be dead|not be alive|stop breathing|dying) "
            "!(of|from|laughing|for|happy|happily|a happy|to (se|know|try|met|go|get|hear|tel|eat|have|find|watch|read|visit|talk|do))",
            "(stop|quit) (being alive|existing|breathing)",
            "(do not|dont|no longer) deserve to (live|be alive|be here|exist|wake up)",
            "(hate|hating|tired of|sick of) being alive",
            "(do not|never|no longer) (belong|fit) (in|on) this (world|earth|planet)",
            "wish i (was|were|had) never (here|born|existed|been here)",
            "(tonight|today) is (it|the night|the day) $",
            "(make sure|making sure|so) i (do not|never) (have to )?(fel|wake|deal|sufer|hurt) ... again",
            "never (have to )?(deal with|fel|face) (anything|it|this|life|any of this) again",
            "(ways|a way|how) to (not be here|not exist|not wake up|disapear for good|not be alive)",
            "(not|never) (going to be|be|gona be) around to (se|watch|hear)",
            "(can not|cant|do not) se myself (geting through|making it|surviving|alive|living|being here)",
            "(can not|do not) se myself (here|around|alive) (next|in a|by|tomorow|much longer)",
            "(he|she|they|@relation) (wants|is going|is trying|is about|is planning|said (she|he|they) (would|wil|is going)) to "
            "(kil|hurt) (herself|himself|themselves)",
            "writing (godbye|farewel) (texts|leters|notes|messages|emails)",
            "(if|in case|when) (anything|something) (hapens|hapened) to me",
            "(checking|check) out (tonight|for good|today|now|$)",
            "(everything|it al|al of it) (is )?(ready|set|planed|prepared|in place) for (tonight|the end|tomorow|when i go)",
            "(never|not) (have to|ned to) wake up",
            "(last|final) (message|text|thing) (you wil|youl|you|anyone wil) (ever )?(get|hear|se|read) from me",
            "(should|could|might as wel|wil|i am going to) just disapear",
            "hopefuly (thats it|that is it|it is over|its over|i do not wake up|that is the end|i do not come back)",
            "stop living $",
            "(the pain|it|everything|al of it|my pain|the hurt|this|it al|my life) [to] (stop|end) (forever|for good|permanently)",
            "(rest|sleep|go away|disapear|vanish|close my eyes|be gone|go to sleep|leave this world|fade away|escape) (forever|for good|permanently)",
            "(disapear|go away|leave|run away|vanish) and never (come back|return|be found)",
            "i (end|am ending|wil end) it $",
            "(the night|the day|the time|tonight is the night|today is the day|it is time) ... (i end it|i die|i do it|i go|to end it|to do it|to go|i kil myself)",
            "(tonights|todays) the (night|day) ... (end it|do it|die|go|kil myself)",
            "(be with|join|se) (my|him|her|them|grandma|grandpa|mom|dad) ... (in heaven|again soon|on the other side|up there)",
            "(go|going|get) to heaven (soon|tonight|now|early|already|$)",
            "(hope|hoping|wish|pray|praying) (it|this|that|they|something|the drugs|the pils|the next one|the next hit|this time) ... (kils|kil|wil kil|finishes|ends) me",
            "(had|have had|i have had|sick|fed up|done) enough (of|with) (life|living|this life|being alive|existing|everything|it al)",
            "(i am|i feel|im|i feel so|i am so) worthless",
            "(relieved|relief|a favor|a favour|beter of|happier|easier|beter) ... if i [just] (vanished|disapeared|disapear|was gone|were gone|died|die|was dead|were dead|was not here|were not here|did not exist|kiled myself|just disapeared|just died)",
            "(doing|do) (everyone|everybody|them|the world|my family|you) a (favor|favour)",
            "(do not|dont) (think|know if|know whether) (i wil|il|i can|i am going to|i am gona|i am able to|i could|i would) (make it|survive|last|get through|hold on|live) ... (tonight|through|another|much longer|til|until|this|the night|the week|the weekend)",
            "(how much longer|how long) (i can|can i|i am going to be able to|wil i be able to|i can keep) (do this|take this|take it|go on|keep going|hold on|survive|handle this|live like this|keep doing this|last)",
            "(can not|cant|do not think i can|no longer|not sure i can) (survive|make it through|get through|last) (another|one more|this) (day|night|week|month)",
            "(want|need) (it|this|everything|the pain|it al|al of this|my life|this life|life) [to be] over !(with|by|before|soon so)",
            "(ready to|want to|going to|time to|wana|about to) check out (for good|$|early|of life|of this life|of this world)",
            "(my own|my) (funeral|grave|obituary|eulogy|casket|cofin|memorial)",
        ],
        SELF_HARM: [
            "(hurt|hurting|hurts|harm|harming|cut|cuting|burn|burning|punish|punishing|injure|injuring|hit|hiting|scratch|"
            "scratching|bruise|bruising|mutilate|starve|starving) @myself !(at the gym|lifting|playing|at work|on the job|while|"
            "by accident|accidentaly|falling|when i fel|running|skating|cooking|shaving|on the|in the garden|with the knife cooking|last week at|doing)",
            "(@intend|urge to|urges to|relapsed on|relapse on|started|been|keep|back to) (self harm|selfharm|self harming|selfharming)",
            "(self harm|self harming|selfharm|selfharming) (again|tonight|urges|is back|$)",
            "(started|start|starting|been|keep|kept|back to|relapsed on|urge to|urges to|want to|wana|going to|gona|need to|"
            "thinking about|relapse on|feel like) (cut|cuting) (again|$|tonight|today|deeper|so bad|badly|myself|to cope|to feel|when|because|every)",
            "(cut|cuting|cuts) (again|deeper|deep|my (arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach))",
            "(hurt|harm) (my self|me self)",
            "(urge|urges|need|want|wanted) to (feel pain|feel something|bleed|punish)",
            "to feel (pain|something) ... (hurt|cut|burn|hit)",
            "(hurt|cut|burn|hit) ... to feel (pain|something)",
            "(scared|afraid|worried|terified) (i wil|il|i might|i am going to|that i wil|that i might) (hurt|harm|cut) "
            "!(her|him|them|you|his|their|my|people|someone|anyone|others|somebody|the)",
            "(relapsed|relapse) (on|with|into) (self harm|cuting|hurting myself)",
            "(slit|sliced|slice|sliting|slicing|carved|carving) (my|myself|into my)",
            "(burn|burned|burnt|cut|hit|hurt|scratched|scratch|bruised|bit|punched|stabed) ... (on purpose|deliberately|intentionaly)",
            "(hurting|harming|cuting|burning) (@myself|my arms|my legs|my wrists) (is|was) the only",
        ],
        OVERDOSE_INTENT: [
            "(overdose|overdosing|overdosed|od|oding|oded|odd) on purpose",
            "on purpose ... (overdose|od|pils|too much|too many)",
            "(too much|too many|extra|everything|al of it|al my pils) on purpose",
            "@intend (overdose|overdosing|od|oding) !(prevention|awareness|training|reversal|kit|kits|response|deaths|crisis)",
            "(hope|hoping|wish|pray|praying) (i|that i|to) (overdose|od|die from (this|my) use)",
            "@intend (take|taking|swalow|swalowing|down|downing) (al|every|the whole|the rest of|a whole|everything|a bunch of|"
            "a lot of|al of) ... (pils|pil|meds|medication|medicine|tablets|bottle|box|pack|suply|stash|i have|i got|at once)",
            "(take|taking|swalow) the whole (bottle|box|pack|packet|suply)",
            "(saving|saving up|stockpiling|hoarding|colecting|storing up|stashing|saved|saved up|stockpiled|hoarded|stashed) ... (pils|meds|medication|tablets)",
            "(use|using|drink|drinking|shoot|shooting|shoot up|shooting up|take|taking|smoke|smoking|get high|geting high) "
            "... (until|til|untill|till) (i die|i am dead|i do not wake up|it kils me|i never wake up|i stop breathing|my heart stops|i drop)",
            "(enough|everything|al of it|so much) ... (to|so i|that i|so that i) (do not|never|wil not|would not) wake up @not_late",
            "(make sure|so|so that|hoping) i (do not|never|wil not|would not) wake up @not_late",
            "(use|using|shoot up|take) (everything|al of it|it al|al) (at once|in one go|at one time|together)",
            "(pils|pil|meds|bottle|stash|everything|the dope|the fent) (lined up|counted out|saved up|stockpiled|al lined up|in front of me)",
            "(use|using|drink|drinking|shoot|shooting|take|taking|smoke|smoking) ... (until|til) my heart (stops|gives out|gives up|explodes)",
            "(use|using|drink|drinking|shoot|shooting|take|taking|smoke|smoking) ... (until|til) (i am gone|i am not here|i pas out for good|it is over|its over)",
            "(counting|count|counted|lining up) (the|my|al the|al my) (pils|meds|tablets)",
            # Not "I took all my meds today like the doctor said": taking medication as prescribed is a good day.
            "(took|tok|swalowed|taken|downed|just took) (a handful|a bunch|a lot|too many|al|al of|the whole|the rest|a whole bottle) "
            "(of )?(my |the )?(pils|meds|tablets|bottle|pil) !(today|this morning|tonight like|like|as prescribed|on time|for the (day|wek)|with|at)",
        ],
        HOPELESSNESS: [
            "(can not|cant|can no longer|unable to|do not know how to) (go on|keep going|keep living|live like this|"
            "live with this|do this anymore|do life|take it anymore|take this anymore|take it no more|handle it anymore|"
            "handle life|cope anymore|cope any longer|bear it|bear this|stand it anymore|stand this anymore|deal anymore|"
            "keep doing this|carry on|anymore|face another day|survive another day|do it anymore|live anymore|be here anymore|"
            "keep fighting|fight anymore|fight this anymore|stay alive) !(the|a|an|that|tour|vacation|holiday|trip|trips|date|"
            "dates|stage|social media|facebook|instagram|line|online|to|with work|at work|back|my trip|without)",
            "(no|not any|there is no|theres no|see no|do not see a|do not see any|never find a|cannot find a|can not find a) (way out|escape|exit) !(of (the|this) (parking|building|maze|game|room|lot|trafic|contract|lease|deal|meting|class|job|program))",
            "(no|lost al|lost) hope (left|for me|anymore|at al $|$)",
            "(there is|theres|i have|i see|i got|i have got) no (hope|future|way out|escape) !(of (geting|finding|winning)|for (the|this) (team|game))",
            "(feel|feeling|am|so|totaly|completely|utterly) hopeless !(at|about (math|cooking|sports|directions|the game))",
            "nothing (wil|is going to|is gona|wil ever|is ever going to|can) (ever )?(get|be|change|make it) (beter|ok|okay|diferent|right)",
            "(everything|life|it al|my life|living) (is|feels|seems) (pointless|meaningless|hopeless|empty and pointless)",
            "nothing (matters|maters) (anymore|at al|to me anymore|$)",
            "(i am|im|i feel like) (a lost cause|beyond help|beyond saving|past saving|unfixable|a failure at life)",
            "(can not|cant|can no longer|do not) see (a|any) (future|way out|point|light|way forward|reason)",
            "(no|have no|there is no|do not have a|do not have any) future (for me|anymore|$)",
            "(give|giving|gave|given) up on (life|living|myself|everything|me|staying alive)",
            "(there is|theres|what is|whats) no point (anymore|in (living|anything|trying|going on|being here|any of this)|$)",
            "(what is|whats|what s|wats) [even] the point (anymore|$|of trying|of trying anymore)",
            "(what is|whats|what s|wats) the point of (anything|it al|trying|even trying|any of it|any of this)",
            "(i give up|giving up) (on everything|on it al|completely|$)",
            "(trapped|stuck) (and|with) no (way out|escape|hope)",
            "i am (so )?done with (everything|it al|al of it|al of this|this life) !(on my list|for today|on the list)",
            "(i am|so) (done|finished) $",
            "(can not|cant) (do|take) (this|it) (anymore|any more|any longer|no more)",
            "(this pain|the pain|this|it|the hurt) (is )?never (going to|gona|wil) (end|stop|go away|get beter)",
        ],
        GOODBYE: [
            "goodbye forever !([,] (to )?(cigarettes|smoking|alcohol|booze|beer|drinking|drugs|weed|pils|dope|meth|coke|crack|"
            "heroin|vaping|vape|my old life|old habits|bad habits|cravings|my old friends|the old me|that life|using|caffeine|soda))",
            "(bye|farewell|see you never|adios) forever",
            "(final|last) (goodbye|farewel|goodbyes)",
            "(this is|here is|these are) my (final|last) (message|note|words|post|text)",
            "my (final|last) (words|note|message) (to|for) (everyone|everybody|you al|the world|my family|al of you)",
            "this is (goodbye|my goodbye|farewell|the end for me|it for me|the last you wil hear)",
            "(want|wanted|just wanted|came|have|had|need) to say goodbye (to (everyone|everybody|you al|al of you|you guys|the world|"
            "everyone i love|my family)|$|before)",
            "say (goodbye|my goodbyes) (to (everyone|everybody|the world|you al|al of you)|for the last time)",
            "by the time (you|anyone|someone|somebody|they|you guys) (read|reads|se|ses|find|finds|get|gets) this",
            "(i wil|il|i am|i am going to) ... be gone (forever|for good|soon|by (morning|then))",
            "(when|after|once|after) (i am|i m) (gone|dead|not here|not around|no longer here|no longer around)",
            "(giving|gave|give|giving away al) away (my|al my|al of my) (stuf|things|belongings|posesions|clothes|stuf)",
            "(wil not|not going to|not gona|never) (ned|be neding|be using) (it|this|any of this|these|them|my things|my stuf|any of it) (anymore|any more|again|where i am going|after tonight|after today)",
            "(you|ya|you al|you guys|nobody|no one|everyone) (wil not|never|are not going to|wil never) (hear from|se|hear) me (again|anymore|ever again)",
            "(wil not|never|not going to) (hear from|se) me (again|anymore|ever again)",
            "sorry for everything $",
            "(thank you for everything|thanks for everything|thank you for al|take care of yourself|i am sory for everything|i love you al|forgive me) ~ (godbye|farewel|bye forever|goodbye forever)",
            "(saying|say|said|time to say|wanted to say) (my )?godbyes",
            "(tel|please tel) (my|the|them|her|him|everyone) ... (i am sory|that i am sory|sory) $",
            "(wil not|never|do not|no longer|not going to|wont) (have to|ned to|going to have to) (wory|be worried|stres) about me (anymore|again|any more|ever again)",
            "(forgive me|please forgive me) (for everything|$)",
            "(wrote|writing|write|left) (leters|a leter|notes|a note|goodbye leters|my goodbye|goodbye notes) (to|for) (everyone|everybody|my family|my kids|al the people|al of you|the people i love)",
            "(wrote|writing|left) (goodbye|farewel) (leters|notes|leter|note)",
            "(tel|please tel) (my|the) ... (i love|i loved|that i love|that i loved) (them|her|him|you) [,] (goodbye|bye|farewel)",
            "(goodbye|farewel) (everyone|everybody|al|world|cruel world|my friends) "
            "!([,] (se you|talk|til|until|for now|have a|enjoy|catch you|until next|good night|godnight|and thanks for|at))",
            "(not|never) (going to|gona) be (here|around|alive) (much longer|for much longer|for long|tomorow|next week|by morning|anymore) "
            "!([,] (i am at|i wil be at|i am going to|i am visiting|i have|because|since|at|i am on|going to|visiting))",
            "(wil not|wont|not) be (here|around|alive) (much longer|for much longer|for long|tomorow|next week|by morning|anymore) !(because|i am on|on vacation|for work|i have)",
            "(this is|it is|wil be|tonight is|today is) my last (night|day|message|goodbye|post|note|words) !(at|of|in|on|with|before|as a|here at)",
        ],
        NOT_SAFE: [
            "(i feel|feel|feeling|i am|am) unsafe !(at work|at school|in this neighborhood|in this neighbourhood|driving|on the bus|walking|in that)",
            "(i am|am|i feel|feel|feeling) not safe",
            "(do not|no longer) feel safe !(at work|at school|in this neighborhood|in this neighbourhood|driving|on the bus|walking|in that|with (him|her|them|my (ex|roommate)))",
            "(do not|can not|no longer) trust @myself !(with (money|my money|cash|a credit card|my card|my bank card)|around (alcohol|beer|booze|drugs|weed|my ex|old friends|the bar|bars)|to (drive|cook|choose|make|pick|buy|keep|remember))",
            "(scared|afraid|terified|worried|frightened) (of|about) what i (might|wil|could|am going to|may|would) do",
            "(scared|afraid|worried|terified) (i wil|ill|i might|i am going to|that i wil|that i might) do something",
            "(might|wil|could|going to|gona|about to|afraid i|scared i) ... do something (stupid|drastic|dangerous|bad|crazy|i regret|i can not take back)",
            "(drive|driving|crash|crashing|steer|steering) (my car|the car|my truck|into) ... (of the road|into a tree|into a wal|into trafic|of a bridge|on purpose)",
            "(not|do not feel) safe (from|with|around) @myself",
        ],
    },
    "es": {
        OVERDOSE_IN_PROGRESS: [
            "(me|se) (esta|estoy|estan) (dando|pasando) (una )?sobredosis",
            "(estoy|esta|estan|creo que estoy|creo que esta) (teniendo|sufriendo) una sobredosis",
            "creo que (tengo|tiene|tuve|tuvo|es) una sobredosis",
        ],
        MEANS_OR_PLAN: [
            "(pistola|arma) (en|contra) (la|mi) (cabeza|boca|sien|pecho)",
            "(cargue|ya cargue|tengo cargada) (la|mi) (pistola|arma|escopeta)",
            "(amare|ya amare|hice|prepare) (la|una) (cuerda|soga)",
        ],
        DANGER_FROM_OTHERS: [
            "(temo|tengo miedo) por mi vida",
        ],
        SUICIDAL_IDEATION: [
            "me (quiero|voy a|puedo|deberia|gustaria|dan ganas de|queria) (morir|matar|suicidar|quitar la vida|ir de este mundo) !@muero_de",
            "(quiero|quisiera|necesito|deseo|ganas de|solo quiero|ya quiero|pienso en|pensando en|voy a|deberia|prefiero|"
            "preferiria|quisiera) (morir|morirme|morime) !@muero_de",
            "@quiero (matarme|suicidarme|quitarme la vida|acabar con mi vida|terminar con mi vida|acabar con mi existencia|"
            "desaparecer para siempre|dejar de existir|no existir|irme de este mundo|no despertar)",
            "(suicidarme|suicidarm|me suicido|me suicidare|me voy a suicidar|me quiero suicidar|me suicidaria)",
            "(quitarme|quitar me) la vida",
            "(acabar|terminar|acabare|terminare) con mi (vida|existencia)",
            "(acabar|terminar|acabare|terminare|termino|acabo|acabe|termine) con todo !(el|la|lo|los|las|mi|mis|eso|esto|este (trabajo|proyecto|antojo|vicio)|esta (tarea|relacion|adiccion)|y empezar|lo malo)",
            "quiero que (todo|todo esto|esto|mi vida) (termine|se acabe|acabe|se termine) !(bien|pronto para|rapido para)",
            "(morir|morirme|la muerte|matarme) (seria|es|sera|fuera) (un alivio|lo mejor|mejor|un descanso|la solucion|la unica salida)",
            "(no quiero|ya no quiero) (estar|seguir|vivir) en este mundo",
            "me (voy a|quiero|puedo|podria) quitar la vida",
            "(ojala|quisiera|desearia|deseo|quiero|prefiero|preferiria|mejor|solo quiero) ... (estar|estuviera|estuviese|estar ya) (muerto|muerta|muertos)",
            "(estaria|estarian|estarias|estare|mejor) [mejor] (muerto|muerta) !(que sencil*|de risa|de cansancio|de sueno)",
            "(estarian|estaria|estarias|serian|seria|vivirian|estan|estaran|estarán|son|se) (mejor|mas felices|mas tranquilos|"
            "mas tranquilas|bien|felices|tranquilos) sin mi !(ex|novio|novia|pareja|esposo|esposa|hermano|hermana|familia|mama|"
            "papa|madre|padre|hijo|hija|amigo|amiga|trabajo|celular|telefono|caro|coche|perro|gato|casa|dinero|jefe|mentor|"
            "mentora|padrino|madrina|medicina|medicamento|tratamiento|ayuda|apoyo|permiso|opinion)",
            "(nadie|a nadie) ... (extranaria|extrañaria|notaria|importaria|importa|daria cuenta|echaria de menos|lloraria) ... "
            "(si|cuando) (me muero|muero|me muera|muriera|me fuera|desapareciera|me mato|me matara|ya no estoy|ya no estuviera|no estuviera)",
            "(si|cuando) (me muero|me muera|muriera|me mato|me matara|desapareciera|ya no estuviera|no estuviera) ... (nadie|no pasaria nada|no le importaria)",
            "(dormir|dormirme|acostarme|me duermo) y (no|nunca|ya no) (despertar|volver a despertar|despertarme|despierto)",
            "(ojala|quisiera|deseo|pido|quiero) (no|nunca|ya no) (despertar|despertarme|volver a despertar|despierte|despertara)",
            "no (despertar|despertarme) (nunca|mas|manana|jamas)",
            "y no (despertar|volver a despertar|despertarme)",
            "ojala (me muriera|me muera|muriera|me muero|me atropellen|me atropellara|me atropelle|me atropeyen|me pase algo|"
            "no despierte|no despertara|me de algo|me lleve la muerte|se acabe mi vida)",
            "(pido|le pido|ruego|le ruego|rezo|rezo para que|pidiendo|pidiendole) ... (dios|diosito|senor|virgen) ... (me lleve|me recoja|me lleve ya|me quite la vida)",
            "que dios me lleve !(con bien|bien|con|a casa|con salud)",
            "desaparecer (para siempre|del mapa|de este mundo|de la tiera|y no volver)",
            "(quiero|quisiera|ojala pudiera) desaparecer !(en|un|unos|unas|del trabajo|de las redes|el fin|este fin|de la fiesta|de aqui un rato|por un rato|del chat|del grupo|de (la|las|los|el) (redes|chat|grupo|fiesta|escuela|trabajo))",
            "(quiero|quisiera|ojala|deseo) (dejar de existir|no existir|ya no existir)",
            "no (quiero|deseo) (vivir|seguir viviendo|estar vivo|estar viva|existir|seguir con vida|continuar viviendo|vivir mas) "
            "!(en|con|cerca|aqui en|alla|sola en|solo en|de renta|rentando|con mis)",
            "no quiero seguir !(consumiendo|tomando|bebiendo|fumando|usando|drogandome|en|con|trabajando|asi de|haciendo|siendo|"
            "pagando|esperando|estudiando|viendo|hablando|saliendo|peleando|discutiendo|mintiendo|perdiendo)",
            "(ya no|no) quiero estar (aqui|aca) !(en|con|trabajando|sola en|solo en|esperando)",
            "no quiero (despertar|despertarme) !(temprano|a las|tarde|mañana temprano|manana temprano)",
            "(no|ya no) (le )?(encuentro|veo|tiene|hay|tengo) (sentido|razon|razones|motivo|motivos) (a|en|para|de)? "
            "(vivir|la vida|seguir viviendo|seguir|existir|nada|mi vida|seguir aqui|estar vivo|estar viva)",
            "(la vida|mi vida|vivir) (no tiene|ya no tiene|sin) sentido",
            "no tengo (razon|razones|motivo|motivos|por que|por qué|nada por lo que|para que|pa que) (para |de )?vivir",
            "(no vale|ya no vale|no valdria) la pena (vivir|seguir|seguir viviendo|seguir aqui|nada)",
            "la vida no vale (la pena|nada)",
            "(estoy|me siento|ya estoy) (listo|lista|preparado|preparada) (para|pa) (morir|irme de este mundo|partir)",
            "(no|ya no) (le )?tengo miedo (a la muerte|de morir|a morir|a morirme)",
            "(pienso|pensando|penso|pense|pensar) (mucho )?en (la muerte|morir|morirme|matarme|suicidarme|mi funeral|no despertar|desaparecer) !(de)",
            "(cansado|cansada|harto|harta|agotado|agotada|me canse|ya me canse|fastidiado|fastidiada) de (vivir|la vida|existir|estar vivo|estar viva|todo y de todos)",
            "(me rindo|ya me rindo|rendirme|me di por vencido|me di por vencida) (con la vida|de vivir|de la vida|ya no puedo|no puedo mas)",
            "no (quiero|deseo) estar (vivo|viva)",
            "(seria|es|sera|fuera) (mas facil|mejor|mas sencillo) (si|que) (no estuviera|no existiera|me muriera|desapareciera|no hubiera nacido|ya no estuviera|me fuera para siempre)",
            "(nunca|no) (debi|debio|deberia|hubiera) (haber )?nacido",
            "ojala no hubiera nacido",
            "(irme|salir|me voy|me quiero ir) de este mundo",
            "(me voy a|voy a) (morir|morirme) !@muero_de",
            "(tengo|hice|ya tengo|tengo todo) (un|mi|el)? plan (para|de) (matarme|quitarme la vida|morir|suicidarme|irme|acabar con todo)",
            "(tengo todo|ya tengo todo|todo esta) (planeado|listo|preparado) (para (irme|morir|acabar|matarme|terminar con todo)|$)",
            "(intente|intentare|lo voy a volver a intentar|volvere a intentarlo|lo intentare otra vez) ... (suicidarme|matarme|quitarme la vida)",
            "(tengo|tener|con|sigo con|vuelvo a tener|tenia|he tenido|estoy teniendo|me vienen|me llegan) pensamientos (suicidas|de muerte|de matarme|de quitarme la vida|de morir)",
            "(me siento|estoy|ando|sigo) suicida",
            # Broad on purpose: dying right after wanting it (idioms are set aside first).
            "(quiero|dejame|dejenme|deja me|ojala|voy a|me voy a|prefiero|mejor|necesito|deberia|podria|quisiera|ganas de|"
            "que me deje|solo quiero|ya quiero|me quiero|seria mejor|es mejor|mejor seria|por favor) [ya|mejor|solo] "
            "(morir|morirme|matarme|me muero|me mato|desaparecer para siempre|no existir|dejar de vivir) !@muero_de",
            "(mejor|ya|mejor ya|ahora si|hoy|hoy si|esta noche) me (mato|suicido) !@muero_de",
            "(ya no|no) quiero estar $",
            "(se quiere|se va a|se queria) (matar|suicidar|quitar la vida)",
            "(me quiero ir|irme|me voy a ir) ... para siempre",
            "no creo que (llegue|aguante|viva|dure) (a|hasta)",
            "(pare|parar|termine|acabe|se acabe|descansar|descanse|dormir|dormirme|duerma|desaparecer|irme|me voy|morir|cerrar los ojos|"
            "dejar de sufrir|dejar de sentir|dejar de existir|dejar de doler|se vaya el dolor) ... para siempre",
            "(desaparecer|irme|largarme|me voy|huir) y (no volver|nunca volver|no regresar|nunca regresar)",
            "no voy a (legar|aguantar|pasar|sobrevivir) (a|hasta|de|esta) (manana|la noche|el lunes|el fin|la semana|esta noche|noche)",
            "(mi propio|mi) (funeral|entiero|tumba|velorio|ataud|esquela)",
            "(acabar|terminar|acabo|termino|acabare|terminare) con esto (de una vez|para siempre|ya|hoy|esta noche|de una buena vez)",
            "(no hay|sin|no tengo|ya no hay|ya no tengo) (razon|motivo|razones|motivos) (para|de) que (yo )?(siga|este|viva|exista)",
            "(aliviados|aliviadas|aliviado|mejor|felices|tranquilos|tranquilas|un favor|un alivio) ... si (yo )?(no estuviera|desapareciera|me muriera|muero|me muero|ya no estuviera|no existiera|me fuera)",
            "(haria|hago|haciendo|les haria|le haria) (un favor|un bien) a (todos|todo el mundo|mi familia|ustedes)",
            "(no|sin|ya no|ni) ...2 (fuerzas|ganas|razon|razones|motivo|motivos|sentido) (para|de) (seguir viviendo|seguir con vida|estar vivo|estar viva|vivir)",
            "(dejar de|ya no quiero|no quiero) estar (vivo|viva)",
            "(irme|ir|estar|reunirme|verme) con (mi|mis) ... (al cielo|en el cielo|alla arriba)",
            "(irme|ir) al cielo (ya|pronto|hoy|esta noche|$)",
            "(ojala|espero que|quiero que) (me|esto|la droga|la siguiente|esta vez) ... (mate|maten|lleve|acabe conmigo)",
            "(ya )?(tuve|tengo|he tenido) suficiente (de|con) (esta vida|la vida|vivir|todo|existir)",
            "(cuanto tiempo mas|cuanto mas|hasta cuando) (pueda|puedo|voy a poder|podre) (aguantar|seguir|soportar|resistir|vivir asi)",
            "(mi vida|yo) no (sirve|vale|valgo|sirvo) (para nada|nada|de nada)",
            "no valgo nada",
            "mejor (desaparezco|me desaparezco|me voy para siempre|me muero|me mato|no despierto)",
            "solo (hay|queda|me queda) una salida",
            "nadie (me va a|me vaya a|me|me iba a|va a) (extranar|echar de menos|recordar|notar)",
            "(y si|ojala|que tal si|quisiera que) ... no (despierto|despertara|despierte|amanezco|amanezca)",
            "(ir|irme|me voy|me quiero ir|me voy a ir|largarme) para siempre",
            "odio (estar|seguir) (vivo|viva)",
            "no (merezco|me merezco) (vivir|estar vivo|estar viva|existir|seguir aqui)",
            "(dejar de|quiero dejar de|solo quiero dejar de|ojala dejara de) respirar",
            "no (pertenezco|encajo) (a|en) este mundo",
            "ojala nunca (hubiera|hubiese) (existido|nacido)",
            "(mejor|felices|tranquilos|aliviados) ... si [simplemente|solo] (me esfumara|desapareciera|me muriera|no estuviera|me fuera)",
            "ya no me queda (esperanza|nada|fuerza|fuerzas|ganas)",
            "no me veo (pasando|sobreviviendo|vivo|viva|legando|saliendo de)",
            "(que|quiero que) (esta vida|mi vida|la vida) (se acabe|termine|acabe|se termine)",
            "(para que|pa que) $",
            "(dormirme|dormir) y no (saber|sentir) nada",
            "(contando|cuento|conte|junte) (las|mis|todas las|todas mis) (pastilas|pildoras|medicinas)",
            "(formas|maneras|como) de no (estar aqui|estar aca|estar viva|estar vivo|despertar|existir)",
            "no voy a estar para (verlo|verla|ver|contarlo)",
            "(me voy a rendir|rendirme|me rindo|me doy por vencid*) por completo",
            "me (raje|corte|abri) (la piel|las venas|los brazos|las munecas)",
            "(estrelar|chocar|estrellar|voltear) (el caro|el coche|mi caro|mi coche|el carro) ... a proposito",
            "(ya decidi|decidi|he decidido|ya lo decidi) (que )?(hoy|esta noche|manana) (es el dia|es la noche|lo hago)",
            "(asegurarme|me voy a asegurar|voy a asegurarme) de no (volver a sentir|despertar|sentir nada|sentir esto)",
            "(este dolor|el dolor|esto) nunca (se va a acabar|va a terminar|se acaba|termina|se va a ir)",
            "ya no puedo $",
            "(si|cuando) (me pasa algo|algo me pasa|me llega a pasar algo)",
            "(esta noche|hoy|mañana|manana) me voy $",
            "(cansado|cansada|me canse|ya me canse|harto|harta) de luchar",
            "(todo|ya todo) (listo|preparado|planeado) para (esta noche|irme|manana|mañana|el final)",
            "(si|cuando) (desaparezco|me voy|muero|me muero|ya no estoy) ... (nadie|a nadie)",
            "(nadie|a nadie) ... (si|cuando) (desaparezco|me voy|muero|me muero|ya no estoy|me mato)",
            "(seria|es|fuera|sera) [tan|mas|muy] (facil|mejor|sencillo) ... (no estar aqui|no estar|no existir|desaparecer|morir|morirme|irme)",
            "no (tenga|tener|tengo) que (despertar|volver a despertar)",
            "(me rindo|me rendi|ya me rendi|rendirme|me di por vencid*) con todo",
            # Not "me tomé todas mis pastillas de hoy": taking medication as prescribed is a good day.
            "(me tome|me trague|me meti) (un puno|un punado|muchas|todas|un monton|demasiadas|el frasco) [de] [mis|las] (pastilas|pildoras|medicinas) "
            "!(de (hoy|la semana|la manana|la noche|siempre|la mañana)|como|a tiempo|con)",
            "(ultimo|ultima) (mensaje|vez) que (te|les|le) (voy a mandar|mando|escribo|voy a escribir)",
            "(seria|es|sera) mejor (morir|morirme|matarme|desaparecer|no estar|no existir|estar muerto|estar muerta)",
        ],
        SELF_HARM: [
            "(hacerme|acerme|aserme|me hice|me ise|me hago|me estoy haciendo|haciendome|aciendome|asiendome|me voy a hacer|me quiero hacer|me vuelvo a hacer|volvi a hacerme) "
            "(dano|danio|mal) !(en (la|el|los|las|mi) (espalda|rodilla|rodillas|tobillo|hombro|pie|pies|mano|cuelo|cintura)|jugando|trabajando|al caer|"
            "levantando|cocinando|en el gym|en el gimnasio|en el trabajo|con la puerta|el estomago|comiendo|a la salud|con el alcohol|con las drogas|con la comida)",
            "(lastimarme|lastimarm|autolesionarme|herirme|golpearme|quemarme|castigarme|rasgunarme|rayarme) !(la (rodilla|espalda|mano)|el (tobilo|pie|hombro)|jugando|en el gimnasio|en el trabajo|con la comida|los dientes|el cabelo)",
            "cortarme !(el pelo|el cabelo|el cabello|las unas|la barba|el fleco|el flequillo|las puntas|el bigote|el pelito|las greñas|el cuero|el pelo|mañana|manana el|un poco el)",
            "me (corte|corto|estoy cortando|volvi a cortar|he cortado|vuelvo a cortar) !(el pelo|el cabelo|el cabello|las unas|la barba|el fleco|el flequillo|"
            "las puntas|el bigote|el dedo|un dedo|la mano|con (un |el |una |la )?(papel|hoja|lata|vidrio|cuchilo|cuchillo) (cocinando|picando|en la cocina)|cocinando|picando|rasurandome|"
            "afeitandome|con mi novio|con mi novia|con mi pareja|con el|con ella|de|la cebola|la carne|el pan|las verduras|el cesped)",
            "(me lastime|me lastimo|me estoy lastimando|me queme|me golpee|me golpeo|me pego|me rasgune|me muerdo|me quemo|me castigo|me hago cortes|me hice cortes) "
            "(a proposito|aproposito|otra vez|de nuevo|hasta|para sentir|haciendome|lastimandome|cortandome|golpeandome)",
            "(volvi a|otra vez|de nuevo|sigo) (cortarme|lastimarme|hacerme dano|autolesionarme|cortandome|lastimandome|autolesionandome)",
            "(autolesion|autolesiones|auto lesion|auto lesiones|autolesiono|me autolesiono|autolesionandome|autolecion|autolesionar)",
            "(necesito|quiero|ganas de|para) sentir dolor",
            "(haciendome dano|cortandome|lastimandome|autolesionandome|quemandome|golpeandome) !(la (espalda|rodilla)|el (pie|tobilo)|jugando|en el (gym|gimnasio|trabajo))",
            "miedo (de|a) (lastimarme|hacerme dano|cortarme)",
            "(sigo|me sigo|no dejo de|no paro de) (cortando|lastimando|quemando|golpeando|haciendo dano)",
            "me (queme|corte|golpee|lastime|rasgune|pegue|hice dano) ... (a proposito|adrede|aproposito)",
            "(hacerme dano|cortarme|lastimarme|quemarme) es lo unico",
        ],
        OVERDOSE_INTENT: [
            "(tomarme|me voy a tomar|me tome|me tomo|tragarme|me trague|me voy a tragar|meterme|me voy a meter|me meto|tomar) "
            "(todas|todo|el|la|toda|mis|las|los) ... (pastillas|pastilas|pildoras|pildora|medicinas|medicamentos|frasco|caja|bote|dosis|pastila|pastilla|chochos|tabletas)",
            "(tomarme|me voy a tomar|tragarme|voy a tomarme) (el frasco|la caja|el bote|todo el frasco|todas) (entero|entera|completo|completa|de una|de golpe)?",
            "meterme todo (lo que tengo|de una vez|de golpe|junto)",
            "sobredosis (a proposito|aproposito|adrede|intencional)",
            "(suficiente|bastante|lo necesario) ... (para|pa) (no despertar|no volver a despertar|morir|matarme)",
            "(me tomo|tomarme|me voy a tomar|me trago) (todo|todas) ... (botiquin|pastillas|medicinas)",
            "(quiero|voy a|ganas de|pienso en|pensando en|pensar en|buscar|provocarme|darme|meterme) (una )?sobredosis",
            "ojala (me de|me diera|tenga|tuviera|me de una) (una )?sobredosis",
            "me (voy a|quiero) (meter|dar|provocar|hacer) una sobredosis",
            "(consumir|beber|tomar|usar|drogarme|meterme|inyectarme|fumar|chupar|pistear) hasta (morir|morirme|matarme|no despertar|que me muera|que se acabe todo|reventar|que me mate|ya no respirar)",
            "(juntando|guardando|acumulando|ahorrando|junte|guarde|junto|guardo|escondiendo) (pastillas|medicinas|medicamentos|mis pastillas|pildoras|chochos|mis medicinas)",
            "(pastillas|pastilas|medicinas|chochos|pildoras|el frasco) (listas|listos|preparadas|contadas|juntadas|guardadas|alineadas)",
            "(tomarme|me voy a tomar|me tomo|tragarme) (todas )?(mis|las) ... (de una vez|de golpe|juntas|al mismo tiempo)",
            "(pastillas|pastillas de mas|de mas|demasiado|demasiadas|sobredosis|todo) ... (a proposito|aproposito|adrede)",
            "(ultima|mi ultima) (dosis|vez que consumo|vez que me drogo) ... (para siempre|y ya|y adios|y me voy)",
        ],
        HOPELESSNESS: [
            "(ya )?no puedo mas !(de risa|con la tarea|con la risa|que)",
            "(ya )?no (aguanto|soporto|resisto) (mas|esta vida|vivir|la vida|nada|esto|seguir|mas esta vida|$) !(el calor|el frio|la risa|las ganas|de risa)",
            "ya no (aguanto|soporto|resisto) !(las ganas|la emocion|el calor|el frio|la risa|a|para|sin|el ruido|a mi jefe|a mi suegra|estos zapatos|la espalda|el dolor de muelas|la comida|el picante|el trafico|el trabajo)",
            "(no hay|sin|no veo|no encuentro|no tengo|no le veo|no le encuentro) (ninguna |otra |una )?salida",
            "(no hay|no tengo|sin|perdi toda|perdi la|ya no hay|ya no tengo|ya no tengo ninguna) esperanza !(de (ganar|conseguir|que gane|que llegue))",
            "(no tengo|no veo|sin|no hay|no le veo) (ningun |ni un )?futuro",
            "(soy|estoy|me siento) (un caso perdido|una causa perdida|inutil para todo|una carga|un estorbo|un peso|un fracaso total|una basura|una mierda)",
            "(no puedo|ya no puedo|ya no se como) (seguir|continuar) !(trabajando|estudiando|en el (trabajo|curso|grupo)|con (el|la|mi) (trabajo|curso|clase|dieta|tarea)|pagando|esperando|corriendo|comiendo|viendo)",
            "ya no (puedo|doy) (mas|con esto|con mi vida|con la vida|con nada)",
            "(para que|pa que|para qué|de que sirve) (seguir|vivir|seguir viviendo|despertar|existir|intentarlo|seguir intentando|luchar|seguir luchando)",
            "(todo es|es todo|la vida es|mi vida es) (inutil|en vano|una mierda y no va a cambiar)",
            "nada (tiene|vale la pena|importa|vale) (sentido|ya|nada|$)",
            "(nada|ya nada) (va a|me va a|podra) (mejorar|cambiar|salir bien)",
            "(estoy|me siento) (atrapado|atrapada) (y|sin) (no hay|ninguna|salida)",
            "(me rindo|ya me rindo|me doy por vencido|me doy por vencida|tiro la toalla) (con todo|de todo|$)",
            "(inutil|ya no hay nada que hacer|nada que hacer|ya no puedo) ... (me rindo|me doy por vencid*)",
            "(cansado|cansada|harto|harta) de (todo|luchar|sufrir|intentar) (y|ya|$)",
            "no (le )?veo (el )?sentido (a nada|a la vida|a seguir|$)",
            "sin (razon|ganas|motivo) (de|para) vivir",
            "callejon sin salida",
            "no (puedo|aguanto|soporto) (seguir|vivir) (asi|de esta manera|con esto|con este dolor)",
        ],
        GOODBYE: [
            "(adios|adiós) (para siempre|a todos|mundo|a todos los que quiero)",
            "hasta siempre",
            "me despido (de todos|de ustedes|de ti|de este mundo|de la vida|para siempre|de todo)",
            "(esta es|este es|es|esto es) (mi|un|una) (despedida|adios|ultimo adios|ultimo mensaje)",
            "(carta|cartas|mensaje|mensajes|nota|notas) de despedida",
            "(mi|el) ultimo mensaje",
            "(cuando|para cuando|cuando ustedes) (leas|lean|vean|veas|encuentren|encuentres|reciban|recibas) (esto|este mensaje|esta carta)",
            "ya no (estare|estaré|voy a estar|me veran|me van a ver|van a saber de mi|sabran de mi|me veras|me volveran a ver|van a tener que preocuparse por mi) !(en|con|disponible|trabajando|aqui los|el martes|el lunes|mañana en|manana en)",
            "no (me volveran|me volveras|me vuelven) a ver",
            "(cuando|si) (ya no|yo ya no) (este|estoy|estare|exista)",
            "(cuando|despues de que|si) (me muera|muera|me vaya para siempre|me haya ido|yo falte) !(de viejo|de vieja|de viejita|de viejito)",
            "(perdonenme|perdoname|perdon|perdoneme|disculpenme) por todo !(lo que)",
            "(regalando|regalar|regale|voy a regalar|estoy regalando|ya regale) (mis|todas mis|todo lo que tengo|mis cosas)",
            "ya no (las|lo|los|la|me) (voy a|van a) (necesitar|hacer falta)",
            "(gracias por todo|los quiero a todos|los amo a todos|los quiero mucho) ... (adios|me despido|hasta siempre|ya no estare|mi ultimo)",
            "(cuiden|cuida|cuidar|cuidenme) (a|de) (mis|mi) ... (cuando|si) (ya no|me|yo)",
            "(gracias por todo|cuidate mucho|cuidense|los quiero a todos|los amo a todos|perdonenme|perdoname) ~ (adios|hasta siempre|me despido)",
            "(diganle|dile|digan|diganles|les dices) a (mi|mis) ... que (lo siento|los quiero|la quiero|lo quiero|los amo|me perdonen|perdon)",
            "(despidiendo|despedirme|despedir|me despido) (de todos|de ustedes|de ti|del mundo|de la vida|para siempre)",
            "(no|ya no|nunca mas) (tendran|tendras|van a tener|vas a tener) que preocuparse por mi",
            "(mañana|manana|pronto|esta noche) ya no (voy a estar|estare) (aqui|aca|$)",
        ],
        NOT_SAFE: [
            "no (estoy|me siento|me encuentro) a salvo",
            "no me siento (seguro|segura) !(de|que|si|con la|con el|con mi decision|en el trabajo|en la escuela|manejando|con el plan)",
            "no confio en (mi|mi misma|mi mismo) (mismo|misma|ahora|ahorita|esta noche|hoy|ahora mismo|$)",
            "(miedo|terror|me asusta|me da miedo) (de|a)? lo que (pueda|puedo|podria|vaya a|voy a|pudiera) hacer(me|)?",
            "(miedo de|voy a|estoy por|a punto de|pienso|ganas de|podria) hacer (una locura|una tonteria|algo malo|algo que lamente|algo estupido|una estupidez)",
            "(estoy|me siento) en peligro",
            "(no estoy|no me siento) (seguro|segura|a salvo) (conmigo|solo|sola|estando solo|estando sola)",
        ],
    },
}

# Bare mentions, by language and category: matched after CONTEXT is removed too.
MENTIONS: dict[str, dict[str, list[str]]] = {
    "en": {
        SUICIDAL_IDEATION: [
            "suicid*",
            "(unalive|unaliving|unalived)",
            "kil yourself",
            "(self delete*|selfdelete*)",
            "kiled myself",
        ],
        SELF_HARM: ["self (harm*|injur*|mutilat*)", "selfharm*", "(cuter|cuting scars|fresh cuts)"],
        OVERDOSE_INTENT: [
            "overdos*",
            "(almost|nearly|had an) (od|oded|overdose|overdosed)",
            "(sui cide|sui cidal|su icide|sewerslide|sewer slide|self delete|self deleting|commit sudoku)",
            "i (oded|odd)",
        ],
        HOPELESSNESS: [],
        GOODBYE: [],
        NOT_SAFE: [],
    },
    "es": {
        SUICIDAL_IDEATION: ["suicid*", "(quitarse|quitarme) la vida", "(matarse|matarme)"],
        SELF_HARM: ["autolesi*", "auto lesi*"],
        OVERDOSE_INTENT: ["sobredosi*", "(casi|por poco) me (muero|mori) de (una )?sobredosis"],
        HOPELESSNESS: [],
        GOODBYE: [],
        NOT_SAFE: [],
    },
}

# Removed before anything is matched: plain denials only, never a statement of intent.
SAFE_NEGATIONS: dict[str, list[str]] = {
    "en": [
        "(do not|never|did not|does not|not) want to die !(but|yet|though|anymore but)",
        "(i am|am|i was|was|i feel|feeling) not suicidal !(yet|til|until|but|right now but|anymore but)",
        "(never|never been|no longer|never felt|not realy) suicidal !(yet|til|until|but)",
        # Everyday idioms that are not about dying.
        "dying to (se|know|try|met|go|get|hear|tel|eat|have|find|watch|read|visit|talk|do)",
        "(die|died|dying|dead) (of|from|with) (laughter|laughing|embarasment|boredom|heat|hunger|curiosity|cutenes|thirst|excitement)",
        "(die|died|dying) laughing",
        "(to die for|would die for|die for (my|you|them|her|him|the)|dying for (a|some|the|my|an)|die happy|die a happy|dead to me)",
        "(he|she|they|someone|somebody|my (friend|sponsor|brother|sister|dad|mom|father|mother)) (wanted|wants|want|wished|wishes) to die",
        "dead (tired|serious|set|end|wrong|last|beat|broke|center|weight|heat|ringer|giveaway|asleep|silent|quiet|boring|on)",
        "(lol|lmao|haha|hahaha|rofl) i am dead",
        "i am dead (lol|lmao|haha|hahaha|rofl)",
        "(phone|battery|laptop|computer|car|tablet|charger|plant|plants|flowers|tv|engine|light|lights|game|meeting|party|"
        "conversation|town|bar|class|wifi|internet|mic|speaker|headphones|tablet|tablets|ipad|kindle|watch|remote|flashlight) ... (dies|die|died|dying|dead|is dead)",
    ],
    "es": [
        "(no|ya no|nunca) (quiero|queria) (morir|morirme) !(pero|aun|todavia|mas|todavía)",
        "(no|ya no|nunca) (soy|estoy|he estado|fui|me siento) suicida !(pero|aun|todavia|todavía)",
        # Everyday idioms that are not about dying.
        "(me muero|muero|me mori|me estoy muriendo|muriendome|me voy a morir|morirme|morir|muerto|muerta|muertos|me mata|me mato|"
        "me estan matando|me esta matando|me mataron) @muero_de",
        "(me muero|muero|me moria|me estoy muriendo|muriendome) por !(dentro)",
        "(estoy|ando|quede|termine|acabo) (muerto|muerta) (despues|del trabajo|de tanto|hoy del)",
        "(celular|telefono|bateria|caro|laptop|compu|computadora|planta|plantas|fiesta|reunion|junta|tele|internet|tableta|reloj|control) ... "
        "(murio|muerto|muerta|muere|morir|se murio|se va a morir)",
    ],
}

# Removed before mentions are matched (statements still see them): other people, institutions,
# media, the long-ago past.
CONTEXT: dict[str, list[str]] = {
    "en": [
        "(suicide|overdose|overdoses|od|self harm|selfharm|self injury) (prevention|awareness|hotline|hot line|lifeline|line|"
        "training|trainings|squad|rates|rate|statistics|stats|screening|epidemic|crisis|deaths|death|reversal|kit|kits|"
        "response|month|week|day|walk|survivors|survivor|loss|research|class|course|workshop|talk|support group|"
        "first aid|risk factors|warning signs|counselor|counselors|counsellor|team|unit|program|programs|numbers|data)",
        "(suicide|crisis) and crisis lifeline",
        "(narcan|naloxone|narcan kit|naloxone kit)",
        "(reverse|reversing|reversed|prevent|preventing|prevented|respond to|responding to|treat|treating|survived|survive|surviving) ... (an |the )?(overdose|overdoses|od)",
        "(in case|if|when) (someone|anyone|somebody|a friend|my friend|people|a person|they|he|she) ... (overdoses|ods|overdose|od|is overdosing|overdosed)",
        "@possessive ... @relation ... (overdosed|overdose|overdoses|od|oded|odd|died by suicide|commited suicide|"
        "kiled (himself|herself|themselves)|took (his|her|their) (own )?life|died (of|from) (an )?(overdose|od)|"
        "attempted suicide|tried to kil (himself|herself|themselves)|was suicidal|is suicidal|self harms|self harmed|"
        "overdosing|suicide)",
        "(he|she|they|someone|somebody|people|everyone|anyone|nobody) (almost |nearly |just )?(overdosed|overdoses|overdose|"
        "ods|oded|died by suicide|commited suicide|died of an overdose|died from an overdose|was suicidal|is suicidal|are suicidal)",
        "(lost|losing|lose) ... to (an |a |)(overdose|overdoses|suicide|od|fentanyl overdose)",
        "(his|her|their|your|our) (suicide|overdose|overdoses|suicide attempt|suicide attempts|suicidal thoughts)",
        "(movie|film|show|series|book|song|documentary|article|podcast|episode|story|novel|play|lecture|post|video|"
        "speaker|speech|meeting|group|class|training|session|topic|chapter|presentation|panel|talk) ... (about|on|covering|for) "
        "... (suicide|overdose|overdoses|self harm|suicidal)",
        "(died|passed|passed away|passing|death|lost (his|her|their) life) (of|from|to|by) (an |a )?(overdose|od|suicide)",
        "(overdosed|od|oded|odd|overdose|suicide attempt|suicidal|attempted suicide|tried suicide) ... @ago",
        "@ago ... (overdosed|od|oded|odd|overdose|suicide attempt|suicidal|attempted suicide|tried suicide)",
        "used to be suicidal",
        "(told me|said|says|thinks|think) (she|he|they) (was|is|were|are|might be|may be) suicidal",
        "@possessive ... @relation ... (wil die|is dying|died|passed|passed away|is going to die|might die|could die|dies) [(of|from|by|to) [an|a] (overdose|od|suicide|fentanyl|cancer|covid|it)]",
        "(himself|herself|themselves|him|her|them) to death",
        "(suicide|overdose) (is|was) a (hard|dificult|heavy|real|big|serious) (topic|subject|isue|problem)",
    ],
    "es": [
        "(prevencion|concienciacion|concientizacion|conciencia|linea|lineas|taler|taleres|capacitacion|curso|mes|dia|"
        "semana|campana|platica|charla|conferencia|tasa|tasas|estadisticas|epidemia|crisis|kit|kits|reversion|revertir|"
        "numero|numeros|grupo|grupos) (de|del|contra|sobre|sobre el|sobre la|de la|de las|para|para la) (el |la |las |los )?"
        "(suicidio|sobredosis|suicidios|autolesiones|autolesion)",
        "(suicidio|sobredosis) (es|fue) un tema",
        "(pelicula|serie|libro|documental|podcast|cancion|articulo|video|novela|programa|episodio|platica|charla|taler|"
        "tema|conferencia|reunion|junta|grupo|sesion|clase) ... (sobre|de|del|acerca de|acerca del|trataba del|trataba de|"
        "hablo del|hablo de) (el |la |las |los )?(suicidio|sobredosis|autolesiones)",
        "(naloxona|narcan)",
        "(por si|en caso de que|si) (alguien|algun|alguna|una persona|un amigo|mi|alguno) ... sobredosis",
        "(mi|su|tu|nuestro|nuestra|un|una|el|la|este|ese|esa|esta|mis|sus|dos|tres|varios|muchos|muchas) ... @relacion ... "
        "(se suicido|se mato|se quito la vida|murio de (una )?sobredosis|fallecio de (una )?sobredosis|tuvo una sobredosis|"
        "intento suicidarse|sobredosis|suicidio|se suicidaron|murieron de sobredosis)",
        "(se suicido|se quito la vida|se suicidaron|intento suicidarse|intentaron suicidarse|se quisieron suicidar|se quiso suicidar|"
        "quiso suicidarse|se mataron|tuvo una sobredosis|tuvieron una sobredosis|murio de una sobredosis|murio de sobredosis)",
        "(perdi|perdimos|perdio|perdieron) a ... (por|a causa de|de|por culpa de) (una )?(sobredosis|suicidio)",
        "(su|sus|tu) (suicidio|sobredosis|intento de suicidio)",
        "(sobredosis|suicidio|intento de suicidio|suicida) ... @hace",
        "@hace ... (sobredosis|suicidio|intento de suicidio|suicida|intente suicidarme)",
        "(antes|de joven) (era|fui|estaba) suicida",
        "(perdida|perdidas|sobrevivientes|duelo|duelos) (por|de|del) suicidio",
        "que (tiene|tenia|tuvo|tenian) pensamientos suicidas",
        "(senales|señales) de (alerta|alarma) (de|del) (suicidio|sobredosis)",
        "(capacitacion|taler|curso|charla|platica|entrenamiento) sobre ... (suicidio|sobredosis)",
        "(muertes|muerte) por (sobredosis|suicidio)",
        "(mi|su|tu|la|el) @relacion ... (se muera|muera|se muere|se va a morir|murio|fallecio|se murio|se quiere morir|quiere morirse)",
        "(casi|por poco) (muere|murio|se muere|se murio) de (una )?sobredosis",
    ],
}

# Text-speak and contractions, spelled out word by word before matching (keys are matched
# after repeated letters are squeezed, so "wanna" is written "wana" here).
EXPANSIONS: dict[str, str] = {
    # English
    "kms": "kill myself",
    "kys": "kill yourself",
    "kmsf": "kill myself",
    "wana": "want to",
    "wanna": "want to",
    "gona": "going to",
    "gotta": "got to",
    "gota": "got to",
    "ima": "i am going to",
    "imma": "i am going to",
    "im": "i am",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "youre": "you are",
    "ive": "i have",
    "dont": "do not",
    "dnt": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cnt": "can not",
    "cannot": "can not",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "wasnt": "was not",
    "werent": "were not",
    "isnt": "is not",
    "arent": "are not",
    "havent": "have not",
    "hasnt": "has not",
    "aint": "am not",
    "u": "you",
    "ur": "your",
    "r": "are",
    "2": "to",
    "4": "for",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "bcuz": "because",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "rn": "right now",
    "tn": "tonight",
    "2nite": "tonight",
    "tonite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2morrow": "tomorrow",
    "2moro": "tomorrow",
    "idk": "i do not know",
    "idc": "i do not care",
    "wnt": "want",
    "liv": "live",
    "lyfe": "life",
    "myslf": "myself",
    "mself": "myself",
    "meself": "myself",
    "myselff": "myself",
    "oding": "overdosing",
    "odeing": "overdosing",
    "oded": "overdosed",
    "odeed": "overdosed",
    "thinkin": "thinking",
    "nothin": "nothing",
    "goin": "going",
    "tryin": "trying",
    "dyin": "dying",
    "killin": "killing",
    "hurtin": "hurting",
    "cuttin": "cutting",
    "livin": "living",
    "bout": "about",
    "abt": "about",
    "anymor": "anymore",
    "ne1": "anyone",
    "every1": "everyone",
    "no1": "no one",
    "noone": "no one",
    "some1": "someone",
    "gud": "good",
    "gbye": "goodbye",
    "gb": "goodbye",
    "bye4ever": "bye forever",
    "4ever": "forever",
    "4eva": "forever",
    "forevr": "forever",
    "sry": "sorry",
    "srry": "sorry",
    "suicde": "suicide",
    "suicdal": "suicidal",
    # Spanish
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "xk": "porque",
    "toy": "estoy",
    "tas": "estas",
    "ta": "esta",
    "sta": "esta",
    "kiero": "quiero",
    "qiero": "quiero",
    "qero": "quiero",
    "kero": "quiero",
    "kisiera": "quisiera",
    "qisiera": "quisiera",
    "m": "me",
    "t": "te",
    "d": "de",
    "x": "por",
    "pa": "para",
    "tb": "tambien",
    "tmb": "tambien",
    "tmbn": "tambien",
    "aser": "hacer",
    "acer": "hacer",
    "aserme": "hacerme",
    "acerme": "hacerme",
    "ise": "hice",
    "bida": "vida",
    "bivir": "vivir",
    "nd": "nada",
    "ns": "no se",
    "tons": "entonces",
    "morirm": "morirme",
    "matarm": "matarme",
    "danio": "dano",
    "dao": "dano",
    "sobredosi": "sobredosis",
}

# Long words people misspell that have no everyday neighbour: a word one slip from one of these
# is read as it ("sucide", "suicdal", "myslef", "sobredossis").
FUZZY_ANCHORS: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "suicidio",
    "suicida",
    "suicidarme",
    "overdose",
    "overdosing",
    "overdosed",
    "sobredosis",
    "unalive",
    "myself",
    "goodbye",
    "morirme",
    "matarme",
    "lastimarme",
    "autolesion",
    "quitarme",
)

# Real words a slip away from an anchor: never "corrected".
FUZZY_NOT: tuple[str, ...] = (
    "overdoes",
    "overdone",
    "morirse",
    "morirte",
    "morirle",
    "matarte",
    "matarse",
    "matarle",
    "matarla",
    "matarlo",
    "matarnos",
    "quitarse",
    "quitarte",
    "quitarle",
    "quitarla",
    "quitarlo",
    "lastimarte",
    "lastimarse",
    "lastimarla",
    "lastimarlo",
    "suicidas",
    "suicides",
    "yourself",
    "himself",
    "herself",
    "itself",
    "goodbyes",
    "mortirme",
    "homeless",
    "matare",
    "matara",
    "morire",
    "morira",
    "overdoses",
    "suicidarse",
    "suicidarte",
    "suicidaron",
    "suicidaste",
)

# The third, loosest tier: weighted signals, scored per sentence after SAFE_NEGATIONS and
# CONTEXT are removed, for phrasings no list above foresaw. A sentence is flagged when it holds
# at least one topic signal (weight 2 or more) and its score, plus FIRST_PERSON_BONUS when the
# writer speaks of themself, reaches SIGNAL_THRESHOLD. Negative weights are for words that make
# a sentence about recovery or a joke. Each signal counts once per sentence.
SIGNAL_THRESHOLD = 3
FIRST_PERSON_BONUS = 1
FIRST_PERSON: list[str] = [
    "(i|me|my|myself|mine|i am|yo|mi|conmigo|estoy|quiero|siento|tengo|voy|puedo|sigo|soy|hago|veo|pense|busque|ayudame|creo|dejo|pienso|necesito)",
]
SIGNALS: dict[str, list[tuple[int, str, str]]] = {
    "en": [
        (2, SUICIDAL_IDEATION, "(die|dying|death|dead)"),
        (2, SUICIDAL_IDEATION, "suicid*"),
        (2, SUICIDAL_IDEATION, "(not|no longer|stil|even|be) alive"),
        (2, SUICIDAL_IDEATION, "alive (next|tomorow|much longer|by|for long|in a)"),
        (2, SUICIDAL_IDEATION, "(living|live|here) for $"),
        (
            2,
            SUICIDAL_IDEATION,
            "(end|ending) (it|everything|my sufering|my pain|the pain|my life|things) !(with|between|early|at|on|off|for now|for today|by|before|after|here|there)",
        ),
        (2, SUICIDAL_IDEATION, "(not|never|do not|did not|wil not) (have to )?(wake up|waking up)"),
        (2, SUICIDAL_IDEATION, "(exist|existing|existence)"),
        (2, SUICIDAL_IDEATION, "beter of (not|without|dead|with the insurance|gone)"),
        (2, SUICIDAL_IDEATION, "(insurance|life insurance) money"),
        (2, SUICIDAL_IDEATION, "(one|only) way out"),
        (2, SUICIDAL_IDEATION, "kil myself"),
        (
            2,
            SUICIDAL_IDEATION,
            "(not going to|wil not|can not|never going to) make it !(to|on|in|by|today to|tonight to|for|back|home|there)",
        ),
        (2, SUICIDAL_IDEATION, "(why am i|why do i|why am i even) (stil )?(here|alive|breathing|living|around)"),
        (2, SUICIDAL_IDEATION, "(what am i|what do i) (even )?(living|live|here) for"),
        (
            3,
            SUICIDAL_IDEATION,
            "(walk|walking|step|stepping|jump|jumping|throw myself|throwing myself|drive|driving) (into|in front of|off|from) (trafic|a train|the train|a bridge|the bridge|a building|the roof|a clif|the tracks|a truck)",
        ),
        (1, SUICIDAL_IDEATION, "(funeral|grave|heaven|gone)"),
        (1, SUICIDAL_IDEATION, "(disapear|vanish)"),
        (2, SUICIDAL_IDEATION, "(hate|hating|tired of|sick of) being alive"),
        (2, SUICIDAL_IDEATION, "deserve to (live|be alive|be here)"),
        (2, SUICIDAL_IDEATION, "(stop|stoped) breathing"),
        (2, SUICIDAL_IDEATION, "(belong|fit) in this world"),
        (1, SUICIDAL_IDEATION, "(this life|this world|gone|vanished|disapeared|never here|never again)"),
        (2, SELF_HARM, "(bled|bleds|bleding|blod)"),
        (
            2,
            SELF_HARM,
            "(cut|cuting|scratch|scratching|burn|burning) (my|myself) (skin|arm|arms|wrist|wrists|leg|legs|thigh|thighs|body)",
        ),
        (2, SELF_HARM, "pain on the outside"),
        (2, OVERDOSE_INTENT, "overdos*"),
        (2, OVERDOSE_INTENT, "how many (pils|pil|tablets|bags|grams)"),
        (
            2,
            OVERDOSE_INTENT,
            "(use|using|take|taking|shoot|shooting) (everything|it al|al of it|al i have|what i have left)",
        ),
        (2, OVERDOSE_INTENT, "(until|til) (it is|its) over"),
        (1, OVERDOSE_INTENT, "(pils|pil|bottle)"),
        (2, GOODBYE, "(giving|give|gave|started giving) ... away"),
        (2, GOODBYE, "(leters|a leter|notes) (to|for) (my|everyone|al)"),
        (2, GOODBYE, "take care of my (cat|dog|kids|children|son|daughter|plants|pets|things|mom)"),
        (2, GOODBYE, "(the |my )?last time (we|i|you|anyone) (talk|speak|se|hear)"),
        (1, GOODBYE, "(godbye|farewel|just in case|hopefuly thats it|thats it)"),
        (2, HOPELESSNESS, "(burden|worthless|pointless|hopeless|useles|unbearable)"),
        (
            2,
            HOPELESSNESS,
            "(no|what is the|whats the) point !([in] [me] (arguing|argue|talking|worrying|waiting|calling|asking|going to the|rushing|complaining|explaining|stressing|driving|going|coming|buying))",
        ),
        (
            2,
            HOPELESSNESS,
            "(can not|cant|not able to) (do this|take it|take this|handle this|handle it|cope) (anymore|any more|any longer|$)",
        ),
        (2, HOPELESSNESS, "(the end for me|too much to bear|al too much)"),
        (1, HOPELESSNESS, "(give up|giving up|want out|the end|too much|sufering|help me)"),
        (
            1,
            HOPELESSNESS,
            "(anymore|forever|tonight|everything|nothing|nobody|no one|alone|tired|done|over|enough|stil|please|sory|maters|mater)",
        ),
        (
            -2,
            HOPELESSNESS,
            "(glad|grateful|proud|happy|hopeful|excited|lol|haha|lmao|funy|sober|sobriety|meeting|meetings|sponsor|chip|recovery|used to|when i was|back then|years ago|in the past|funeral of|my job|new job|last year|beter now|things are beter|but now|charity|shelter|donate|donated|donating|godwil|thrift)",
        ),
    ],
    "es": [
        (2, SUICIDAL_IDEATION, "(morir|morirme|muerte|muerto|muerta|muera|muero|mori|muriera)"),
        (2, SUICIDAL_IDEATION, "suicid*"),
        (2, SUICIDAL_IDEATION, "(sigo|estoy|seguir|estar|me veo|ver me|veo) (vivo|viva)"),
        (2, SUICIDAL_IDEATION, "(vivo|viva) (el proximo|la proxima|mañana|manana|para)"),
        (
            2,
            SUICIDAL_IDEATION,
            "(terminar|acabar|termino|acabo) con (mi sufrimiento|todo|esto|mi dolor|mi vida|el dolor)",
        ),
        (2, SUICIDAL_IDEATION, "(no|nunca|ya no|sin) (despertar|despierto|despierte|despertarme)"),
        (2, SUICIDAL_IDEATION, "(existir|exista|existo|existencia)"),
        (2, SUICIDAL_IDEATION, "mejor sin mi"),
        (2, SUICIDAL_IDEATION, "(una|sola|unica|otra) salida"),
        (2, SUICIDAL_IDEATION, "(matarme|quitarme la vida|suicidarme)"),
        (2, SUICIDAL_IDEATION, "no voy a (aguantar|legar|poder seguir|durar)"),
        (2, SUICIDAL_IDEATION, "(por que|para que) (sigo|estoy) (aqui|vivo|viva|respirando)"),
        (2, SUICIDAL_IDEATION, "(mi final|el final para mi|el fin para mi)"),
        (2, SUICIDAL_IDEATION, "(irme|ir) con (el|ela|mi)"),
        (
            3,
            SUICIDAL_IDEATION,
            "(aventarme|tirarme|lanzarme|arojarme|colgarme|echarme) (del|de un|de la|al|a las|a los|frente a) (puente|edificio|azotea|tren|vias|metro|carros|trafico|camion)",
        ),
        (1, SUICIDAL_IDEATION, "(funeral|tumba|entiero|cielo|desaparecer|desaparezco|irme para siempre)"),
        (2, SUICIDAL_IDEATION, "(odio|harto de|harta de|cansado de|cansada de) (estar|seguir) (vivo|viva)"),
        (2, SUICIDAL_IDEATION, "(merezco|merecer) (vivir|estar vivo|estar viva)"),
        (2, SUICIDAL_IDEATION, "(dejar de|sin) respirar"),
        (2, SUICIDAL_IDEATION, "(pertenezco|encajo) (a|en) este mundo"),
        (1, SUICIDAL_IDEATION, "(esta vida|este mundo|esfumar*|nunca mas|no estar aqui)"),
        (2, SELF_HARM, "(sangrar|sangre|sangrando)"),
        (
            2,
            SELF_HARM,
            "(rasguno|rasgunar|rasgunarme|cortandome|quemarme|quemandome|lastimarme|lastimandome|hacerme dano)",
        ),
        (2, SELF_HARM, "cortarme !(el|la|las|los|un|mañana el|manana el)"),
        (2, OVERDOSE_INTENT, "sobredosis"),
        (2, OVERDOSE_INTENT, "cuantas (pastilas|pastillas|pildoras|tabletas)"),
        (2, OVERDOSE_INTENT, "(meter|meterme|tomar|tomarme|usar|consumir) (todo lo que|lo que) me (queda|quedo)"),
        (1, OVERDOSE_INTENT, "(pastilas|pildoras|frasco)"),
        (2, GOODBYE, "(regalar|regalando|regale) (mis|todas mis) cosas"),
        (2, GOODBYE, "cartas (para|a) (mi|mis|todos)"),
        (2, GOODBYE, "(cuida|cuiden|cuidar) (a|de) (mi|mis) (gato|perro|hijos|hija|hijo|mama|plantas|cosas)"),
        (2, GOODBYE, "(la )?ultima vez (que|en que) (hablamos|nos vemos|me ves|me veras|te escribo)"),
        (1, GOODBYE, "(adios|por si acaso|perdon|perdoname|perdonenme)"),
        (
            2,
            HOPELESSNESS,
            "(carga|estorbo|inutil|sin sentido|no tiene sentido|no le encuentro sentido|no le veo sentido)",
        ),
        (2, HOPELESSNESS, "(no|sin|ninguna) salida"),
        (2, HOPELESSNESS, "(no puedo|ya no puedo|no voy a poder) (mas|seguir)"),
        (2, HOPELESSNESS, "(salirme|salir) de todo"),
        (2, HOPELESSNESS, "(sentir|siento) nada nunca"),
        (2, HOPELESSNESS, "(seguir luchando|dejar de luchar|no quiero luchar)"),
        (
            1,
            HOPELESSNESS,
            "(demasiado|sufrimiento|ya no|nunca mas|nada|nadie|esta noche|para siempre|cansado|cansada|harto|harta|ayuda|sentido)",
        ),
        (
            -2,
            HOPELESSNESS,
            "(feliz|agradecido|agradecida|orgulloso|orgullosa|contento|contenta|esperanza con|jaja|jajaja|sobrio|sobria|limpio|limpia|junta|reunion|padrino|madrina|hace años|hace anos|de nino|de nina|mi trabajo|trabajo nuevo|alegra|alegre|bendecido|bendecida|gracias a dios|en 19*|en 20*|accidente)",
        ),
    ],
}

# The combination tier (issue 12): emergencies are rarely said in one fixed phrase, so they are
# recognised by signals that occur together in a sentence or in two sentences next to each other,
# whatever the words between them. SIGNAL_GROUPS are the signals, by language (any language's
# words count in any text); COMBINATIONS say which signals together mean which crisis, each in
# words a member of staff can read. A combination holds when every entry of ``requires`` is
# present (an entry "a|b" is satisfied by either signal) and no signal of ``unless`` is.
# Matched after SAFE_NEGATIONS only, like the statements.
SIGNAL_GROUPS: dict[str, dict[str, list[str]]] = {
    "en": {
        # An overdose happening now: breathing, waking, colour and other signs of the body.
        "breathing_or_waking": [
            "(not|is not|stoped|stopped|barely|hardly|no longer|trouble|struggling|can barely|can hardly) breath*",
            "breathing (realy |very |so )?(slow|slowly|weird|funy|shalow|strange|wrong)",
            "(slow|shalow|weird) breathing",
            "breathing (is )?(super|realy|very|so|to|too) (slow|shalow|weird)",
            "(pased out|colapsed|slumped|fel|fainted) ... (floor|bathroom|toilet|bathtub|street|car|stairs)",
            "(cold|stif|clamy) and (cold|stif|clamy|blue|grey|gray|not breathing)",
            "(can not|could not|wil not|wont|does not|is not|not) (wake|waking) (him|her|them|him up|her up|them up|my|his|her)",
            "(he|she|they|@relation) (wil not|does not|is not|can not|did not|wont|would not) (wake up|waking up|respond|move|open)",
            "(unresponsive|not responding|wil not respond|does not respond|not reacting|not moving|limp|unconscious|"
            "no pulse|seizing|having a seizure|convulsing|foaming|gurgling|gurgle|choking on (vomit|puke|his vomit|her vomit)|"
            "pinpoint pupils|making (gurgling|weird|snoring|choking) (sounds|noises)|snoring (weird|funy|strange|loud and)) "
            "!(to (my|your|the|our|his|her) (texts|messages|calls|emails|text|mesage|cal)|on (the|a) (bed|couch) after (the|a) (game|shift|movie))",
        ],
        "colour": [
            "(blue|purple|grey|gray|ashen) (lips|face|fingers|fingertips|skin|nails)",
            "(lips|face|fingers|fingertips|skin|nails) (are|is|look|looks|turning|turned|went|gone|going|getting) (blue|purple|grey|gray)",
            "(he is|she is|they are|he looks|she looks|they look) (blue|purple|grey|gray|ashen)",
            "(turning|turned|went|gone|going|getting) (blue|purple|grey|gray) !(from the cold|in the cold|with cold)",
            "(is|are|looks|look) (blue|purple|grey|gray) and",
        ],
        "body_sign": [
            "(can not|could not|can barely|can hardly) (breathe|breath|feel my|move|stay awake|keep my eyes open)",
            "(can not|could not) (stop) (shaking|throwing up|puking|vomiting)",
            "(heart|hearts|chest) (is|feels) ... (racing|pounding|tight|crushing|beating out of|going crazy|exploding|closing)",
            "(my )?(heart|hearts|chest) (racing|pounding|hurts|tight|closing)",
            "(throat|chest) (is )?(closing|closing up|tightening)",
            "(so )?(sleepy|drowsy|dizzy) (and )?(can not|i can not)",
            "(numb|numbnes|tingling) (al over|everywhere|in my)",
            "(everything|it) (is|went|keeps) ... (going dark|spinning|black|fading)",
            "(going|fading|slipping) (in and out|dark|under)",
            "(pasing|blacking) out",
            "(about to|going to|gona|think i am going to) (pas out|black out|colapse)",
            "(nodding|noding) (out|of)",
        ],
        "substance": [
            "(took|tok|taken|used|using|shot|shooting|shot up|smoked|smoking|snorted|sniffed|injected|popped|"
            "mixed|mixing|drank|drinking|railed|dosed|did (a|some|too|way|more|al))",
            "(pils|pil|fent|fentanyl|heroin|dope|meth|coke|cocaine|crack|xanax|xans|bars|percs|perc|oxy|oxys|opioids|"
            "opiates|benzos|molly|mdma|ketamine|tranq|xylazine|drugs|alcohol|booze|vodka|liquor|high|batch|laced|a line|"
            "a bump|something|methadone|suboxone|gabapentin|klonopin|valium)",
        ],
        "too_much": [
            "(too much|too many|way more|more than usual|more than i usualy|more than normal|more than i should|"
            "double|twice as much|a lot more|everything i had|al of it|bad batch|laced|cut with|fent in it|"
            "on top of|a big (shot|hit|dose)|way too|overdos*|od|oded|oding)",
        ],
        "asking_for_help": [
            "(call 911|caled 911|calling 911|ambulance|narcan|naloxone|help|what do i do|what should i do|hurry|please|emergency)",
        ],
        "another_person": [
            "(he|she|they|him|them|someone|somebody|@relation|this (guy|girl|dude|lady|man|woman))",
        ],
        # Danger from others: violence, threats, being trapped, not safe where one lives.
        "violence_to_me": [
            "(hiting|hits|hit|beating|beats|beat|choking|choked|chokes|strangling|strangled|strangles|slaping|slaped|"
            "slaps|punching|punched|punches|kicking|kicked|kicks|pushing|pushed|shoving|shoved|grabbing|grabbed|"
            "hurting|hurts|hurt|attacking|attacked|abusing|abused|abuses|raping|raped|forcing|forced|threatening|"
            "threatened|threatens|stalking|throwing things at|threw things at|throwing stuf at|pointed a (gun|knife) at|"
            "pulled a (gun|knife) on|following|folowed|followed) (me|us) !(up|back|with (the|that|this) (news|truth|question|fact|idea|bil)|in the feels|like a ton|hard that|harder than|on the head that|on (instagram|twitter|tiktok|facebook|social))",
            "(got|was|been|getting) (jumped|robed|mugged|attacked|asaulted|assaulted|stabed|shot at|beaten|beat up)",
            "(pushed|threw|shoved|kicked) me (down|into|against|of|out)",
        ],
        "threat": [
            "(going to|gona|wil|wants to|tried to|trying to|threatened to|threatening to|threatens to|swears he wil|"
            "said he would|said she would|said they would|says he wil|says she wil|says they wil|is going to) "
            "(kil|hurt|shoot|stab|beat|choke|strangle|beat up|take) (me|us|my kids|the kids|my son|my daughter|my baby)",
            "(shel|hel|theyl|she wil|he wil|they wil|she would|he would|they would|she is going to|he is going to) (kil|hurt|shoot|stab|beat|choke) (me|us)",
            "if i (leave|tel|go|do not|cal|talk) ... (kil|hurt|shoot|find) me",
            "(find|finds|found) my body",
            "(coming|come|be) back (for me|to finish|for us)",
            "(coming|come|came) (after|for) me",
        ],
        "armed_other": [
            "(he|she|they|someone|somebody|@relation) (has|had|got|pulled|is holding|grabbed|brought|is waving|came with) (a|the|his|her|their) "
            "(knife|gun|machete|bat|weapon|pistol|rifle|shotgun)",
            "(banging|pounding|kicking|breaking|busting|broke|kicked|busted) (on |down |in )?(my|the) (door|window|windows)",
            "(outside|at) my (door|window|house|place|apartment) ... (banging|screaming|yelling|kicking|waiting|threatening)",
        ],
        "kept_in": [
            "(wil not|does not|do not|wont|never) let me (leave|go|out|out of|cal|use my phone|se anyone)",
            "(took|takes|taken|hid|hides) my (phone|keys|car keys) (so|and) ... (can not|do not) (leave|cal|get out)",
        ],
        "trapped": [
            "(can not|could not|wil not let me|does not let me|do not let me|no way to|not alowed to) "
            "(get out|leave|escape|get away|go outside|go out|cal anyone|cal for help|use my phone) "
            "!(of (bed|debt|this contract|my head|the (parking|driveway|lot|trafic|meting|class|car wash))|of this (job|lease|habit)|early|til|until|work|the house today)",
            "(locked|locks|locking) me (in|out|inside)",
            "(hiding|hid|am hiding) (from (him|her|them|my)|in (the|my) (bathroom|closet|room|car))",
            "(he|she|they|someone) (is|are) (looking|searching) for me",
            "(trapped|stuck) (here|in the house|in here|with (him|her|them)|at home|in my room)",
        ],
        "fear": [
            "(scared|afraid|terified|frightened|fear|fearing|panicking)",
        ],
        "home": [
            "(home|my house|the house|my room|my apartment|my place|this house|where i live)",
        ],
        "unsafe_at_home": [
            "(not|never|no longer|do not feel|never feel|no longer feel|do not) safe (at|in|inside) "
            "(home|my home|my house|my own (house|home|place)|the house|this house|my apartment|my room|my place|here)",
            "(not|never|no longer|do not feel|never feel|no longer feel|do not) safe (with|around|near) (him|her|them|my @relation)",
            "(scared|afraid|terified) (to go|to go back|of going|of going back|going back|to be|to stay|to sleep) (home|back home|at home|in my house|to the house|to my house|back to the house|back there|there tonight)",
            "(at|in) (home|my house|my own house|the house) i (do not|never|no longer) feel safe",
        ],
        "happening_now": [
            "(again|keeps|kep|keep|stil|always|every time|whenever|every (day|night)|tonight|right now|now|today|"
            "last night|this morning|wil not stop|when (he|she|they) (drinks|drink|is drunk|gets|get|uses|is high|are high))",
        ],
        # A plan or the means: a means at hand, a plan with a way, a place at the edge.
        "means": [
            "(gun|guns|pistol|handgun|revolver|rifle|shotgun|firearm|glock|bulets|bulet|ammo|rope|noose|cord|belt|"
            "razor|razors|razor blade|blade|blades|knife|knives|box cutter|pils|meds|bleach|poison|antifreeze|"
            "charcoal|exhaust|engine running|car running)",
        ],
        "at_hand": [
            "in my (lap|hand|hands|mouth|pocket|bag|car|room)",
            "(to|against) my (head|chest|throat|wrist|wrists|neck|temple)",
            "(next to|beside|in front of) me",
            "on my (lap|bed|desk|nightstand|table)",
            "under my (pilow|bed|mattress)",
            "(loaded|cocked|tied|hanging|lined up|set up|ready)",
            "(holding|am holding|bought|got|grabbed|found|brought|took out|picked up|have got) (a|the|my|his|her|dads|my dads|some|enough) [new]",
            "(garage|windows|door) (closed|shut|sealed)",
            "(closed|shut|sealed) (garage|windows|door)",
        ],
        "means_everyday": [
            "(kitchen|cook|cooking|chef|recipe|steak|vegetables|set|sharpen|hunting|hunt|range|gun show|deer|colection|"
            "collection|toy|water gun|nail gun|glue gun|squirt|paintbal|airsoft|camping|climbing|swing|jump rope|tow|"
            "leash|gym|workout|repair|fix|fixed|fixing|gutters|shingles|roofer|roofing|chores|groceries|laundry|clean|"
            "cleaning|mold|permit|license|licence|police|oficer|security|guard|prescribed|prescription|pharmacy|refil|"
            "doctor|as directed|today like|vitamins|packed|fishing|belt loop|seat belt|seatbelt|my pants|tool|tools|"
            "store|shopping|cable|charger|phone cord|extension cord for|warm up|warming up|mechanic|oil change)",
        ],
        "plan_with_a_way": [
            "(jump|jumping|jumped|throw myself|drive|driving|walk|walking|step|stepping|leap) (of|from|into|in front of|of the top of) "
            "(the|a|my) (bridge|roof|building|clif|balcony|window|overpass|parking garage|train|truck|bus|trafic|river|lake|ocean|tracks)",
            "(looked up|looking up|googled|googling|searched|researched|researching) (how many|how much|what dose|the dose|how long|how high|how far)",
            "(got|have|made|i have|i made|i got) (the|a|my) plan !(for|with|to (go|met|se|start|get|eat|work|move))",
            "(tonight|today|tomorow) (i do it|i am doing it|is when i do it|is the night|is the day)",
            "(tonights|todays) the (night|day) $",
            "(i am|i am going) (on|at|to) the (bridge|roof|tracks|ledge|edge|lake|river|ocean) (right now|now|tonight)",
            "(on|parked on|standing on|lying on|laying on|sitting on|waiting on) the (train )?tracks",
            "(not|never|wil not|wont) (be )?(coming|come|going to come|gona come) (back|down) !(to (work|this|the|that|group|class|school|meting))",
            "(do not|never) want to come (back|down)",
            "(i have|i got|have got) (a|the|my) (gun|pistol|rope|knife|razor|blade|bulets)",
            "(car|engine|truck) (is )?running (in|and) ... (garage|door|windows)",
            "(planning to|plan to|planed to|going to|gona|about to|ready to|decided to|i wil|il|want to|i am going to|"
            "thinking of|thinking about|tonight i|finaly going to) "
            "(jump !(back|in|into|on|onto|at|for|ship|rope|start|right|up|over|around|the gun|through|to|with|out|a|the|some|ahead|high|again in)|"
            "jump (of|from|in front of)|hang @myself|hang me|shoot @myself|shoot me|stab @myself|drown @myself|gas @myself|"
            "poison @myself|electrocute @myself|slit my|crash (my|the) car|drive (of|into)|step in front of|walk into trafic|"
            "lie on the tracks|use (the|my|his|dads) (gun|rope|pistol))",
            "(know|figured out|worked out|decided) (exactly )?(how|when|where) (i am going to|il|i wil|to) (do it|end it|go)",
            "(picked|chose|chosen|set|decided on|have) (the|a) (day|date|time|place|spot|way|method) "
            "!(for|of|to (meet|go|start|celebrate|move))",
        ],
        "plan_everyday": [
            "(party|celebration|celebrate|wedding|appointment|meting|trip|vacation|birthday|interview|move|moving|"
            "surgery|court|graduation|dinner|date night|coffee|sobriety|anniversary|class|school|pool|game|"
            "shower|bed|project|for fun|swim|swimming|diving|cannonbal|mentor|sponsor|therapist|counselor|diet|budget|"
            "schedule|workout|vacation|sober|sobriety|recovery|treatment|detox|rehab|work|job)",
        ],
        "at_the_edge": [
            "(standing|stood|sitting|sat|i am|climbed|climbing|up) (on|at|onto|over) (the|a) (edge|ledge|railing|rail|raling)",
            "(on|at|up on|top of) (the|a) (bridge|roof|rooftop|overpass|clif|tracks|balcony|top floor|parking garage) "
            "... (looking down|the water|the drop|how high|how far|jump|edge|ledge|nobody (wil|would|can) stop me)",
        ],
        # Self-harm: an act or an instrument, with oneself, now or on purpose.
        "harm_act": [
            "(cut|cuting|cuts|slice|sliced|slicing|slit|carve|carving|carved|burn|burned|burnt|burning|punch|punched|"
            "punching|bang|banging|hit|hiting|scratch|scratched|scratching|razor|razors|blade|blades|lighter|stab|stabed)",
        ],
        "harm_context": [
            "(@myself|herself|himself|themselves|my (arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|head|hand|stomach)|"
            "right now|again|can not stop|not done|on purpose|deserve|use it|til i|until i|fresh|bleding|blod|the wal|"
            "the miror|deeper|right here|want to)",
        ],
        "harm_everyday": [
            "(hair|bangs|vegetables|onion|onions|meat|bread|paper|shaving|shave|grass|lawn|coupons|cut back|cut down|cut out|"
            "cut of|cut ties|cuting it close|carbs|sugar|cooking|kitchen|oven|stove top|sunburn|sun|toast|dinner|bag|"
            "gym|bag|bike|fel|tripped|accident|accidentaly|by accident|the brakes|fire pit|candle|cigarete|joint|incense|"
            "a deal|a nerve|the books|craving|cravings|urge|urges|opener|glass|nail|the road|the jackpot|the gym|the bottle|the pipe|a hit|hit up|the snooze|the sack|"
            "snooze|wal today|a wal|record|the news|song|class|deadline|budget)",
        ],
        # Goodbyes: a farewell with a sign of not being here, or one that says so on its own.
        "farewell": [
            "(goodbye|godbye|bye|farewel|say bye|said bye|love you al|i love you|i am sory|forgive me|not your fault|"
            "thanks for everything|thank you for everything|you did your best|at peace|take care of (him|her|them|my)|"
            "passcode|passwords|password|bank info|my wil|gave my (dog|cat|pet|pets|coin|chip|guitar|ring)|"
            "(give|giving) my ... to my)",
        ],
        "leaving": [
            "(before i go|when i am gone|after i am gone|after tonight|after today|wil not be here|wont be here|"
            "just in case|at peace|not your fault|better than i (could|can|ever)|by the time|last time|one last|"
            "no more pain|for the last time|do not be sad|do not blame yourself|you did your best|i am ready)",
        ],
        "gone_for_good": [
            "(do not|please do not) (try to |come )?(find|look for|search for) me",
            "(last|final) time (you|youl|you wil|anyone|any of you) (hear|hears|se|sees|wil hear|wil se) (from )?me",
            "(already|just) said (goodbye|bye|my goodbyes) to",
            "my (wil|testament) is (written|done|ready|signed|on)",
            "(make sure|please make sure|see that) (my|that my) @relation (gets|get|keeps|has) my (things|stuf|dog|cat|car)",
            "(forgive me|sory) for what i am (about to|going to) do",
            "no more pain after (tonight|today)",
            "(give|please give) my [sobriety] (coin|chip|medalion|dog|cat|things|stuf|ring|guitar) to",
            "(tel|please tel) my @relation ... (i love|i am sory|that i love|that i am sory)",
            "if you (do not|never) hear from me ... (thats why|that is why|you know why)",
            "(wrote|writing|written|finished|left) (the|my|al the|al my) (letters|notes) !(to (santa|the editor|my (landlord|boss|lawyer|judge|senator)))",
        ],
        "goodbye_everyday": [
            "(amends|step 9|step nine|ninth step|resume|cover letter|homework|class|santa|thank you cards|christmas|birthday|"
            "for work|the party|vacation|trip|moving|move|new job|graduation|see you|talk tomorow|til tomorow|til next|"
            "next week|at the meting|tonight at|for now|lol|haha)",
        ],
        # Anything that makes the words about someone else's past, a lesson, a story or a joke.
        "distance": [
            "(years ago|year ago|months ago|last year|last month|in the movie|movie|show|episode|book|training|class|"
            "course|workshop|video|scenario|what to do if|what to do when|how to|if someone|if anyone|in case|"
            "when someone|signs of|used to|back when|when i was|when i was a kid|as a kid|documentary|video game|"
            "dream|dreamt|dreamed|nightmare|joke|lol|lmao|haha|jk|hypotheticaly|practised|practiced|practice|learned|"
            "learnt|taught|teaching|drill|nap|alarm|my story|my bottom|grateful|glad it|podcast|news|remember when|therapy)",
        ],
        "everyday_body": [
            "(through my nose|stufy|cold|flu|covid|allergies|asthma|gym|workout|run|running|exercise|squats|leg day|"
            "sitting|stairs|hike|hiking|laughing|smoke from|heat|humid|new shoes|boring|lecture|"
            "deadlift|leg press|class|coffee|espresso|energy drink|caffeine)",
        ],
        "everyday_hit": [
            "(it|craving|cravings|urge|urges|wave|realization|reality|news|feeling|heat|song|memory|grief|depression|"
            "anxiety|this|that|life|withdrawal|withdrawals|boss|work|job|traffic|deadline|the books|for forgeting|"
            "for (being|missing|losing|breaking|not|eating|using)|my mom is going to kil me|"
            "my dad is going to kil me|finds out|find out|sees|grades|if i am late|for being late|hit me up|hit me back|"
            "beat me at|beat me to|beats me (why|how|what|where|who)|hurt my feelings|hurts my feelings|tickle|tickling|play fight|play fighting|sparring|"
            "wrestling|boxing|football|rugby)",
        ],
    },
    "es": {
        "breathing_or_waking": [
            "(no|casi no|ya no|apenas) (respira|esta respirando|reacciona|responde|despierta|se mueve|abre los ojos|tiene pulso) "
            "!([mis|los|el|la|a mis|a los] (mensajes|lamadas|telefono|celular|whatsapp|wats|cel))",
            "(dejo|dejaron) de respirar",
            "respira (muy |bien )?(lento|despacio|raro|feo|extraño|extrano)",
            "no (lo|la|los|las) (puedo|podemos|pude|podia) (despertar|hacer reaccionar|levantar)",
            "(inconsciente|inconcientes|inconsciente|desmayado|desmayada|convulsionando|convulsiones|convulsion|echando espuma|"
            "espuma por la boca|ronca raro|ronquidos raros|ruidos raros|sin pulso|tirado en el piso|tirada en el piso|"
            "tirado en el suelo|tirada en el suelo|no reacciona|ahogando con su vomito|ahogandose|roncando (bien |muy )?(feo|raro)|"
            "pupilas (como puntitos|chiquitas|pequenitas|de alfiler)|saliendo espuma|sin despertar|sin reaccionar|sin respirar|"
            "no abre los ojos|tiesa y fria|tieso y frio|fria y tiesa|frio y tieso)",
            "(tirado|tirada|quedo tirado|quedo tirada) en (el|la) (bano|piso|suelo|cale|caro|sillon|regadera)",
        ],
        "colour": [
            "(labios|cara|dedos|unas|piel|boca) (morados|moradas|morado|morada|azules|azul|grises|gris)",
            "(esta|se esta poniendo|se puso|se pone|se ve|poniendose) (morado|morada|azul|gris|palido|palida)",
        ],
        "body_sign": [
            "no (puedo|podia|pude) (respirar|moverme|mantenerme despiert*|ver bien|pararme|hablar|abrir los ojos)",
            "no me (puedo|podia) (mover|levantar|mantener despiert*|parar)",
            "(me estoy|se esta|me voy) (apagando|ahogando)",
            "(ahogandose|roncando (bien |muy )?(feo|raro)|saliendo espuma|tiembla|temblando|convulsionando)",
            "respira (muy |bien )?(lento|despacio|despacito|raro|feo)",
            "(se me esta cerrando|se me cierra|se me cero) (el pecho|la garganta)",
            "(casi no|apenas) (puedo respirar|respiro)",
            "me falta el aire",
            "no siento (las piernas|los brazos|el cuerpo|la cara|las manos|mis piernas|mis brazos|mi cuerpo|mi cara)",
            "(el corazon|corazon) (me late|late|me va|acelerado|a mil|me duele)",
            "me duele (mucho )?el pecho",
            "(me estoy|me voy a|siento que me voy a) (desmayar|desmayando|apagar)",
            "(todo se pone|se me pone todo|veo todo|todo se ve|se me nubla) (negro|oscuro|borroso)",
            "(no dejo de|no puedo dejar de) (temblar|vomitar)",
            "(estoy|me siento) (muy )?(mareado|mareada)",
        ],
        "substance": [
            "(tome|tomo|tomaste|consumi|consumio|consumir|consumiendo|me meti|se metio|se metieron|meti|me inyecte|"
            "se inyecto|inyecte|inyectarme|fume|fumo|inhale|esnife|jale|me puse|mezcle|mezclo|bebi|bebio|chupe|pistie|"
            "me drogue|se drogo|me pase)",
            "(drogas|droga|pastillas|pastilas|pildoras|fentanilo|fenta|heroina|cristal|metanfetamina|coca|cocaina|"
            "perico|piedra|crack|xanax|alcohol|chochos|cortada|adulterada|la dosis)",
        ],
        "too_much": [
            "(demasiado|demasiadas|demasiados|de mas|mas de lo normal|mas de lo que|mas que de costumbre|el doble|"
            "un chingo|un monton|todo lo que tenia|venia cortada|estaba cortada|adulterada|mezcle|mezclando|"
            "sobredosis)",
        ],
        "asking_for_help": [
            "(911|ambulancia|naloxona|narcan|ayuda|ayudenme|ayudame|que hago|que hacemos|rapido|urgente|por favor|emergencia)",
        ],
        "another_person": [
            "(ella|ellos|ellas|alguien|@relacion|bebe|tipo|tipos|dealer|marido|suegro|suegra|padrastro|madrastra|vato|batos|es el|es ella|"
            "el (me|nos|no|ya|siempre|dice|dijo|esta|sigue|quiere|va|tiene|anda))",
        ],
        "violence_to_me": [
            "(me|nos) [esta|estan|sigue|siguen|volvio a|volvieron a] (pega|pego|pegan|pegaron|pegando|golpea|golpeo|"
            "golpean|golpearon|golpeando|patea|pateo|pateando|empuja|empujo|jalonea|jaloneo|ahorca|ahorco|ahorcaba|"
            "estrangulo|estrangula|abusa|abuso|viola|violo|lastima|lastimo|lastimando|maltrata|maltrato|avienta|avento|"
            "aventando|amenaza|amenazo|amenazan|amenazando|encierra|encero|agaro del cuelo|agara del cuelo)",
            "(me|nos) (esta|estan) (aventando|tirando|lanzando) cosas",
            "me (anda|andan|esta|estan) buscando",
            "me (tiro|avento|empujo|aventaron|empujaron) (por|de|contra|al|a) (las escaleras|la pared|el piso|el suelo|la cale)",
            "me (apreto|agaro|apretaba|agaraba|apreta|agara) (del|el) cuelo",
            "me (viene|vienen|esta|estan|anda|andan) siguiendo",
            "me (asaltaron|asalto|golpearon|apunalaron|dispararon|robaron)",
        ],
        "threat": [
            "(me|nos) (va a|van a|quiere|quieren|iba a|intento|intentaron|trato de) (matar|lastimar|pegar|golpear|hacer dano|disparar|apunalar|ahorcar)",
            "(amenazo|amenaza|amenazaron|amenazando) con (matarme|lastimarme|golpearme|hacerme dano|matarnos|quitarme a mis hijos)",
            "(dice|dijo|jura|juro) que me (va a|iba a) (matar|lastimar|pegar|golpear|hacer dano)",
            "(si|cuando) ...6 (me mata|me matan|me va a matar|me van a matar|me mataria)",
            "(encontrar|hallar|encuentren|encuentre) (mi|mis) (cuerpo|restos)",
            "(regresan|vienen|van a venir|volveran|regresar|venir) por (mi|nosotros)",
        ],
        "armed_other": [
            "(saco|tiene|trae|agaro|traia|saca|sacaron) (la|una|el|un|su) (pistola|cuchilo|machete|arma|navaja|bate)",
            "con (un|una|el|la|su) (machete|cuchilo|pistola|arma|navaja|bate)",
            "(pateando|golpeando|tumbando|tumbo|rompio|rompiendo|pateo|quiere tumbar) la (puerta|ventana)",
        ],
        "kept_in": [
            "no me (deja|dejan|dejaba|dejaban) (salir|irme|lamar|usar el telefono|ver a nadie|pedir ayuda)",
            "me (quito|esconde|escondio) (el telefono|el celular|las laves|el cel)",
        ],
        "trapped": [
            "no (puedo|podia|me deja|me dejan|me dejaba|me deja|nos deja) (salir|irme|escapar|lamar|usar el telefono|pedir ayuda) "
            "!(de la cama|de deudas|del trabajo|temprano|tarde|de mi cabeza|del estacionamiento)",
            "me (encero|encierra|tiene encerrad*|dejo encerrad*|encerraron)",
            "(escondida|escondido|me escondi|me estoy escondiendo|estoy escondid*) (en|de)",
            "me (anda|andan|esta|estan) buscando",
            "(atrapada|atrapado) (en|con) (casa|mi casa|el|ella|mi cuarto)",
        ],
        "fear": [
            "(miedo|asustada|asustado|me asusta|aterrada|aterrado|panico)",
        ],
        "home": [
            "(casa|mi cuarto|mi hogar|departamento|donde vivo)",
        ],
        "unsafe_at_home": [
            "no (estoy|me siento|me encuentro) (segura|seguro|a salvo|tranquila|tranquilo) "
            "(en|dentro de) (mi casa|casa|mi propia casa|la casa|mi hogar|mi cuarto|mi departamento|aqui)",
            "no (estoy|me siento|me encuentro) (segura|seguro|a salvo) (con|cerca de|junto a) (el|ella|ellos|mi @relacion)",
            "miedo (de )?(volver|regresar|ir|legar|estar) (a|en) [la|mi] casa",
            "(en|dentro de) [mi|la] casa no (estoy|me siento) (segura|seguro|a salvo)",
        ],
        "happening_now": [
            "(otra vez|de nuevo|sigue|siguen|siempre|cada vez|cada (dia|noche)|esta noche|ahorita|ahora|hoy|anoche|"
            "esta manana|no para|no deja de|cuando (toma|bebe|se droga|se emborracha|esta borracho|consume|se enoja|anda))",
        ],
        "means": [
            "(pistola|pistolas|arma|armas|rifle|escopeta|balas|bala|cuerda|soga|cinturon|navaja|navajas|cuchilla|"
            "cuchillas|cuchillo|cuchillos|rastrillo|pastillas|pastilas|pildoras|veneno|cloro|raticida)",
        ],
        "at_hand": [
            "en (mi|mis|la|las) (mano|manos|regazo|piernas|bolsa|bolsilo|boca|caro|cuarto)",
            "(contra|en) (mi|la) (cabeza|pecho|cuelo|muneca|sien)",
            "(junto a|al lado de|frente a|enfrente de) mi",
            "(cargada|cargado|lista|listo|listas|listos|preparada|preparado|amarada|colgada)",
            "(tengo|compre|consegui|agare|saque|encontre|traigo) (la|el|una|un|mi|las|los|unas|suficientes) [nueva|nuevo]",
        ],
        "means_everyday": [
            "(cocina|cocinar|cocinando|picando|cebola|verdura|receta|juego de|afilar|caceria|cazar|campo de tiro|coleccion|colecciona|"
            "juguete|de agua|campamento|escalar|columpio|saltar la cuerda|gimnasio|arreglar|arregle|reparar|"
            "techo|tareas|mandado|lavar|limpiar|limpieza|permiso|licencia|policia|guardia|recetad*|receta|farmacia|"
            "doctor|vitaminas|pesca|pescar|herramienta|herramientas|tienda|compras|cable|cargador)",
        ],
        "plan_with_a_way": [
            "(echarme|aventarme|tirarme|lanzarme|arojarme|brincar|saltar) (del|de un|de una|de la|al|a la|desde el|desde la|por el|por la) "
            "(puente|edificio|azotea|barranco|precipicio|balcon|ventana|techo|tren|metro|vias|caros|trafico|camion|rio|mar|presa)",
            "(busque|buscando|investigue|investigando|googlee) (cuantas|cuantos|cuanto|que dosis|la dosis|que tan alto)",
            "(ya tengo|tengo|hice|ya hice) (el|un|mi) plan !(de (seguridad|recuperacion|comidas|ejercicio|trabajo|estudio)|para (el fin|la semana|mi recuperacion|comer|ir|salir)|con)",
            "(esta noche|hoy|manana|hoy si|hoy mismo) lo (hago|voy a hacer)",
            "(no hay|ya no hay|sin) vuelta atras",
            "(estoy|ando|voy) (en|arriba del|arriba de la|sobre el|sobre la|al|a la) (puente|azotea|vias|orila|cornisa|techo) (ahorita|ahora|esta noche|ya)",
            "(en|sobre) las vias",
            "(ya no|no) (me quiero|quiero) (bajar|regresar|volver) $",
            "no voy a (salir|regresar|volver) $",
            "(me|voy a|quiero) ... (dar|pegar|pegarme|darme|echarme) un (tiro|balazo|plomazo)",
            "(tengo|traigo|compre|consegui) (la|el|una|un|mi) (pistola|arma|cuerda|soga|navaja|gillette|cuchilla|rastrillo)",
            "(caro|coche|carro|motor|camioneta) (prendido|encendido|encendida|prendida) (en|dentro de) (la )?(cochera|garaje|garage)",
            "(voy a|me voy a|pienso|estoy planeando|planeando|planeo|quiero|decidi|a punto de|ya me voy a|esta noche voy a) "
            "(aventarme|tirarme|lanzarme|arojarme|colgarme|ahorcarme|dispararme|pegarme un tiro|darme un tiro|"
            "cortarme las venas|ahogarme|envenenarme|colgar|ahorcar|aventar|tirar|lanzar|disparar) "
            "!(a dormir|a la cama|en la cama|un|una|unos|unas|al sillon|al sofa|a la alberca|a la piscina|al mar|al agua|"
            "a la playa|con los ninos|el telefono|la ropa|la basura|el celular|la lamada|los|las|la|el)",
            "(se|sabes|tengo|ya se) (exactamente )?(como|cuando|donde) (lo voy a hacer|voy a hacerlo|hacerlo|me voy a matar)",
            "(escogi|elegi|ya tengo|decidi|ya escogi|ya elegi) (el dia|la fecha|el lugar|la hora|como) !(para|de la|del)",
        ],
        "plan_everyday": [
            "(fiesta|celebrar|celebracion|boda|cita|junta|viaje|vacaciones|cumpleanos|entrevista|mudanza|cirugia|"
            "graduacion|cena|cafe|sobriedad|aniversario|escuela|clase|alberca|partido|regadera|cama|proyecto|hamaca|"
            "sillon|sofa|padrino|madrina|terapeuta|consejero|mentor|mentora|dieta|presupuesto|recuperacion|tratamiento|"
            "trabajo|nadar|clavado|de vacaciones)",
        ],
        "at_the_edge": [
            "(orila|borde|cornisa|barandal|barandila) (de|del) [la|el] (azotea|puente|edificio|techo|barranco|balcon|precipicio)",
            "(estoy|parado|parada|sentado|sentada|subido|subida) en (el|la|las) (puente|azotea|vias|orila|borde|cornisa|barandal) "
            "... (viendo|mirando|abajo|el agua|el vacio|saltar|aventarme|tirarme|nadie me)",
        ],
        "harm_act": [
            "(cortar|cortarme|cortando|cortandome|cortadas|cortaditas|cortada|rajar|rajarme|raje|queme|quemarme|"
            "quemando|quemandome|encendedor|gillette|navaja|navajas|cuchilla|rastrillo|topes|golpearme|pegarme|punetazo|"
            "sangrar|sangre|sangrando|lastimando|lastimarme|lastimandome)",
        ],
        "harm_context": [
            "(me quiero|quiero mas|quiero seguir|no puedo parar|no para|otra vez|de nuevo|en la mano|la pierna|el brazo|"
            "los brazos|las munecas|la muneca|frescas|frescos|hasta (quedar|que|sangrar)|merezco|se esta|me acabo de|voy por|"
            "seguir|me estoy dando|contra la pared|a proposito|conmigo)",
        ],
        "harm_everyday": [
            "(antojo|ansiedad|pelo|cabelo|cabello|unas|barba|fleco|cebola|carne|verdura|verduras|pan|cesped|papel|cocina|cocinando|"
            "rasurar|rasurando|afeitar|afeitando|puntas|caida|bici|accidente|sin querer|sol|horno|estufa|plancha|"
            "cigaro|cigarro|vela|lena|la luz|el agua|el gas|la cuenta|la mota)",
        ],
        "farewell": [
            "(adios|despedirme|me despedi|despedi|me despido|los quiero a todos|los amo|perdonenme|perdoname|lo siento|"
            "no es tu culpa|no es culpa de nadie|gracias por todo|en paz|cuidalo|cuidala|cuidenlo|contrasenas|contrasena|"
            "claves|testamento|(regale|le regale|le di|deje) mi (perro|perrito|gato|gatito|medalla|ficha|guitara|anilo))",
        ],
        "leaving": [
            "(antes de irme|cuando ya no este|cuando me vaya|despues de hoy|despues de esta noche|ya no voy a estar|"
            "por si acaso|en paz|no es tu culpa|mejor que yo|para cuando|ultima vez|no esten tristes|ya estoy list*)",
        ],
        "gone_for_good": [
            "no me (busquen|busques|vayan a buscar)",
            "(es la|esta es la) ultima vez que (sabes|saben|sepas|sepan|me ves|me ven|te escribo|les escribo)",
            "ya me despedi de",
            "(deje|ya hice|escribi|hice) mi testamento",
            "(que|quiero que) mi @relacion se (quede|queden) con (mis|mi) (cosas|perro|gato|caro|ropa)",
            "(perdonenme|perdoname|perdon) por lo que (voy a|estoy por|estoy a punto de) hacer",
            "(despues de|pasando) (hoy|esta noche) ya no (va a|me va a|habra) (doler|dolor|sufrir)",
            "si (manana )?no (sabes|saben|sepas|sepan) (nada )?de mi",
            "(ya )?(escribi|deje|termine) (las|mis|unas) cartas",
            "(denle|den|dale|entreguen|que le den) (mi|mis) (medalla|ficha|perro|perrito|gato|cosas|anilo|guitara)",
        ],
        "goodbye_everyday": [
            "(enmiendas|paso 9|noveno paso|curriculum|tarea|clase|navidad|cumpleanos|trabajo nuevo|mudanza|me mudo|"
            "vacaciones|viaje|nos vemos|hasta manana|al rato|la proxima semana|en la junta|jaja|jajaja|reyes magos)",
        ],
        "distance": [
            "(hace (anos|un ano|meses|mucho|tiempo)|el ano pasado|en la pelicula|pelicula|serie|capacitacion|clase|curso|"
            "taler|video|que hacer si|que hacer cuando|como saber|si alguien|en caso de|senales de|antes (tenia|era|solia|me)|"
            "cuando era|cuando consumia|sone|sonaba|pesadila|broma|jaja|jajaja|practicamos|aprendimos|aprendi|ensenaron|simulacro|"
            "mi fondo|ya paso|siesta|gracias a dios|le doy gracias|noticias|novela|cuando andaba)",
        ],
        "everyday_body": [
            "(nariz|gripa|gripe|resfriado|alergia|asma|gimnasio|ejercicio|corer|correr|sentada|sentado|escaleras|caminata|"
            "risa|calor|cansada|cansado|sueno|cafe|clase)",
        ],
        "everyday_hit": [
            "(antojo|ansiedad|noticia|cruda|jefe|tristeza|realidad|depresion|calor|cancion|recuerdo|la vida|si no lego|si lego tarde|"
            "me pego duro|me pego muy duro|juego|jugando|me gano)",
        ],
    },
}

COMBINATIONS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    # (category, what it means in plain words, signals required, signals that set it aside)
    (
        OVERDOSE_IN_PROGRESS,
        "a sign of breathing, waking or colour, with a person, a substance, too much or a call for help",
        ("breathing_or_waking", "another_person|substance|too_much|asking_for_help|colour"),
        ("distance",),
    ),
    (
        OVERDOSE_IN_PROGRESS,
        "a change of colour with a person and a substance or a call for help",
        ("colour", "another_person|substance|asking_for_help"),
        ("distance", "everyday_body"),
    ),
    (
        OVERDOSE_IN_PROGRESS,
        "a sign of the body after using, or after too much",
        ("body_sign", "substance|too_much"),
        ("distance", "everyday_body"),
    ),
    (
        MEANS_OR_PLAN,
        "a means (a weapon, a rope, pills) at hand",
        ("means", "at_hand"),
        ("distance", "means_everyday"),
    ),
    (MEANS_OR_PLAN, "a plan with a way, a day or a place", ("plan_with_a_way",), ("distance", "plan_everyday")),
    (MEANS_OR_PLAN, "at the edge of a height", ("at_the_edge",), ("distance",)),
    (
        OVERDOSE_IN_PROGRESS,
        "two signs of breathing, waking, colour or the body",
        ("breathing_or_waking|colour", "body_sign|colour"),
        ("distance", "everyday_body"),
    ),
    (
        DANGER_FROM_OTHERS,
        "violence from someone, or happening now, with fear, no way out or at home",
        ("violence_to_me", "another_person|trapped|fear|home|happening_now"),
        ("distance", "everyday_hit"),
    ),
    (DANGER_FROM_OTHERS, "a threat from someone", ("threat",), ("distance", "everyday_hit")),
    (DANGER_FROM_OTHERS, "someone armed, or breaking in", ("armed_other",), ("distance", "means_everyday")),
    (DANGER_FROM_OTHERS, "kept from leaving or calling", ("kept_in",), ("distance",)),
    (
        SELF_HARM,
        "an act of self-harm or its instrument, with oneself, now or on purpose",
        ("harm_act", "harm_context"),
        ("distance", "harm_everyday"),
    ),
    (GOODBYE, "a farewell with a sign of not being here", ("farewell", "leaving"), ("distance", "goodbye_everyday")),
    (
        GOODBYE,
        "saying one will be gone for good, or putting affairs in order",
        ("gone_for_good",),
        ("distance", "goodbye_everyday"),
    ),
    (DANGER_FROM_OTHERS, "not safe at home or with someone", ("unsafe_at_home",), ("distance",)),
    (
        DANGER_FROM_OTHERS,
        "no way out, with someone, violence or fear",
        ("trapped", "another_person|violence_to_me|fear|threat"),
        ("distance",),
    ),
]
