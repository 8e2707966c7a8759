"""The demo's reviews, loaded by reviews.demo: plain data, no code.

In the spirit of the "learning from reviews" chapter of the seed's 2022-24 report, retold for
the fictional borough of Thameside in our own words. No child or person here is real: children
are pseudonyms ("Baby A", "Child SA") with an age band, summaries say nothing that could
identify anyone, and free text gives months, never full dates."""

from datetime import date, datetime

from partnership.demo_data import BHRUT, ICB, LA, LONDON, NELFT, POLICE

from .models import AgeBand, ExternalSource, IncidentCategory, RapidReviewDecision

THEMES = [
    "Mental health",
    "Neglect",
    "Working with fathers",
    "Transitions",
    "Information sharing",
    "Professional curiosity",
    "Was not brought or did not attend",
    "Safe sleeping",
    "Children with complex health needs",
    "Trauma-informed practice",
]

TASK_AND_FINISH_GROUP = "Complex health needs task and finish group"
TASK_AND_FINISH_TERMS = (
    "A multi-agency group led by health colleagues, set up with the national panel's "
    "agreement to run the local learning review for Child SA. It audits how acute services "
    "share information with a child's wider professional network, updates the children with "
    "disabilities protocol, and writes a protocol for professionals when a child who needs "
    "oxygen is to fly. It reports to the Learning and Improvement Subgroup."
)

# The two notifications of October 2022 to March 2024, each with its rapid review sent to the
# panel within 15 working days and its findings accepted. Dates are chosen so that every clock
# is met: a notification is due 5 working days after the local authority became aware, the
# rapid review 15.
NOTIFICATIONS = [
    {
        "reference": "THA-0001",
        "became_aware_on": date(2023, 2, 14),  # notification due 21 February
        "notified_on": date(2023, 2, 16),
        "category": IncidentCategory.SERIOUS_HARM,
        "looked_after": False,
        "children": [("Baby B", AgeBand.UNDER_1)],
        "agencies": [LA, POLICE, BHRUT, ICB],
        "summary": (
            "An infant was brought to hospital with injuries that the doctors thought were "
            "not accidental. The family was known to the health visiting service and to "
            "the maternity service; the police investigated and children's social care "
            "made a plan to keep the infant safe."
        ),
        "summaries": [
            # agency, requested, due, received
            (LA, date(2023, 2, 16), date(2023, 2, 23), date(2023, 2, 22)),
            (POLICE, date(2023, 2, 16), date(2023, 2, 23), date(2023, 2, 23)),
            (BHRUT, date(2023, 2, 16), date(2023, 2, 23), date(2023, 2, 21)),
        ],
        "meetings": [date(2023, 3, 2)],
        "rapid_review": {
            "decision": RapidReviewDecision.NO_FURTHER_REVIEW,
            "decided_on": date(2023, 3, 2),
            "sent_on": date(2023, 3, 3),  # due 7 March
            "findings": (
                "Practitioners worked well together once the injury was found. Before it, "
                "the father and the mother's new partner were not seen or asked about by "
                "the services working with the mother, and advice on safe sleeping and "
                "coping with crying was given once, at the birth. The learning is taken "
                "forward by the Learning and Improvement Subgroup rather than by a further "
                "review."
            ),
            "panel_response": (
                "The panel agreed that the rapid review had found the learning and that no "
                "further review was needed."
            ),
            "panel_responded_on": date(2023, 3, 20),
        },
    },
    {
        "reference": "THA-0002",
        "became_aware_on": date(2023, 9, 11),  # notification due 18 September
        "notified_on": date(2023, 9, 13),
        "category": IncidentCategory.DEATH,
        "looked_after": False,
        "children": [("Child SA", AgeBand.AGE_5_TO_9)],
        "agencies": [LA, ICB, NELFT, BHRUT],
        "summary": (
            "A child with complex medical and health needs, who needed oxygen, died while "
            "abroad with the family. Hospital, community health and children's social care "
            "services had all been involved in the child's care."
        ),
        "summaries": [
            (BHRUT, date(2023, 9, 13), date(2023, 9, 20), date(2023, 9, 19)),
            (NELFT, date(2023, 9, 13), date(2023, 9, 20), date(2023, 9, 20)),
            (LA, date(2023, 9, 13), date(2023, 9, 20), date(2023, 9, 18)),
        ],
        "meetings": [date(2023, 9, 21), date(2023, 9, 26)],
        "rapid_review": {
            "decision": RapidReviewDecision.LEARNING_REVIEW,
            "decided_on": date(2023, 9, 26),
            "sent_on": date(2023, 9, 29),  # due 2 October
            "findings": (
                "The rapid review found room to improve how professionals plan overseas "
                "travel for children who need supplementary oxygen, how information is shared "
                "across a child's professional network, and the training offered to families "
                "of children with complex health needs. It recommended a local learning "
                "review led by health colleagues."
            ),
            "panel_response": (
                "The panel agreed a local learning review in place of a full local child "
                "safeguarding practice review."
            ),
            "panel_responded_on": date(2023, 10, 16),
        },
    },
]

