"""Slash commands, grouped by feature. Each cog receives its services in its constructor."""
