import Foundation
import Testing
@testable import VMNetSystem

@Suite("TimedCall")
struct TimedCallTests {
    /// The threads of this process.
    private var threads: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).count
    }

    @Test("returns the result only once its thread has ended, so nothing of a call outlives it")
    func joinsItsThread() throws {
        let before = threads
        for call in 0..<200 {
            #expect(try TimedCall.run(name: "timed-call-test", within: .seconds(10)) { call * 2 } == call * 2)
            #expect(threads == before, "call \(call) left its thread running")
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
