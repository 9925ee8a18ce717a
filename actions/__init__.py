"""The action server: thin Rasa SDK actions over the knowledge/ query API."""