LEARNING_REVIEW = {
    "title": "Local learning review: Child SA",
    "from_notification": "THA-0002",
    "decided_on": date(2023, 9, 26),
    "agreed_with_panel_on": date(2023, 10, 16),
    "terms_of_reference": (
        "How professionals plan and agree overseas travel for a child who needs oxygen, "
        "including a fitness to fly review; how acute services share information with the "
        "child's wider professional network; and what training families of children with "
        "complex health needs are offered. The task and finish group first met in January "
        "2024."
    ),
}

# One notification made a few working days before the demo is loaded, not yet sent to the
# panel, so the dashboard has clocks running. Its dates are set from the day it is loaded.
RECENT_NOTIFICATION = {
    "reference": "THA-0003",
    "aware_working_days_ago": 3,
    "category": IncidentCategory.SERIOUS_HARM,
    "looked_after": False,
    "children": [("Young person C", AgeBand.AGE_16_TO_17)],
    "agencies": [LA, POLICE],
    "summary": (
        "A young person was seriously hurt in an assault outside the home. The police, the "
        "youth justice service and children's social care knew the young person."
    ),
    "summaries": [LA, POLICE],
}

# The local CSPR into an infant's head injury at ten weeks, "Baby A": decided in April 2022,
# its final report sent to the panel in time (due 22 September, 7 working days before
# publication) and published in October 2022 (due by 4 October, 6 months after the decision).
CSPR = {
    "title": "Local child safeguarding practice review: Baby A",
    "decided_on": date(2022, 4, 4),
    "reviewer": "An independent lead reviewer commissioned by the partnership",
    "terms_of_reference": (
        "What the practice and systems of the agencies working with the family can teach "
        "the partnership about an infant who suffered a head injury at ten weeks old: how "
        "fathers and other men in the household were seen, how neglect was recognised, how "
        "missed appointments were followed up, and how the parents' own needs, including "
        "their mental health, were met."
    ),
    "final_report_sent_on": date(2022, 9, 15),
    "published_at": datetime(2022, 10, 3, 10, 0, tzinfo=LONDON),
    "summary": (
        "The review of the care of an infant who suffered a head injury at ten weeks old: "
        "what agencies did well, what they can learn, and six recommendations for the "
        "partnership."
    ),
}

