from . import prm_sync_authorize
