"""A real pos-agent (Services/pos-agent) next to the browser, with a temporary 1C exchange directory
that the tests play 1C in: they write amount.json and consume (delete) discount.txt, or don't."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path


class PosAgent:
    # 1C's side of the exchange (docs/services/pos-agent.md).
    AMOUNT_FILE = "amount.json"
    DISCOUNT_FILE = "discount.txt"

    def __init__(self, executable: str, port: int, backend_url: str, store, log_dir: Path, consume_timeout_ms: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.exchange = Path(tempfile.mkdtemp(prefix="browser-till-"))
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / "pos-agent.log"
        self._log = open(self.log_path, "w")
        environment = {
            **os.environ,
            "STORE_ID": str(store.id),
            "STORE_NAME": store.name,
            "STORE_API_KEY": store.key,
            "BACKEND_URL": backend_url,
            "EXCHANGE_DIR": str(self.exchange),
            "PORT": str(port),
            "POLL_AMOUNT_MS": "100",
            "POLL_DISCOUNTS_MS": "200",
            # How long 1C has to consume discount.txt before the agent reports "failed".
            "DISCOUNT_CONSUME_TIMEOUT_MS": str(consume_timeout_ms),
        }
        self.process = subprocess.Popen([executable], env=environment, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until(lambda: self.status() is not None, 30, "pos-agent answering /status")

    # ---- the agent's HTTP routes ----

    def _get(self, path: str):
        try:
            with urllib.request.urlopen(self.url + path, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            return None

    def status(self):
        return self._get("/status")

    def amount(self):
        reply = self._get("/get-amount") or {}
        return reply.get("amount")

    # ---- playing 1C ----

    @property
    def discount_file(self) -> Path:
        return self.exchange / self.DISCOUNT_FILE

    def open_receipt(self, amount: str):
        """1C opens a receipt of `amount` roubles; returns once the agent serves it."""
        temporary = self.exchange / ".amount.json.tmp"
        temporary.write_text(json.dumps({"amount": amount}))
        temporary.rename(self.exchange / self.AMOUNT_FILE)
        self._wait_until(lambda: self.amount() == amount, 10, f"the agent serving the amount {amount}")

    def close_receipt(self):
        (self.exchange / self.AMOUNT_FILE).unlink(missing_ok=True)
        self._wait_until(lambda: self.amount() is None, 10, "the agent dropping the amount")

    def wait_for_discount(self, timeout: float = 15) -> int:
        """Waits for discount.txt; returns the points in it (the file stays)."""
        self._wait_until(self.discount_file.exists, timeout, "the agent writing discount.txt")
        text = ""
        deadline = time.monotonic() + 2
        while not text and time.monotonic() < deadline:  # written atomically, but read it whole
            text = self.discount_file.read_text()
        return int(text)

    def consume_discount(self) -> int:
        """1C applies the discount: reads and deletes discount.txt."""
        points = self.wait_for_discount()
        self.discount_file.unlink()
        return points

    def wait_idle(self, timeout: float = 20):
        """Until no discount is in progress and every confirmation reached the backend."""

        def idle():
            status = self.status() or {}
            return status.get("currentDiscount") is None and status.get("pendingConfirmations") == 0 and not status.get("queuedDiscounts")

        self._wait_until(idle, timeout, "the agent finishing its discounts")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        shutil.rmtree(self.exchange, ignore_errors=True)

    def _wait_until(self, condition, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pos-agent exited ({self.process.returncode}) while waiting for {what}; log: {self.log_path}")
            if condition():
                return
            time.sleep(0.05)
        raise TimeoutError(f"timed out after {timeout}s waiting for {what}; agent log: {self.log_path}")
