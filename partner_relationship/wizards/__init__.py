from . import prm_lead_routing_wizard
from . import prm_lead_forward_wizard