# (number, text, themes, actions); an action is (title, owner agency, owner's job title, due,
# status, note, completed on).
COMPLETE = "complete"
ON_TRACK = "on_track"
CSPR_RECOMMENDATIONS = [
    (
        1,
        "Every agency should see, assess and include fathers and other men in the household "
        "in its work with a baby, and the training programme should show practitioners how.",
        ["Working with fathers"],
        [
            (
                "Collate learning resources on working with fathers and share them with all "
                "partner agencies",
                LA,
                "Safeguarding Children Training Manager",
                date(2023, 3, 31),
                COMPLETE,
                "Resources collated by the Training Subgroup and shared; a session on working "
                "with fathers is now part of the training programme.",
                date(2023, 2, 24),
            ),
        ],
    ),
    (
        2,
        "The partnership should relaunch the neglect toolkit and check that practitioners "
        "in every agency use it when they assess the risk of neglect.",
        ["Neglect", "Professional curiosity"],
        [
            (
                "Relaunch the neglect toolkit across the partnership",
                LA,
                "Head of Child Protection and Early Help",
                date(2023, 1, 31),
                COMPLETE,
                "Toolkit relaunched with briefings for each agency.",
                date(2023, 1, 20),
            ),
            (
                "Use the neglect toolkit in health safeguarding supervision",
                ICB,
                "Designated Nurse for Safeguarding Children",
                date(2023, 6, 30),
                COMPLETE,
                "The toolkit is used in safeguarding supervision where it applies.",
                date(2023, 6, 12),
            ),
        ],
    ),
    (
        3,
        "Health providers should make sure their policies treat a child who was not brought "
        "to an appointment as a possible safeguarding risk, above all before a case is "
        "closed.",
        ["Was not brought or did not attend"],
        [
            (
                "Review the did not attend policies so that they assess safeguarding risk "
                "before closing a case",
                BHRUT,
                "Assistant Director of Safeguarding and Named Midwife",
                date(2023, 3, 31),
                COMPLETE,
                "Policies reviewed; assurance given to the Learning and Improvement Subgroup.",
                date(2023, 3, 14),
            ),
            (
                "Dip sample records to check that a missed appointment is recorded as was "
                "not brought",
                NELFT,
                "Integrated Care Director",
                date(2023, 6, 30),
                COMPLETE,
                "Dip sample done; the right wording is used in most records.",
                date(2023, 5, 30),
            ),
        ],
    ),
    (
        4,
        "Mental health services should plan each young person's move from child and "
        "adolescent mental health services to adult services well before it happens.",
        ["Transitions", "Mental health"],
        [
            (
                "Set up a transition team in adult mental health services for young people "
                "leaving CAMHS",
                NELFT,
                "Integrated Care Director",
                date(2023, 9, 30),
                COMPLETE,
                "The transition team is in place within adult mental health services.",
                date(2023, 9, 4),
            ),
            (
                "Revise the trust's transition policy",
                NELFT,
                "Integrated Care Director",
                date(2024, 12, 31),
                ON_TRACK,
                "The policy is under review with the new transition team.",
                None,
            ),
        ],
    ),
    (
        5,
        "Practitioners working with parents who do not engage with services should have "
        "the tools to recognise it and respond to it.",
        ["Professional curiosity", "Information sharing"],
        [
            (
                "Share the non-engagement toolkit and its briefing note with all partners",
                LA,
                "Safeguarding Children Partnership Manager",
                date(2023, 3, 31),
                COMPLETE,
                "Shared with every partner agency and used in learning and development.",
                date(2023, 3, 3),
            ),
        ],
    ),
    (
        6,
        "The partnership should find out how trauma-informed the services for families are "
        "and help every agency to work in a trauma-informed way.",
        ["Trauma-informed practice"],
        [
            (
                "Run a multi-agency self-assessment of trauma-informed practice",
                LA,
                "Safeguarding Children Partnership Manager",
                date(2023, 7, 31),
                COMPLETE,
                "Findings reported to the partnership in July 2023: understood widely, with "
                "a need for ongoing training.",
                date(2023, 7, 12),
            ),
            (
                "Write a multi-agency practice guide on trauma-informed practice",
                ICB,
                "Associate Director for Safeguarding Children",
                date(2024, 9, 30),
                ON_TRACK,
                "A draft guide is with the Learning and Improvement Subgroup.",
                None,
            ),
        ],
    ),
]

NATIONAL_REVIEW = {
    "title": "National review into the murders of two children",
    "source": ExternalSource.NATIONAL,
    "author": "Child Safeguarding Practice Review Panel",
    "source_published_on": date(2022, 5, 26),
    "link": "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
    "our_response": (
        "The partnership tested its own practice against the review's findings. Professional "
        "curiosity, how to weigh a referral that may be malicious, checking what one agency "
        "hears against what others know, and cultural competence are now threads through "
        "the multi-agency training programme."
    ),
    "recommendations": [
        (
            1,
            "Multi-agency training should build practitioners' professional curiosity and "
            "show them how to weigh what they are told against what other agencies know.",
            ["Professional curiosity", "Information sharing"],
            [
                (
                    "Add professional curiosity and triangulation in assessment to the "
                    "training programme",
                    LA,
                    "Safeguarding Children Training Manager",
                    date(2023, 3, 31),
                    COMPLETE,
                    "New courses on professional curiosity run through the year.",
                    date(2023, 3, 1),
                ),
            ],
        ),
    ],
}
