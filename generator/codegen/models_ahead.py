"""The models backend run ahead, in a forked worker process, while the parent goes on validating the document.

datamodel-code-generator is the longest stage (about 11 s on the OpenAI document); the document's remaining
checks (openapi-spec-validator's later rounds, the lint rules, openapi-python-client's parser) and the client
rendering take about as long. As soon as the document as read is known (validate/lenient.py calls back), a worker
builds its IR and renders its models, so on two cores the wall time is about the longer of the two, not the sum.

The worker is a guess checked before it is used: it answers with the key of everything the backend was given
(render_models.rendered_models: the same key the store of stage results uses), and the parent takes the worker's
models only for a service whose key is the same, else renders them itself. So the output is the parent's own,
byte for byte; a worker that failed or was overtaken is discarded, and a document with an error ends its workers
unread (nothing is written: the staging folder comes later). Without `fork`, with one core, or for a document of
fewer than MIN_SCHEMAS component schemas (this project's specs), nothing runs ahead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from ..openapi.load import SpecDocument
    from .ir import Service

JOIN_SECONDS = 5.0  # a worker told to stop that has not stopped by then is killed
# Component schemas a document needs for a worker to pay: below, the backend takes about as long as the worker's
# start (its fork, its own IR, its own import of the backend), and the parent has little left to do meanwhile.
MIN_SCHEMAS = 200


class _Worker:
    """One forked worker rendering the models of one document as read."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def answer(self) -> tuple[str, str] | None:
        """(key, models source) of the worker, waiting for it; None when it failed."""
        try:
            found: Any = self.conn.recv()
        except (EOFError, OSError):
            found = None
        self.stop()
        if isinstance(found, tuple) and len(found) == 2 and all(isinstance(part, str) for part in found):
            return found[0], found[1]
        return None

    def stop(self) -> None:
        """End the worker (whether or not it answered) and reap it."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(JOIN_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ModelsAhead:
    """The workers of a generation, by spec path: start one when a document is read, take its models when rendering.

    `service_of` turns a document as read into the service the parent will render (normalized, IR built, the
    command line's names applied); `render` is render_models.rendered_models with the templates bound.
    """

    def __init__(
        self,
        service_of: Callable[[SpecDocument], Service],
        render: Callable[[Service, Path], tuple[str | None, str]],
        entry_of: Callable[[Service], str | None],
    ) -> None:
        self.service_of = service_of
        self.render = render
        self.entry_of = entry_of
        self.workers: dict[Path, _Worker] = {}

    @staticmethod
    def available() -> bool:
        """Two or more cores and the `fork` start method: a worker can run beside the parent."""
        return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()

    def start(self, doc: SpecDocument) -> None:
        """Start a worker on `doc` as read so far (a later call for the same spec replaces the earlier worker)."""
        if not self.available() or _schema_count(doc.data) < MIN_SCHEMAS:
            return
        earlier = self.workers.pop(doc.path, None)
        if earlier is not None:
            earlier.stop()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing the parent buffered is written twice
        receiver, sender = multiprocessing.Pipe(duplex=False)
        try:
            process = multiprocessing.get_context("fork").Process(
                target=self._work, args=(doc, sender), name="models-ahead", daemon=True
            )
            process.start()
        except OSError:
            receiver.close()
            return  # no worker could start: the parent renders the models itself
        finally:
            sender.close()
        self.workers[doc.path] = _Worker(process, receiver)

    def _work(self, doc: SpecDocument, conn: Connection) -> None:
        """In the worker: (key, models source) of the document's service, or None on any failure."""
        answer: tuple[str, str] | None = None
        # What the parent made (the document, its locations) lives on unchanged here: the worker's collections of
        # cyclic garbage need not walk it (nor copy its pages by touching them). About a tenth of the backend's CPU.
        gc.freeze()
        try:
            service = self.service_of(doc)
            with tempfile.TemporaryDirectory(prefix="models-ahead-") as work:
                entry, source = self.render(service, Path(work))
            if entry is not None:
                answer = (entry, source)
        except BaseException:  # noqa: BLE001 - the parent renders the models itself and reports its own errors
            answer = None
        try:
            conn.send(answer)
        finally:
            conn.close()

    def models(self, doc: SpecDocument, service: Service) -> str | None:
        """The worker's models for `service`, when it rendered exactly what the parent would; else None."""
        worker = self.workers.pop(doc.path, None)
        if worker is None:
            return None
        expected = self.entry_of(service)  # while the worker may still be rendering
        answer = worker.answer()
        if answer is None:
            return None
        entry, source = answer
        return source if entry == expected else None

    def close(self) -> None:
        """End every worker not taken (a document with an error, a failed generation)."""
        while self.workers:
            _, worker = self.workers.popitem()
            worker.stop()


def _schema_count(data: Any) -> int:
    components = data.get("components") if isinstance(data, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return len(schemas) if isinstance(schemas, dict) else 0
