"""The support desk: handoff tickets, the queue page, batch triage and insights.

The action server writes tickets and feedback through ``desk.tickets`` and
``desk.feedback``; the desk web app (``python -m desk.server``) reads them. Nothing
here imports Rasa at module level, so the action server stays light.
"""
