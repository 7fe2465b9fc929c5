@testable import RelightPipeline
import Synchronization
import Testing

/// The daily budget's check reads the journal several times (is each running item submitted yet,
/// then what is spent today) while the running items go on submitting. A job that submits between
/// two reads must be counted at least once: DaemonCloudTests once saw a third job submitted under a
/// budget of two, the check having read "spent" before the job submitted and "submitted" after.
@Suite struct BudgetVerdictTests {
    /// Two running items set aside one credit each; a third (one credit) asks to start under `creditsPerDay`.
    /// Each running item submits (its credit moves from set aside to spent) just before read number
    /// `submitsBefore[i]` of the check (nil: not during the check). Returns the verdict.
    static func verdict(creditsPerDay: Double, submitsBefore: [Int?]) async -> Pipeline.BudgetVerdict {
        let world = Mutex((reads: 0, submitted: Set<Int64>()))
        let ids: [Int64] = [1, 2]
        /// One read of the journal: first the submissions due at this read happen.
        func read() -> Set<Int64> {
            world.withLock { state in
                for (index, id) in ids.enumerated() where submitsBefore[index] == state.reads { state.submitted.insert(id) }
                state.reads += 1
                return state.submitted
            }
        }
        return await Pipeline.budgetVerdict(
            cost: 1, creditsPerDay: creditsPerDay, reserved: [1: 1, 2: 1],
            submitted: { id in read().contains(id) },
            spent: { Double(read().count) })
    }

    @Test func aJobThatSubmitsDuringTheCheckIsNeverMissed() async {
        // Three reads (two items, then the spent credits): each item may submit before any of them, or not at all.
        let moments: [Int?] = [nil, 0, 1, 2]
        for first in moments {
            for second in moments {
                // Two set aside or spent, plus one: three, over a budget of two whatever the interleaving.
                let verdict = await Self.verdict(creditsPerDay: 2, submitsBefore: [first, second])
                #expect(verdict != .allowed, "item 1 submits before read \(String(describing: first)), item 2 before read \(String(describing: second))")
            }
        }
    }

    @Test func withRoomForAllThreeTheJobStarts() async {
        // Nothing moves during the check: two set aside plus one fits a budget of three.
        #expect(await Self.verdict(creditsPerDay: 3, submitsBefore: [nil, nil]) == .allowed)
        // Both submitted before the check: spent, not set aside, and still room.
        #expect(await Self.verdict(creditsPerDay: 3, submitsBefore: [0, 0]) == .allowed)
        // Spent alone is over the budget: paused for the day, not waiting on the running items.
        #expect(await Self.verdict(creditsPerDay: 2, submitsBefore: [0, 0]) == .spent(2))
    }
}
