"""The platform's HTTP API as the tests use it: an admin, a store's till, a Telegram user."""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def admin_token(secret: str, subject: str = "browser-admin") -> str:
    """An HS256 JWT with the admin role, signed as the gateway expects (infra/run.sh's JWT_SECRET)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64(json.dumps({"sub": subject, "roles": ["admin", "user"], "exp": int(time.time()) + 3600}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def sign_init_data(bot_token: str, user: dict, auth_date: int | None = None) -> str:
    """Telegram WebApp initData for `user`, signed as the bot would sign it: HMAC-SHA256 of the
    sorted `key=value` lines under the key HMAC-SHA256("WebAppData", bot token)."""
    fields = {
        "auth_date": str(auth_date or int(time.time())),
        "query_id": "AAH" + uuid.uuid4().hex[:12],
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
    }
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


_telegram_ids = itertools.count(random.randint(10_000, 90_000) * 1000)


@dataclass
class TelegramUser:
    """A Telegram user of the tests: their id, name and signed initData."""

    id: int
    first_name: str
    language_code: str
    init_data: str

    @property
    def hash_fragment(self) -> str:
        """What Telegram puts after `#` in a Mini App's URL."""
        return "tgWebAppData=" + urllib.parse.quote(self.init_data, safe="")


@dataclass
class Store:
    id: int
    name: str
    key: str


class Api:
    """Calls the gateway as JSON over HTTP."""

    def __init__(self, base_url: str, jwt_secret: str, bot_token: str):
        self.base_url = base_url.rstrip("/")
        self.bot_token = bot_token
        self.admin = {"Authorization": "Bearer " + admin_token(jwt_secret)}

    # ---- transport ----

    def request(self, method: str, path: str, headers: dict | None = None, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            try:
                payload = json.loads(text)
            except ValueError:
                payload = {"text": text}
            raise ApiError(error.code, payload) from None

    def raw(self, path: str, headers: dict | None = None):
        """GET a page or asset: (status, headers, body text)."""
        request = urllib.request.Request(self.base_url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    # ---- admin ----

    def create_store(self, name: str) -> Store:
        reply = self.request("POST", "/api/admin/stores", self.admin, {"name": name})
        return Store(id=int(reply["id"]), name=reply.get("name", name), key=reply["apiKey"])

    # ---- Telegram users ----

    def telegram_user(self, first_name: str = "Olga", language_code: str = "ru") -> TelegramUser:
        user_id = next(_telegram_ids)
        user = {"id": user_id, "first_name": first_name, "language_code": language_code}
        return TelegramUser(user_id, first_name, language_code, sign_init_data(self.bot_token, user))

    def register(self, user: TelegramUser, name: str | None = None) -> str:
        """Registers the user's card through the API; returns the 6-digit card number."""
        body = {"name": name} if name else {}
        reply = self.request("POST", "/api/customers", {"X-Telegram-Init-Data": user.init_data}, body)
        return reply["card"]

    def customer(self, card: str) -> dict:
        return self.request("GET", f"/api/customers/{card}", self.admin)

    def ledger(self, card: str, limit: int = 100) -> list[dict]:
        reply = self.request("GET", f"/api/customers/{card}/transactions?limit={limit}", self.admin)
        return reply.get("items", reply.get("transactions", []))

    # ---- the till ----

    @staticmethod
    def till(store: Store) -> dict:
        return {"x-store-api-key": store.key}

    def earn(self, store: Store, card: str, amount: str) -> dict:
        return self.request(
            "POST",
            "/api/cashier/earn",
            {**self.till(store), "Idempotency-Key": str(uuid.uuid4())},
            {"card": card, "storeId": store.id, "amount": amount},
        )

    def redeem(self, store: Store, card: str, amount: str, points: int) -> dict:
        return self.request(
            "POST",
            "/api/cashier/redeem",
            {**self.till(store), "Idempotency-Key": str(uuid.uuid4())},
            {"card": card, "storeId": store.id, "amount": amount, "points": points},
        )

    def confirm_discount(self, store: Store, discount_id, status: str) -> dict:
        return self.request(
            "POST", "/api/1c/confirm-discount", self.till(store), {"discountId": str(discount_id), "status": status}
        )

    def preview(self, store: Store, card: str, amount: str, operation: str, points: int | None = None) -> dict:
        body = {"card": card, "storeId": store.id, "amount": amount, "operation": operation}
        if points is not None:
            body["points"] = points
        return self.request("POST", "/api/cashier/preview", self.till(store), body)

    def store_transactions(self, store: Store, limit: int = 50) -> list[dict]:
        reply = self.request("GET", f"/api/stores/{store.id}/transactions?limit={limit}", self.till(store))
        return reply.get("items", reply.get("transactions", []))


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise RuntimeError(f"{name} is not set: run the browser tests through infra/browser/run.sh")
    return value
