"""One HTTP session per event loop for the action server (bot/rasa_patches.py, item 9).

``EndpointConfig.request``
creates an aiohttp ``ClientSession`` and a new TCP connection for every action call and
closes both afterwards; here the session (same headers, auth and timeout) and its
keep-alive connections are reused. Errors are aiohttp's as before, so an action
server that is down still ends in Rasa's own error path.
"""

from __future__ import annotations

import asyncio
import atexit
from typing import Any, Dict, Optional

import aiohttp
from aiohttp.client_exceptions import ContentTypeError
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

# Idle connections are dropped after this long: well below the keep-alive timeout of the
# action server (Sanic's default, 5 s), so a connection is never reused just as the
# server closes it.
KEEPALIVE_SECONDS = 2.0

_sessions: Dict[asyncio.AbstractEventLoop, Dict[Any, aiohttp.ClientSession]] = {}
_original_request: Any = None


def _release(sessions: Dict[Any, aiohttp.ClientSession]) -> None:
    """Closes sessions whose loop is closed or gone (no loop left to await close())."""
    for session in sessions.values():
        connector = session.connector
        session.detach()
        if connector is not None:
            connector._close()  # the synchronous part of close(); it needs no loop


def _release_all() -> None:
    while _sessions:
        _release(_sessions.popitem()[1])


atexit.register(_release_all)


def _session_for(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """This loop's session for the endpoint's headers and auth, as EndpointConfig.session."""
    loop = asyncio.get_running_loop()
    for other in [other for other in _sessions if other.is_closed()]:
        _release(_sessions.pop(other))
    key = (tuple(sorted(endpoint.headers.items())), tuple(sorted(endpoint.basic_auth.items())))
    sessions = _sessions.setdefault(loop, {})
    session = sessions.get(key)
    if session is None or session.closed:
        auth = None
        if endpoint.basic_auth:
            auth = aiohttp.BasicAuth(
                endpoint.basic_auth["username"], endpoint.basic_auth["password"]
            )
        session = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            # No limit on connections: Rasa's session per call had none either.
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
        )
        sessions[key] = session
    return session


async def _request(
    self: EndpointConfig,
    method: str = "post",
    subpath: Optional[str] = None,
    content_type: Optional[str] = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Optional[Any]:
    """EndpointConfig.request on the loop's shared session (a CA file: Rasa's own)."""
    if self.cafile:
        return await _original_request(self, method, subpath, content_type, compress, **kwargs)
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs.pop("headers"))
    if self.headers:
        headers.update(self.headers)
    async with _session_for(self).request(
        method,
        concat_url(self.url, subpath),
        headers=headers,
        params=self.combine_parameters(kwargs),
        compress=compress,
        ssl=None,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(
                response.status, response.reason, await response.content.read()
            )
        try:
            return await response.json()
        except ContentTypeError:
            return None


def apply_shared_session() -> None:
    """Install the shared session (idempotent)."""
    global _original_request
    if _original_request is None:
        _original_request = EndpointConfig.request
        EndpointConfig.request = _request  # type: ignore[method-assign]


def remove_shared_session() -> None:
    """Rasa's request again; sessions of closed loops are released."""
    global _original_request
    if _original_request is not None:
        EndpointConfig.request = _original_request  # type: ignore[method-assign]
        _original_request = None
    for loop in [loop for loop in _sessions if loop.is_closed()]:
        _release(_sessions.pop(loop))
