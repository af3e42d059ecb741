from . import xmlrpc
