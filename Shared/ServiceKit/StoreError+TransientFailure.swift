import Bus
import Store

/// Lost connections, a database shutting down or restarting, a closed pool and conflicts that
/// outlasted their retries are answered UNAVAILABLE: the same call may well succeed shortly.
extension StoreError: TransientFailure {
    public var isTransient: Bool {
        isConnectionLoss || isRetryableTransactionConflict || kind == .poolClosed || sqlState == "57P03" || sqlState == "55P03"
    }
}
