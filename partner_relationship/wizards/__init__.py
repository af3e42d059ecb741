from . import prm_lead_routing_wizard
from . import prm_lead_forward_wizard
from . import prm_vmi_import_wizard
from . import prm_central_release
from . import prm_deal_conflict_wizard
from . import prm_lead_recall_wizard
from . import crm_lead_forward_to_partner
