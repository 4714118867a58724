import Contracts

/// Who is calling the loyalty service, as the gateway verified it.
public enum Caller: Sendable, Equatable {
    /// An administrator (JWT with role `admin`).
    case admin
    /// A till's agent or cashier screen holding the store's API key.
    case store(Int32)
    /// A Telegram user (WebApp initData); a cashier when an admin registered them for a store.
    case telegram(id: Int64, name: String)
    /// Another service acting for itself (the scheduler, the gateway resolving keys).
    case service(String)
    /// Anything else: refused wherever a caller matters.
    case anonymous

    /// Reads the principal the gateway (or a service) put in the envelope.
    public init(_ principal: Principal) {
        if principal.has(role: "admin") {
            self = .admin
        } else if principal.has(role: "store"), let id = Int32(principal.storeId), id > 0 {
            self = .store(id)
        } else if principal.has(role: "telegram"), principal.subject.hasPrefix("telegram:"),
            let id = Int64(principal.subject.dropFirst("telegram:".count))
        {
            self = .telegram(id: id, name: principal.displayName)
        } else if principal.has(role: "service") {
            self = .service(principal.subject)
        } else {
            self = .anonymous
        }
    }
}
