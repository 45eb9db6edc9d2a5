"""``python -m crawler.demo``: serve the demo news site until Ctrl-C.

Useful for pointing a crawl or a browser at the site by hand; tests use ``DemoSite``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time

from .content import SITE_NAME
from .server import DemoSite
from .site import non_article_paths


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, serve, and return the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo",
        description=f"Serve the offline demo news site ({SITE_NAME}).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to bind; 0 picks a free one (default 8000)"
    )
    parser.add_argument(
        "--manifest",
        metavar="PATH",
        help="write the article manifest (JSON, with this server's URLs) to PATH",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print one line per request served"
    )
    args = parser.parse_args(argv)

    # make and CI stop background servers with SIGTERM, and a shell's background job
    # ignores SIGINT; turn both into the same clean shutdown as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, _interrupt)

    demo = DemoSite(args.host, args.port)
    try:
        demo.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as fh:
            json.dump(demo.articles, fh, ensure_ascii=False, indent=2)
    print(f"{SITE_NAME} is being served at {demo.base_url}/", flush=True)
    print(
        f"  {len(demo.articles)} articles, {len(non_article_paths())} other pages; "
        f"robots.txt at {demo.url('/robots.txt')}. Press Ctrl-C to stop.",
        flush=True,
    )
    seen = 0
    try:
        while True:
            time.sleep(0.25)
            if args.verbose:
                served = demo.requests.snapshot()
                for r in served[seen:]:
                    print(f"{r['status']} {r['method']} {r['path']}", flush=True)
                seen = len(served)
    except KeyboardInterrupt:
        print("\nstopped", flush=True)
    finally:
        demo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
