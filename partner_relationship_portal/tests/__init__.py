from . import test_partner_application
from . import test_portal_partner_page
from . import test_lead_portal
from . import test_registration_portal
from . import test_service_portal
from . import test_relationship_portal
from . import test_shared_service_portal
from . import test_fund_portal
