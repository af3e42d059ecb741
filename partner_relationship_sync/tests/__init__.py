from . import test_connection
from . import test_outbox
