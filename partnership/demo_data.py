"""The demo partnership's fixed records, loaded by partnership.demo: plain data, no code.
Thameside is fictional; organisations are public bodies, no person is real, and no record is
about a child."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .models import (
    ActionStatus,
    AgencyKind,
    AttendanceStatus,
    BodyKind,
    MembershipRole,
    PublicationKind,
    Role,
)

# The partnership publishes on London time.
LONDON = ZoneInfo("Europe/London")

LA = "London Borough of Thameside"
POLICE = "Metropolitan Police Service (East Area BCU)"
ICB = "NHS North East London Integrated Care Board"
NELFT = "NELFT NHS Foundation Trust"
BHRUT = "Barking, Havering and Redbridge University Hospitals NHS Trust"
BARTS = "Barts Health NHS Trust"
PELC = "Partnership of East London Cooperatives"
PROBATION = "Probation Service (Thameside and Waltham Forest)"
CAFCASS = "Cafcass"
RIVERSIDE = "Riverside Primary School"
COUNTY_HIGH = "Thameside County High School"
WHARF_ROAD = "Wharf Road Academy"
MARSH_LANE = "Marsh Lane School"
COLLEGE = "Thameside College"
CVS = "Thameside Community Action"
FAITH = "Thameside Faith Forum"
LAY = "Lay members"
INDEPENDENT = "Independent scrutiny"

# name, kind, the domain its people's work emails use
AGENCIES = [
    (LA, AgencyKind.LOCAL_AUTHORITY, "thameside.example"),
    (POLICE, AgencyKind.POLICE, "met.police.example"),
    (ICB, AgencyKind.ICB, "nelondon.nhs.example"),
    (NELFT, AgencyKind.HEALTH, "nelft.nhs.example"),
    (BHRUT, AgencyKind.HEALTH, "bhrut.nhs.example"),
    (BARTS, AgencyKind.HEALTH, "bartshealth.nhs.example"),
    (PELC, AgencyKind.HEALTH, "pelc.nhs.example"),
    (PROBATION, AgencyKind.PROBATION, "justice.example"),
    (CAFCASS, AgencyKind.CAFCASS, "cafcass.example"),
    (RIVERSIDE, AgencyKind.EDUCATION, "riversideprimary.sch.example"),
    (COUNTY_HIGH, AgencyKind.EDUCATION, "thamesidecounty.sch.example"),
    (WHARF_ROAD, AgencyKind.EDUCATION, "wharfroad.sch.example"),
    (MARSH_LANE, AgencyKind.EDUCATION, "marshlane.sch.example"),
    (COLLEGE, AgencyKind.EDUCATION, "thamesidecollege.ac.example"),
    (CVS, AgencyKind.VOLUNTARY, "thamesidecommunityaction.example"),
    (FAITH, AgencyKind.FAITH, "thamesidefaithforum.example"),
    (LAY, AgencyKind.LAY, "lay.thameside.example"),
    (INDEPENDENT, AgencyKind.OTHER, "independent-scrutiny.example"),
]

# Earlier demo data grouped the schools; they are now separate agencies, so the grouped rows a
# developer's database may still hold are retired rather than left beside them.
RETIRED_AGENCIES = ["Thameside primary schools", "Thameside secondary schools"]

# One account per role; names say what the account is for, not who.
DEMO_USERS = [
    # username, first name, last name, role, agency, staff (may use /admin/)
    ("business", "Demo", "Business Unit", Role.BUSINESS_UNIT, None, True),
    ("scrutineer", "Demo", "Scrutineer", Role.SCRUTINEER, None, False),
    (
        "agency",
        "Demo",
        "Agency Lead",
        Role.AGENCY_LEAD,
        "Metropolitan Police Service (East Area BCU)",
        False,
    ),
    (
        "practitioner",
        "Demo",
        "Practitioner",
        Role.PRACTITIONER,
        "NELFT NHS Foundation Trust",
        False,
    ),
    ("partner", "Demo", "Partner Lead", Role.PARTNER_LEAD, "London Borough of Thameside", False),
    # The other two statutory partners' leads, so that the demo report can be signed off by all
    # three.
    ("partner-police", "Demo", "Police Partner Lead", Role.PARTNER_LEAD, POLICE, False),
    ("partner-icb", "Demo", "Health Partner Lead", Role.PARTNER_LEAD, ICB, False),
]

# The person each demo account is, where it is one of the partnership's people.
DEMO_USER_PEOPLE = {
    "business": "bu_manager",
    "scrutineer": "scrutineer",
    "agency": "police_dsp",
    "partner": "la_ceo",
}

# Invented names: 11 and 13 are coprime, so person i's pair of names is unique for 143 people.
FIRST_NAMES = [
    "Adaeze", "Bryony", "Corin", "Dalia", "Emrys", "Fenella",
    "Gideon", "Hollis", "Ines", "Jonah", "Kirsty",
]  # fmt: skip
LAST_NAMES = [
    "Ashcombe", "Brindley", "Carrow", "Dunstable", "Elsworth", "Fairhurst", "Garside",
    "Halloran", "Inchbold", "Jessop", "Kilbride", "Langridge", "Merriman",
]  # fmt: skip


# key, job title, agency, still active. Titles follow the report's membership appendix.
PEOPLE = [
    ("la_ceo", "Chief Executive", LA, True),
    ("la_dcs", "Corporate Director of People", LA, True),
    ("la_children", "Operational Director, Children and Families", LA, True),
    ("la_education", "Operational Director, Education and Inclusion", LA, True),
    ("la_quality", "Head of Safeguarding and Quality Assurance", LA, True),
    ("la_child_protection", "Head of Child Protection and Early Help", LA, True),
    ("la_youth_justice", "Head of Youth Justice and Targeted Youth Services", LA, True),
    ("la_public_health", "Director of Public Health", LA, True),
    ("la_housing", "Operational Director, Housing", LA, True),
    ("la_community_safety", "Head of Community Safety", LA, True),
    ("la_lead_member", "Lead Member for Children and Young People", LA, True),
    ("bu_manager", "Safeguarding Children Partnership Manager", LA, True),
    ("bu_training", "Safeguarding Children Training Manager", LA, True),
    ("police_lsp", "Chief Superintendent, Borough Commander", POLICE, True),
    ("police_dsp", "Detective Superintendent, Public Protection", POLICE, True),
    ("icb_lsp", "Chief Nursing Officer", ICB, True),
    ("icb_dsp", "Director of Nursing", ICB, True),
    ("icb_associate", "Associate Director for Safeguarding Children", ICB, True),
    ("icb_nurse", "Designated Nurse for Safeguarding Children", ICB, True),
    ("icb_doctor", "Designated Doctor for Safeguarding Children and Child Death", ICB, True),
    ("icb_primary_care", "Primary Care Nurse Consultant", ICB, True),
    ("nelft", "Integrated Care Director", NELFT, True),
    ("bhrut", "Assistant Director of Safeguarding and Named Midwife", BHRUT, True),
    ("barts", "Think Family Lead", BARTS, True),
    ("pelc", "Named Doctor for Safeguarding", PELC, True),
    ("cafcass", "Service Manager, Public Law", CAFCASS, True),
    ("probation", "Head of Service, Thameside and Waltham Forest", PROBATION, True),
    ("riverside", "Deputy Headteacher and Designated Safeguarding Lead", RIVERSIDE, True),
    ("county_high", "Headteacher", COUNTY_HIGH, True),
    ("wharf_road", "Headteacher", WHARF_ROAD, True),
    ("marsh_lane", "Headteacher", MARSH_LANE, True),
    ("marsh_lane_former", "Acting Headteacher", MARSH_LANE, False),
    ("college", "Designated Safeguarding Lead", COLLEGE, True),
    ("cvs", "Head of Community Development", CVS, True),
    ("faith", "Community Representative", FAITH, True),
    ("lay_1", "Lay member", LAY, True),
    ("lay_2", "Lay member", LAY, True),
    ("lay_former", "Lay member", LAY, False),
    ("scrutineer", "Independent Scrutineer", INDEPENDENT, True),
]

BOARD = "Thameside Safeguarding Children Partnership board"
EXECUTIVE = "Safeguarding Joint Executive"
LEARNING = "Learning and Improvement Subgroup"
TRAINING = "Training Subgroup"
QUALITY = "Quality Assurance and Performance Subgroup"
EXPLOITATION = "Child Exploitation and Contextual Safeguarding Subgroup"

BODIES = [
    (
        BOARD,
        BodyKind.BOARD,
        "The board brings the three safeguarding partners and the relevant agencies together at "
        "least six times a year. It sets the partnership's priorities and checks progress on "
        "them at every meeting, receives a report from each subgroup, hears learning from local "
        "and national reviews, and signs off the yearly report and the published arrangements.",
    ),
    (
        EXECUTIVE,
        BodyKind.EXECUTIVE,
        "The lead and delegated safeguarding partners of the council, the police and the "
        "integrated care board, meeting jointly for the children's partnership and the "
        "safeguarding adults board. They agree the budget and each partner's share of it, hold "
        "the board to account for its priorities, and keep its work in step with the community "
        "safety partnership and the health and wellbeing board.",
    ),
    (
        LEARNING,
        BodyKind.SUBGROUP,
        "Plans and runs the multi-agency audit programme, takes forward what local and national "
        "reviews teach, and follows each recommendation until there is evidence that practice "
        "has changed. It also judges whether the partnership's improvement work made a difference.",
    ),
    (
        TRAINING,
        BodyKind.SUBGROUP,
        "Works out what multi-agency safeguarding training the local workforce needs, then "
        "designs, commissions and evaluates the yearly programme. Members report the training "
        "their own organisations run each quarter, so gaps and overlaps can be seen.",
    ),
    (
        QUALITY,
        BodyKind.SUBGROUP,
        "Owns the multi-agency data set: agrees the measures each agency supplies each quarter, "
        "reads the trends, and brings an exception report to the board on the measures that have "
        "moved outside their agreed range.",
    ),
    (
        EXPLOITATION,
        BodyKind.SUBGROUP,
        "Leads the partnership's response to harm outside the home, including criminal and sexual "
        "exploitation and going missing. It oversees the action plan from the contextual "
        "safeguarding review, jointly with the community safety partnership.",
    ),
]

LSP = MembershipRole.LEAD_SAFEGUARDING_PARTNER
DSP = MembershipRole.DELEGATED_SAFEGUARDING_PARTNER
MEMBER = MembershipRole.MEMBER
CO_CHAIR = MembershipRole.CO_CHAIR

# person, body, role, started, ended
MEMBERSHIPS = [
    ("la_ceo", BOARD, LSP, date(2023, 4, 1), None),
    ("la_dcs", BOARD, DSP, date(2023, 4, 1), None),
    ("la_children", BOARD, MEMBER, date(2023, 4, 1), None),
    ("la_education", BOARD, MEMBER, date(2023, 4, 1), None),
    ("la_quality", BOARD, MEMBER, date(2023, 4, 1), None),
    ("la_child_protection", BOARD, MEMBER, date(2023, 9, 1), None),
    ("la_youth_justice", BOARD, MEMBER, date(2023, 9, 1), None),
    ("la_public_health", BOARD, MEMBER, date(2024, 1, 1), None),
    ("la_housing", BOARD, MEMBER, date(2024, 1, 1), None),
    ("la_community_safety", BOARD, MEMBER, date(2024, 1, 1), None),
    ("la_lead_member", BOARD, MembershipRole.PARTICIPANT_OBSERVER, date(2023, 4, 1), None),
    ("police_lsp", BOARD, LSP, date(2024, 6, 1), None),
    ("police_dsp", BOARD, DSP, date(2023, 4, 1), None),
    ("icb_lsp", BOARD, LSP, date(2023, 4, 1), None),
    # Working Together 2023 asks for one delegated partner to chair the partnership.
    ("icb_dsp", BOARD, MembershipRole.CHAIR, date(2025, 1, 1), None),
    ("icb_associate", BOARD, MEMBER, date(2023, 4, 1), None),
    ("icb_nurse", BOARD, MEMBER, date(2023, 4, 1), None),
    ("icb_doctor", BOARD, MEMBER, date(2023, 4, 1), None),
    ("icb_primary_care", BOARD, MEMBER, date(2024, 4, 1), None),
    ("nelft", BOARD, MEMBER, date(2023, 4, 1), None),
    ("bhrut", BOARD, MEMBER, date(2023, 4, 1), None),
    ("barts", BOARD, MEMBER, date(2023, 4, 1), None),
    ("pelc", BOARD, MEMBER, date(2023, 4, 1), None),
    ("cafcass", BOARD, MEMBER, date(2023, 4, 1), None),
    ("probation", BOARD, MEMBER, date(2023, 4, 1), None),
    ("riverside", BOARD, MEMBER, date(2023, 9, 1), None),
    ("county_high", BOARD, MEMBER, date(2023, 9, 1), None),
    ("wharf_road", BOARD, MEMBER, date(2024, 9, 1), None),
    ("marsh_lane_former", BOARD, MEMBER, date(2023, 9, 1), date(2025, 8, 31)),
    ("marsh_lane", BOARD, MEMBER, date(2025, 9, 1), None),
    ("college", BOARD, MEMBER, date(2023, 9, 1), None),
    ("cvs", BOARD, MEMBER, date(2023, 4, 1), None),
    ("faith", BOARD, MEMBER, date(2023, 4, 1), None),
    ("lay_former", BOARD, MembershipRole.LAY_MEMBER, date(2021, 9, 1), date(2025, 3, 31)),
    ("lay_1", BOARD, MembershipRole.LAY_MEMBER, date(2023, 4, 1), None),
    ("lay_2", BOARD, MembershipRole.LAY_MEMBER, date(2025, 4, 1), None),
    # The independent chair's role was split when a delegated partner took the chair.
    ("scrutineer", BOARD, MembershipRole.CHAIR, date(2022, 10, 1), date(2024, 12, 31)),
    ("scrutineer", BOARD, MembershipRole.INDEPENDENT_SCRUTINEER, date(2025, 1, 1), None),
    ("la_ceo", EXECUTIVE, LSP, date(2023, 4, 1), None),
    ("police_lsp", EXECUTIVE, LSP, date(2024, 6, 1), None),
    ("icb_lsp", EXECUTIVE, LSP, date(2023, 4, 1), None),
    ("la_dcs", EXECUTIVE, DSP, date(2023, 4, 1), None),
    ("police_dsp", EXECUTIVE, DSP, date(2023, 4, 1), None),
    ("icb_dsp", EXECUTIVE, DSP, date(2023, 4, 1), None),
    ("la_quality", LEARNING, CO_CHAIR, date(2024, 1, 1), None),
    ("icb_associate", LEARNING, CO_CHAIR, date(2024, 1, 1), None),
    ("bu_manager", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("police_dsp", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("la_child_protection", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("nelft", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("bhrut", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("riverside", LEARNING, MEMBER, date(2024, 1, 1), None),
    ("bu_training", TRAINING, CO_CHAIR, date(2024, 1, 1), None),
    ("icb_nurse", TRAINING, CO_CHAIR, date(2024, 1, 1), None),
    ("barts", TRAINING, MEMBER, date(2024, 1, 1), None),
    ("pelc", TRAINING, MEMBER, date(2024, 1, 1), None),
    ("probation", TRAINING, MEMBER, date(2024, 1, 1), None),
    ("college", TRAINING, MEMBER, date(2024, 1, 1), None),
    ("faith", TRAINING, MEMBER, date(2024, 1, 1), None),
    ("la_children", QUALITY, CO_CHAIR, date(2024, 4, 1), None),
    ("icb_primary_care", QUALITY, CO_CHAIR, date(2024, 4, 1), None),
    ("bu_manager", QUALITY, MEMBER, date(2024, 4, 1), None),
    ("la_public_health", QUALITY, MEMBER, date(2024, 4, 1), None),
    ("la_education", QUALITY, MEMBER, date(2024, 4, 1), None),
    ("cafcass", QUALITY, MEMBER, date(2024, 4, 1), None),
    ("lay_1", QUALITY, MembershipRole.LAY_MEMBER, date(2024, 4, 1), None),
    ("la_youth_justice", EXPLOITATION, CO_CHAIR, date(2024, 4, 1), None),
    ("police_dsp", EXPLOITATION, CO_CHAIR, date(2024, 4, 1), None),
    ("la_community_safety", EXPLOITATION, MEMBER, date(2024, 4, 1), None),
    ("la_housing", EXPLOITATION, MEMBER, date(2024, 4, 1), None),
    ("county_high", EXPLOITATION, MEMBER, date(2024, 4, 1), None),
    ("cvs", EXPLOITATION, MEMBER, date(2024, 4, 1), None),
    ("nelft", EXPLOITATION, MEMBER, date(2024, 4, 1), None),
]

STANDING_ITEMS = [
    "Welcome, introductions and apologies",
    "Minutes of the last meeting and the action log",
    "Progress on the partnership's priorities",
]
CLOSING_ITEMS = ["Reports from the subgroups", "Any other business and date of the next meeting"]

# date, themed agenda items, minutes. The year runs April 2025 to March 2026.
BOARD_MEETINGS = [
    (
        date(2025, 5, 15),
        ["Agreeing the priorities for 2025 to 2026", "Quarter four data set and exceptions"],
        "The board agreed five priorities for the year and named a lead for each. Members "
        "asked that every priority report progress against measures in the data set, not only "
        "activity. The data set showed a rise in contacts from schools in the spring term; the "
        "quality assurance subgroup will look at whether the referrals were appropriate.",
    ),
    (
        date(2025, 7, 17),
        ["Transitions panel: the first three months", "Designated officer's yearly report"],
        "Children's and adults' services described how the transitions panel now reviews young "
        "people at risk of exploitation who are close to turning eighteen. Members welcomed it "
        "and asked for a view of outcomes after a full year. The designated officer reported a "
        "further rise in allegations against adults who work with children, which the board "
        "read as a sign that organisations know how to seek advice.",
    ),
    (
        date(2025, 9, 18),
        [
            "Contextual safeguarding review: action plan",
            "Families in temporary accommodation",
            "Launch of the Section 11 round",
        ],
        "The action plan from the contextual safeguarding review was agreed, with the "
        "exploitation subgroup to track it. Housing set out the pressure on temporary "
        "accommodation and how partners can help families before they become homeless. The "
        "business unit opened this year's Section 11 self-assessment, due back in December.",
    ),
    (
        date(2025, 11, 20),
        [
            "Neglect toolkit: audit findings",
            "Child friendly borough: progress",
            "Budget at the half year",
        ],
        "The audit found the neglect toolkit used well by children's social care but rarely by "
        "health and education staff, who often rely on other tools. The board asked for short "
        "briefings aimed at those staff. The youth council presented its safety priorities. "
        "Members noted again that the police contribution to the budget is well below the other "
        "two partners' and asked the joint executive to resolve it before the next year.",
    ),
    (
        date(2026, 1, 22),
        ["Training programme: yearly report", "Learning from rapid reviews"],
        "The training manager reported more courses and bookings than the year before, with high "
        "ratings for meeting learning objectives. Learning from two rapid reviews was shared, "
        "centred on information sharing between hospitals and community services; the learning "
        "and improvement subgroup will turn it into a briefing.",
    ),
    (
        date(2026, 3, 19),
        [
            "The priorities at year end",
            "Independent scrutiny: emerging findings",
            "Timetable for the yearly report",
        ],
        "Draft minutes, to be agreed at the next meeting. Each priority lead gave a year-end "
        "summary. The independent scrutineer said the arrangements are working but that police "
        "attendance and the funding split remain the main concerns. The yearly report will go to "
        "the lead partners for sign-off in the summer.",
    ),
]

P, A, D, X = (
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
    AttendanceStatus.DEPUTY,
    AttendanceStatus.PRESENT,
)
# Everyone is present unless listed here, by meeting number. The police miss enough to fall
# below the attendance threshold, as in the report's concern about their engagement; every
# other agency misses at most one meeting in six per person, and the single-member agencies
# miss none of the last two, so a recent period flags the police alone too.
ATTENDANCE_EXCEPTIONS = {
    "police_lsp": {0: P, 2: P, 4: A},
    "police_dsp": {3: D, 5: P},
    "la_ceo": {1: P},
    "la_housing": {2: D},
    "la_public_health": {3: D},
    "la_community_safety": {0: P},
    "la_lead_member": {4: P},
    "icb_lsp": {4: P},
    "icb_doctor": {1: D},
    "nelft": {1: D},
    "bhrut": {0: P},
    "cafcass": {2: P},
    "probation": {3: P},
    "county_high": {1: P},
    "wharf_road": {3: A},
    "college": {4: D},
    "faith": {1: A},
    "lay_1": {2: P},
}
DEPUTY_TITLES = {
    "police_dsp": "Detective Chief Inspector, Child Abuse Investigation",
    "la_housing": "Head of Housing Needs",
    "la_public_health": "Consultant in Public Health",
    "icb_doctor": "Named Doctor for Safeguarding Children",
    "nelft": "Head of Safeguarding",
    "college": "Deputy Designated Safeguarding Lead",
}

PERIOD = (date(2025, 4, 1), date(2026, 3, 31))

# area, rationale, planned actions, impact statement, [(date, progress)]
PRIORITIES = [
    (
        "Transitional safeguarding",
        "Risk does not end on an eighteenth birthday, yet the help offered changes sharply at that "
        "point. Reviews in both the children's and the adults' partnerships found young people "
        "whose support stopped just as exploitation was escalating.",
        "Run a transitions panel with adult social care for young people at risk of exploitation "
        "who would not qualify for adult care and support. Agree a joint protocol with the "
        "safeguarding adults board. Look at joint commissioning of support for young adults.",
        "Young people at risk now have a named route into adult services before they turn "
        "eighteen, and the panel sees every such case. Joint funding is still not agreed.",
        [
            (date(2025, 7, 17), "The panel has met monthly since April and agreed its guidance."),
            (
                date(2025, 11, 20),
                "The joint protocol was signed by both boards. The panel asked for a housing "
                "representative, who now attends.",
            ),
            (
                date(2026, 3, 19),
                "All referred young people had a plan agreed before their birthday. A proposal "
                "for joint commissioning goes to the joint executive in the spring.",
            ),
        ],
    ),
    (
        "Child friendly borough",
        "The council has committed to becoming a child friendly borough with UNICEF UK, and the "
        "youth council's safety priorities need a place where partners answer them.",
        "Take the youth council's safety priorities to the board twice a year and reply to each. "
        "Offer the children's rights and safeguarding course to every partner agency. Have the "
        "partnership manager act as the partnership's champion for the programme.",
        "The youth council's priorities are on the board's agenda and each has a named partner "
        "response. More practitioners than before have taken the children's rights course.",
        [
            (
                date(2025, 11, 20),
                "The youth council presented its priorities, including sexual harassment in "
                "schools and feeling safe on the way home. Each now has a lead agency.",
            ),
            (
                date(2026, 3, 19),
                "Five sessions of the children's rights course ran this year, all of them full.",
            ),
        ],
    ),
    (
        "Contextual safeguarding",
        "The independent contextual safeguarding review found that responses to harm outside "
        "the home depended too much on which team a young person reached first, and that "
        "information about places and peer groups was not shared routinely.",
        "Agree and track the review's action plan through the exploitation subgroup. Map places "
        "of concern with the community safety partnership. Hold a joint learning event on harm "
        "outside the home with the adults board and the community safety partnership.",
        "A single action plan is in place and reported on at every board. Partners share "
        "information about places of concern each month.",
        [
            (date(2025, 9, 18), "The board agreed the action plan from the review."),
            (
                date(2026, 1, 22),
                "The joint learning event drew practitioners from twelve agencies. Mapping of "
                "places of concern started in the town centre.",
            ),
        ],
    ),
    (
        "A suitable home for every child",
        "The housing shortage is felt sharply in the borough, with many families in temporary "
        "accommodation, some of it in hostels and bed and breakfasts outside the borough. "
        "Frequent moves make it harder for schools, health visitors and social workers to keep "
        "track of children who need help.",
        "Make the duty to prevent homelessness known across the partnership. Agree how partners "
        "respond when a family is found intentionally homeless or has no recourse to public funds. "
        "Check that support follows families who move in and out of the borough.",
        "Housing and children's services now discuss shared families every month, and a social "
        "worker works alongside the housing front desk. The out-of-borough protocol is overdue.",
        [
            (
                date(2025, 9, 18),
                "Housing briefed the board on the pressures and how partners can refer early.",
            ),
            (
                date(2025, 11, 20),
                "A monthly meeting of housing, children's and adults' services began.",
            ),
            (
                date(2026, 3, 19),
                "The front desk pilot was extended. The protocol for placements outside the "
                "borough is still being negotiated with neighbouring councils.",
            ),
        ],
    ),
    (
        "Neglect and early help",
        "Neglect is the most common reason for a child protection plan locally, and an audit "
        "showed the neglect toolkit is used unevenly outside children's social care. Early help "
        "works best when the first practitioner to notice acts on it.",
        "Relaunch the neglect toolkit with short briefings for health and education staff. "
        "Audit its use again in a year. Promote early help assessments led by the practitioner "
        "who knows the family best.",
        "More health and school staff say they know the toolkit and when to use it. The repeat "
        "audit will show whether use has followed.",
        [
            (
                date(2025, 11, 20),
                "The audit findings were presented and briefings for GP practices planned.",
            ),
            (
                date(2026, 3, 19),
                "Briefings reached every primary care network and most schools.",
            ),
        ],
    ),
]

NS, OT, AR, DONE = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.AT_RISK,
    ActionStatus.COMPLETE,
)
# title, owner, due, status, completed, priority area (or None), [(status, note)]
ACTIONS = [
    (
        "Agree a referral route into the transitions panel with adult social care",
        "la_children",
        date(2026, 6, 30),
        DONE,
        date(2026, 6, 12),
        "Transitional safeguarding",
        [
            (OT, "A draft route was shared with adult social care for comment."),
            (DONE, "The route is agreed and published on the partnership's site."),
        ],
    ),
    (
        "Review how well the transitions panel works after its first full year",
        "la_quality",
        date(2027, 3, 31),
        NS,
        None,
        "Transitional safeguarding",
        [(NS, "To start once a full year of panel data is available.")],
    ),
    (
        "Answer each of the youth council's safety priorities in writing",
        "la_education",
        date(2027, 1, 15),
        OT,
        None,
        "Child friendly borough",
        [(OT, "Replies to three of the five priorities have been drafted.")],
    ),
    (
        "Share data on return interviews after missing episodes with the police each month",
        "police_dsp",
        date(2026, 7, 31),
        AR,
        None,
        "Contextual safeguarding",
        [
            (OT, "An information sharing agreement is in draft."),
            (AR, "Sign-off is waiting for the force's data protection team."),
        ],
    ),
    (
        "Hold a joint learning event on harm outside the home",
        "bu_training",
        date(2026, 5, 21),
        DONE,
        date(2026, 5, 14),
        "Contextual safeguarding",
        [(DONE, "The event ran with the adults board and the community safety partnership.")],
    ),
    (
        "Map places of concern with the community safety partnership",
        "la_community_safety",
        date(2026, 12, 18),
        OT,
        None,
        "Contextual safeguarding",
        [(OT, "The town centre is mapped; two more areas are planned.")],
    ),
    (
        "Agree a protocol for families placed in temporary accommodation outside the borough",
        "la_housing",
        date(2026, 10, 31),
        AR,
        None,
        "A suitable home for every child",
        [
            (OT, "Neighbouring councils have the draft."),
            (AR, "Two councils have not yet replied; escalated to directors."),
        ],
    ),
    (
        "Keep a social worker at the housing front desk two days a week",
        "la_child_protection",
        date(2027, 1, 29),
        OT,
        None,
        "A suitable home for every child",
        [(OT, "The pilot was extended to the end of the year.")],
    ),
    (
        "Brief GP practices on the relaunched neglect toolkit",
        "icb_nurse",
        date(2026, 12, 11),
        OT,
        None,
        "Neglect and early help",
        [(OT, "Briefings are booked at every primary care network meeting.")],
    ),
    (
        "Audit use of the neglect toolkit in health visiting and school nursing",
        "nelft",
        date(2026, 9, 30),
        NS,
        None,
        "Neglect and early help",
        [(NS, "Delayed while the audit team is short-staffed.")],
    ),
    (
        "Check that missed children's appointments are recorded as 'was not brought'",
        "bhrut",
        date(2026, 4, 30),
        DONE,
        date(2026, 4, 9),
        None,
        [(DONE, "A dip sample found the right wording used in every record checked.")],
    ),
    (
        "Agree the police contribution to the partnership budget for 2027 to 2028",
        "police_lsp",
        date(2027, 2, 26),
        NS,
        None,
        None,
        [(NS, "Raised by the independent scrutineer; on the joint executive's next agenda.")],
    ),
]

# slug, kind, title, [(published at, summary, body)] – one entry per published version,
# oldest first. The dates are those a partnership would have published them on.
PUBLICATIONS = [
    (
        "yearly-report-2025-26-summary",
        PublicationKind.YEARLY_REPORT,
        "Yearly report 2025 to 2026: summary",
        [
            (
                datetime(2026, 10, 8, 10, tzinfo=LONDON),
                "What the partnership did between April 2025 and March 2026, and how well its "
                "arrangements worked.",
                "<h2>About this report</h2>"
                "<p>Each year the council, the police and the integrated care board publish a "
                "report on the partnership's work. This summary gives the main points; the full "
                "report follows once the lead partners have signed it off.</p>"
                "<h2>What went well</h2>"
                "<ul><li>A transitions panel now sees every young person at risk of exploitation "
                "before they turn eighteen.</li>"
                "<li>The training programme grew, and most people who took part said it met its "
                "aims.</li>"
                "<li>Partners now share information about places of concern every month.</li></ul>"
                "<h2>What needs to improve</h2>"
                "<ul><li>Police attendance at the board fell below the level the partnership "
                "expects of a statutory partner.</li>"
                "<li>The three partners' contributions to the budget are still not equal.</li>"
                "<li>The protocol for families housed outside the borough is late.</li></ul>",
            )
        ],
    ),
    (
        "summer-newsletter-2025",
        PublicationKind.NEWSLETTER,
        "Summer newsletter 2025",
        [
            (
                datetime(2025, 7, 24, 10, tzinfo=LONDON),
                "News from the July board, this year's priorities and the new training programme.",
                "<h2>From the July board</h2>"
                "<p>The board heard how the new transitions panel is working and received the "
                "designated officer's yearly report.</p>"
                "<h2>Our priorities this year</h2>"
                "<ol><li>Transitional safeguarding</li><li>Child friendly borough</li>"
                "<li>Contextual safeguarding</li><li>A suitable home for every child</li>"
                "<li>Neglect and early help</li></ol>"
                "<h2>Training from September</h2>"
                "<p>The new programme adds courses on professional curiosity and trauma-informed "
                "practice. Booking opens in August.</p>",
            )
        ],
    ),
    (
        "learning-briefing-neglect-toolkit",
        PublicationKind.LEARNING_BRIEFING,
        "Learning briefing: using the neglect toolkit",
        [
            (
                datetime(2026, 2, 12, 10, tzinfo=LONDON),
                "Why and how to use the neglect toolkit, for health and education staff.",
                "<h2>Why this briefing</h2>"
                "<p>Our audit found that the neglect toolkit is used well in children's social "
                "care but much less in health and education settings.</p>"
                "<h2>What to do</h2>"
                "<ul><li>Use the toolkit whenever you are worried that a child's needs are not "
                "being met over time, not only after a single incident.</li>"
                "<li>Record what you see and hear, and share it with the other practitioners "
                "who know the family.</li>"
                "<li>Talk to your designated safeguarding lead if the picture is unclear.</li>"
                "</ul>",
            )
        ],
    ),
    (
        "multi-agency-safeguarding-arrangements",
        PublicationKind.ARRANGEMENTS,
        "Thameside multi-agency safeguarding arrangements",
        [
            (
                datetime(2024, 9, 16, 10, tzinfo=LONDON),
                "How the three safeguarding partners work together and with other agencies.",
                "<h2>The safeguarding partners</h2>"
                "<p>The council, the police and the integrated care board share responsibility "
                "for safeguarding children in the borough. Each names a lead and a delegated "
                "safeguarding partner.</p>"
                "<h2>Independent scrutiny</h2>"
                "<p>An independent chair leads the board and scrutinises the arrangements.</p>",
            ),
            (
                datetime(2025, 5, 19, 10, tzinfo=LONDON),
                "How the three safeguarding partners work together and with other agencies, "
                "updated for the new statutory guidance.",
                "<h2>The safeguarding partners</h2>"
                "<p>The council, the police and the integrated care board share responsibility "
                "for safeguarding children in the borough. Each names a lead and a delegated "
                "safeguarding partner.</p>"
                "<h2>Chairing the partnership</h2>"
                "<p>One of the delegated safeguarding partners chairs the board.</p>"
                "<h2>Independent scrutiny</h2>"
                "<p>An independent scrutineer, who no longer chairs the board, reviews how well "
                "the arrangements work and reports each year.</p>"
                "<h2>Relevant agencies</h2>"
                "<p>Health trusts, schools and colleges, probation, Cafcass, voluntary and faith "
                "groups and lay members all take part.</p>",
            ),
        ],
    ),
]
