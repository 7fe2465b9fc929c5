import Synchronization
import Testing
@testable import RelightPipeline

/// The shared journal's query deadlines, held by one watchdog task for all queries in flight.
struct QueryWatchdogTests {
    @Test func aQueryThatNeverConnectsFailsAfterTheConnectTimeout() async throws {
        let watchdog = QueryWatchdog()
        let cancelled = Flag()
        let start = ContinuousClock.now
        await #expect {
            try await watchdog.answer(connectingWithin: .seconds(1), answeringWithin: .seconds(60)) { _ in
                await hang(until: cancelled)
            }
        } throws: { error in
            "\(error)".contains("no connection within 1 s")
        }
        let took = ContinuousClock.now - start
        // Within a tick of the deadline on a quiet machine; the bound leaves room for a loaded one
        // (one CI run took 17 s with a build beside the tests), and the operation would take 300 s.
        #expect(took >= .seconds(1) && took < .seconds(60), "failed after \(took)")
        #expect(cancelled.isSet, "the abandoned operation is cancelled")
        #expect(watchdog.watching.count == 0)
    }

    @Test func aQueryThatConnectsButNeverAnswersFailsAfterTheAnswerTimeout() async throws {
        let watchdog = QueryWatchdog()
        let start = ContinuousClock.now
        await #expect {
            try await watchdog.answer(connectingWithin: .seconds(1), answeringWithin: .seconds(1)) { connected in
                connected()
                try? await Task.sleep(for: .seconds(300))
                return 1
            }
        } throws: { error in
            "\(error)".contains("no answer within 1 s of connecting")
        }
        let took = ContinuousClock.now - start
        #expect(took >= .seconds(2) && took < .seconds(60), "failed after \(took)")
    }

    @Test func answersAndErrorsComeBackAndTheWatchdogStopsWhenIdle() async throws {
        let watchdog = QueryWatchdog()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await watchdog.answer(connectingWithin: .seconds(10), answeringWithin: .seconds(60)) { connected in
                        connected()
                        if index.isMultiple(of: 3) { try await Task.sleep(for: .milliseconds(index % 20)) }
                        return index
                    }
                }
            }
            var values: [Int] = []
            for try await value in group { values.append(value) }
            return values
        }
        #expect(values.count == 200 && Set(values).count == 200)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await watchdog.answer(connectingWithin: .seconds(10), answeringWithin: .seconds(60)) { _ -> Int in throw Refused() }
        }
        #expect(watchdog.watching.count == 0)
        let idleBy = ContinuousClock.now + .seconds(5)
        while watchdog.watching.running, ContinuousClock.now < idleBy { try await Task.sleep(for: QueryWatchdog.tick) }
        #expect(!watchdog.watching.running, "no task ticks while no query is in flight")
        // And it starts again for the next query, which connected in time and may then take longer.
        #expect(try await watchdog.answer(connectingWithin: .seconds(1), answeringWithin: .seconds(10)) { connected in
            connected()
            try await Task.sleep(for: .seconds(1) + QueryWatchdog.tick * 2)
            return 7
        } == 7, "a query that connected in time is not failed at the connect deadline")
    }

    @Test func aCancelledCallerIsResumedAtOnceAndItsOperationCancelled() async throws {
        let watchdog = QueryWatchdog()
        let cancelled = Flag()
        let caller = Task {
            try await watchdog.answer(connectingWithin: .seconds(60), answeringWithin: .seconds(60)) { _ in
                await hang(until: cancelled)
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(cancelled.isSet)
        #expect(watchdog.watching.count == 0)
    }
}

/// A flag that a cancellation handler sets and the test reads.
/// A query that does not answer: it sleeps until cancelled, and says it was.
private func hang(until cancelled: Flag) async -> Int {
    await withTaskCancellationHandler {
        try? await Task.sleep(for: .seconds(300))
    } onCancel: {
        cancelled.set()
    }
    return 1
}

private final class Flag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
