import Foundation
import Synchronization

/// Collects the events a server reports on its own thread, for a test to wait on.
final class EventLog<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])

    /// The callback to hand the server.
    var record: @Sendable (Event) -> Void {
        { [self] event in events.withLock { $0.append(event) } }
    }

    var all: [Event] { events.withLock { $0 } }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        usleep(20_000)
    }
    return true
}
