"""Measuring the bot as a user meets it: questions in, the bot's replies judged."""
