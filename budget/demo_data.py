"""The demo partnership's budget: plain data, no code.

2023-24 follows, line for line, the budget appendix of the seed borough's 2022-24 report (its
lines add up to £199,447 of income, though the report prints £199,455). The two years before
and the two after are plausible figures in the same shape. Agencies are the demo's (partnership.demo_data)."""

from datetime import date

from partnership.demo_data import BARTS, BHRUT, ICB, LA, NELFT, POLICE, PROBATION

from .models import LineKind as K
from .models import Side

INCOME, SPENDING = Side.INCOME, Side.EXPENDITURE
FEES = "Training attendance and non-attendance fees"
MEMBERSHIP = "Association of Safeguarding Partners membership"
PROGRAMME = "Multi-agency training programme"
CHAIR = "Independent chair and scrutineer"
MANAGER = "Partnership business manager"
TRAINING_MANAGER = "Training manager"
ADMIN = "Senior administrative officer"
OFFICE = "Office costs"
RAPID_REVIEWS = "Rapid reviews"
CHAIR_NOTE = "The independent chair and scrutineer is engaged for three working days a month."
MANAGER_NOTE = "Half the cost of the post, which is shared with the safeguarding adults board."
TRAINING_MANAGER_NOTE = "The post is 0.6 of full time."

# Each line: (side, kind, agency or None, description, actual, note); figures in whole pounds.
YEARS = {
    2021: {
        "note": "April 2021 to March 2022, actual spend.",
        "published": False,
        "lines": [
            (INCOME, K.CARRIED_FORWARD, None, "Carried forward from 2020-21", 21500, ""),
            (INCOME, K.TRAINING_FEES, None, FEES, 19800, ""),
            (INCOME, K.CONTRIBUTION, LA, "", 60000, ""),
            (INCOME, K.CONTRIBUTION, POLICE, "", 5000, ""),
            (INCOME, K.CONTRIBUTION, PROBATION, "", 2616, ""),
            (INCOME, K.CONTRIBUTION, NELFT, "", 7500, ""),
            (
                INCOME,
                K.CONTRIBUTION,
                ICB,
                "",
                32000,
                "Paid by the clinical commissioning group, which the integrated care board replaced in July 2022.",
            ),
            (INCOME, K.CONTRIBUTION, BHRUT, "", 3231, ""),
            (INCOME, K.CONTRIBUTION, BARTS, "", 5000, ""),
            (SPENDING, K.MEMBERSHIPS, None, MEMBERSHIP, 450, ""),
            (SPENDING, K.TRAINING_PROGRAMME, None, PROGRAMME, 10400, ""),
            (SPENDING, K.CHAIR_SCRUTINY, None, CHAIR, 21000, CHAIR_NOTE),
            (SPENDING, K.STAFFING, None, MANAGER, 40100, MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, TRAINING_MANAGER, 32600, TRAINING_MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, ADMIN, 44300, ""),
            (SPENDING, K.OFFICE, None, OFFICE, 250, ""),
            (SPENDING, K.REVIEWS, None, RAPID_REVIEWS, 3300, ""),
        ],
    },
    2022: {
        "note": "April 2022 to March 2023, actual spend. The council met the year’s overspend.",
        "published": True,
        "lines": [
            (INCOME, K.CARRIED_FORWARD, None, "Carried forward from 2021-22", 4247, ""),
            (INCOME, K.TRAINING_FEES, None, FEES, 24150, ""),
            (INCOME, K.CONTRIBUTION, LA, "", 62000, ""),
            (INCOME, K.CONTRIBUTION, POLICE, "", 5000, ""),
            (INCOME, K.CONTRIBUTION, PROBATION, "", 2616, ""),
            (INCOME, K.CONTRIBUTION, NELFT, "", 7500, ""),
            (INCOME, K.CONTRIBUTION, ICB, "", 34000, ""),
            (INCOME, K.CONTRIBUTION, BHRUT, "", 3231, ""),
            (INCOME, K.CONTRIBUTION, BARTS, "", 5000, ""),
            (SPENDING, K.MEMBERSHIPS, None, MEMBERSHIP, 450, ""),
            (SPENDING, K.TRAINING_PROGRAMME, None, PROGRAMME, 12800, ""),
            (SPENDING, K.CHAIR_SCRUTINY, None, CHAIR, 21600, CHAIR_NOTE),
            (SPENDING, K.STAFFING, None, MANAGER, 41200, MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, TRAINING_MANAGER, 33500, TRAINING_MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, ADMIN, 45900, ""),
            (SPENDING, K.OFFICE, None, OFFICE, 120, ""),
            (SPENDING, K.REVIEWS, None, RAPID_REVIEWS, 4200, ""),
        ],
    },
    2023: {
        "note": "April 2023 to March 2024. The figures are actual spend.",
        "published": True,
        "lines": [
            (INCOME, K.TRAINING_FEES, None, FEES, 28880, ""),
            (INCOME, K.CONTRIBUTION, LA, "", 64320, ""),
            (INCOME, K.CONTRIBUTION, POLICE, "", 5000, ""),
            (INCOME, K.CONTRIBUTION, PROBATION, "", 2616, ""),
            (INCOME, K.CONTRIBUTION, NELFT, "", 7500, ""),
            (INCOME, K.CONTRIBUTION, ICB, "", 35600, ""),
            (INCOME, K.CONTRIBUTION, BHRUT, "", 3231, ""),
            (INCOME, K.CONTRIBUTION, BARTS, "", 5000, ""),
            (
                INCOME,
                K.GRANT,
                None,
                "Department for Education grant to implement Working Together 2023",
                47300,
                "A one-off grant for putting the new multi-agency safeguarding arrangements in place.",
            ),
            (SPENDING, K.MEMBERSHIPS, None, MEMBERSHIP, 450, ""),
            (SPENDING, K.TRAINING_PROGRAMME, None, PROGRAMME, 11500, ""),
            (SPENDING, K.CHAIR_SCRUTINY, None, CHAIR, 21600, CHAIR_NOTE),
            (SPENDING, K.STAFFING, None, MANAGER, 42700, MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, TRAINING_MANAGER, 34707, TRAINING_MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, ADMIN, 47708, ""),
            (SPENDING, K.OFFICE, None, OFFICE, 31, ""),
            (SPENDING, K.REVIEWS, None, RAPID_REVIEWS, 6582, ""),
        ],
        "grant": {
            "conditions": "To be spent in 2023-24 on changing the multi-agency safeguarding arrangements; a return on how it was spent is due to the department in March 2024.",
            "spend_by": date(2024, 3, 31),
        },
    },
    2024: {
        "note": "April 2024 to March 2025, actual spend.",
        "published": True,
        "lines": [
            (INCOME, K.CARRIED_FORWARD, None, "Carried forward from 2023-24", 34169, ""),
            (INCOME, K.TRAINING_FEES, None, FEES, 30150, ""),
            (INCOME, K.CONTRIBUTION, LA, "", 65600, ""),
            (INCOME, K.CONTRIBUTION, POLICE, "", 5000, ""),
            (INCOME, K.CONTRIBUTION, PROBATION, "", 2616, ""),
            (INCOME, K.CONTRIBUTION, NELFT, "", 7500, ""),
            (INCOME, K.CONTRIBUTION, ICB, "", 36300, ""),
            (INCOME, K.CONTRIBUTION, BHRUT, "", 3231, ""),
            (INCOME, K.CONTRIBUTION, BARTS, "", 5000, ""),
            (SPENDING, K.MEMBERSHIPS, None, MEMBERSHIP, 450, ""),
            (SPENDING, K.TRAINING_PROGRAMME, None, PROGRAMME, 12200, ""),
            (SPENDING, K.CHAIR_SCRUTINY, None, CHAIR, 22000, CHAIR_NOTE),
            (SPENDING, K.STAFFING, None, MANAGER, 43900, MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, TRAINING_MANAGER, 35600, TRAINING_MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, ADMIN, 48900, ""),
            (SPENDING, K.OFFICE, None, OFFICE, 90, ""),
            (SPENDING, K.REVIEWS, None, RAPID_REVIEWS, 5100, ""),
            (
                SPENDING,
                K.REVIEWS,
                None,
                "Local child safeguarding practice review",
                18500,
                "An independent reviewer for one local review.",
            ),
        ],
    },
    2025: {
        "note": "April 2025 to March 2026, actual spend.",
        "published": True,
        "lines": [
            (INCOME, K.CARRIED_FORWARD, None, "Carried forward from 2024-25", 2826, ""),
            (INCOME, K.TRAINING_FEES, None, FEES, 31400, ""),
            (INCOME, K.CONTRIBUTION, LA, "", 67000, ""),
            (
                INCOME,
                K.CONTRIBUTION,
                POLICE,
                "",
                7500,
                "Raised from £5,000 after the joint executive reviewed the partners’ shares.",
            ),
            (INCOME, K.CONTRIBUTION, PROBATION, "", 2616, ""),
            (INCOME, K.CONTRIBUTION, NELFT, "", 7500, ""),
            (INCOME, K.CONTRIBUTION, ICB, "", 37000, ""),
            (INCOME, K.CONTRIBUTION, BHRUT, "", 3231, ""),
            (INCOME, K.CONTRIBUTION, BARTS, "", 5000, ""),
            (SPENDING, K.MEMBERSHIPS, None, MEMBERSHIP, 450, ""),
            (SPENDING, K.TRAINING_PROGRAMME, None, PROGRAMME, 9800, ""),
            (SPENDING, K.CHAIR_SCRUTINY, None, CHAIR, 22400, CHAIR_NOTE),
            (SPENDING, K.STAFFING, None, MANAGER, 44800, MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, TRAINING_MANAGER, 36300, TRAINING_MANAGER_NOTE),
            (SPENDING, K.STAFFING, None, ADMIN, 45000, ""),
            (SPENDING, K.OFFICE, None, OFFICE, 120, ""),
            (SPENDING, K.REVIEWS, None, RAPID_REVIEWS, 4300, ""),
        ],
    },
}
