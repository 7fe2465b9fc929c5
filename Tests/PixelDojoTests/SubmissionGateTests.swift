import PixelDojo
import Synchronization
import Testing

/// After a 402 (or a 401) one submit probes when the wait is over and the others wait for its answer,
/// rather than every queued submit asking at once and every one being refused.
@Suite(.timeLimit(.minutes(1))) struct SubmissionGateTests {
    /// Submits waiting at `gate`, and how many are through.
    struct Waiters {
        final class Count: Sendable {
            let value = Mutex(0)
        }

        let count = Count()
        let tasks: [Task<Void, any Error>]

        init(_ number: Int, at gate: SubmissionGate) {
            let count = count
            tasks = (0..<number).map { _ in
                Task {
                    try await gate.waitUntilOpen(probe: SubmissionGate.ProbeID())
                    count.value.withLock { $0 += 1 }
                }
            }
        }

        var through: Int { count.value.withLock { $0 } }
    }

    @Test func oneSubmitProbesAndTheOthersWaitForItsAnswer() async throws {
        let gate = SubmissionGate()
        let refused = SubmissionGate.ProbeID()
        #expect(await gate.pause(for: .milliseconds(100), by: refused))
        let others = Waiters(3, at: gate)
        // The refused submit probes once the pause is over; the others do not go with it.
        try await gate.waitUntilOpen(probe: refused)
        try await Task.sleep(for: .milliseconds(400))
        #expect(others.through == 0, "the others wait for the probe's answer")
        // Refused again: it probes again after the next wait, still alone.
        await gate.pause(for: .milliseconds(100), by: refused)
        try await gate.waitUntilOpen(probe: refused)
        try await Task.sleep(for: .milliseconds(400))
        #expect(others.through == 0)
        // Its submit goes through: everyone goes.
        #expect(await gate.reopen())
        for task in others.tasks { try await task.value }
        #expect(others.through == 3)
    }

    @Test func aProbeThatNeverAnswersHoldsTheOthersOnlyForAWhile() async throws {
        let gate = SubmissionGate(probePatience: .milliseconds(300))
        // The refused submit is never heard of again (its item was stopped, say).
        await gate.pause(for: .milliseconds(50), by: SubmissionGate.ProbeID())
        let start = ContinuousClock.now
        let others = Waiters(2, at: gate)
        while others.through == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(ContinuousClock.now - start >= .milliseconds(350), "one takes over once the probe's patience is spent")
        // That one is now the probe, and it does not answer either: the last waits for it in turn.
        let second = ContinuousClock.now
        for task in others.tasks { try await task.value }
        #expect(ContinuousClock.now - second >= .milliseconds(250))
        #expect(others.through == 2)
    }

    @Test func aProbeThatGivesUpLetsTheNextGoAtOnce() async throws {
        let gate = SubmissionGate()  // the default patience, minutes: not what lets them through here
        let refused = SubmissionGate.ProbeID()
        await gate.pause(for: .milliseconds(50), by: refused)
        let others = Waiters(2, at: gate)
        try await Task.sleep(for: .milliseconds(300))
        #expect(others.through == 0)
        // The refused submit's item fails (or stops) without trying again: one of the others probes now.
        await gate.resign(refused)
        while others.through == 0 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(others.through == 1, "one probes, the other waits for its answer")
        await gate.reopen()
        for task in others.tasks { try await task.value }
    }

    @Test func aShortRefusalAfterALongOneDoesNotTakeTheProbeOver() async throws {
        let gate = SubmissionGate()
        let probe = SubmissionGate.ProbeID(), stale = SubmissionGate.ProbeID()
        await gate.pause(for: .milliseconds(200), by: probe)
        // A submit that was already under way is refused too, with its first (short) wait.
        await gate.pause(for: .milliseconds(20), by: stale)
        let others = Waiters(1, at: gate)
        // The stale one asks when its own wait would have ended: the pause in force is the probe's.
        try await gate.waitUntilOpen(probe: probe)
        try await Task.sleep(for: .milliseconds(300))
        #expect(others.through == 0, "the probe is still the one with the longest wait")
        await gate.reopen()
        for task in others.tasks { try await task.value }
    }

    @Test func anUploadOnlyWaitsForTheEndOfThePause() async throws {
        let gate = SubmissionGate()
        await gate.pause(for: .milliseconds(50), by: SubmissionGate.ProbeID())
        // No probe id: not a submit, so the probe's answer is not awaited.
        try await gate.waitUntilOpen()
        #expect(await gate.currentPause() != nil, "still paused until a submit goes through")
    }
}
