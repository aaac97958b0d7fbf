"""Pure domain: content models, quiz rules, scheduling, matching. No discord.py, SQL or YAML here."""
