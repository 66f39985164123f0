"""ASGI plumbing of our own."""

import asyncio


class BoundedConcurrency:
    """Let at most `limit` HTTP requests of this process into Django at once; the others
    wait their turn in the event loop, first come first served.

    Under an ASGI server every request to a synchronous view gets a thread of its own, with
    no bound: 200 people at once meant 100 threads per process sharing one interpreter lock
    and 8 pooled database connections. The thread holding a row lock (a popular author's
    points) got a hundredth of the CPU, everyone else waited for a connection, and requests
    failed after the pool's timeout (bench/storm.py). Bounded to the pool's size, each
    request runs at full speed and none waits for a connection."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope, receive, send):
        if self._semaphore is None:  # made inside the server's event loop
            self._semaphore = asyncio.Semaphore(self.limit)
        async with self._semaphore:
            await self.app(scope, receive, send)
