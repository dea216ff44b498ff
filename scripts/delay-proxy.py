#!/usr/bin/env python3
"""A TCP forwarder on 127.0.0.1 that can hold every chunk, each way, for a while before passing it on:
a slow network path to one server, for scripts/bench-faults.sh. SIGUSR1 turns the delay on, SIGUSR2
off (a chunk keeps the delay it arrived with). tc netem would delay all of loopback, which this
machine shares with other work, and a network namespace would need the server moved into it.

    delay-proxy.py LISTEN_PORT TARGET_PORT DELAY_MS
"""
import asyncio
import signal
import sys

listen_port, target_port, delay_ms = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
delay = 0.0


async def pump(reader, writer):
    loop = asyncio.get_running_loop()
    chunks = asyncio.Queue()

    async def write():
        while True:
            due, data = await chunks.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()

    writing = asyncio.ensure_future(write())
    try:
        while data := await reader.read(65536):
            chunks.put_nowait((loop.time() + delay, data))
    except OSError:
        pass
    chunks.put_nowait((0, None))
    try:
        await writing
    except OSError:
        pass
    writer.close()


async def serve(client_reader, client_writer):
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, upstream_writer), pump(upstream_reader, client_writer))


def slow(on):
    global delay
    delay = delay_ms / 1000.0 if on else 0.0


async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, slow, True)
    loop.add_signal_handler(signal.SIGUSR2, slow, False)
    server = await asyncio.start_server(serve, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
