from . import customer_identity
