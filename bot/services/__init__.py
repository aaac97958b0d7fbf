"""Use cases over the domain and storage. No discord.py, no SQL, no YAML here."""
