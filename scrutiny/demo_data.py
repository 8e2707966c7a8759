"""Fixed records of the demo scrutiny: the independent scrutineer's checklist for 2025-26,
in the spirit of the seed report's checklist, written in the project's own words.

CHECKLIST maps each key line of enquiry to (level code, evidence, actions required).
"""

CHECKLIST = {
    "1.1": (
        "green",
        "The three lead partners meet as the joint executive, whose terms of reference are "
        "published. Funding for 2025-26 was agreed at the March board, and the yearly report "
        "sets out the outcomes the partnership wants for children.",
        "",
    ),
    "1.2": ("green", "Board and subgroup minutes show delegated partners at every subgroup.", ""),
    "1.3": (
        "green",
        "The partnership's chair attends the community safety partnership, and the health and "
        "wellbeing board received last year's report. The adults board and the children's "
        "partnership share a transitions panel.",
        "",
    ),
    "1.4": (
        "amber",
        "The yearly report is drafted by the business unit and scrutinised, but the partners have "
        "not yet agreed a process for reviewing the year's outcomes before planning the next.",
        "Agree how the joint executive reviews the year's outcomes each spring.",
    ),
    "2.1": (
        "green",
        "Attendance at the board and subgroups is good, and agencies bring their own items. "
        "Capacity has slowed some priorities.",
        "",
    ),
    "2.2": (
        "green",
        "Minutes of the board and the joint executive show priorities agreed and escalation used.",
        "",
    ),
    "2.3": (
        "amber",
        "The London procedures and data sharing agreement are in place. Section 11 returns were "
        "last gathered some years ago; a round is now open.",
        "Complete the Section 11 round and report the findings to the board.",
    ),
    "2.4": (
        "green",
        "The newsletter and regular briefings at the board share research and the learning from "
        "local and national reviews.",
        "",
    ),
    "3.1": (
        "green",
        "The youth council presents its priorities to the board each year, and they shaped this "
        "year's priority on a child friendly borough.",
        "",
    ),
    "3.2": (
        "amber",
        "Young people take part in the yearly youth voice survey, but there is no engagement "
        "strategy telling children of their right to be safeguarded.",
        "Write an engagement strategy with the youth council.",
    ),
    "3.3": (
        "green",
        "Young people lead their own safety campaigns and present them to the partnership.",
        "",
    ),
    "3.4": (
        "amber",
        "A transitions panel now meets monthly; its effect for young people has not been reviewed.",
        "Review how well the transitions panel works after its first full year.",
    ),
    "4.1": (
        "amber",
        "A data set goes to the board each quarter, but it holds few indicators from agencies "
        "beyond the local authority.",
        "Extend the data set to every statutory partner and add an exception report.",
    ),
    "4.2": (
        "green",
        "Agencies report the findings of their single agency audits to the board.",
        "",
    ),
    "4.3": (
        "red",
        "Data is not yet used to judge whether the partnership's work changes outcomes for children.",
        "Link each priority to indicators in the data set.",
    ),
    "4.4": (
        "red",
        "Gaps in the data are known but have not been used to set priorities.",
        "Use the gaps in the data set when the priorities are next reviewed.",
    ),
    "5.1": (
        "green",
        "The criteria and process for notifying serious incidents are published on the website.",
        "",
    ),
    "5.2": (
        "green",
        "Rapid reviews and practice reviews are commissioned as needed and draw in operational staff.",
        "",
    ),
    "5.3": (
        "green",
        "Learning from reviews reaches the board and shapes the training programme.",
        "",
    ),
    "5.4": (
        "green",
        "New courses followed national reviews, and procedures were updated after local ones.",
        "",
    ),
    "6.1": (
        "green",
        "A training needs analysis at single and multi-agency level goes to the training subgroup.",
        "",
    ),
    "6.2": (
        "green",
        "The multi-agency programme draws on the needs analysis, reviews, research and the priorities.",
        "",
    ),
    "6.3": (
        "green",
        "A yearly report on the programme covers attendance and the impact of learning.",
        "",
    ),
    "6.4": (
        "amber",
        "Single agency audits show some impact of training on practice; the partners do not yet "
        "assess it together.",
        "Add a question on training impact to the multi-agency audit programme.",
    ),
}

