import Foundation

/// The body of `GET /status`: what a support engineer needs to see at a glance.
struct StatusReply: Encodable {
    let storeId: Int64
    let storeName: String
    let backendUrl: String
    let backendReachable: Bool
    let lastBackendError: String?
    let lastBackendErrorAt: Date?
    let consecutiveAmountErrors: Int
    let amountAlerts: Int
    let currentDiscount: String?
    let queuedDiscounts: Int
    let pendingConfirmations: Int
    let discountsWritten: Int
    let uptimeSeconds: Int
    let version: String

    private enum CodingKeys: String, CodingKey {
        case storeId, storeName, backendUrl, backendReachable, lastBackendError, lastBackendErrorAt, consecutiveAmountErrors,
            amountAlerts, currentDiscount, queuedDiscounts, pendingConfirmations, discountsWritten, uptimeSeconds, version
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(storeId, forKey: .storeId)
        try container.encode(storeName, forKey: .storeName)
        try container.encode(backendUrl, forKey: .backendUrl)
        try container.encode(backendReachable, forKey: .backendReachable)
        try container.encode(lastBackendError, forKey: .lastBackendError)
        try container.encode(lastBackendErrorAt.map(ISO8601.format), forKey: .lastBackendErrorAt)
        try container.encode(consecutiveAmountErrors, forKey: .consecutiveAmountErrors)
        try container.encode(amountAlerts, forKey: .amountAlerts)
        try container.encode(currentDiscount, forKey: .currentDiscount)
        try container.encode(queuedDiscounts, forKey: .queuedDiscounts)
        try container.encode(pendingConfirmations, forKey: .pendingConfirmations)
        try container.encode(discountsWritten, forKey: .discountsWritten)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
        try container.encode(version, forKey: .version)
    }
}
