"""The cashier screen (/cashier) driven as a cashier would: keypad, amount, operation, confirm."""

from selenium.webdriver.common.keys import Keys

from .browser import Screen


class CashierScreen:
    def __init__(self, screen: Screen):
        self.screen = screen

    def open(self, query: str = ""):
        self.screen.open("/cashier" + query)

    def sign_in(self, key: str):
        """Enters the store's key in the sign-in form; returns once the till is idle."""
        self.open()
        self.screen.visible("signin")
        field = self.screen.visible("store-key")
        field.clear()
        field.send_keys(key)
        self.screen.click("signin-submit")
        self.wait_signed_in()

    def wait_signed_in(self):
        """Until the till (keypad) is shown instead of the sign-in form, idle."""
        self.screen.visible("key-0")
        self.screen.wait(lambda _: not self.signin_shown(), "the sign-in form gone")
        self.screen.wait_state("idle")

    def signin_shown(self) -> bool:
        forms = self.screen.find_all("signin")
        return bool(forms) and forms[0].is_displayed()

    def type_card(self, card: str):
        """Taps the card's digits on the on-screen keypad (the search starts by itself at 6)."""
        for digit in card:
            self.screen.click(f"key-{digit}")

    def find_customer(self, card: str) -> tuple[str, int]:
        """Types the card and waits for the customer: (name shown, balance data-value)."""
        self.screen.wait_state("idle")
        self.type_card(card)
        self.screen.wait_state("customer_found", "ready")
        name = self.screen.visible("customer-name").text
        self.screen.visible("customer-balance")
        return name, self.screen.value("customer-balance")

    def enter_amount(self, amount: str):
        """Types the amount by hand (overriding the agent's)."""
        field = self.screen.visible("amount")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        field.send_keys(amount)
        self.screen.wait_attribute("amount-source", "data-source", "manual")

    def wait_agent_amount(self, amount: str):
        """Until the amount field shows what the agent serves."""

        def arrived(_):
            field = self.screen.find_all("amount")
            source = self.screen.find_all("amount-source")
            return (
                bool(field) and bool(source) and source[0].get_attribute("data-source") == "agent" and _same_money(field[0].get_attribute("value"), amount)
            )

        self.screen.wait(arrived, f"the amount {amount} from the agent in the amount field")

    def choose(self, operation: str):
        """op-redeem or op-earn; waits for the backend's preview."""
        self.screen.click(f"op-{operation}")
        self.screen.visible("preview")
        self.screen.wait_state("ready")
        self.screen.clickable("confirm")

    def preview_numbers(self) -> dict:
        numbers = {}
        for key, testid in (("points", "preview-points"), ("earned", "preview-earned"), ("balanceAfter", "preview-balance-after")):
            elements = self.screen.find_all(testid)
            if elements and elements[0].get_attribute("data-value") not in (None, ""):
                numbers[key] = int(elements[0].get_attribute("data-value"))
        payable = self.screen.find_all("preview-payable")
        numbers["payable"] = payable[0].text if payable else None
        return numbers

    def confirm(self):
        self.screen.click("confirm")

    def discount_status(self) -> str:
        elements = self.screen.find_all("discount-status")
        return elements[0].get_attribute("data-status") if elements else ""

    def wait_discount(self, *statuses: str, timeout: float | None = None):
        self.screen.wait(lambda _: self.discount_status() in statuses, f"discount-status in {statuses}", timeout)
        return self.discount_status()

    def done(self):
        self.screen.click("done")
        self.screen.wait_state("idle")


def _same_money(shown: str | None, amount: str) -> bool:
    """'1 234,50' / '1234.50' / '1234,5' all mean 1234.50."""
    if not shown:
        return False
    digits = shown.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".").replace("₽", "")
    try:
        return round(float(digits) * 100) == round(float(amount) * 100)
    except ValueError:
        return False
