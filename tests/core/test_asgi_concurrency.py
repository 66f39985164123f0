import asyncio

from core.asgi import BoundedConcurrency


def test_no_more_requests_than_the_limit_run_at_once_and_all_are_served():
    running, most, served = 0, 0, []

    async def app(scope, receive, send):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        served.append(scope["n"])

    bounded = BoundedConcurrency(app, limit=3)

    async def storm():
        await asyncio.gather(*(bounded({"type": "http", "n": n}, None, None) for n in range(20)))

    asyncio.run(storm())
    assert most == 3
    assert sorted(served) == list(range(20))
