from . import test_portal_partner_page
