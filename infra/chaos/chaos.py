#!/usr/bin/env python3
"""`make chaos`: exactly-once under faults.

Started by infra/chaos/run.sh, which provides the environment (DATABASE_URL of a throwaway cluster,
the services' endpoints, JWT_SECRET, ...). This script starts the five services and the gateway
from CHAOS_BUILD_DIR itself (so it can kill, stop and restart each one), sets up data through the
gateway, runs a closed-loop money load (16 client threads, every request with its own
Idempotency-Key, retried with the same key and body until a final answer), injects one fault per
phase and checks the database: lost effects, doubled effects, stranded idempotency keys and the
ledgers' invariants. Prints one row per phase, writes .data/chaos/report.md and exits 1 when any
count is non-zero or a process crashed or did not come back. See docs/chaos.md.

Python 3 standard library only; SQL through the `psql` command line as the Postgres superuser.
"""
import base64
import collections
import hashlib
import hmac
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse

SERVICES = ["loyalty", "code-inventory", "claimer", "markets", "scheduler"]
EXECUTABLES = SERVICES + ["gateway"]
# The replicas phases: these services get CHAOS_REPLICAS processes (infra/chaos/run.sh lists every
# replica's endpoint for the callers from the start; the extra ones start in phase replicas-up).
REPLICATED = ["loyalty", "markets", "code-inventory"]
REPLICAS = int(os.environ.get("CHAOS_REPLICAS", "3"))
EXTRA_REPLICAS = ["%s-%d" % (s, i) for s in REPLICATED for i in range(2, REPLICAS + 1)]
SCHEMAS = {"loyalty": "loyalty", "code-inventory": "code_inventory", "claimer": "claimer", "markets": "markets",
           "scheduler": "scheduler"}


def env_float(name, default):
    return float(os.environ.get(name, default))


def env_int(name, default):
    return int(os.environ.get(name, default))


ROOT = os.environ["CHAOS_ROOT"]
BUILD_DIR = os.environ["CHAOS_BUILD_DIR"]
CHAOS_DIR = os.environ["CHAOS_DIR"]
LOG_DIR = os.path.join(CHAOS_DIR, "logs")
PG_SH = os.environ["PG_SH"]
PG_DATA = os.environ["CHAOS_PG_DATA"]
PG_PORT = os.environ["CHAOS_PG_PORT"]
PSQL = os.environ.get("PSQL", "psql")
DATABASE_URL = os.environ["DATABASE_URL"]
GATEWAY_PORT = int(os.environ["GATEWAY_PORT"])
JWT_SECRET = os.environ["JWT_SECRET"].encode()
TELEGRAM_BOT_TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]

THREADS = env_int("CHAOS_THREADS", 16)
GIVE_UP = env_float("CHAOS_GIVE_UP", 120)              # s per logical request, then "unanswered"
ATTEMPT_TIMEOUT = env_float("CHAOS_ATTEMPT_TIMEOUT", 15)  # s per HTTP attempt (the gateway's RPC deadline is 5 s)
RESTART_DELAY = env_float("CHAOS_RESTART_DELAY", 3)    # s between a kill and the restart
LEAD = env_float("CHAOS_LEAD", 3)                      # s of plain load at the start of each phase
RECOVERY = env_float("CHAOS_RECOVERY", 8)              # s of quiet load after the fault (at least)
PHASE_SECONDS = env_float("CHAOS_PHASE_SECONDS", 25)   # s, the shortest phase
TERMINATE_SECONDS = env_float("CHAOS_TERMINATE_SECONDS", 30)
PG_DOWN_SECONDS = env_float("CHAOS_PG_DOWN_SECONDS", 3)
STOP_SECONDS = env_float("CHAOS_STOP_SECONDS", 5)
READY_TIMEOUT = env_float("CHAOS_READY_TIMEOUT", 60)
STRANDED_AGE = env_float("CHAOS_STRANDED_AGE", 60)
CODES_PER_CAMPAIGN = env_int("CHAOS_CODES_PER_CAMPAIGN", 20000)
MARKETS = env_int("CHAOS_MARKETS", 8)
ONLY_PHASES = [p for p in os.environ.get("CHAOS_PHASES", "").split(",") if p]

T0 = time.time()
RUN = "%x" % (int(T0 * 1000) % 0xFFFFFFFF)
SIGNALLED = threading.Event()


def say(message):
    print("[chaos %6.1fs] %s" % (time.time() - T0, message), flush=True)


# ---------------------------------------------------------------------------------------------
# Postgres (psql as the superuser)
# ---------------------------------------------------------------------------------------------

class SQLError(Exception):
    pass


