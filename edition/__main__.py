"""Command line: ``python -m edition build|bench|serve``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def fixed_hash_seed(argv: list[str] | None) -> None:
    """Run with PYTHONHASHSEED=0, so that nothing the build writes depends on the order of
    a set of strings; the interpreter reads it only at start, so start again with it."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        args = sys.argv[1:] if argv is None else argv
        os.execve(sys.executable, [sys.executable, "-m", "edition", *args], env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build HTML, PDF and EPUB and publish the site")
    build.add_argument("--fresh", action="store_true", help="discard the staging area first")
    build.add_argument("--report", type=Path, help="write step timings to this JSON file")
    bench = commands.add_parser(
        "bench", help="time builds and measure pages; write _build/bench.json"
    )
    bench.add_argument(
        "--pages", action="store_true", help="measure only the pages of the published site"
    )
    preview = commands.add_parser(
        "preview", help="rebuild the HTML when a source is saved and reload the browser"
    )
    preview.add_argument("--port", type=int, default=8001)
    serve = commands.add_parser("serve", help="serve the published site on localhost")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    if args.command == "build":
        fixed_hash_seed(argv)
        from edition.build import main as build_main

        return build_main(fresh=args.fresh, report_path=args.report)
    if args.command == "bench":
        from edition.bench import main as bench_main

        return bench_main(pages_only=args.pages)
    if args.command == "preview":
        fixed_hash_seed(argv)
        from edition.preview import main as preview_main

        return preview_main(args.port)
    if args.command == "serve":
        from edition.serve import main as serve_main

        return serve_main(args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
