# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what: the one table of the suite's actions and their groups.

Every action (``action_*``) and public method of the suite's models is listed
in PRM_ACTION_GROUPS with the groups allowed to call it, and starts with
``check_role(self, "<method>")``: whatever the way in (a button, RPC, the
portal, the sync), a user outside these groups is refused before anything
is done. The buttons show to the same groups (a test compares the views with
the table), and the readme's table is rendered from it (``readme_table``).
Addons of the suite not installed simply leave their lines unused.
"""

from collections import namedtuple

from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

Role = namedtuple("Role", ["groups", "label"])

PRM_USER = "partner_relationship.group_prm_user"
PRM_MANAGER = "partner_relationship.group_prm_manager"
PORTAL = "base.group_portal"
SYSTEM = "base.group_system"
SALESMAN = "sales_team.group_sale_salesman"
SALE_MANAGER = "sales_team.group_sale_manager"
INVOICING = "account.group_account_invoice"
HELPDESK = "helpdesk_mgmt.group_helpdesk_user_own"
STOCK = "stock.group_stock_user"
INTEGRATION = "partner_relationship_sync.group_prm_sync_integration"

# A partner's own action: its portal users and its database's integration
# user (a portal user too) for their company, or the vendor's partner
# managers for it.
PARTNER_SIDE = (PRM_USER, PORTAL)

# The groups' full names in the readme (a test checks them against the
# database).
GROUP_LABELS = {
    PRM_USER: "Partner Relationship / Partner Manager",
    PRM_MANAGER: "Partner Relationship / Channel Manager",
    PORTAL: "User types / Portal",
    SYSTEM: "Administration / Settings",
    SALESMAN: "Sales / User: Own Documents Only",
    SALE_MANAGER: "Sales / Administrator",
    INVOICING: "Invoicing / Invoicing",
    HELPDESK: "Helpdesk / User: Personal tickets",
    STOCK: "Inventory / User",
    INTEGRATION: "Technical / Partner Relationship Sync Integration",
}

PRM_ACTION_GROUPS = {
    # partner_relationship: leads
    ("crm.lead", "action_prm_route"): Role((PRM_USER,), _lt("Route leads")),
    ("crm.lead", "action_prm_recall"): Role(
        (PRM_USER,), _lt("Recall a lead from a partner")
    ),
    ("crm.lead", "action_prm_accept"): Role(PARTNER_SIDE, _lt("Accept a lead offer")),
    ("crm.lead", "action_prm_decline"): Role(PARTNER_SIDE, _lt("Decline a lead offer")),
    ("prm.lead.forward.wizard", "action_forward"): Role(
        (PRM_USER,), _lt("Forward leads to a partner")
    ),
    ("prm.lead.recall.wizard", "action_recall"): Role(
        (PRM_USER,), _lt("Recall leads from a partner, with a reason")
    ),
    ("prm.lead.routing.wizard", "action_route"): Role(
        (PRM_USER,), _lt("Route unassigned leads")
    ),
    # partners, agreements, reviews, tiers
    ("res.partner", "action_onboarding_followup"): Role(
        (PRM_USER,), _lt("Plan onboarding follow-ups")
    ),
    ("res.partner", "action_mark_operational"): Role(
        (PRM_USER,), _lt("Mark a partner operational")
    ),
    ("res.partner", "action_prm_approve"): Role(
        (PRM_MANAGER,), _lt("Approve a partner application")
    ),
    ("prm.application.reject.wizard", "action_reject"): Role(
        (PRM_MANAGER,), _lt("Reject a partner application")
    ),
    ("res.partner", "action_prm_view_duplicates"): Role(
        (PRM_USER,), _lt("See an application's possible duplicates")
    ),
    ("prm.partner.scorecard", "action_open_figure"): Role(
        (PRM_USER,), _lt("Open the documents behind a figure")
    ),
    ("prm.partner.performance", "action_open_figure"): Role(
        (PRM_USER,), _lt("Open the documents behind a figure")
    ),
    ("prm.agreement", "action_sign"): Role((PRM_USER,), _lt("Sign an agreement")),
    ("prm.agreement", "action_cancel"): Role((PRM_USER,), _lt("Cancel an agreement")),
    ("prm.agreement", "action_renew"): Role((PRM_USER,), _lt("Renew an agreement")),
    ("prm.review", "action_done"): Role((PRM_USER,), _lt("Close a review")),
    ("prm.review", "action_cancel"): Role((PRM_USER,), _lt("Cancel a review")),
    ("prm.dispute", "action_resolve"): Role((PRM_USER,), _lt("Resolve a dispute")),
    ("prm.dispute", "action_reopen"): Role((PRM_USER,), _lt("Reopen a dispute")),
    ("prm.tier.proposal", "action_approve"): Role(
        (PRM_USER,), _lt("Approve a tier change")
    ),
    ("prm.tier.proposal", "action_reject"): Role(
        (PRM_USER,), _lt("Reject a tier change")
    ),
    ("prm.tier.proposal", "action_evaluate_now"): Role(
        (PRM_MANAGER,), _lt("Evaluate every partner's tier now")
    ),
    ("prm.tier.check", "action_evaluate_now"): Role(
        (PRM_MANAGER,), _lt("Evaluate every partner's tier now")
    ),
    ("res.partner", "action_prm_evaluate_tier"): Role(
        (PRM_USER,), _lt("Evaluate a partner's tier now")
    ),
    # deal registrations
    ("prm.deal.registration", "action_submit"): Role(
        PARTNER_SIDE, _lt("Submit a deal registration")
    ),
    ("prm.deal.registration", "action_withdraw"): Role(
        PARTNER_SIDE, _lt("Withdraw a deal registration")
    ),
    ("prm.deal.registration", "action_approve"): Role(
        (PRM_MANAGER,), _lt("Approve a deal registration")
    ),
    ("prm.deal.conflict.wizard", "action_approve"): Role(
        (PRM_MANAGER,), _lt("Decide a deal registration's conflicts and approve it")
    ),
    ("prm.deal.registration", "action_reject"): Role(
        (PRM_MANAGER,), _lt("Reject a deal registration")
    ),
    ("prm.deal.registration", "action_extend"): Role(
        (PRM_MANAGER,), _lt("Extend a deal's protection")
    ),
    # market development funds
    ("prm.fund.budget", "action_open"): Role((PRM_MANAGER,), _lt("Open a fund")),
    ("prm.fund.budget", "action_close"): Role((PRM_MANAGER,), _lt("Close a fund")),
    ("prm.fund.budget", "action_compute_allocations"): Role(
        (PRM_MANAGER,), _lt("Compute a fund's allocations")
    ),
    ("prm.fund.request", "action_submit"): Role(
        PARTNER_SIDE, _lt("Submit a fund request")
    ),
    ("prm.fund.request", "action_approve"): Role(
        (PRM_USER,), _lt("Approve a fund request")
    ),
    ("prm.fund.request", "action_reject"): Role(
        (PRM_USER,), _lt("Reject a fund request")
    ),
    ("prm.fund.request", "action_return"): Role(
        (PRM_USER,), _lt("Send a fund request back")
    ),
    ("prm.fund.claim", "action_submit"): Role(PARTNER_SIDE, _lt("Submit a fund claim")),
    ("prm.fund.claim", "action_approve"): Role(
        (PRM_USER,), _lt("Approve a fund claim")
    ),
    ("prm.fund.claim", "action_reject"): Role((PRM_USER,), _lt("Reject a fund claim")),
    # service: warranty claims, shared services
    ("prm.warranty.claim", "action_submit"): Role(
        PARTNER_SIDE, _lt("Submit a warranty claim")
    ),
    ("prm.warranty.claim", "action_approve_repair"): Role(
        (PRM_USER,), _lt("Approve a warranty repair")
    ),
    ("prm.warranty.claim", "action_approve_replacement"): Role(
        (PRM_USER,), _lt("Approve a warranty replacement")
    ),
    ("prm.warranty.claim", "action_approve_credit_note"): Role(
        (PRM_USER,), _lt("Approve a warranty credit note")
    ),
    ("prm.warranty.claim", "action_offer_paid_repair"): Role(
        (PRM_USER,), _lt("Quote a paid repair")
    ),
    ("prm.warranty.claim", "action_reject"): Role(
        (PRM_USER,), _lt("Reject a warranty claim")
    ),
    ("prm.warranty.claim", "action_done"): Role(
        (PRM_USER,), _lt("Close a warranty claim")
    ),
    ("prm.shared.service.subscription", "action_cancel"): Role(
        PARTNER_SIDE, _lt("Cancel a shared-service subscription")
    ),
    # vendor-managed inventory
    ("prm.vmi.proposal", "action_confirm"): Role(
        (PRM_USER,), _lt("Order a replenishment proposal")
    ),
    ("prm.vmi.proposal", "action_reject"): Role(
        (PRM_USER,), _lt("Reject a replenishment proposal")
    ),
    ("prm.vmi.target", "action_view_history"): Role(
        (PRM_USER,), _lt("View a stock target's history")
    ),
    ("prm.vmi.import.wizard", "action_import"): Role(
        (PRM_USER,), _lt("Import a partner's inventory file")
    ),
    ("prm.vmi.import.wizard", "action_download_template"): Role(
        (PRM_USER,), _lt("Download the inventory template")
    ),
    # central data
    ("prm.central.release", "action_apply"): Role(
        (SYSTEM,), _lt("Correct or remove centrally maintained records")
    ),
    # partner_relationship_sync: the partner's database
    ("crm.lead", "action_prm_vendor_accept"): Role(
        (SALESMAN,), _lt("Accept a vendor's lead")
    ),
    ("crm.lead", "action_prm_vendor_decline"): Role(
        (SALESMAN,), _lt("Decline a vendor's lead")
    ),
    ("prm.sync.vendor.decline", "action_decline"): Role(
        (SALESMAN,), _lt("Decline a vendor's lead")
    ),
    ("crm.lead", "action_prm_register_with_vendor"): Role(
        (SALESMAN,), _lt("Register a deal with the vendor")
    ),
    ("prm.sync.registration.wizard", "action_register"): Role(
        (SALESMAN,), _lt("Register a deal with the vendor")
    ),
    ("crm.lead", "action_prm_withdraw_registration"): Role(
        (SALESMAN,), _lt("Withdraw a deal registration from the vendor")
    ),
    ("prm.sync.agreement", "action_sign"): Role(
        (SALE_MANAGER,), _lt("Sign the vendor's agreement")
    ),
    ("prm.vendor.fund.request", "action_submit"): Role(
        (SALESMAN,), _lt("Submit a fund request to the vendor")
    ),
    ("prm.vendor.fund.request", "action_back_to_draft"): Role(
        (SALESMAN,), _lt("Take back a refused fund request")
    ),
    ("prm.vendor.fund.claim", "action_submit"): Role(
        (SALESMAN,), _lt("Submit a fund claim to the vendor")
    ),
    ("prm.vendor.fund.claim", "action_back_to_draft"): Role(
        (SALESMAN,), _lt("Take back a refused fund claim")
    ),
    ("prm.vendor.fund.claim", "action_create_invoice"): Role(
        (INVOICING,), _lt("Invoice the vendor for a fund claim")
    ),
    ("helpdesk.ticket", "action_prm_escalate"): Role(
        (HELPDESK,), _lt("Escalate a ticket to the vendor")
    ),
    ("helpdesk.ticket", "action_prm_claim_warranty"): Role(
        (HELPDESK,), _lt("Claim warranty from the vendor")
    ),
    ("prm.vendor.warranty.claim", "action_prm_send"): Role(
        (HELPDESK,), _lt("Send a warranty claim to the vendor")
    ),
    ("prm.vmi.replenishment", "action_confirm"): Role(
        (STOCK,), _lt("Confirm a vendor's replenishment proposal")
    ),
    ("prm.vmi.replenishment", "action_reject"): Role(
        (STOCK,), _lt("Reject a vendor's replenishment proposal")
    ),
    # partner_relationship_sync: the vendor's database
    ("prm.fund.allocation", "action_prm_sync_send"): Role(
        (PRM_MANAGER,), _lt("Send a fund allocation to the partner's database")
    ),
    # partner_relationship_sync: connections and messages
    ("prm.sync.connection", "action_test_connection"): Role(
        (SYSTEM,), _lt("Test a connection")
    ),
    ("prm.sync.connection", "action_prm_send_relationship"): Role(
        (SYSTEM,), _lt("Send the relationship to a partner's database")
    ),
    ("prm.sync.connection", "action_prm_send_catalogue"): Role(
        (SYSTEM,), _lt("Send the catalogue to a partner's database")
    ),
    ("prm.sync.connection", "action_prm_share_inventory"): Role(
        (SYSTEM,), _lt("Share inventory with a vendor's database")
    ),
    ("prm.sync.connection", "action_send_now"): Role(
        (SYSTEM,), _lt("Send pending messages now")
    ),
    ("prm.sync.message", "action_retry"): Role((SYSTEM,), _lt("Retry a sync message")),
    ("prm.sync.message", "action_cancel"): Role(
        (SYSTEM,), _lt("Cancel a sync message")
    ),
    ("prm.sync.authorize", "action_authorize"): Role(
        (SYSTEM,), _lt("Authorize a partner's database")
    ),
    ("prm.sync.api", "prm_sync_info"): Role(
        (INTEGRATION,), _lt("Read this database's sync information")
    ),
    ("prm.sync.api", "prm_sync_receive"): Role(
        (INTEGRATION,), _lt("Send sync messages to this database")
    ),
}

# Odoo's own methods the suite extends: Odoo's groups and record rules
# govern them (the suite's additions check the records they touch).
ODOO_METHODS = frozenset(
    {
        ("crm.lead", "search_geo_partner"),
        ("crm.lead", "partner_interested"),
        ("crm.lead", "partner_desinterested"),
        ("crm.lead", "update_lead_portal"),
        ("crm.lead", "update_contact_details_from_portal"),
        ("crm.lead", "create_opp_portal"),
        ("crm.lead.forward.to.partner", "action_forward"),
        ("sale.order", "action_confirm"),
        ("purchase.order", "button_approve"),
        ("purchase.order", "button_cancel"),
    }
)


def check_role(records, method):
    """Refuse `method` on `records` unless the acting user is in one of the
    groups PRM_ACTION_GROUPS allows it to; superuser calls (the suite's own
    jobs, once their caller is checked) pass. Call it first, before anything
    is read or written."""
    env = records.env
    role = PRM_ACTION_GROUPS[(records._name, method)]
    if env.su or env.user.has_groups(",".join(role.groups)):
        return
    names = [
        group.full_name
        for group in (env.ref(xmlid, raise_if_not_found=False) for xmlid in role.groups)
        if group
    ]
    raise AccessError(
        env._(
            "%(action)s: only %(groups)s may do this.",
            action=env._(role.label),
            groups=env._(" or ").join(names),
        )
    )


def readable_by_acting_user(records):
    """Of `records`, read as superuser on the acting user's behalf (e.g. the
    router's candidates), those his record rules let him read, in one query.
    All of them for the superuser (scheduled actions) and for a partner's
    user: a partner declining a lead hands it back to the vendor's routing,
    not to the partners it may see."""
    user = records.env.user
    if user._is_superuser() or user.share:
        return records
    return (
        records.with_env(records.env(su=False))
        ._filtered_access("read")
        .with_env(records.env)
    )


def readme_table(env):
    """The readme's table of who may do what, from PRM_ACTION_GROUPS, in
    the language of `env` (a Markdown table: one row per action)."""
    lines = [
        "| Action | Model, method | Groups |",
        "| --- | --- | --- |",
    ]
    for (model, method), role in PRM_ACTION_GROUPS.items():
        groups = " or ".join(
            f"{GROUP_LABELS[xmlid]} (`{xmlid}`)" for xmlid in role.groups
        )
        lines.append(f"| {env._(role.label)} | `{model}`, `{method}` | {groups} |")
    return "\n".join(lines)
