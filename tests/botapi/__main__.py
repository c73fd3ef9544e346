"""Run the emulator: `python -m tests.botapi [--host 127.0.0.1] [--port 0]`.

Prints `LISTENING <port>` on stdout once it accepts connections.
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from aiohttp import web

from tests.botapi.server import make_app


async def main(host: str, port: int) -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # the real port when asked for 0
    print(f"LISTENING {bound}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    try:
        asyncio.run(main(args.host, args.port))
    except KeyboardInterrupt:
        pass
