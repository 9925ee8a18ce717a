"""The website chat widget: static assets in web/static and a small server for them."""
