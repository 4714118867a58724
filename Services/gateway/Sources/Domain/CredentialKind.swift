/// The kinds of credential a request can carry; each route names those it takes.
public enum CredentialKind: String, Sendable, Hashable, CaseIterable {
    /// `Authorization: Bearer <JWT>`.
    case bearer
    /// Telegram WebApp initData (`Authorization: tma …` or `X-Telegram-Init-Data`).
    case telegram
    /// A till's `x-store-api-key`.
    case storeKey
}
