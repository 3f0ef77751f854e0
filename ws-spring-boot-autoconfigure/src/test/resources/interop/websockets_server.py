"""A WebSocket server that is not the starter: Python's websockets library (Debian's python3-websockets).

Started by InteropIntegrationTests with the port to listen on (0 for any); prints "port <n>" once it listens on
127.0.0.1. Each connection gets, in order: a text message in three fragments, a binary message in two fragments,
a typed JSON message, and a ping whose pong is reported back as "pong <payload>". Then it echoes every message,
and on the text "close" it closes with 4001 "bye". Exits when its standard input closes.
"""
import asyncio
import json
import sys

import websockets


async def handler(ws, path=None):
    await ws.send(iter(["Hello, ", "fragmented ", "world"]))
    await ws.send(iter([b"\x01\x02", b"\x03\x04\x05"]))
    await ws.send(json.dumps({"type": "greeting", "name": "python"}))
    waiter = await ws.ping(b"interop")
    await asyncio.wait_for(waiter, 10)
    await ws.send("pong interop")
    async for message in ws:
        if message == "close":
            await ws.close(4001, "bye")
        elif isinstance(message, bytes):
            await ws.send(message)
        else:
            await ws.send("echo:" + message)


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    # no pings from the server but the one above: the test sees exactly what it sent
    async with websockets.serve(handler, "127.0.0.1", port, ping_interval=None) as server:
        print("port", server.sockets[0].getsockname()[1], flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


asyncio.run(main())
