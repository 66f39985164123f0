"""Shared machinery of the REST API: authentication, permissions bridged to the rules,
keyset cursor pagination, one error format, throttles, ETags and the schema generator.
Each app keeps its own endpoints in `<app>/api.py`; `config/api_urls.py` routes them."""
