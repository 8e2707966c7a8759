"""The demo training programme's fixed records, loaded by training.demo: plain data, no code.

The courses are written for Thameside on the topics of the seed documents' programme (neglect,
exploitation, domestic abuse, working with fathers, mental health, information sharing and
the rest). Attendees are numbered, never named; no record is about a child.
"""

from decimal import Decimal

from partnership.demo_data import (
    BARTS,
    BHRUT,
    CAFCASS,
    COLLEGE,
    COUNTY_HIGH,
    CVS,
    FAITH,
    ICB,
    LA,
    LAY,
    MARSH_LANE,
    NELFT,
    PELC,
    POLICE,
    PROBATION,
    RIVERSIDE,
    WHARF_ROAD,
)
from partnership.models import AgencyKind

# Each academic year by the year it starts: the sessions that took place and the bookings on
# them, and the shares of evaluations (percent) that said the learning objectives were met,
# that the course equipped them for work, and that they would recommend it. 2021-22 and
# 2022-23 are the seed report's figures (856 bookings rising to 980; 95%, 94%, 93%); 2024-25
# matches the demo yearly report's "more than 1,400 bookings" and "nine in ten better
# equipped". A year not listed gets DEFAULT_YEAR; the current year's bookings follow from how
# far off its sessions are.
FIRST_YEAR = 2021
YEARS = {
    2021: {"sessions": 58, "bookings": 856, "shares": (93, 92, 94)},
    2022: {"sessions": 62, "bookings": 980, "shares": (95, 94, 93)},
    2023: {"sessions": 64, "bookings": 1118, "shares": (94, 93, 94)},
    2024: {"sessions": 66, "bookings": 1436, "shares": (93, 90, 92)},
    2025: {"sessions": 68, "bookings": 1472, "shares": (95, 92, 94)},
}
DEFAULT_YEAR = {"sessions": 68, "bookings": 1480, "shares": (94, 92, 93)}
# Sessions the partnership called off each year (a trainer ill, a venue lost), on top of those
# that took place; their bookings were cancelled with them.
CANCELLED_SESSIONS = 2

# What a place costs, by agency kind: free to the statutory partners and the agencies they
# fund; the voluntary, faith and other groups pay towards the programme.
PLACE_PRICES = {
    AgencyKind.VOLUNTARY: Decimal("60.00"),
    AgencyKind.FAITH: Decimal("60.00"),
    AgencyKind.OTHER: Decimal("60.00"),
}

PROVIDERS = {
    "team": ("Thameside Safeguarding Children Partnership", "Partnership training manager"),
    "police": (
        "Metropolitan Police Service with the partnership",
        "Detective sergeant, public protection",
    ),
    "health": (
        "Designated safeguarding professionals, NHS North East London",
        "Designated nurse for safeguarding children",
    ),
    "specialist": ("Commissioned specialist provider", "Specialist trainer"),
    "council": ("London Borough of Thameside", "Practice development lead"),
    "rights": ("A children's rights charity, with the partnership", "Participation trainer"),
}

VENUES = [
    "Thameside Civic Centre, Committee Room 2",
    "Thameside Education Centre, Training Suite",
    "Riverside Library, Community Room",
]

