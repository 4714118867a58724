internal import CNanomsg

extension NanoSocket {
    /// Connections of this socket that ended after being established (broken by an error or
    /// dropped): each one took the messages in flight on it along.
    func endedConnections() -> UInt64 {
        (try? withSocketDescriptor { fd in
            nn_get_statistic(fd, Int32(NN_STAT_BROKEN_CONNECTIONS)) &+ nn_get_statistic(fd, Int32(NN_STAT_DROPPED_CONNECTIONS))
        }) ?? 0
    }

    /// Connections established now (accepted or connected and not ended).
    func currentConnections() -> UInt64 {
        (try? withSocketDescriptor { fd in nn_get_statistic(fd, Int32(NN_STAT_CURRENT_CONNECTIONS)) }) ?? 0
    }
}
