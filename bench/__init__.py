"""Benchmarks: the real bot and a bare discord.py floor over the loopback Discord double.

Run ``python -m bench`` (see BENCHMARKS.md); ``python -m bench --smoke`` is the tiny CI version.
"""
