from . import res_partner
from . import ir_http
from . import prm_application_log