# title, series, level, minutes, online, needs the line manager's approval, first year run
# (None: from the start), last year run (None: still running), provider, summary,
# learning objectives (one a line).
COURSES = [
    # Understanding risk
    ("Safeguarding children: the essentials", "Understanding risk", 1, 150, True, False,
     None, None, "team",
     "What every adult who works with children needs to know: the signs of abuse and "
     "neglect, what to do with a worry, and who to tell.",
     "Recognise the four categories of abuse\nKnow how to raise a concern in your agency\n"
     "Know when to contact children's social care"),
    ("Recognising and responding to neglect", "Understanding risk", 2, 180, False, False,
     None, None, "team",
     "Neglect builds up quietly. This course looks at how it shows in children of every age "
     "and how to act before harm becomes entrenched.",
     "Describe how neglect affects development\nSpot cumulative harm in a chronology\n"
     "Act early and escalate when nothing changes"),
    ("Using the neglect toolkit in assessment", "Understanding risk", 3, 180, False, True,
     None, None, "council",
     "A hands-on session with the partnership's neglect toolkit, using case studies to "
     "score, plan and review.",
     "Complete the toolkit with a family\nUse the scores to plan and review\n"
     "Share the findings with the network"),
    ("Domestic abuse and its impact on children", "Understanding risk", 2, 180, False, False,
     None, None, "specialist",
     "Children living with domestic abuse are victims in their own right. How to ask, "
     "listen and respond safely.",
     "Understand the Domestic Abuse Act's definition\nAsk safely about abuse at home\n"
     "Know the local routes to support and protection"),
    ("Understanding coercive control", "Understanding risk", 3, 180, False, False,
     2022, None, "police",
     "Patterns of control rather than single incidents: what coercive control looks like in "
     "a family and how professionals can be drawn into it.",
     "Recognise patterns of coercive and controlling behaviour\n"
     "Understand the criminal offence and the evidence it needs\n"
     "Plan safely with the non-abusing parent"),
    ("Working with fathers and men in the household", "Understanding risk", 2, 180, False,
     False, None, None, "team",
     "Reviews keep finding that the men around a baby were invisible to services. How to "
     "find them, involve them and assess them.",
     "Identify every adult in a child's household\nEngage fathers in assessments and plans\n"
     "Assess risk and protection that men bring"),
    ("Parental mental health and children's wellbeing", "Understanding risk", 2, 180, True,
     False, None, None, "health",
     "How a parent's mental illness can affect a child's day-to-day care, and how adult and "
     "children's services can think family.",
     "Understand the effect of parental mental illness on children\n"
     "Think family across adult and children's services\nKnow when to share a concern"),
    ("Parental drug and alcohol use", "Understanding risk", 2, 180, False, False,
     None, None, "specialist",
     "Living with a parent's substance use: the risks to children, and working with parents "
     "who are ambivalent about change.",
     "Describe the risks to children of parental substance use\n"
     "Use motivational conversations with parents\nKnow the local treatment services"),
    ("Child sexual abuse in the family: noticing and helping", "Understanding risk", 3, 360,
     False, True, None, None, "specialist",
     "Most sexual abuse happens within the family and is never disclosed directly. Signs, "
     "indicators and how to help a child to tell.",
     "Recognise indirect signs of sexual abuse\nRespond well to a child who tells\n"
     "Work with the non-abusing parent"),
    ("Safer sleep for babies", "Understanding risk", 1, 90, True, False,
     2023, None, "health",
     "Preventing sudden unexpected deaths in infancy: the conversations every professional "
     "who visits a family with a baby should have.",
     "Know the main risks in where and how babies sleep\n"
     "Talk about safer sleep at every contact\nSpot the times when plans change"),
    ("Self-harm and suicidal thoughts in young people", "Understanding risk", 2, 180, True,
     False, None, None, "health",
     "Responding with care and confidence when a young person self-harms or talks about "
     "ending their life.",
     "Understand why young people self-harm\nHave a safe first conversation\n"
     "Know the local crisis and support services"),
    ("Cultural barriers to mental health support", "Understanding risk", 2, 180, True, False,
     2022, None, "specialist",
     "How culture, faith and experience of services shape whether families seek help, and "
     "how practitioners can reduce the barriers.",
     "Recognise cultural barriers to help-seeking\nReflect on your own assumptions\n"
     "Adapt your practice so families can engage"),
    ("Female genital mutilation and harmful practices", "Understanding risk", 2, 150, True,
     False, None, None, "health",
     "Female genital mutilation, forced marriage and so-called honour-based abuse: the law, "
     "the duties and the response.",
     "Know the mandatory reporting duty\nRecognise the risk factors\n"
     "Respond sensitively and safely"),
    ("Safeguarding disabled children", "Understanding risk", 3, 180, False, False,
     None, None, "council",
     "Disabled children and those with complex health needs are at greater risk and less "
     "often protected. How to see the child behind the condition.",
     "Understand why disabled children are more at risk\n"
     "Communicate with children who do not use speech\n"
     "Avoid attributing signs of abuse to the disability"),
    ("Bruising in babies who are not yet mobile", "Understanding risk", 2, 90, True, False,
     None, None, "health",
     "Any bruise on a baby who cannot move independently needs explaining. The local "
     "protocol and why it matters.",
     "Know the protocol for bruising in non-mobile babies\nRefer without delay\n"
     "Explain the process to parents"),
    ("Emotional abuse: seeing what is not visible", "Understanding risk", 2, 180, False, False,
     None, None, "team",
     "Emotional abuse leaves no marks but lasting harm. Recognising it and evidencing it.",
     "Describe forms of emotional abuse\nEvidence emotional harm in records\n"
     "Plan a response with the network"),
    # Harm outside the home
    ("Child exploitation: an introduction", "Harm outside the home", 1, 150, True, False,
     None, None, "team",
     "Criminal and sexual exploitation of children: how grooming works and what to look out "
     "for in the community.",
     "Recognise the signs of exploitation\nUnderstand how grooming works\n"
     "Know how to refer to the exploitation panel"),
    ("Disrupting child exploitation", "Harm outside the home", 3, 360, False, True,
     2022, None, "police",
     "Tools for disrupting those who exploit children, from partnership intelligence to "
     "civil orders, taught with the police.",
     "Share intelligence through the right routes\n"
     "Use the disruption tools open to each agency\nKeep the child at the centre of the plan"),
    ("County lines and criminal exploitation", "Harm outside the home", 2, 180, False, False,
     None, None, "police",
     "How drug networks recruit and control children, and why those children are victims "
     "first.",
     "Understand how county lines operate\nSee exploited children as victims\n"
     "Work with the national referral mechanism"),
    ("Contextual safeguarding in practice", "Harm outside the home", 3, 180, False, False,
     None, None, "council",
     "Assessing and changing the places and peer groups where young people are harmed, not "
     "only their families.",
     "Map peer groups and places of concern\nPlan interventions in a context\n"
     "Bring in partners who own those places"),
    ("Harmful sexual behaviour: using a toolkit", "Harm outside the home", 3, 360, False, True,
     2022, None, "specialist",
     "An accredited approach to telling healthy sexual development from harmful behaviour, "
     "and responding in proportion.",
     "Use a continuum of sexual behaviour\nRespond in proportion to what you see\n"
     "Support the children harmed and the child who harmed"),
    ("Child-on-child abuse in schools and colleges", "Harm outside the home", 2, 150, True,
     False, None, None, "team",
     "Sexual harassment, online abuse and violence between children: creating a culture "
     "where it is not normal.",
     "Recognise child-on-child abuse\nRespond to a report in line with guidance\n"
     "Build a culture where children tell"),
    ("Online safety and image sharing", "Harm outside the home", 1, 120, True, False,
     None, None, "team",
     "What children meet online, and how to respond when a nude or semi-nude image is "
     "shared.",
     "Understand the online risks children face\nRespond to image sharing as guidance says\n"
     "Talk with parents about online safety"),
    ("Adultification and intersectionality", "Harm outside the home", 2, 180, True, False,
     2022, None, "specialist",
     "How some children, often Black children, are seen as older and less in need of "
     "protection, and what that means for practice.",
     "Understand adultification bias\nApply an intersectional lens to assessment\n"
     "Use language that sees the child"),
    ("Radicalisation and the Prevent duty", "Harm outside the home", 1, 120, True, False,
     None, None, "council",
     "Vulnerability to radicalisation as a safeguarding issue, and the Prevent duty's "
     "referral route.",
     "Recognise vulnerability to radicalisation\nKnow the referral route\n"
     "Understand the Channel process"),
    ("Missing children: return conversations", "Harm outside the home", 2, 180, False, False,
     None, None, "council",
     "Children who go missing are at risk of exploitation. How to hold a return conversation "
     "that helps.",
     "Understand the risks of going missing\nHold a useful return conversation\n"
     "Share what you learn with the network"),
    ("Serious youth violence and trauma", "Harm outside the home", 3, 180, False, False,
     None, None, "specialist",
     "Young people caught up in violence, as victims and perpetrators, and trauma-aware ways "
     "to work with them.",
     "Understand the links between trauma and violence\nEngage young people in crisis\n"
     "Plan safety with the young person"),
    # Working together and safer settings
    ("Working together: roles and responsibilities", "Working together and safer settings",
     2, 180, False, False, None, None, "team",
     "How the statutory guidance expects agencies to work together, from a first worry to a "
     "child protection plan.",
     "Know each agency's part in safeguarding\nUnderstand section 17 and section 47\n"
     "Contribute well to multi-agency work"),
    ("Information sharing and consent", "Working together and safer settings", 2, 150, True,
     False, None, None, "team",
     "Sharing information is vital to keeping children safe. When consent is needed, when it "
     "is not, and how to record the decision.",
     "Apply the seven golden rules of sharing\nDecide when consent is needed\n"
     "Record what was shared and why"),
    ("Professional curiosity in safeguarding practice", "Working together and safer settings",
     2, 180, False, False, 2022, None, "team",
     "Looking beyond what is presented, respectfully challenging what does not add up, and "
     "checking what you are told.",
     "Explain why curiosity matters in every review\nAsk the questions that test a story\n"
     "Triangulate information across agencies"),
    ("Trauma-informed practice", "Working together and safer settings", 2, 180, True, False,
     2022, None, "council",
     "An approach that sees the impact of trauma on people's lives and the power "
     "professionals hold, to build trust and better outcomes.",
     "Understand the effects of trauma\nRecognise power in professional relationships\n"
     "Apply trauma-informed principles in your work"),
    ("Children's rights and safeguarding", "Working together and safer settings", 1, 120,
     True, False, 2022, None, "rights",
     "The UN Convention on the Rights of the Child brought to life: participation, "
     "engagement and rights in everyday safeguarding.",
     "Know the rights the Convention gives children\nInvolve children in decisions\n"
     "Bring a rights-based approach to your service"),
    ("Making a good referral: the continuum of need", "Working together and safer settings",
     1, 120, True, False, None, None, "council",
     "Using the threshold document to decide what help a family needs, and writing a "
     "referral that says why.",
     "Use the continuum of need\nWrite a clear, evidenced referral\n"
     "Know what happens after you refer"),
    ("Child protection conferences and core groups", "Working together and safer settings",
     3, 180, False, True, None, None, "council",
     "Preparing reports for conferences, taking part in them, and making core groups work "
     "for the child.",
     "Write a good conference report\nContribute to the plan's decisions\n"
     "Make the core group drive change"),
    ("Early help assessment and the lead practitioner", "Working together and safer settings",
     2, 180, False, False, None, None, "council",
     "Leading an early help assessment and plan with a family, and the lead practitioner's "
     "role in the family help reforms.",
     "Carry out an early help assessment\nLead a team around the family\n"
     "Step up and step down safely"),
    ("Allegations against staff and volunteers", "Working together and safer settings", 2,
     150, True, False, None, None, "council",
     "What to do when an adult who works with children may have harmed them, and the "
     "designated officer's role.",
     "Know when to contact the designated officer\nManage an allegation fairly\n"
     "Keep the right records"),
    ("Safer recruitment in education and care settings", "Working together and safer "
     "settings", 3, 360, False, True, None, None, "specialist",
     "Keeping unsuitable people out of work with children, from the advert to the end of "
     "probation.",
     "Plan a safer recruitment process\nCarry out the checks the guidance needs\n"
     "Build a culture of vigilance"),
    ("Designated safeguarding lead refresher", "Working together and safer settings", 3, 180,
     True, False, None, None, "team",
     "Updates in guidance, local procedures and learning from reviews for designated "
     "safeguarding leads.",
     "Apply this year's changes to guidance\nUse local procedures with confidence\n"
     "Bring learning from reviews back to your setting"),
    ("Private fostering awareness", "Working together and safer settings", 1, 90, True,
     False, None, None, "council",
     "Children looked after by someone who is not a close relative: the duty to notify and "
     "why it matters.",
     "Recognise private fostering arrangements\nKnow the duty to notify\n"
     "Explain it to families"),
    ("Transitional safeguarding: moving into adulthood", "Working together and safer "
     "settings", 3, 180, False, False, 2023, None, "health",
     "Risk does not stop at eighteen. Bridging children's and adults' services for young "
     "people in transition.",
     "Understand the gaps at the move to adulthood\nPlan transitions early\n"
     "Work across children's and adults' services"),
    ("Recording and chronologies", "Working together and safer settings", 2, 150, True,
     False, None, None, "team",
     "Clear records and chronologies that show patterns and tell the child's story.",
     "Write records that others can act on\nBuild a chronology that shows patterns\n"
     "Record the child's voice"),
    ("Listening to the voice of the child", "Working together and safer settings", 2, 180,
     False, False, None, None, "rights",
     "Direct work, observation and communication that let children's experiences shape "
     "decisions about them.",
     "Use direct work tools with children\nObserve and record a child's lived experience\n"
     "Make the child's voice count in plans"),
    ("Supporting children affected by sexual abuse to recover", "Working together and safer "
     "settings", 3, 180, True, False, 2023, None, "health",
     "Recovery and health support for children after sexual abuse, and the local hub's "
     "offer.",
     "Know the local recovery offer\nSupport a child's emotional wellbeing\n"
     "Refer for specialist help"),
    ("Working with families who find it hard to engage", "Working together and safer "
     "settings", 2, 180, False, False, 2023, None, "team",
     "Disguised compliance, avoidance and hostility: staying child-focused when families "
     "keep services at arm's length.",
     "Recognise patterns of non-engagement\nStay focused on the child's experience\n"
     "Escalate when engagement is not changing outcomes"),
    # Leading safeguarding
    ("Safeguarding supervision for managers", "Leading safeguarding", 4, 360, False, True,
     None, None, "specialist",
     "Reflective supervision that supports practitioners and keeps the focus on children.",
     "Run reflective safeguarding supervision\nChallenge drift and delay\n"
     "Support staff after distressing work"),
    ("Learning from local and national reviews", "Leading safeguarding", 4, 180, True, False,
     None, None, "team",
     "The recurring findings of practice reviews and how leaders turn them into change in "
     "their own agencies.",
     "Know the recurring themes of reviews\nTurn review findings into actions\n"
     "Check whether practice has changed"),
    ("Leading a safer organisation: Section 11", "Leading safeguarding", 4, 180, False, True,
     None, None, "team",
     "What the Section 11 standards ask of an organisation, and how to evidence them in a "
     "return.",
     "Understand the Section 11 standards\nGather evidence for a return\n"
     "Act on the gaps you find"),
    ("Chairing multi-agency meetings well", "Leading safeguarding", 4, 180, False, True,
     None, None, "council",
     "Chairing strategy meetings and core groups so that every agency contributes and "
     "decisions are clear.",
     "Prepare and chair a multi-agency meeting\nManage disagreement\n"
     "Record clear decisions and owners"),
    ("A child friendly borough: children's voices in strategy", "Leading safeguarding", 4,
     120, True, False, 2023, None, "rights",
     "Bringing children's and young people's views into strategic decisions, with the "
     "youth council.",
     "Involve children in strategic planning\nFeed back what changed\n"
     "Build participation into governance"),
    # Briefings
    ("Briefing: learning from practice reviews", "Briefings", 1, 90, True, False,
     None, None, "team",
     "An hour and a half on the latest local and national practice reviews and what they "
     "mean for front-line work.",
     "Know the latest review findings\nApply them to your own practice"),
    ("Briefing: what changed in Working Together 2023", "Briefings", 1, 90, True, False,
     2023, 2024, "team",
     "The changes in the 2023 statutory guidance and what they mean for each agency.",
     "Know the main changes in the guidance\nUnderstand the new local arrangements"),
    ("Briefing: family help and child protection reforms", "Briefings", 1, 90, True, False,
     2024, None, "council",
     "The local pathfinder for family help and multi-agency child protection teams.",
     "Understand the new family help model\nKnow the lead practitioner's role"),
    ("Briefing: safeguarding during and after the pandemic", "Briefings", 1, 90, True,
     False, None, 2021, "team",
     "What the pandemic years hid, and the children and families most affected.",
     "Recognise the hidden harm of the pandemic years\nKnow where families can get help"),
]  # fmt: skip

