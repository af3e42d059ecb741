from . import prm_partner_type
from . import res_partner
