import Foundation
import Testing
@testable import VMNetSystem

@Suite("TimedCall")
struct TimedCallTests {
    /// A value whose release the test watches.
    private final class Token: Sendable {}

    @Test("returns the result only once its thread has ended, so nothing of a call outlives it")
    func joinsItsThread() throws {
        for call in 0..<200 {
            weak var released: Token?
            do {
                let token = try #require(try TimedCall.run(name: "timed-call-test", within: .seconds(10)) { Token() })
                released = token
            }
            #expect(released == nil, "call \(call): its thread still held the answer after run returned")
        }
    }

    @Test("gives up on a call that outlives its timeout, and returns nil")
    func timesOut() throws {
        let start = ContinuousClock.now
        let result = try TimedCall.run(name: "timed-call-test", within: .milliseconds(200)) { () -> Int in
            usleep(1_500_000)
            return 1
        }
        #expect(result == nil)
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
