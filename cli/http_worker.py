"""gunicorn's threaded (gthread) worker without three costs its keep-alive path pays on every request.

``instagraph serve`` runs :class:`ThreadWorker` (gunicorn's ``worker_class``);
the load benchmark's ceiling runs it too, since it takes the same options.
Under load the API is bound by the interpreter lock, and gunicorn's request
handling held most of it (``py-spy --gil`` of the load mix). Three of its
costs do nothing for a request the API answers:

1. **Headers and body in one send.** gunicorn sends the head of a response,
   then its body: two ``sendall`` calls, two TCP segments and two reads for
   the client. :class:`Response` sends them together when the body is known
   (what Falcon gives: one ``bytes`` with its ``Content-Length``); any other
   response (streamed, chunked, bodiless, truncated) is gunicorn's own.
2. **The ``Date`` header formatted once a second** (:func:`http_date`), not
   once a response: it names the second.
3. **No drain of a body already read.** Before a connection goes back to the
   poller, gunicorn reads what is left of the request's body, adjusting the
   socket's timeout around it, also for a GET (which has none) or a POST the
   app read to its end. :meth:`ThreadWorker._keepalive_after` skips that when
   nothing is left; a body left unread is drained as before.

Measured with ``bench/load`` on this 2-core machine (wrk beside the server,
A/B runs interleaved on the same seeded graph): the bare Falcon ceiling went
from 0.389 to 0.285 ms of server CPU per request (each change about a third
of it), and the API's 95/5 mix at 10,000 users from 0.966 to 0.885 ms, +9%
requests/s. ``tests/test_http_worker.py`` holds the bytes on the wire to
gunicorn's own.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import gunicorn.http.wsgi
import gunicorn.util
from gunicorn.http.body import LengthReader
from gunicorn.workers import gthread

_date = (0, "")
"""The last second :func:`http_date` formatted, and its text."""


def http_date(timestamp: float | None = None) -> str:
    """gunicorn's ``util.http_date``, formatting the current second once (RFC 9110's IMF-fixdate)."""
    global _date  # noqa: PLW0603 (one tuple swapped whole: threads read it without a lock)
    if timestamp is not None:
        return email.utils.formatdate(timestamp, usegmt=True)
    second = int(time.time())
    known, text = _date
    if second != known:
        text = email.utils.formatdate(second, usegmt=True)
        _date = (second, text)
    return text


class Response(gunicorn.http.wsgi.Response):
    """gunicorn's HTTP/1 response, sending its head with a whole body in one ``sendall``."""

    def send_headers(self) -> None:
        if not self.headers_sent:
            self._send_head(b"")

    def write(self, arg: bytes) -> None:
        if self.headers_sent or not self._whole_body(arg):
            super().write(arg)
            return
        self.sent += len(arg)
        self._send_head(arg)

    def _whole_body(self, data: Any) -> bool:
        """Whether ``data`` goes out as it is, within the announced length (gunicorn's ``write`` would neither
        cut nor drop it, and a response with a length is never chunked)."""
        return (
            type(data) is bytes
            and self.response_length is not None
            and len(data) <= self.response_length
            and not self._omits_body
        )

    def _send_head(self, body: bytes) -> None:
        """The head gunicorn's ``send_headers`` makes, followed by ``body``, in one send."""
        lines = self.default_headers()
        lines.extend(f"{name}: {value}\r\n" for name, value in self.headers)
        lines.append("\r\n")
        gunicorn.util.write(self.sock, "".join(lines).encode("latin-1") + body)
        self.headers_sent = True


class ThreadWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker answering with :class:`Response`, dating with :func:`http_date`, and
    keeping a connection alive without draining a body already read."""

    def init_process(self) -> None:
        # gunicorn looks both up where it uses them, and offers no setting for either: set in the worker,
        # after the fork, they hold for this process only.
        gunicorn.http.wsgi.Response = Response
        gunicorn.util.http_date = http_date
        super().init_process()

    def _keepalive_after(self, conn: gthread.TConn, keepalive: bool) -> bool:
        if keepalive and _body_read(conn.parser.mesg):
            return True
        return super()._keepalive_after(conn, keepalive)


def _body_read(request: Any) -> bool:
    """Whether nothing of ``request``'s body is left on the connection (none was sent, or the app read it all)."""
    body = request.body
    return not body.failed and type(body.reader) is LengthReader and body.reader.length == 0
