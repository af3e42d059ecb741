from . import test_partner_profile
