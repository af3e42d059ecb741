from . import test_partner_application
from . import test_portal_partner_page
