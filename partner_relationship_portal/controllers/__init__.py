from . import common
from . import application
from . import portal
from . import lead_portal
from . import registration_portal
from . import service_portal
from . import relationship_portal
from . import shared_service_portal
