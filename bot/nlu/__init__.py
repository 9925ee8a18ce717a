"""Custom Rasa graph components for Japanese."""
