"""The HTTPS server of `hostrt serve` (aiohttp): Pepr's routes, /readyz, /metrics, drain.

Routes as Pepr 1.1.4's Express app has them:
- `POST /mutate/:path`, `POST /validate/:path` (admission role): the body is parsed as
  express.json({limit: "2mb"}) would (over 2 MB: 413; malformed: 400) *before* the path is
  checked, then `:path` is compared with the API path (constant-time here; Pepr uses `!==`):
  a mismatch answers 401 `Unauthorized: invalid path '<path>'`;
- `GET /healthz`: "OK" once the module is loaded and its Stores read; before that, like Express
  before the routes are bound, 404;
- `GET /metrics`: Prometheus text (hostrt/serve/metrics.py);
- `GET /readyz` (new): 200 when every component is healthy, else 503 with JSON naming each.
Anything else answers Express's 404 page.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
import json
import time
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from hostrt.pepr.wire import decode_body
from hostrt.serve.component import Component, ServeContext, factories
from hostrt.serve.config import BODY_LIMIT, ServeConfig
from hostrt.serve.log import PinoLog
from hostrt.serve.memory import return_free_memory
from hostrt.serve.metrics import ServeMetrics

HTML = "text/html"


def express_404(method: str, path: str) -> str:
    """Express's final-handler page for an unmatched route."""
    text = (f"Cannot {method} {path}".replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;"))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Error</title>\n</head>\n<body>\n<pre>{text}</pre>\n</body>\n</html>\n")


class Server:
    """One process's controller: components plus the aiohttp application serving them."""

    def __init__(self, cfg: ServeConfig, log: PinoLog) -> None:
        self.cfg = cfg
        self.log = log
        self.metrics = ServeMetrics()
        self.components: dict[str, Component] = {}
        self.ready = False       # /healthz: module loaded and Stores read
        self.start_error: str | None = None
        self._api_path = (cfg.api_path or "").encode("utf-8")
        self._admission: Any = None
        self.app = self._build_app()

    # -- components -----------------------------------------------------------------------------
    def _roles(self) -> list[str]:
        return [r for r, on in (("admission", self.cfg.admission), ("watcher", self.cfg.watcher))
                if on]

    def build_components(self) -> None:
        """Create the components this process's role runs (not started yet)."""
        ctx = ServeContext(self.cfg, self.metrics, self.log, self.components)
        for role in self._roles():
            found = factories(role)
            if not found and role == "watcher" and self.cfg.role == "watcher":
                from hostrt.errors import HostError
                raise HostError("--role watcher: no watcher component in this build (the "
                                "watcher arrives with issue #13); use --role admission",
                                code="ERR_HOSTRT_UNAVAILABLE")
            for name, factory in found:
                self.components[name] = factory(ctx)
        self._admission = self.components.get("admission")
        if self.cfg.lease and self.cfg.watcher:
            # Leader election: the watcher-role components move behind the Lease gate, which
            # starts them only while this replica holds the Lease.
            from hostrt.serve.lease import LeaseGate
            gated = [self.components.pop(name) for name, _ in factories("watcher")
                     if name in self.components]
            self.components["lease"] = LeaseGate(ctx, gated)

    async def start_components(self) -> None:
        """Start every component in order; /healthz turns 200 when all have started."""
        try:
            for comp in self.components.values():
                await comp.start()
        except Exception as exc:
            self.start_error = str(exc)
            raise
        self.ready = True
        # Start-up objects (module graph, shim sources) never die: keep them out of the
        # collector's scans, and collect young objects less often (fewer pauses per request).
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 50, 100)
        return_free_memory()
        self.log.info("Controller startup complete")

    async def stop_components(self) -> None:
        """Stop components in reverse order."""
        for comp in reversed(list(self.components.values())):
            try:
                await comp.stop()
            except Exception as exc:
                self.log.error("Stopping a component failed", component=comp.name, err=str(exc))

    # -- HTTP -----------------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=BODY_LIMIT, handler_args={"max_field_size": 16384})
        app.router.add_post("/mutate/{path}", self._mutate)
        app.router.add_post("/validate/{path}", self._validate)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    async def _mutate(self, request: web.Request) -> web.StreamResponse:
        return await self._admit(request, "mutate")

    async def _validate(self, request: web.Request) -> web.StreamResponse:
        return await self._admit(request, "validate")

    async def _admit(self, request: web.Request, kind: str) -> web.StreamResponse:
        adm = self._admission
        if adm is None or not self.ready:
            return await self._not_found(request)
        metrics = self.metrics
        metrics.in_flight += 1
        started = time.perf_counter()
        try:
            try:
                body: bytes | None = await request.read()
            except web.HTTPRequestEntityTooLarge:
                body = None
            path = request.match_info["path"]
            if body is None:
                answer = await adm.admit(kind, None, too_large=True)
            else:
                # express.json() parses only JSON bodies; others leave req.body empty.
                review: Any = (decode_body(body)[0]
                               if request.content_type == "application/json" else {})
                if hmac.compare_digest(path.encode("utf-8", "surrogatepass"), self._api_path):
                    answer = await adm.admit(kind, review)
                else:
                    answer = await adm.admit(kind, review, unauthorized_path=path)
                    if answer.get("status") == 401:
                        self.metrics.pepr.inc("alerts")
            status = int(answer.get("status", 500))
            if status == 500:
                self.metrics.pepr.inc("errors")
            if status == 200:
                self.metrics.pepr.observe(kind, (time.perf_counter() - started) * 1000.0)
            if "json" in answer:
                return web.Response(body=answer["json"].encode("utf-8"), status=status,
                                    content_type="application/json", charset="utf-8")
            return web.Response(text=str(answer.get("text", "")), status=status,
                                content_type=HTML, charset="utf-8")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never a traceback on the wire: Express's answer to a fault
            self.log.error("Error answering an admission request", err=repr(exc))
            self.metrics.pepr.inc("errors")
            return web.Response(text="Internal Server Error", status=500, content_type=HTML,
                                charset="utf-8")
        finally:
            metrics.in_flight -= 1

    async def _healthz(self, request: web.Request) -> web.StreamResponse:
        if not self.ready:
            return await self._not_found(request)
        return web.Response(text="OK", content_type=HTML, charset="utf-8")

    async def _readyz(self, request: web.Request) -> web.StreamResponse:
        report: dict[str, Any] = {}
        ok = self.ready
        for name, comp in self.components.items():
            try:
                h = comp.health()
                report[name] = {"ok": h.ok, "detail": h.detail}
                ok = ok and h.ok
            except Exception as exc:
                report[name] = {"ok": False, "detail": f"health check failed: {exc}"}
                ok = False
        if not self.components:
            ok = False
        body = {"ready": ok, "components": report}
        if not ok:
            body["notReady"] = [n for n, r in report.items() if not r["ok"]] or ["startup"]
            if self.start_error:
                body["error"] = self.start_error
        return web.Response(text=json.dumps(body), status=200 if ok else 503,
                            content_type="application/json")

    async def _metrics(self, request: web.Request) -> web.StreamResponse:
        resp = web.Response(body=generate_latest(self.metrics.registry))
        resp.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return resp

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text=express_404(request.method, request.path), status=404,
                            content_type=HTML, charset="utf-8")
