"""`hostrt serve`: the Pepr controller live over HTTPS (the HTTP edge: aiohttp, TLS, metrics)."""
