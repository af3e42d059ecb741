# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The channel manager evaluates the tiers again after the exchanges (the
won lead, the order): the pending proposals take today's figures, which
agree with the scorecard; the demo has an upgrade and downgrades to decide."""

from . import FlowFailed

TITLE = "Tiers: evaluation after the exchanges"

# (proposal's figure, scorecard's figure) measured the same way.
AGREEING_FIGURES = [("won_leads", "leads_won"), ("acceptance_rate", "acceptance_rate")]


def run(vendor, partner):
    # A record method (the lists' header button passes the selected ids).
    vendor.call("prm.tier.proposal", "action_evaluate_now", [])
    proposals = vendor.call(
        "prm.tier.proposal",
        "search_read",
        [("state", "in", ("pending", "approved", "rejected"))],
        [
            "partner_id",
            "direction",
            "state",
            *(mine for mine, _theirs in AGREEING_FIGURES),
        ],
    )
    directions = {proposal["direction"] for proposal in proposals}
    if directions != {"upgrade", "downgrade"}:
        raise FlowFailed(
            f"tier proposals: {sorted(directions)}; an upgrade and a downgrade expected"
        )
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    pending = [
        p
        for p in proposals
        if p["partner_id"][0] == northwind and p["state"] == "pending"
    ]
    if not pending:
        raise FlowFailed("no pending tier proposal for Northwind")
    proposal = pending[0]
    (scorecard,) = vendor.call(
        "prm.partner.scorecard",
        "search_read",
        [("partner_id", "=", northwind)],
        [theirs for _mine, theirs in AGREEING_FIGURES],
        limit=1,
    )
    for mine, theirs in AGREEING_FIGURES:
        if round(proposal[mine] or 0, 1) != round(scorecard[theirs] or 0, 1):
            raise FlowFailed(
                f"Northwind's proposal has {mine} {proposal[mine]}, its "
                f"scorecard {theirs} {scorecard[theirs]}"
            )
    upgrades = sum(p["direction"] == "upgrade" for p in proposals)
    return (
        f"{upgrades} upgrade(s) and {len(proposals) - upgrades} downgrade(s) to "
        f"decide; Northwind's proposal shows {proposal['won_leads']} won lead(s), "
        "as its scorecard"
    )
