"""Serve one generated site: ``python -m bench.sites NAME [--manifest PATH]``."""

from __future__ import annotations

import argparse
import sys
import time

from bench.sites import TEMPLATES, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sites", description=__doc__)
    parser.add_argument("name", choices=sorted(TEMPLATES))
    parser.add_argument("--manifest", help="write the manifest (JSON) here")
    args = parser.parse_args(argv)
    server = serve(args.name)
    m = server.site.manifest
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as fh:
            fh.write(m.to_json())
    print(
        f"{args.name}: {server.base}/  ({len(m.articles)} articles, "
        f"{len(m.non_articles)} known non-article pages) - Ctrl-C to stop",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
