from . import customer_identity
from . import config_parameter