# The agencies whose staff book, with a weight for how many of them come.
AGENCY_WEIGHTS = {
    LA: 30, POLICE: 7, ICB: 3, NELFT: 9, BHRUT: 6, BARTS: 5, PELC: 2, PROBATION: 3,
    CAFCASS: 2, RIVERSIDE: 4, COUNTY_HIGH: 4, WHARF_ROAD: 4, MARSH_LANE: 3, COLLEGE: 4,
    CVS: 7, FAITH: 4, LAY: 1,
}  # fmt: skip
# How many attendees each weight point makes: people come back year after year.
PEOPLE_PER_WEIGHT = 30

JOB_TITLES = {
    AgencyKind.LOCAL_AUTHORITY: [
        "Social worker", "Senior practitioner", "Family support worker",
        "Early help practitioner", "Youth worker", "Housing officer", "Team manager",
    ],
    AgencyKind.POLICE: [
        "Police constable", "Detective constable", "Police sergeant", "Safer schools officer",
    ],
    AgencyKind.ICB: ["Safeguarding nurse", "Practice manager", "Practice nurse"],
    AgencyKind.HEALTH: [
        "Health visitor", "School nurse", "Midwife", "Paediatric nurse",
        "Mental health practitioner", "Emergency department nurse",
    ],
    AgencyKind.EDUCATION: [
        "Teacher", "Designated safeguarding lead", "Teaching assistant", "Pastoral lead",
        "Special educational needs coordinator",
    ],
    AgencyKind.PROBATION: ["Probation officer", "Probation services officer"],
    AgencyKind.CAFCASS: ["Family court adviser"],
    AgencyKind.VOLUNTARY: ["Project worker", "Youth worker", "Volunteer coordinator"],
    AgencyKind.FAITH: ["Youth leader", "Safeguarding coordinator"],
    AgencyKind.LAY: ["Lay member"],
}  # fmt: skip

