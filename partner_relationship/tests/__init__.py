from . import test_partner_profile
from . import test_tiers
from . import test_agreements
from . import test_reviews
from . import test_onboarding
from . import test_scorecard
from . import test_funds
