"""The pages' security: a strict Content-Security-Policy, no inline script, every value escaped, and
the API's credential rules on the page (a key of one store sees nothing of another)."""

import re

import pytest

from support.api import ApiError

PAGES = ["/", "/cashier", "/profile", "/?lang=en", "/cashier?lang=en"]
# Hostile markup within loyalty's 64-character name limit.
MARKUP_NAME = "<script>window.__xss=1</script><img src=x onerror=__xss=2>"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy_and_no_inline_script(api, path):
    status, headers, html = api.raw(path)
    assert status == 200, f"{path}: {status}"
    header = headers.get("Content-Security-Policy")
    assert header, f"{path} has no Content-Security-Policy header"
    directives = csp_directives(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, f"{path}: the policy does not restrict scripts: {header}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts, header
    assert directives.get("object-src") == ["'none'"] or directives.get("default-src") == ["'none'"], header

    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html, re.I) if not re.search(r"\bsrc\s*=", tag, re.I)]
    assert not inline, f"{path} has inline scripts: {inline}"
    handlers = re.findall(r"<[^>]+\son[a-z]+\s*=", html, re.I)
    assert not handlers, f"{path} has inline event handlers: {handlers}"
    assert "javascript:" not in html.lower()


def test_the_browser_reports_no_policy_violation_on_the_pages(desktop, api):
    user = api.telegram_user("Вера", "ru")
    for path in ["/cashier", f"/#{user.hash_fragment}", f"/profile#{user.hash_fragment}"]:
        desktop.open(path)
        desktop.wait(lambda d: d.execute_script("return document.readyState") == "complete", f"{path} loaded")
        violations = [e["message"] for e in desktop.driver.get_log("browser") if "Content Security Policy" in e["message"]]
        assert not violations, f"{path}: {violations}"


def test_a_customer_name_with_markup_is_shown_as_text(cashier, desktop, api, store):
    user = api.telegram_user("Хакер", "ru")
    card = api.register(user, name=MARKUP_NAME)
    assert api.customer(card)["name"] == MARKUP_NAME

    cashier.sign_in(store.key)
    name, _ = cashier.find_customer(card)
    assert name == MARKUP_NAME
    assert not desktop.find("customer-name").find_elements("css selector", "img, script")
    assert desktop.driver.execute_script("return window.__xss") is None, "the name's script ran at the till"

    desktop.open(f"/profile#{user.hash_fragment}")
    desktop.wait(lambda _: desktop.visible("profile-name").get_attribute("value") == MARKUP_NAME, "the name in the profile")
    desktop.open(f"/#{user.hash_fragment}")
    desktop.visible("card-number")
    assert desktop.driver.execute_script("return window.__xss") is None, "the name's script ran in the portal"
    assert not desktop.driver.find_elements("css selector", "img[src='x']")


def recent_text(screen) -> str:
    return " ".join(item.text for item in screen.find_all("recent-item"))


def test_a_key_of_one_store_sees_nothing_of_another_store_on_the_page(cashier, desktop, api, store, other_store, customer):
    _, ours = customer("Своя покупательница")  # she bought at this store
    _, theirs = customer("Василий", earn=None)
    api.earn(other_store, theirs, "777.00")  # he bought only at the other store
    cashier.sign_in(store.key)
    desktop.wait(lambda _: ours in recent_text(desktop), "this store's recent operations")

    # Someone at the till points the page at the other store: it keeps to the key's own store.
    desktop.driver.execute_script("localStorage.setItem('cashier.storeId', arguments[0])", str(other_store.id))
    desktop.driver.refresh()
    cashier.wait_signed_in()
    desktop.wait(lambda _: ours in recent_text(desktop), "this store's recent operations after the reload")
    assert theirs not in recent_text(desktop), "the other store's operation is on the page"

    # And the API the page calls refuses that store's history to this key.
    status = desktop.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(`/api/stores/${arguments[0]}/transactions`, {headers: {'x-store-api-key': localStorage.getItem('cashier.storeKey')}})
          .then(r => done(r.status), e => done(String(e)));
        """,
        other_store.id,
    )
    assert status == 403


def refused(api, shop) -> bool:
    try:
        api.request("GET", "/api/cashier/session", api.till(shop))
        return False
    except ApiError as error:
        return error.status == 401


def test_a_rotated_store_key_signs_the_till_out_with_an_error(cashier, desktop, api):
    shop = api.create_store("Киоск на вокзале")
    cashier.sign_in(shop.key)
    api.request("POST", f"/api/admin/stores/{shop.id}/key", api.admin, {})
    # The gateway drops its cached key when loyalty's rotation event reaches it (moments later).
    desktop.wait(lambda _: refused(api, shop), "the gateway refusing the old key")
    desktop.driver.refresh()
    message = desktop.wait_text("signin-error", bool, "the till signed out with an error for the old key")
    assert message.strip()
    assert desktop.driver.execute_script("return localStorage.getItem('cashier.storeKey')") is None, "the dead key is forgotten"
