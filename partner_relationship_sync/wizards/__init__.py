from . import prm_sync_authorize
from . import prm_sync_vendor_decline
from . import prm_sync_registration_wizard