JUDGEMENT = (
    "The partnership's leadership is clear and its arrangements are well attended. Learning "
    "from reviews and the training programme are strengths. The weakest area is the use of "
    "multi-agency data to judge impact and set priorities, and the Section 11 round now under "
    "way should give the assurance that has been missing."
)

# Section 11 returns already submitted in the open round, by agency name, with the level
# code given to every standard (the demo keeps each return simple).
SECTION_11_SUBMITTED = {
    "London Borough of Thameside": "green",
    "NHS North East London Integrated Care Board": "green",
    "NELFT NHS Foundation Trust": "amber",
}
SECTION_11_AGENCIES = [
    "London Borough of Thameside",
    "Metropolitan Police Service (East Area BCU)",
    "NHS North East London Integrated Care Board",
    "NELFT NHS Foundation Trust",
    "Barts Health NHS Trust",
    "Probation Service (Thameside and Waltham Forest)",
    "Cafcass",
]


# The demo yearly report: its title and the text of its narrative sections, by their default
# headings (scrutiny.report.sections.DEFAULT_ORDER). Written for Thameside; no person is named.
REPORT_TITLE = "Thameside Safeguarding Children Partnership yearly report 2025 to 2026"
REPORT_NARRATIVE = {
    "Introduction by the independent chair and scrutineer": (
        "This is my second report as the partnership's independent scrutineer. It covers April "
        "2025 to March 2026, the first full year of the arrangements the partners published "
        "under Working Together 2023.\n\n"
        "The partners have kept children at the centre of their work through a year of rising "
        "demand. Leadership is visible: the lead partners meet as a joint executive, and the "
        "delegated partner who chairs the board has given it a sharper focus on a few "
        "priorities.\n\n"
        "My judgement, set out in the checklist in chapter 7, is that the arrangements work "
        "well in most respects. Two things still hold them back: the partners' funding shares "
        "remain unequal, and the multi-agency data set is not yet used to judge impact."
    ),
    "Foreword by the statutory partners": (
        "As the lead safeguarding partners for Thameside (the council, the police and the "
        "integrated care board) we are jointly responsible for how agencies here work together "
        "to protect children.\n\n"
        "This year we changed how the partnership is led, agreed three priorities with our "
        "relevant agencies, and acted on the scrutineer's challenge about funding: the police "
        "contribution rose for the first time in several years. We know there is more to do, "
        "and the report says where."
    ),
    "Our safeguarding arrangements": (
        "The partnership board meets six times a year and brings together the three partners "
        "and the relevant agencies: health trusts, schools and colleges, probation, Cafcass, "
        "and voluntary and faith groups.\n\n"
        "- The **joint executive** of the lead partners agrees the budget and each partner's "
        "share, and holds the board to account.\n"
        "- The **learning and improvement subgroup** runs rapid reviews and local reviews and "
        "follows their recommendations through.\n"
        "- The **training subgroup** plans the multi-agency programme from the training needs "
        "analysis.\n\n"
        "The published arrangements are on the partnership's website."
    ),
    "Learning from reviews": (
        "The partnership notified the national panel of three serious incidents this year and "
        "held a rapid review for each within fifteen working days. One led to a local child "
        "safeguarding practice review, which is under way.\n\n"
        "The themes are familiar from earlier years: professionals not hearing from fathers "
        "and other men in the household, information about housing moves not being shared, "
        "and the move from children's to adults' services. Each review's recommendations are "
        "actions in the tracker, with an owner and a date."
    ),
    "Evidence of impact": (
        "More than 1,400 practitioners booked places on the multi-agency training programme, "
        "and nine in ten of those who gave feedback said they felt better equipped for their "
        "work.\n\n"
        "Every relevant agency completed its Section 11 return. Attendance of the statutory "
        "partners at the board stayed above the threshold the partnership set itself, apart "
        "from two meetings in the autumn."
    ),
    "Looking ahead": (
        "In 2026 to 2027 the partners will:\n\n"
        "1. agree a funding formula that shares the cost fairly between them;\n"
        "2. bring the multi-agency data set to each board meeting, with the exceptions first;\n"
        "3. publish the local review and show what changed because of it."
    ),
}
