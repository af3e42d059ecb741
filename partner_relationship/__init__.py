from . import models
from . import tools
from . import wizards
from . import report
