from . import prm_sync_api
from . import prm_sync_connection
