"""Peak memory of reading a hostile robots.txt / sitemap: the streaming fetch against Playwright's.

    PYTHONPATH=. python bench/fetch_caps.py [--mb 200] [--playwright]

Serves a robots.txt of ``--mb`` megabytes without a Content-Length on 127.0.0.1
and reads it once in a child process, then prints the child's peak RSS (the
Python process, and with ``--playwright`` also Playwright's node driver, which
buffers the whole body). Each reader runs in its own process so the peaks do
not mix.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import time

from tests.support.hostile import HostileServer, Stream, endless_text


def read_once(url: str, playwright: bool) -> None:
    async def go() -> None:
        if playwright:
            from playwright.async_api import async_playwright

            from cxlint.crawl.fetch import playwright_fetch

            async with async_playwright() as pw:
                ctx = await pw.request.new_context()
                r = await playwright_fetch(ctx, timeout=120)(url, max_bytes=512 * 1024)
                await ctx.dispose()
        else:
            from cxlint.crawl.fetch import http_fetch

            r = await http_fetch(user_agent="bench", timeout=120)(url, max_bytes=512 * 1024)
        print(f"status={r.status} body={len(r.body)} truncated={r.truncated} error={r.error!r}", flush=True)

    asyncio.run(go())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--playwright", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        read_once(args.child, args.playwright)
        return 0
    size = args.mb * 1024 * 1024
    streams: list[Stream] = []

    def robots(_p: str, _q: str) -> Stream:
        streams.append(Stream(endless_text(b"# filler line of a hostile robots.txt\n", size)))
        return streams[-1]

    srv = HostileServer().stream("/robots.txt", robots).start()
    try:
        t0 = time.monotonic()
        cmd = [sys.executable, __file__, "--child", srv.url("/robots.txt")] + (["--playwright"] if args.playwright else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        took = time.monotonic() - t0
    finally:
        srv.stop()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    reader = "playwright_fetch" if args.playwright else "http_fetch"
    sent = streams[0].sent[0] // (1024 * 1024) if streams else 0
    print(f"{reader}: {args.mb} MB robots.txt, no Content-Length: peak RSS of a child {peak} MiB, "
          f"{sent} MiB sent by the server, {took:.1f} s; {proc.stdout.strip() or proc.stderr.strip()[-300:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
