internal import CLibpq
import Logging

/// Receives server notices (WARNING, NOTICE) for one connection and logs them instead of libpq's
/// default of printing to stderr.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Installs the sink; the connection must keep `self` alive as long as the `PGconn` exists.
    func install(on connection: OpaquePointer) {
        PQsetNoticeProcessor(
            connection,
            { context, message in
                guard let context, let message else { return }
                let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
                sink.logger.debug("postgres notice", metadata: ["notice": "\(String(cString: message).trimmingWhitespace())"])
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }
}
