"""`make corpus`: our generator and the stock openapi-python-client, side by side, on foreign OpenAPI documents."""
