from . import test_connection
from . import test_outbox
from . import test_service_flow
from . import test_central_release
from . import test_catalogue_batching
from . import test_adapter
from . import test_chatter_text
from . import test_binding
