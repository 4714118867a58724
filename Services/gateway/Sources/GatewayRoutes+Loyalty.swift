import HTTPTypes

/// loyalty over REST: customers (Telegram), cashier operations, the till's agent, stores (admin).
/// Cashier and card routes take any credential; the service decides what each caller may do.
/// AuthenticateStore is bus-only (the gateway itself uses it for `x-store-api-key`).
extension GatewayRoutes {
    static var loyalty: [RouteSpec] {
        let service = "loyalty"
        let anyone = AuthRule.anyCredential
        let telegramOnly = AuthRule.only([.telegram])
        // The till's agent holds the store key; admins (bearer) may act for any store.
        let agent = AuthRule.only([.storeKey, .bearer])
        let storeKeyOnly = AuthRule.only([.storeKey])
        let admin = AuthRule.anyRole(["admin"])
        func l(_ name: String) -> String { "loyalty.\(name)" }
        return [
            RouteSpec(.post, "/api/customers", service: service, rpc: "RegisterCustomer",
                      request: l("RegisterCustomerRequest"), response: l("Customer"), auth: telegramOnly, success: .created,
                      summary: "Register the calling Telegram user (initData) and return their 6-digit card"),
            RouteSpec(.get, "/api/customers/{card}", service: service, rpc: "GetCustomer",
                      request: l("GetCustomerRequest"), response: l("Customer"), auth: anyone,
                      summary: "Available balance, points expiring within 7 days and name (cashiers; a customer their own card)"),
            RouteSpec(.get, "/api/customers/{card}/stats", service: service, rpc: "GetCustomerStats",
                      request: l("GetCustomerStatsRequest"), response: l("CustomerStats"), auth: anyone,
                      summary: "All-time totals of a card: purchases, amount spent, points earned and redeemed, last visit (cashiers; a customer their own card)"),
            RouteSpec(.get, "/api/customers/{card}/transactions", service: service, rpc: "ListCustomerTransactions",
                      request: l("ListCustomerTransactionsRequest"), response: l("CustomerTransactionsPage"), auth: anyone,
                      summary: "Ledger of a card, newest first (?limit=&cursor=)"),
            RouteSpec(.post, "/api/cashier/earn", service: service, rpc: "Earn",
                      request: l("EarnRequest"), response: l("EarnReply"), auth: anyone,
                      summary: "Earn 4% cashback on a purchase {card, storeId, amount}; Idempotency-Key makes retries safe"),
            RouteSpec(.post, "/api/cashier/redeem", service: service, rpc: "Redeem",
                      request: l("RedeemRequest"), response: l("RedeemReply"), auth: anyone,
                      summary: "Spend points (≤ 20% of the purchase) as a pending discount for the till, earn cashback on the rest"),
            RouteSpec(.get, "/api/stores/{storeId}/transactions", service: service, rpc: "ListStoreTransactions",
                      request: l("ListStoreTransactionsRequest"), response: l("StoreTransactionsPage"), auth: anyone,
                      summary: "Recent operations of one store, newest first (?limit=&cursor=); a redemption with its discount's outcome"),
            RouteSpec(.post, "/api/1c/precheck", service: service, rpc: "SubmitPrecheck",
                      request: l("SubmitPrecheckRequest"), response: l("Precheck"), auth: agent,
                      summary: "The till's agent posts the open receipt amount {storeId, amount} (kept 60 s)"),
            RouteSpec(.get, "/api/1c/precheck", service: service, rpc: "GetPrecheck",
                      request: l("GetPrecheckRequest"), response: l("Precheck"), auth: anyone,
                      summary: "The open receipt amount of ?storeId= (404 when none in the last minute)"),
            RouteSpec(.delete, "/api/1c/precheck", service: service, rpc: "ClearPrecheck",
                      request: l("ClearPrecheckRequest"), response: l("ClearPrecheckReply"), auth: agent,
                      summary: "The till's agent clears the open receipt amount of ?storeId= (the receipt was closed)"),
            RouteSpec(.post, "/api/1c/pending-discounts/take", service: service, rpc: "TakePendingDiscounts",
                      request: l("TakePendingDiscountsRequest"), response: l("PendingDiscounts"), auth: storeKeyOnly,
                      summary: "The store's own agent (x-store-api-key only) takes its pending discounts {storeId}: pending → processing"),
            RouteSpec(.get, "/api/1c/pending-discounts", service: service, rpc: "ListPendingDiscounts",
                      request: l("ListPendingDiscountsRequest"), response: l("PendingDiscounts"), auth: anyone,
                      summary: "The open discounts of ?storeId=, read only (cashiers of the store, admins)"),
            RouteSpec(.post, "/api/1c/confirm-discount", service: service, rpc: "ConfirmDiscount",
                      request: l("ConfirmDiscountRequest"), response: l("ConfirmDiscountReply"), auth: agent,
                      summary: "The agent reports {discountId, status: applied|failed}; failed refunds the points; applied after the expiry takes them again"),
            RouteSpec(.post, "/api/admin/stores", service: service, rpc: "CreateStore",
                      request: l("CreateStoreRequest"), response: l("StoreInfo"), auth: admin, success: .created,
                      summary: "Create a store; its API key is shown in this answer only (admin)"),
            RouteSpec(.get, "/api/admin/stores", service: service, rpc: "ListStores",
                      request: l("ListStoresRequest"), response: l("StoreList"), auth: admin,
                      summary: "Every store with its number of cashiers (admin)"),
            RouteSpec(.post, "/api/admin/stores/{storeId}/cashiers", service: service, rpc: "AddCashier",
                      request: l("AddCashierRequest"), response: l("Cashier"), auth: admin, success: .created,
                      summary: "Make a Telegram user {telegramId} a cashier of the store (admin)"),
        ]
    }
}