def sql(query, retries=5):
    """Rows of `query` as lists of strings (NULL as None); retried while Postgres is unreachable."""
    last = ""
    for attempt in range(retries):
        try:
            proc = subprocess.run([PSQL, DATABASE_URL, "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=\\N",
                                   "-v", "ON_ERROR_STOP=1", "-c", query],
                                  capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            raise SQLError("timed out after 120 s: " + " ".join(query.split())[:100])
        if proc.returncode == 0:
            rows = []
            for line in proc.stdout.split("\n"):
                if line == "":
                    continue
                rows.append([None if v == "\\N" else v for v in line.split("\t")])
            return rows
        last = proc.stderr.strip()
        # Connection problems are retried; an error in the statement is not.
        if "could not connect" not in last and "connection" not in last.lower() and "shutting down" not in last:
            break
        time.sleep(1 + attempt)
    raise SQLError(last)


def sql_list(values):
    """A SQL array literal of text values (our own ids: no quotes inside)."""
    return "ARRAY[%s]::text[]" % ",".join("'%s'" % str(v).replace("'", "''") for v in values) if values else "ARRAY[]::text[]"


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

class Proc:
    def __init__(self, name):
        self.name = name
        self.popen = None
        self.expected_down = True
        self.starts = 0
        self.log = None


def replica_of(name):
    """The executable and environment of process `name`: `loyalty-2` is loyalty binding the
    second endpoint of each of its lists (`LOYALTY_RPC_URL` lists every replica's)."""
    env = os.environ.copy()
    service, _, index = name.rpartition("-")
    if not index.isdigit() or service not in REPLICATED:
        service, index = name, "1"
    if service in REPLICATED and REPLICAS > 1:
        prefix = service.upper().replace("-", "_")
        i = int(index) - 1
        env[prefix + "_RPC_BIND"] = env[prefix + "_RPC_URL"].split(",")[i]
        env[prefix + "_EVENTS_BIND"] = env[prefix + "_EVENTS_URL"].split(",")[i]
        env[prefix + "_HTTP_ADDRESS"] = "127.0.0.1:%d" % (9300 + REPLICATED.index(service) * 10 + i)
    return service, env


class Platform:
    """Starts, signals and restarts the executables; notices unexpected exits (crashes)."""

    def __init__(self, harness):
        self.h = harness
        self.procs = {name: Proc(name) for name in EXECUTABLES + EXTRA_REPLICAS}
        self.lock = threading.RLock()
        self.crashes = []  # (time, name, returncode)
        self.closing = False
        os.makedirs(LOG_DIR, exist_ok=True)
        self.monitor = threading.Thread(target=self._monitor, name="monitor", daemon=True)

    def _write_pids(self):
        path = os.path.join(CHAOS_DIR, "pids")
        with open(path + ".tmp", "w") as f:
            for p in self.procs.values():
                if p.popen is not None and p.popen.returncode is None:
                    f.write("%s %d\n" % (p.name, p.popen.pid))
        os.replace(path + ".tmp", path)

    def start(self, name):
        with self.lock:
            p = self.procs[name]
            if p.log is None:
                p.log = open(os.path.join(LOG_DIR, name + ".log"), "ab", buffering=0)
            p.starts += 1
            p.log.write(("\n===== chaos: start #%d of %s at %.1fs =====\n" % (p.starts, name, time.time() - T0)).encode())
            # Own session: a Ctrl-C at the terminal reaches the harness, which stops everything in order.
            binary, env = replica_of(name)
            p.popen = subprocess.Popen([os.path.join(BUILD_DIR, binary)], stdin=subprocess.DEVNULL, stdout=p.log,
                                       stderr=subprocess.STDOUT, start_new_session=True, env=env)
            p.expected_down = False
            self._write_pids()
            return p.popen.pid

    def pid(self, name):
        p = self.procs[name].popen
        return p.pid if p is not None else None

    def signal(self, name, sig, expect_exit):
        with self.lock:
            p = self.procs[name]
            if expect_exit:
                p.expected_down = True
            if p.popen is not None and p.popen.returncode is None:
                os.kill(p.popen.pid, sig)
                return p.popen.pid
            return None

    def wait_exit(self, name, timeout):
        p = self.procs[name]
        if p.popen is None:
            return True
        try:
            p.popen.wait(timeout=timeout)
            self._write_pids()
            return True
        except subprocess.TimeoutExpired:
            return False

    def _monitor(self):
        while not self.closing:
            with self.lock:
                for p in self.procs.values():
                    if p.popen is None or p.expected_down or self.closing:
                        continue
                    rc = p.popen.poll()
                    if rc is None:
                        continue
                    self.crashes.append((time.time(), p.name, rc))
                    say("CRASH: %s exited by itself with status %s (log %s); restarting it" %
                        (p.name, rc, os.path.join(LOG_DIR, p.name + ".log")))
                    try:
                        tail = open(os.path.join(LOG_DIR, p.name + ".log"), "rb").read()[-1500:].decode(errors="replace")
                        for line in tail.splitlines()[-8:]:
                            print("        " + line, flush=True)
                    except OSError:
                        pass
                    p.popen = None
                    self.start(p.name)
            time.sleep(0.2)

    def stop_all(self, grace=10):
        """SIGCONT (a stopped process cannot exit), SIGTERM, SIGKILL after `grace` s."""
        self.closing = True
        with self.lock:
            alive = [p for p in self.procs.values() if p.popen is not None and p.popen.poll() is None]
            for p in alive:
                p.expected_down = True
                for sig in (signal.SIGCONT, signal.SIGTERM):
                    try:
                        os.kill(p.popen.pid, sig)
                    except ProcessLookupError:
                        pass
            deadline = time.time() + grace
            for p in alive:
                try:
                    p.popen.wait(timeout=max(0.1, deadline - time.time()))
                except subprocess.TimeoutExpired:
                    say("%s did not stop within %ds: SIGKILL" % (p.name, grace))
                    try:
                        os.kill(p.popen.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    p.popen.wait()
            self._write_pids()


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(sub, roles, ttl=86400):
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": sub, "exp": int(time.time()) + ttl, "roles": roles}).encode())
    sig = b64url(hmac.new(JWT_SECRET, ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest())
    return "%s.%s.%s" % (header, payload, sig)


def telegram_init_data(user_id, first_name):
    """WebApp initData signed as Telegram would (HMAC-SHA256 under HMAC("WebAppData", bot token))."""
    fields = {"auth_date": str(int(time.time())), "query_id": "chaos%d" % user_id,
              "user": json.dumps({"id": user_id, "first_name": first_name}, separators=(",", ":"))}
    secret = hmac.new(b"WebAppData", TELEGRAM_BOT_TOKEN.encode(), hashlib.sha256).digest()
    check = "\n".join("%s=%s" % (k, fields[k]) for k in sorted(fields))
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return "&".join("%s=%s" % (k, urllib.parse.quote(v, safe="")) for k, v in sorted(fields.items()))


class Client:
    """One keep-alive connection to the gateway; a new one after any failure."""

    def __init__(self, timeout=ATTEMPT_TIMEOUT):
        self.conn = None
        self.timeout = timeout

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    def request(self, method, path, body=None, headers=None, content_type="application/json"):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", GATEWAY_PORT, timeout=self.timeout)
        all_headers = {"Connection": "keep-alive"}
        if body is not None:
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        except BaseException:
            self.close()
            raise


def simple(method, path, obj=None, headers=None, timeout=30):
    """One request without the retry machinery (setup); returns (status, parsed JSON or None)."""
    client = Client(timeout=timeout)
    try:
        body = json.dumps(obj).encode() if obj is not None else None
        status, _, data = client.request(method, path, body, headers)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, None
    finally:
        client.close()


def ready(timeout=READY_TIMEOUT):
    """Waits until /readyz says every service is healthy; returns seconds taken or None."""
    start = time.time()
    while time.time() - start < timeout:
        try:
            status, body = simple("GET", "/readyz?strict=1", timeout=3)
            if status == 200:
                return time.time() - start
        except Exception:
            pass
        time.sleep(0.2)
    return None


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------

class StopLoad(Exception):
    """The load is over: a worker ends instead of starting another request."""


class Rec:
    """One logical request: every attempt uses the same key and body."""
    __slots__ = ("key", "kind", "thread", "phase", "start", "end", "status", "reply", "effect", "fails", "tag",
                 "attempts", "done", "error")

    def __init__(self, key, kind, thread, phase, tag):
        self.key, self.kind, self.thread, self.phase, self.tag = key, kind, thread, phase, tag
        self.start = time.time()
        self.end = None
        self.status = None      # final HTTP status, None while running or when unanswered
        self.reply = None
        self.effect = None
        self.fails = []         # (sent, failed, label) of failed attempts
        self.attempts = 0
        self.done = False
        self.error = None       # final error code/reason for a 4xx

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    @property
    def unanswered(self):
        return self.done and self.status is None

    def as_json(self):
        return {"key": self.key, "kind": self.kind, "thread": self.thread, "phase": self.phase,
                "start": round(self.start - T0, 3), "end": round(self.end - T0, 3) if self.end else None,
                "status": self.status, "effect": self.effect, "attempts": self.attempts, "error": self.error,
                "fails": [[round(t - T0, 3), round(u - T0, 3), label] for t, u, label in self.fails],
                "tag": {k: v for k, v in self.tag.items()}}


def retryable_conflict(body):
    """A 409 worth retrying with the same key: ABORTED without a business reason ("in progress",
    "being retried", a transaction conflict). Business refusals (MARKET_CLOSED, INSUFFICIENT_CREDITS,
    DISCOUNT_FINISHED, no codes available) are final answers."""
    try:
        error = json.loads(body)["error"]
    except Exception:
        return True
    if error.get("code") != "ABORTED" or error.get("reason"):
        return False
    message = error.get("message", "")
    return "codes available" not in message


class Harness:
    def __init__(self):
        self.platform = Platform(self)
        self.records = []
        self.records_lock = threading.Lock()
        self.stopping = threading.Event()
        # Open while a phase runs; closed for the checks at its end (no new requests start then).
        self.gate = threading.Event()
        self.phase = "setup"
        self.phases = []          # dicts: name, start, end, kind, target, back, notes, limit
        self.kopecks = 50000
        self.kopecks_lock = threading.Lock()
        self.by_kopecks = {}
        self.by_bet_tuple = {}
        self.by_discount = {}
        self.sells_by_bet = collections.defaultdict(list)
        self.reserves_by_thread = collections.defaultdict(list)
        self.client_violations = []   # (time, text)
        self.workers = []
        self.admin = jwt("chaos-admin", ["admin", "supreme"])
        self.seen_violations = set()
        self.interim = {}

    # -- the one retry loop ---------------------------------------------------------------------

    def call(self, worker, kind, method, path, obj, headers, tag, register=None):
        self.gate.wait()
        if self.stopping.is_set():
            raise StopLoad()
        worker.n += 1
        key = "chaos-%s-%d-%d" % (RUN, worker.idx, worker.n)
        rec = Rec(key, kind, worker.idx, self.phase, tag)
        if register:
            register(rec)
        with self.records_lock:
            self.records.append(rec)
        body = json.dumps(obj).encode() if obj is not None else None
        all_headers = dict(headers)
        all_headers["Idempotency-Key"] = key
        while True:
            t = time.time()
            rec.attempts += 1
            label, delay = None, random.uniform(0.1, 0.5)
            try:
                status, response_headers, data = worker.client.request(method, path, body, all_headers)
            except socket.timeout:
                label = "timeout"
            except (ConnectionError, http.client.HTTPException, OSError):
                label = "conn"
            else:
                if 200 <= status < 300:
                    rec.status = status
                    try:
                        rec.reply = json.loads(data) if data else {}
                    except ValueError:
                        rec.reply = {}
                elif status == 429:
                    label = "429"
                    try:
                        delay = max(delay, float(response_headers.get("retry-after", "1")))
                    except ValueError:
                        delay = 1.0
                elif status == 409 and retryable_conflict(data):
                    label = "409"
                elif status >= 500:
                    label = str(status)
                    if "retry-after" in response_headers:
                        try:
                            delay = max(delay, float(response_headers["retry-after"]))
                        except ValueError:
                            pass
                else:
                    rec.status = status
                    try:
                        error = json.loads(data)["error"]
                        rec.error = error.get("reason") or error.get("code")
                    except Exception:
                        rec.error = data[:80].decode(errors="replace")
            if label is None:
                break
            rec.fails.append((t, time.time(), label))
            if time.time() - rec.start + delay > GIVE_UP:
                break
            time.sleep(delay)
        rec.end = time.time()
        rec.done = True
        return rec

    def next_kopecks(self):
        with self.kopecks_lock:
            self.kopecks += 1
            return self.kopecks

    # -- set-up through the gateway -------------------------------------------------------------

    def setup(self, n_loyalty, n_markets, n_codes):
        admin = {"Authorization": "Bearer " + self.admin}
        self.stores, self.cards = [], []
        for i in range(n_loyalty):
            status, body = simple("POST", "/api/admin/stores", {"name": "chaos store %d" % i}, admin)
            assert status == 201, ("create store", status, body)
            self.stores.append((int(body["id"]), body["apiKey"]))
            init_data = telegram_init_data(700000000 + i, "Chaos%d" % i)
            status, body = simple("POST", "/api/customers", {"name": "chaos %d" % i}, {"X-Telegram-Init-Data": init_data})
            assert status in (200, 201), ("register customer", status, body)
            self.cards.append(body["card"])
        say("loyalty: %d stores with API keys, %d customers (Telegram sign-up)" % (len(self.stores), len(self.cards)))

        self.markets = []
        for i in range(MARKETS):
            status, body = simple("POST", "/api/v1/admin/markets",
                                  {"question": "Chaos market %d of run %s?" % (i, RUN), "category": "Chaos",
                                   "initialProbability": 0.5, "liquidity": 1000000}, admin)
            assert status == 201, ("create market", status, body)
            self.markets.append(body["id"])
        self.users = []
        for i in range(n_markets):
            status, body = simple("POST", "/api/v1/auth/signup",
                                  {"email": "chaos%d-%s@example.com" % (i, RUN), "password": "chaos-password-%d" % i,
                                   "username": "chaos_%s_%d" % (RUN, i)})
            assert status == 201, ("signup", status, body)
            self.users.append(body["user"]["id"])
        # Play money for thousands of bets: a grant through the ledger (no route grants credits).
        sql("""
            WITH u AS (UPDATE markets.users SET credits = credits + 10000000, updated_at = now()
                       WHERE id = ANY(%s::uuid[]) RETURNING id, credits)
            INSERT INTO markets.credit_transactions (user_id, type, amount, balance_after, reference, created_at)
            SELECT id, 'chaos_grant', 10000000, credits, 'chaos', now() FROM u""" % sql_list(self.users))
        say("markets: %d CPMM markets, %d users (sign-up) granted 10,000,000 credits each" % (len(self.markets), len(self.users)))

        self.campaigns = []
        for i in range(n_codes):
            campaign = "chaos-%s-%d" % (RUN, i)
            csv = "".join("C%s-%d-%06d\n" % (RUN, i, n) for n in range(CODES_PER_CAMPAIGN)).encode()
            client = Client(timeout=300)
            try:
                status, _, data = client.request("POST", "/api/campaigns/%s/codes?type=tm" % campaign, csv,
                                                 admin, content_type="text/csv")
            finally:
                client.close()
            assert status == 200, ("import codes", status, data[:300])
            inserted = int(json.loads(data).get("inserted", 0))
            assert inserted == CODES_PER_CAMPAIGN, ("import codes", data[:300])
            self.campaigns.append(campaign)
        say("code-inventory: %d campaigns × %d codes (CSV upload)" % (len(self.campaigns), CODES_PER_CAMPAIGN))

    # -- phases ---------------------------------------------------------------------------------

    def begin_phase(self, name, kind, target=None):
        phase = {"name": name, "kind": kind, "target": target, "start": time.time(), "end": None, "back": True,
                 "notes": [], "limit": None}
        self.phases.append(phase)
        self.phase = name
        self.gate.set()
        say("phase %s" % name)
        return phase

    def restart(self, phase, name):
        pid = self.platform.start(name)
        took = ready()
        if took is None:
            phase["back"] = False
            phase["notes"].append("%s not ready %ds after restart" % (name, READY_TIMEOUT))
            say("%s (pid %d) is NOT ready after %ds" % (name, pid, READY_TIMEOUT))
        else:
            say("%s restarted (pid %d), platform ready after %.1fs" % (name, pid, took))

    def run_phase(self, name, kind, target=None):
        phase = self.begin_phase(name, kind, target)
        time.sleep(LEAD)
        fault_at = time.time()
        if kind == "baseline":
            pass
        elif kind == "kill9":
            pid = self.platform.signal(target, signal.SIGKILL, expect_exit=True)
            self.platform.wait_exit(target, 10)
            say("kill -9 %s (pid %s); restart in %.0fs" % (target, pid, RESTART_DELAY))
            phase["limit"] = RESTART_DELAY + 1
            time.sleep(RESTART_DELAY)
            self.restart(phase, target)
        elif kind == "sigterm":
            pid = self.platform.signal(target, signal.SIGTERM, expect_exit=True)
            t = time.time()
            if not self.platform.wait_exit(target, 15):
                phase["notes"].append("%s did not stop within 15 s of SIGTERM: SIGKILL" % target)
                self.platform.signal(target, signal.SIGKILL, expect_exit=True)
                self.platform.wait_exit(target, 10)
            say("SIGTERM %s (pid %s): exited after %.1fs; restart in %.0fs" % (target, pid, time.time() - t, RESTART_DELAY))
            time.sleep(RESTART_DELAY)
            self.restart(phase, target)
        elif kind == "replicas-up":
            for extra in EXTRA_REPLICAS:
                self.platform.start(extra)
            time.sleep(2)
            took = ready()
            say("started %s; platform ready after %.1fs" % (" ".join(EXTRA_REPLICAS), took or -1))
        elif kind == "replica-kill9":
            # One of several replicas dies: only its calls in flight are retried elsewhere.
            pid = self.platform.signal(target, signal.SIGKILL, expect_exit=True)
            self.platform.wait_exit(target, 10)
            say("kill -9 %s (pid %s), %d other replicas serving; restart in %.0fs" % (target, pid, REPLICAS - 1, RESTART_DELAY))
            phase["limit"] = 1
            time.sleep(RESTART_DELAY)
            self.restart(phase, target)
        elif kind == "rolling":
            # Every replica of the service in turn: SIGTERM (drain), exit, a new process.
            phase["limit"] = 0
            for replica in [target] + ["%s-%d" % (target, i) for i in range(2, REPLICAS + 1)]:
                pid = self.platform.signal(replica, signal.SIGTERM, expect_exit=True)
                if not self.platform.wait_exit(replica, 15):
                    phase["notes"].append("%s did not stop within 15 s of SIGTERM: SIGKILL" % replica)
                    self.platform.signal(replica, signal.SIGKILL, expect_exit=True)
                    self.platform.wait_exit(replica, 10)
                self.platform.start(replica)
                time.sleep(3)  # migrated (nothing to apply) and serving again before the next one goes
                say("rolling %s: %s (pid %s) replaced" % (target, replica, pid))
        elif kind == "sigstop":
            pid = self.platform.signal(target, signal.SIGSTOP, expect_exit=False)
            say("SIGSTOP %s (pid %s) for %.0fs" % (target, pid, STOP_SECONDS))
            time.sleep(STOP_SECONDS)
            self.platform.signal(target, signal.SIGCONT, expect_exit=False)
            took = ready()
            if took is None:
                phase["back"] = False
                phase["notes"].append("%s not ready after SIGCONT" % target)
            say("SIGCONT %s; platform ready after %.1fs" % (target, took or -1))
        elif kind == "terminate":
            killed, rounds = 0, 0
            tick = time.time()
            end = tick + TERMINATE_SECONDS
            while time.time() < end:
                try:
                    rows = sql("""SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                                  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                                    AND usename LIKE 'svc\\_%'""", retries=1)
                    killed += int(rows[0][0])
                    rounds += 1
                except SQLError as e:
                    phase["notes"].append("terminate failed: %s" % e)
                tick += 1
                time.sleep(max(0, tick - time.time()))
            phase["notes"].append("%d service connections terminated in %d rounds" % (killed, rounds))
            say("pg_terminate_backend: %d service connections in %d rounds" % (killed, rounds))
            took = ready()
            if took is None:
                phase["back"] = False
        elif kind == "pgrestart":
            subprocess.run([PG_SH, "stop", PG_DATA], check=False, stdout=subprocess.DEVNULL)
            say("Postgres stopped; start in %.0fs" % PG_DOWN_SECONDS)
            time.sleep(PG_DOWN_SECONDS)
            r = subprocess.run([PG_SH, "start", PG_DATA, PG_PORT], check=False, stdout=subprocess.DEVNULL)
            if r.returncode != 0:
                phase["back"] = False
                phase["notes"].append("Postgres did not start again")
            took = ready()
            if took is None:
                phase["back"] = False
                phase["notes"].append("platform not ready after Postgres came back")
            say("Postgres started; platform ready after %.1fs" % (took or -1))
        remaining = max(RECOVERY, PHASE_SECONDS - (time.time() - phase["start"]))
        time.sleep(remaining)
        if ready(timeout=15) is None:
            phase["back"] = False
            phase["notes"].append("platform not ready at the end of the phase")
        phase["fault_at"] = fault_at
        phase["end"] = time.time()
        # The checks run without load: no request starts until the next phase; those in flight
        # finish first (or are left to the final analysis after 15 s).
        self.gate.clear()
        deadline = time.time() + 15
        while time.time() < deadline and any(not r.done for r in self.records[-4 * THREADS:]):
            time.sleep(0.1)
        self.interim_check(phase)

    # -- checks ---------------------------------------------------------------------------------

    def phase_of_time(self, t):
        name = "setup"
        for phase in self.phases:
            if t >= phase["start"]:
                name = phase["name"]
        return name

    def invariants(self):
        """Ledger invariants now: a list of (id, text). A check that cannot run is a violation too."""
        checks = [
            ("loyalty balance != sum of lots / of ledger entries",
             """SELECT 'customer ' || c.id || ' card ' || c.card || ': balance ' || c.balance || ', lots ' || coalesce(l.s, 0)
                       || ', entries ' || coalesce(e.s, 0)
                FROM loyalty.customers c
                LEFT JOIN (SELECT customer_id, sum(remaining) s FROM loyalty.lots GROUP BY 1) l ON l.customer_id = c.id
                LEFT JOIN (SELECT customer_id, sum(points) s FROM loyalty.entries GROUP BY 1) e ON e.customer_id = c.id
                WHERE c.balance <> coalesce(l.s, 0) OR c.balance <> coalesce(e.s, 0)"""),
            ("loyalty discount refunded more than once",
             """SELECT 'discount ' || discount_id || ': ' || count(*) || ' refunds' FROM loyalty.entries
                WHERE kind = 'refund' GROUP BY discount_id HAVING count(*) > 1"""),
            ("markets credits != sum of ledger",
             """SELECT 'user ' || u.id || ': credits ' || u.credits || ', ledger ' || coalesce(t.s, 0)
                FROM markets.users u
                LEFT JOIN (SELECT user_id, sum(amount) s FROM markets.credit_transactions GROUP BY 1) t ON t.user_id = u.id
                WHERE u.credits <> coalesce(t.s, 0)"""),
            ("markets bet without exactly one stake row",
             """SELECT 'bet ' || b.id || ': ' || coalesce(t.n, 0) || ' stake rows' FROM markets.bets b
                LEFT JOIN (SELECT reference, count(*) n, sum(amount) s FROM markets.credit_transactions WHERE type = 'bet' GROUP BY 1) t
                  ON t.reference = b.id::text
                WHERE t.n IS DISTINCT FROM 1 OR t.s <> -b.amount
                UNION ALL
                SELECT 'stake row ' || t.id || ' for no bet ' || t.reference FROM markets.credit_transactions t
                WHERE t.type = 'bet' AND NOT EXISTS (SELECT 1 FROM markets.bets b WHERE b.id::text = t.reference)"""),
            ("markets bet proceeds != sale rows",
             """SELECT 'bet ' || b.id || ': proceeds ' || b.proceeds || ', sale rows ' || coalesce(t.s, 0) FROM markets.bets b
                LEFT JOIN (SELECT reference, sum(amount) s FROM markets.credit_transactions WHERE type = 'sale' GROUP BY 1) t
                  ON t.reference = b.id::text
                WHERE b.proceeds <> coalesce(t.s, 0)"""),
            ("code handed out fresh by two reservations",
             # A code inside two reservations' fresh ranges went to both (and, while untouched since,
             # is held by both); ranges sorted by their start overlap iff one starts at or below the
             # highest end before it.
             """SELECT 'campaign ' || campaign_id || '/' || type || ': reservation ' || reserve_id || ' took seq ' || first_seq
                       || '..' || last_seq || ', seq up to ' || prev || ' was handed out before'
                FROM (SELECT campaign_id, type, reserve_id, first_seq, last_seq,
                             max(last_seq) OVER (PARTITION BY campaign_id, type ORDER BY first_seq, reserve_id
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) prev
                      FROM code_inventory.reservations WHERE first_seq IS NOT NULL) x
                WHERE first_seq <= prev"""),
            ("code counters != code states",
             # The states as the view code_states works them out, with one index range scan per
             # reservation instead of the view's per-code lookup (far too slow over 100,000 codes).
             """WITH held AS (SELECT r.campaign_id, r.type, sum(h.n) n FROM code_inventory.reservations r
                              CROSS JOIN LATERAL (SELECT count(*) n FROM code_inventory.codes c
                                                  WHERE c.campaign_id = r.campaign_id AND c.type = r.type
                                                    AND c.seq BETWEEN r.first_seq AND r.last_seq
                                                    AND c.state = 'available' AND NOT c.returned) h
                              WHERE r.first_seq IS NOT NULL GROUP BY 1, 2),
                     s AS (SELECT c.campaign_id, c.type,
                                  count(*) FILTER (WHERE state = 'available') - coalesce(min(h.n), 0) a,
                                  count(*) FILTER (WHERE state = 'reserved') + coalesce(min(h.n), 0) r,
                                  count(*) FILTER (WHERE state = 'assigned') g
                           FROM code_inventory.codes c LEFT JOIN held h USING (campaign_id, type) GROUP BY 1, 2),
                     k AS (SELECT campaign_id, type, sum(available) a, sum(reserved) r, sum(assigned) g
                           FROM code_inventory.code_counters GROUP BY 1, 2)
                SELECT 'campaign ' || campaign_id || '/' || type || ': states ' || coalesce(s.a, 0) || '/' || coalesce(s.r, 0) || '/'
                       || coalesce(s.g, 0) || ', counters ' || coalesce(k.a, 0) || '/' || coalesce(k.r, 0) || '/' || coalesce(k.g, 0)
                FROM s FULL JOIN k USING (campaign_id, type)
                WHERE s.a IS DISTINCT FROM k.a OR s.r IS DISTINCT FROM k.r OR s.g IS DISTINCT FROM k.g"""),
        ]
        found = []
        for title, query in checks:
            started = time.time()
            try:
                for row in sql(query):
                    found.append((title + ": " + row[0], title))
            except SQLError as e:
                found.append(("check could not run (%s): %s" % (title, str(e).splitlines()[0] if str(e) else "?"), title))
            if time.time() - started > 5:
                say("(check '%s' took %.1fs)" % (title, time.time() - started))
        for t, text in list(self.client_violations):
            found.append(("client: " + text, "client"))
        return found

    def interim_check(self, phase):
        """At the end of a phase: invariants (new ones are charged to this phase) and a first look at
        lost/doubles among the requests finished so far (the table uses the final analysis)."""
        try:
            violations = self.invariants()
        except Exception as e:  # never let a check kill the run
            violations = [("invariant check failed: %s" % e, "error")]
        new = [v for v, _ in violations if v not in self.seen_violations]
        self.seen_violations.update(v for v, _ in violations)
        phase["invariants"] = new
        try:
            result = self.analyse(final=False)
            lost = sum(1 for p in result["lost"] if p[0] == phase["name"])
            doubles = sum(1 for p in result["doubles"] if p[0] == phase["name"])
        except Exception as e:
            lost = doubles = "?"
            say("interim analysis failed: %s" % e)
        recs = [r for r in self.records if r.phase == phase["name"]]
        say("end of %s: %d requests so far, lost %s, doubles %s (finished requests), %d new invariant violations%s" %
            (phase["name"], len(recs), lost, doubles, len(new), (": " + "; ".join(new[:3])) if new else ""))

    def effect_rows(self):
        """Every effect row of the harness's own stores, users and campaigns."""
        store_ids = [str(s) for s, _ in self.stores]
        loyalty = sql("""SELECT id, kind, purchase_kopecks, extract(epoch FROM created_at) FROM loyalty.cashier_transactions
                         WHERE store_id = ANY(%s::int[])""" % sql_list(store_ids))
        refunds = sql("""SELECT e.id, e.discount_id, extract(epoch FROM e.created_at) FROM loyalty.entries e
                         JOIN loyalty.pending_discounts d ON d.id = e.discount_id
                         WHERE e.kind = 'refund' AND d.store_id = ANY(%s::int[])""" % sql_list(store_ids))
        discounts = {r[0]: r[1] for r in sql("""SELECT id, status FROM loyalty.pending_discounts
                                                  WHERE store_id = ANY(%s::int[])""" % sql_list(store_ids))}
        bets = sql("""SELECT id, user_id, market_id, outcome, amount, extract(epoch FROM created_at) FROM markets.bets
                      WHERE user_id = ANY(%s::uuid[])""" % sql_list(self.users))
        sales = sql("""SELECT id, reference, extract(epoch FROM created_at) FROM markets.credit_transactions
                       WHERE type = 'sale' AND user_id = ANY(%s::uuid[])""" % sql_list(self.users))
        reservations = sql("""SELECT reserve_id, campaign_id, extract(epoch FROM reserved_at) FROM code_inventory.reservations
                              WHERE campaign_id = ANY(%s)""" % sql_list(self.campaigns))
        assigned = sql("""SELECT code, assigned_to FROM code_inventory.codes
                          WHERE campaign_id = ANY(%s) AND state = 'assigned'""" % sql_list(self.campaigns))
        return loyalty, refunds, discounts, bets, sales, reservations, assigned

    def analyse(self, final):
        """Lost and doubled effects, each charged to the phase of its request (or of its row's time
        when no request of the harness can have made it). Requests still running are skipped."""
        # The requests to judge are taken before the rows are read: each one's effect (if any) was
        # committed before its answer, so before the reads.
        with self.records_lock:
            records = [r for r in self.records if r.done]
        loyalty, refunds, discounts, bets, sales, reservations, assigned = self.effect_rows()
        lost, doubles = [], []   # (phase, kind, key, text)
        rows_of = collections.defaultdict(list)   # rec key -> effect ids
        orphans = []                              # (time, kind, text)

        for row_id, kind, kopecks, at in loyalty:
            rec = self.by_kopecks.get(int(kopecks))
            if rec is None or rec.kind != kind:
                orphans.append((float(at), kind, "cashier transaction %s (%s, %s kopecks) of no request" % (row_id, kind, kopecks)))
            else:
                rows_of[rec.key].append(row_id)
        for row_id, discount, at in refunds:
            rec = self.by_discount.get(discount)
            if rec is not None:
                rows_of[rec.key].append(row_id)
        for row_id, user, market, outcome, amount, at in bets:
            rec = self.by_bet_tuple.get((user, market, outcome, int(amount)))
            if rec is None:
                orphans.append((float(at), "bet", "bet %s of no request" % row_id))
            else:
                rows_of[rec.key].append(row_id)
        for row_id, bet_id, at in sales:
            recs = self.sells_by_bet.get(bet_id)
            if not recs:
                orphans.append((float(at), "sell", "sale row %s for bet %s that the harness never sold" % (row_id, bet_id)))
            else:
                rows_of[recs[0].key].append(row_id)
        answered_reserves = {}
        for recs in self.reserves_by_thread.values():
            for rec in recs:
                if rec.ok and rec.effect:
                    answered_reserves[rec.effect] = rec
        campaign_thread = {c: w.idx for w in self.workers if isinstance(w, CodesWorker) for c in [w.campaign]}
        for reserve_id, campaign, at in reservations:
            rec = answered_reserves.get(reserve_id)
            if rec is None:
                # A reservation no answer returned: reserved_at is the handler's clock reading, taken
                # after an attempt of its request was sent, so it belongs to the thread's last
                # reserve request sent before it (same clock: everything runs on this machine).
                at = float(at)
                thread = campaign_thread.get(campaign)
                for candidate in self.reserves_by_thread.get(thread, []):
                    if candidate.start <= at + 0.002:
                        rec = candidate
                    else:
                        break
            if rec is None:
                orphans.append((float(at), "reserve", "reservation %s of no request" % reserve_id))
            else:
                rows_of[rec.key].append(reserve_id)
        assigned_to = {code: user for code, user in assigned}

        for rec in records:
            if rec.kind in ("earn", "redeem", "bet", "reserve", "sell"):
                rows = rows_of.get(rec.key, [])
                allowed = 1 if (rec.ok or rec.unanswered) else 0
                # A sale's answer names the bet, not its ledger row: it must have one.
                if rec.ok and (not rows if rec.kind == "sell" else rec.effect not in rows):
                    lost.append((rec.phase, rec.kind, rec.key, "answered %s with %s, rows %s" % (rec.status, rec.effect, rows)))
                if len(rows) > allowed:
                    doubles.append((rec.phase, rec.kind, rec.key, "answer %s (%s), %d effect rows %s" %
                                    (rec.status, rec.effect or rec.error, len(rows), rows)))
            elif rec.kind == "confirm":
                rows = rows_of.get(rec.key, [])
                discount = str(rec.tag["discount"])
                outcome = rec.tag["outcome"]
                if rec.ok and discounts.get(discount) != outcome:
                    lost.append((rec.phase, rec.kind, rec.key, "confirmed %s %s, discount is %s" % (discount, outcome, discounts.get(discount))))
                if rec.ok and outcome == "failed" and not rows:
                    lost.append((rec.phase, rec.kind, rec.key, "confirmed discount %s failed, no refund" % discount))
                if len(rows) > 1:
                    doubles.append((rec.phase, rec.kind, rec.key, "discount %s refunded %d times %s" % (discount, len(rows), rows)))
            elif rec.kind == "assign" and rec.ok:
                missing = [c for c in rec.reply.get("assigned", []) if assigned_to.get(c) != rec.tag["user"]]
                if missing:
                    lost.append((rec.phase, rec.kind, rec.key, "assigned %s, not assigned in the database" % missing))
        for at, kind, text in orphans:
            doubles.append((self.phase_of_time(at), kind, "-", text))
        return {"lost": lost, "doubles": doubles}

    def stranded(self):
        """Idempotency keys left claimed without a reply for longer than CHAOS_STRANDED_AGE, per the
        table's shape: a nullable reply column (NULL = no answer recorded), else a state column, else
        unknown (None, never a silent 0). No key table in a schema: nothing can be stranded there."""
        out, notes = [], []
        for service, schema in SCHEMAS.items():
            tables = [r[0] for r in sql("""SELECT table_name FROM information_schema.tables
                                          WHERE table_schema = '%s' AND table_name LIKE '%%idempot%%'""" % schema)]
            for table in tables:
                cols = {r[0]: (r[1], r[2]) for r in sql("""SELECT column_name, data_type, is_nullable FROM information_schema.columns
                                                          WHERE table_schema = '%s' AND table_name = '%s'""" % (schema, table))}
                key_col = next((c for c in ("key", "idempotency_key") if c in cols), None)
                age_col = next((c for c in ("created_at", "claimed_at", "updated_at", "started_at") if c in cols), None)
                reply_col = next((c for c in ("reply", "response", "result", "answer") if c in cols and cols[c][1] == "YES"), None)
                state_col = next((c for c in ("state", "status") if c in cols), None)
                if key_col is None or (reply_col is None and state_col is None):
                    notes.append("%s.%s: unknown shape (%s), stranded keys not counted" % (schema, table, ", ".join(sorted(cols))))
                    out.append((schema, None, None))
                    continue
                if reply_col is not None:
                    pending = "%s IS NULL" % reply_col
                else:
                    pending = "%s::text IN ('in_progress', 'pending', 'claimed', 'running', 'started', 'processing')" % state_col
                age = ("extract(epoch FROM now() - %s)" % age_col) if age_col else "NULL"
                for key, seconds in sql("SELECT %s, %s FROM %s.%s WHERE %s" % (key_col, age, schema, table, pending)):
                    out.append((schema, key, float(seconds) if seconds is not None else None))
        return out, notes

    # -- canaries: known defects made on purpose, which the analysis must find --------------------

    def canaries(self):
        """After the load: one double of each attributed kind (the same body sent again under a new
        key: earn, bet, sell; a reservation no request of the harness made) and one lost effect
        (an answered earn's cashier row deleted). Returns the expected findings: (list, kind, match)."""
        expected = []
        worker = type("CanaryWorker", (), {})()
        worker.idx, worker.n, worker.client = 99, 0, Client()

        def resend(kind, rec, path, body, headers):
            status, _, data = worker.client.request("POST", path, json.dumps(body).encode(),
                                                    dict(headers, **{"Idempotency-Key": "canary-%s-%s" % (RUN, rec.key)}))
            if 200 <= status < 300:
                expected.append(("doubles", kind, rec.key))
            else:
                say("canary %s not made: %s %s" % (kind, status, data[:200]))
        try:
            earns = [r for r in self.records if r.kind == "earn" and r.ok]
            bets = [r for r in self.records if r.kind == "bet" and r.ok]
            sells = [r for r in self.records if r.kind == "sell" and r.ok]
            if len(earns) >= 2:
                r = earns[-1]
                w = next(w for w in self.workers if w.idx == r.thread)
                resend("earn", r, "/api/cashier/earn", {"card": w.card, "storeId": w.store, "amount": money(r.tag["kopecks"])}, w.headers)
                gone = earns[0]
                if sql("DELETE FROM loyalty.cashier_transactions WHERE id = %d RETURNING id" % int(gone.effect)):
                    expected.append(("lost", "earn", gone.key))
            if bets:
                r = bets[-1]
                w = next(w for w in self.workers if w.idx == r.thread)
                resend("bet", r, "/api/v1/bets", {"marketId": r.tag["market"], "outcome": r.tag["outcome"], "amount": r.tag["amount"]},
                       w.headers)
            if sells:
                r = sells[-1]
                w = next(w for w in self.workers if w.idx == r.thread)
                resend("sell", r, "/api/v1/bets/%s/sell" % r.tag["bet"], {"shares": r.tag["shares"]}, w.headers)
            codes = [w for w in self.workers if isinstance(w, CodesWorker)]
            if codes:
                status, _, data = worker.client.request("POST", "/api/campaigns/%s/reserve?type=tm&count=1" % codes[0].campaign, b"{}",
                                                        dict(codes[0].headers, **{"Idempotency-Key": "canary-%s-reserve" % RUN}))
                if status == 200:
                    expected.append(("doubles", "reserve", json.loads(data)["reserveId"]))
        except Exception as e:
            say("canaries incomplete: %s" % e)
        finally:
            worker.client.close()
        return expected

    def stranded_canary(self):
        """A key claimed twice the stranded age ago and never answered, which the stranded check
        must count; None when the table's shape does not take such a row (then not self-tested)."""
        key = "canary-%s-stranded" % RUN
        try:
            sql("""INSERT INTO loyalty.idempotency_keys (method, key, created_at)
                   VALUES ('Earn', '%s', now() - interval '%d seconds')""" % (key, 2 * STRANDED_AGE), retries=1)
            return key
        except SQLError as e:
            say("stranded canary not made (%s): the stranded check is not self-tested" % str(e).splitlines()[0])
            return None

    def invariant_canary(self):
        """One user's credits off by one for a moment: the invariants must name that user."""
        user = self.users[0]
        sql("UPDATE markets.users SET credits = credits + 1 WHERE id = '%s'" % user)
        try:
            return any(user in v for v, _ in self.invariants())
        finally:
            sql("UPDATE markets.users SET credits = credits - 1 WHERE id = '%s'" % user)

    @staticmethod
    def take_canaries(result, expected):
        """Removes the canaries' findings from `result`; returns the expected ones not found."""
        missing = []
        for which, kind, match in expected:
            items = result[which]
            hit = next((i for i in items if i[1] == kind and (i[2] == match or match in i[3])), None)
            if hit is None:
                missing.append("%s %s %s" % (which, kind, match))
            else:
                items.remove(hit)
        return missing

    # -- report ---------------------------------------------------------------------------------

    def report(self, result, stranded, stranded_notes):
        by_key = {r.key: r for r in self.records}
        rows = []
        failed = False
        for phase in self.phases:
            name = phase["name"]
            recs = [r for r in self.records if r.phase == name]
            # Failed attempts of the requests started in this phase (a request stuck on a stranded
            # key keeps failing after its phase ended: its errors stay with the phase of the fault).
            fails = [f for r in recs for f in r.fails]
            counts = collections.Counter(label for _, _, label in fails)
            errors = " ".join("%s:%d" % (k, v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) or "-"
            # From the first failed attempt sent to the last one answered (or timed out).
            window = (max(u for _, u, _ in fails) - min(t for t, _, _ in fails)) if fails else 0.0
            lost = sum(1 for p in result["lost"] if p[0] == name)
            doubles = sum(1 for p in result["doubles"] if p[0] == name)
            stranded_n = 0
            unknown = False
            for schema, key, age in stranded:
                if key is None:
                    unknown = True
                    continue
                rec = by_key.get(key)
                if (rec.phase if rec else "other") == name and (age is None or age >= STRANDED_AGE):
                    stranded_n += 1
            invariants = len(phase.get("invariants", []))
            unanswered = sum(1 for r in recs if r.unanswered)
            # What the clients waited at worst: a retried or held-up request's time to its final answer.
            slowest = max((r.end - r.start for r in recs if r.done), default=0.0)
            crashes = [c for c in self.platform.crashes if self.phase_of_time(c[0]) == name]
            limit = phase["limit"]
            window_text = "%.1f" % window
            if limit is not None:
                window_text += " (limit %.0f%s)" % (limit, ", OVER" if window > limit else "")
            stranded_text = str(stranded_n) + ("?" if unknown else "")
            rows.append([name, str(len(recs)), errors, window_text, "%.1f" % slowest, str(lost), str(doubles), stranded_text, str(invariants),
                         str(unanswered), ",".join("%s(%s)" % (c[1], c[2]) for c in crashes) or "0",
                         "yes" if phase["back"] else "NO"])
            if lost or doubles or stranded_n or invariants or crashes or not phase["back"]:
                failed = True
        # Stranded keys not of any phase's request (e.g. set-up).
        other = [(s, k) for s, k, a in stranded if k is not None and k not in by_key and (a is None or a >= STRANDED_AGE)]
        head = ["phase", "requests", "errors seen by clients", "error window s", "slowest s", "lost", "doubles", "stranded",
                "invariants", "unanswered", "crashes", "back"]
        total = ["total", str(len(self.records)), "-", "-", "-", str(len(result["lost"])), str(len(result["doubles"])),
                 str(sum(int(r[7].rstrip("?")) for r in rows) + len(other)), str(sum(int(r[8]) for r in rows)),
                 str(sum(int(r[9]) for r in rows)), str(len(self.platform.crashes)),
                 "yes" if all(p["back"] for p in self.phases) else "NO"]
        if other:
            failed = True
        widths = [max(len(head[i]), max(len(r[i]) for r in rows + [total])) for i in range(len(head))]
        line = lambda cells: "  ".join(c.ljust(widths[i]) for i, c in enumerate(cells))
        print()
        print(line(head))
        print(line(["-" * w for w in widths]))
        for r in rows + [total]:
            print(line(r))
        md = ["# make chaos report", "",
              "Run %s, build `%s`, %d client threads, give-up %.0f s, restart delay %.0f s." %
              (RUN, BUILD_DIR, THREADS, GIVE_UP, RESTART_DELAY), "",
              "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        for r in rows + [total]:
            md.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
        md.append("")
        details = []
        for title, items in (("Lost", result["lost"]), ("Doubles", result["doubles"])):
            if items:
                kinds = collections.Counter(k for _, k, _, _ in items)
                details.append("## %s (%d: %s; first 30)" % (title, len(items), ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
                details.extend("- %s %s `%s`: %s" % (p, k, key, text) for p, k, key, text in items[:30])
                details.append("")
        strand_list = [(s, k, a) for s, k, a in stranded if k is not None and (a is None or a >= STRANDED_AGE)]
        if strand_list:
            details.append("## Stranded idempotency keys (%d; first 30)" % len(strand_list))
            for s, k, a in strand_list[:30]:
                rec = by_key.get(k)
                details.append("- %s `%s` (%s, phase %s), claimed %.0f s ago" %
                               (s, k, rec.kind if rec else "?", rec.phase if rec else "other", a or -1))
            details.append("")
        if stranded_notes:
            details.append("## Notes on the idempotency tables")
            details.extend("- " + n for n in stranded_notes)
            details.append("")
        inv = [(p["name"], v) for p in self.phases for v in p.get("invariants", [])]
        if inv:
            details.append("## Invariant violations (first seen at the end of the phase)")
            details.extend("- %s: %s" % (p, v) for p, v in inv[:50])
            details.append("")
        if self.platform.crashes:
            details.append("## Crashes (the process exited by itself; restarted)")
            details.extend("- %.1f s (%s): %s exited with status %s" % (t - T0, self.phase_of_time(t), n, rc)
                           for t, n, rc in self.platform.crashes)
            details.append("")
        notes = [(p["name"], n) for p in self.phases for n in p["notes"]]
        if notes:
            details.append("## Phase notes")
            details.extend("- %s: %s" % (p, n) for p, n in notes)
            details.append("")
        md.extend(details)
        with open(os.path.join(CHAOS_DIR, "report.md"), "w") as f:
            f.write("\n".join(md) + "\n")
        print()
        for d in details:
            print(d)
        with open(os.path.join(CHAOS_DIR, "requests.jsonl"), "w") as f:
            for r in self.records:
                f.write(json.dumps(r.as_json()) + "\n")
        return failed


# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------

class Worker(threading.Thread):
    def __init__(self, harness, idx):
        super().__init__(name="worker-%d" % idx, daemon=True)
        self.h = harness
        self.idx = idx
        self.n = 0
        self.cycle = 0
        self.client = Client()

    def run(self):
        while not self.h.stopping.is_set():
            try:
                self.step()
            except StopLoad:
                break
            except Exception:
                say("worker %d: %s" % (self.idx, traceback.format_exc().strip().splitlines()[-1]))
                time.sleep(1)
            self.cycle += 1
        self.client.close()


def money(kopecks):
    return "%d.%02d" % (kopecks // 100, kopecks % 100)


class LoyaltyWorker(Worker):
    """Its own store (API key) and customer: earn; every other cycle redeem 5 points and confirm the
    discount (applied, or failed, which refunds). Purchase amounts are unique in the run, so every
    cashier transaction names the one request that made it."""

    def __init__(self, harness, idx, store, key, card):
        super().__init__(harness, idx)
        self.store, self.headers, self.card = store, {"x-store-api-key": key}, card

    def step(self):
        h = self.h
        kopecks = h.next_kopecks()

        def reg(rec, k=kopecks):
            h.by_kopecks[k] = rec
        rec = h.call(self, "earn", "POST", "/api/cashier/earn", {"card": self.card, "storeId": self.store, "amount": money(kopecks)},
                     self.headers, {"kopecks": kopecks}, reg)
        if rec.ok:
            rec.effect = str(rec.reply.get("transactionId"))
        if self.cycle % 2 == 1 and not h.stopping.is_set():
            kopecks = h.next_kopecks()
            rec = h.call(self, "redeem", "POST", "/api/cashier/redeem",
                         {"card": self.card, "storeId": self.store, "amount": money(kopecks), "points": 5},
                         self.headers, {"kopecks": kopecks}, lambda r, k=kopecks: h.by_kopecks.__setitem__(k, r))
            if rec.ok:
                rec.effect = str(rec.reply.get("transactionId"))
                discount = str(rec.reply.get("discountId"))
                outcome = "failed" if (self.cycle // 2) % 2 else "applied"
                confirm = h.call(self, "confirm", "POST", "/api/1c/confirm-discount", {"discountId": discount, "status": outcome},
                                 self.headers, {"discount": discount, "outcome": outcome},
                                 lambda r, d=discount: h.by_discount.__setitem__(d, r))
                if confirm.ok:
                    confirm.effect = discount


class MarketsWorker(Worker):
    """Its own user: bets over the CPMM markets; every other bet is then half sold. (user, market,
    outcome, amount) is unique per request, so every bet row names the request that made it."""

    def __init__(self, harness, idx, user):
        super().__init__(harness, idx)
        self.user = user
        self.headers = {"Authorization": "Bearer " + jwt(user, ["user"])}

    def step(self):
        h = self.h
        c = self.cycle
        m = len(h.markets)
        market = h.markets[c % m]
        outcome = "YES" if (c // m) % 2 == 0 else "NO"
        amount = 10 + c // (2 * m)
        tup = (self.user, market, outcome, amount)
        rec = h.call(self, "bet", "POST", "/api/v1/bets", {"marketId": market, "outcome": outcome, "amount": amount},
                     self.headers, {"market": market, "outcome": outcome, "amount": amount},
                     lambda r: h.by_bet_tuple.__setitem__(tup, r))
        if not rec.ok:
            return
        rec.effect = rec.reply.get("id")
        if c % 2 == 0 and not h.stopping.is_set():
            whole, _, frac = str(rec.reply.get("shares", "0")).partition(".")
            micros = int(whole) * 1000000 + int((frac + "000000")[:6])
            half = micros // 2
            bet = rec.effect
            shares = "%d.%06d" % (half // 1000000, half % 1000000)
            sell = h.call(self, "sell", "POST", "/api/v1/bets/%s/sell" % bet, {"shares": shares},
                          self.headers, {"bet": bet, "shares": shares}, lambda r: h.sells_by_bet[bet].append(r))
            if sell.ok:
                sell.effect = bet


class CodesWorker(Worker):
    """Its own campaign: reserve 2 codes, then assign them (to a user named after the request) or
    release them, alternately. Requests of one thread are sequential, so a reservation no answer
    returned belongs to the request in flight when it was made."""

    def __init__(self, harness, idx, campaign):
        super().__init__(harness, idx)
        self.campaign = campaign
        self.headers = {"Authorization": "Bearer " + harness.admin}
        self.held = {}   # code -> reserve id, for reservations this thread still holds

    def step(self):
        h = self.h
        rec = h.call(self, "reserve", "POST", "/api/campaigns/%s/reserve?type=tm&count=2" % self.campaign, {},
                     self.headers, {}, lambda r: h.reserves_by_thread[self.idx].append(r))
        if not rec.ok:
            return
        rec.effect = rec.reply.get("reserveId")
        codes = list(rec.reply.get("codes", []))
        for code in codes:
            if code in self.held:
                h.client_violations.append((time.time(), "code %s/%s handed out by reservation %s while reservation %s holds it" %
                                            (self.campaign, code, rec.effect, self.held[code])))
            self.held[code] = rec.effect
        if h.stopping.is_set() or not codes:
            return
        if self.cycle % 2 == 0:
            user = "u-" + rec.key
            done = h.call(self, "assign", "POST", "/api/campaigns/%s/assign" % self.campaign,
                          {"type": "tm", "assignments": [{"code": code, "userId": user} for code in codes]},
                          self.headers, {"user": user})
        else:
            done = h.call(self, "release", "POST", "/api/campaigns/%s/release" % self.campaign, {"type": "tm", "codes": codes},
                          self.headers, {})
        # Assigned or released (or unknown when unanswered): no longer held by this thread.
        for code in codes:
            self.held.pop(code, None)
        if done.ok:
            done.effect = ",".join(codes)


# ---------------------------------------------------------------------------------------------

def main():
    h = Harness()

    def on_signal(signum, frame):
        if not SIGNALLED.is_set():
            SIGNALLED.set()
            raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    failed = True
    try:
        h.platform.monitor.start()
        for name in EXECUTABLES:
            h.platform.start(name)
        say("started %s from %s; gateway on :%d" % (" ".join(EXECUTABLES), BUILD_DIR, GATEWAY_PORT))
        took = ready(timeout=180)
        if took is None:
            say("the platform did not become ready within 180 s (logs: %s)" % LOG_DIR)
            return 1
        say("platform ready after %.1fs" % took)

        n_codes = max(1, THREADS * 5 // 16)
        n_markets = max(1, THREADS * 5 // 16)
        n_loyalty = max(1, THREADS - n_codes - n_markets)
        h.setup(n_loyalty, n_markets, n_codes)

        idx = 0
        for i in range(n_loyalty):
            h.workers.append(LoyaltyWorker(h, idx, h.stores[i][0], h.stores[i][1], h.cards[i])); idx += 1
        for i in range(n_markets):
            h.workers.append(MarketsWorker(h, idx, h.users[i])); idx += 1
        for i in range(n_codes):
            h.workers.append(CodesWorker(h, idx, h.campaigns[i])); idx += 1
        plan = [("baseline", "baseline", None)]
        plan += [("kill9-" + s, "kill9", s) for s in SERVICES]
        plan += [("kill9-gateway", "kill9", "gateway"),
                 ("pg-terminate", "terminate", None),
                 ("pg-restart", "pgrestart", None),
                 ("sigstop-markets", "sigstop", "markets"),
                 ("sigterm-loyalty", "sigterm", "loyalty")]
        if REPLICAS > 1:
            plan += [("replicas-up", "replicas-up", None)]
            plan += [("replica-kill9-" + s, "replica-kill9", s) for s in REPLICATED]
            plan += [("rolling-" + s, "rolling", s) for s in REPLICATED]
        if ONLY_PHASES:
            replicated = any(p.startswith(("replica-", "rolling-")) for p in ONLY_PHASES)
            plan = [p for p in plan if p[0] in ONLY_PHASES or p[0] == "baseline" or (replicated and p[0] == "replicas-up")]
        say("load: %d loyalty, %d markets, %d code-inventory client threads; phases: %s" %
            (n_loyalty, n_markets, n_codes, ", ".join(p[0] for p in plan)))
        h.phase = plan[0][0]
        for w in h.workers:
            w.start()
        for name, kind, target in plan:
            h.run_phase(name, kind, target)

        say("phases done: stopping the load (requests in flight finish or give up within %.0fs)" % GIVE_UP)
        h.stopping.set()
        h.gate.set()
        deadline = time.time() + GIVE_UP + 30
        for w in h.workers:
            w.join(timeout=max(0.1, deadline - time.time()))
        running = [r for r in h.records if not r.done]
        if running:
            say("%d requests still running after the drain; left out of the checks" % len(running))

        # Stranded keys: a key counts once it has had no reply for CHAOS_STRANDED_AGE seconds.
        stranded_canary = h.stranded_canary()
        stranded, notes = h.stranded()
        young = [a for s, k, a in stranded if k is not None and a is not None and a < STRANDED_AGE]
        if young:
            wait = STRANDED_AGE - min(young) + 1
            say("%d idempotency keys without a reply are younger than %.0fs: checking again in %.0fs" % (len(young), STRANDED_AGE, wait))
            time.sleep(wait)
            stranded, notes = h.stranded()
        expected = h.canaries()
        result = h.analyse(final=True)
        missing = h.take_canaries(result, expected)
        if stranded_canary:
            expected.append(("stranded", "key", stranded_canary))
            if any(k == stranded_canary for _, k, _ in stranded):
                stranded = [x for x in stranded if x[1] != stranded_canary]
            else:
                missing.append("stranded key %s" % stranded_canary)
            sql("DELETE FROM loyalty.idempotency_keys WHERE key = '%s'" % stranded_canary)
        expected.append(("invariant", "markets credits", h.users[0]))
        if not h.invariant_canary():
            missing.append("invariant: markets credits of user %s off by one" % h.users[0])
        if missing:
            say("HARNESS FAULT: the checks missed %d of %d canaries (defects made on purpose): %s" %
                (len(missing), len(expected), "; ".join(missing)))
        else:
            say("canaries: the checks found all %d defects made on purpose (%s); they are left out of the table" %
                (len(expected), ", ".join("%s %s" % (w, k) for w, k, _ in expected)))
        last = h.phases[-1]
        final_inv = [v for v, _ in h.invariants() if v not in h.seen_violations]
        last.setdefault("invariants", []).extend(final_inv)
        failed = h.report(result, stranded, notes)
        if h.platform.crashes or missing or len(expected) < 6:
            failed = True
        say("report: %s" % os.path.join(CHAOS_DIR, "report.md"))
        say("FAILED: lost, doubled or stranded effects, invariant violations, crashes or processes that did not come back"
            if failed else "passed: every answered request took effect exactly once")
    except KeyboardInterrupt as e:
        say("interrupted (%s): stopping everything" % e)
        failed = True
    except Exception:
        traceback.print_exc()
        failed = True
    finally:
        h.stopping.set()
        h.gate.set()
        h.platform.stop_all()
        say("all processes stopped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
