"""The demo API's handlers, one module per kind of resource; routes.py maps paths to them."""
