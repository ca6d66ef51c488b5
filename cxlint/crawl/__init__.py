"""Discovering and crawling a site: URLs, scope, robots, sitemaps, sampling, frontier and the loop.

Each module is small and pure where it can be; only ``fetch`` and ``crawler`` do I/O.
"""
