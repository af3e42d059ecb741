from . import prm_sync_api
from . import prm_sync_connection
from . import prm_sync_binding
from . import prm_sync_message
from . import prm_sync_inbox
from . import prm_sync_lead_flow
from . import prm_lead_assignment
from . import crm_lead