# The demo practitioner's bookings: one to come, one on the waiting list, one attended and
# waiting for its evaluation.
PRACTITIONER = {
    "username": "practitioner",
    "job_title": "Health visitor",
    "line_manager_email": "health.visiting.manager@nelft.nhs.example",
}

EVALUATION_COMMENTS = [
    "The case studies made it real; more time for discussion would help.",
    "Very well paced, and the trainer knew the local services.",
    "Useful to hear how other agencies see the same family.",
    "I would have liked the slides before the session.",
    "Online worked well, though breakout rooms were short.",
    "Good balance of law, research and practice.",
    "The local contacts sheet alone was worth coming for.",
    "Some of it repeated my single-agency training.",
]

# What attendees and their line managers said about three months on; written for the demo.
# Each is for the courses whose title holds its key (any case), or (None) for any course.
IMPACT = [
    ("attendee", "fathers", "I now ask about every adult living in the home at the "
     "first visit, and record who they are, not only the parent I meet."),
    ("attendee", "neglect", "I used the toolkit with a family I had worried about "
     "for months; it gave me the evidence to ask for a strategy discussion."),
    ("attendee", "coercive", "I understand coercive control far better and have "
     "stopped asking why the mother does not leave."),
    ("line_manager", "safer sleep", "Safer sleep is now part of the team's checklist "
     "for every new birth visit."),
    ("attendee", "bruising", "I have stopped writing 'did not attend' for babies and "
     "write 'was not brought', and I follow it up the same day."),
    ("line_manager", "exploitation", "She now brings exploitation concerns to "
     "supervision early and has made two referrals to the panel that led to plans."),
    ("attendee", "missing", "We changed how we talk to young people after they go "
     "missing: shorter, in a place they choose, and we write down their words."),
    ("attendee", "child-on-child", "Our school reviewed its child-on-child abuse policy "
     "with the pupils' council the month after the course."),
    ("attendee", "exploitation", "I see the young people I work with as victims first "
     "now, and my reports say so."),
    ("attendee", "information sharing", "I felt confident sharing information "
     "without consent when I had to, and I recorded why."),
    ("attendee", "curiosity", "I challenged a professionals' meeting "
     "that was accepting a parent's account without checking it. It changed the plan."),
    ("line_manager", "chronologies", "Chronologies from the team now "
     "show patterns instead of lists of contacts."),
    ("attendee", "trauma", "I think about the power I hold in "
     "the room and explain more to families about what happens next."),
    ("attendee", "allegations", "I found out who the designated "
     "officer is and used the service for advice within a fortnight."),
    ("line_manager", "supervision", "Supervision in my service now starts with the "
     "child's experience, and drift is picked up sooner."),
    ("attendee", "reviews", "We turned two findings from local reviews into "
     "changes to our own procedures within the term."),
    ("line_manager", None, "Referrals from the team are clearer: they say what the worry is "
     "and what the child has said, so they are picked up faster."),
    ("attendee", None, "I shared what I learned at our team meeting and we changed how we "
     "record concerns."),
    ("line_manager", None, "He is more confident in multi-agency meetings and challenges "
     "when the plan does not fit what he sees."),
    ("attendee", None, "I keep the local contacts sheet on my desk and have used it three "
     "times since the course."),
    ("attendee", None, "I listen for what the child is not saying, and I write down their "
     "own words in my records."),
    ("line_manager", None, "The team talk about safeguarding in supervision without being "
     "prompted, and bring cases earlier."),
    ("attendee", None, "I now check with the other agencies before I close a case, not "
     "after."),
    ("line_manager", None, "Her assessments weigh what the family does, not only what they "
     "say, and are clearer for it."),
]  # fmt: skip

WAIVER_REASONS = [
    "Called in to an emergency on the day; the manager confirmed it.",
    "Illness on the day, with a note from the manager.",
    "The joining link was sent to an old address.",
]
