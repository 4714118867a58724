import Foundation
import Logging

/// Delivers a notification to a user; the default only logs (there is no push or email in V1).
public protocol NotificationSender: Sendable {
    func send(userId: UUID, message: String) async throws
}

/// Writes the notification to the log.
public struct LoggingNotificationSender: NotificationSender {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(userId: UUID, message: String) async throws {
        logger.info("[notification] user \(userId.lowercasedString): \(message)")
    }
}
