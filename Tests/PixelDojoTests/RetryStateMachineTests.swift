@testable import PixelDojo
import Testing

/// The retry policy, driven through hours of simulated time without sleeping.
struct RetryStateMachineTests {
    static func error(_ kind: PixelDojoError.Kind, retryAfter: Duration? = nil) -> PixelDojoError {
        PixelDojoError(kind, "test \(kind.rawValue)", retryAfter: retryAfter)
    }

    @Test func transientFailuresBackOffExponentiallyWithinJitterBounds() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(1), maxDelay: .seconds(60), maxAttempts: 10))
        var delays: [Duration] = []
        for kind in [PixelDojoError.Kind.serverError, .network, .serverError, .network, .serverError, .network, .serverError] {
            guard case .retry(let delay) = machine.next(after: Self.error(kind), now: .zero, random: { 0.999 }) else {
                Issue.record("\(kind) must be retried")
                return
            }
            delays.append(delay)
        }
        // Upper jitter bound is the full backoff: 1, 2, 4, 8, 16, 32, 60 (capped).
        let expected: [Double] = [1, 2, 4, 8, 16, 32, 60]
        for (delay, full) in zip(delays, expected) {
            #expect(delay <= .seconds(full) && delay >= .seconds(full * 0.99))
        }
        // Lower jitter bound is half of it.
        var low = RetryStateMachine(configuration: .init(baseDelay: .seconds(1)))
        #expect(low.next(after: Self.error(.serverError), now: .zero, random: { 0 }) == .retry(after: .milliseconds(500)))
    }

    @Test func retryAfterIsHonouredWhenLongerThanTheBackoff() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(1)))
        let action = machine.next(after: Self.error(.rateLimited, retryAfter: .seconds(30)), now: .zero, random: { 0 })
        #expect(action == .retry(after: .seconds(30)))
        guard case .retry(let jittered) = machine.next(after: Self.error(.rateLimited, retryAfter: .seconds(30)), now: .zero, random: { 1 }) else {
            Issue.record("429 must be retried")
            return
        }
        #expect(jittered >= .seconds(30) && jittered <= .seconds(33))
    }

    @Test func givesUpAfterMaxAttempts() {
        var machine = RetryStateMachine(configuration: .init(maxAttempts: 3))
        #expect(machine.next(after: Self.error(.network), now: .zero, random: { 0.5 }) != .fail(Self.error(.network)))
        _ = machine.next(after: Self.error(.network), now: .zero, random: { 0.5 })
        guard case .fail(let error) = machine.next(after: Self.error(.network), now: .zero, random: { 0.5 }) else {
            Issue.record("the third failure must fail the item")
            return
        }
        #expect(error.kind == .network)
        #expect(error.message.contains("Gave up after 3 attempts"))
    }

    @Test func successResetsTheBackoff() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(1)))
        _ = machine.next(after: Self.error(.serverError), now: .zero, random: { 1 })
        _ = machine.next(after: Self.error(.serverError), now: .zero, random: { 1 })
        machine.succeeded()
        #expect(machine.next(after: Self.error(.serverError), now: .zero, random: { 1 }) == .retry(after: .seconds(1)))
    }

    @Test(arguments: [PixelDojoError.Kind.invalidRequest, .modelNotFound, .malformedResponse, .jobFailed, .downloadTooLarge, .notAnImage, .downloadFailed, .badRedirect])
    func permanentErrorsFailTheItemAtOnce(_ kind: PixelDojoError.Kind) {
        var machine = RetryStateMachine()
        #expect(machine.next(after: Self.error(kind), now: .zero, random: { 0.5 }) == .fail(Self.error(kind)))
    }

    @Test func unauthorizedHoldsSubmissionAndChecksTheKeyWithGrowingDelays() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(1), maxAttempts: 2, maxKeyCheckDelay: .seconds(60)))
        var checks: [Duration] = []
        for _ in 0..<10 {
            guard case .holdSubmission(let error, let delay) = machine.next(after: Self.error(.unauthorized), now: .seconds(100_000), random: { 1 }) else {
                Issue.record("a 401 must hold submission, never fail the item")
                return
            }
            #expect(error.kind == .unauthorized)
            checks.append(delay)
        }
        #expect(checks.prefix(7) == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(60)])
        #expect(checks.dropFirst(6).allSatisfy { $0 == .seconds(60) }, "capped at maxKeyCheckDelay")
        #expect(machine.attempts == 0, "a refused key uses up no attempts")
        machine.succeeded()
        #expect(machine.keyChecks == 0)
    }

    @Test func insufficientCreditsPausesWithGrowingChecksAndNeverCountsAsAnAttempt() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(1), maxAttempts: 2, maxCreditCheckDelay: .seconds(300)))
        var checks: [Duration] = []
        for _ in 0..<12 {
            guard case .pauseForCredits(let delay) = machine.next(after: Self.error(.insufficientCredits), now: .zero, random: { 1 }) else {
                Issue.record("402 must pause, not fail")
                return
            }
            checks.append(delay)
        }
        #expect(checks.first == .seconds(1))
        #expect(checks.last == .seconds(300))
        #expect(zip(checks, checks.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(machine.attempts == 0)
    }

    @Test func theDeadlineEndsRetriesAndCreditPauses() {
        var machine = RetryStateMachine(configuration: .init(baseDelay: .seconds(10), deadline: .seconds(60)))
        #expect(machine.next(after: Self.error(.serverError), now: .seconds(55), random: { 1 }) == .fail(PixelDojoError(.serverError, "test internal_error No time left before the job timeout.")))
        guard case .fail = machine.next(after: Self.error(.insufficientCredits), now: .seconds(59), random: { 1 }) else {
            Issue.record("a credit pause past the deadline must fail")
            return
        }
    }
}

/// The client-side rate limiter's bucket, with time passed in.
struct TokenBucketTests {
    @Test func spreadsCallsAtTheConfiguredRateAfterTheBurst() {
        var bucket = TokenBucket(requestsPerMinute: 60, burst: 2)
        #expect(bucket.reserve(now: .zero) == .zero)
        #expect(bucket.reserve(now: .zero) == .zero)
        #expect(bucket.reserve(now: .zero) == .seconds(1))
        #expect(bucket.reserve(now: .zero) == .seconds(2))
        // Queued callers are served in order; after a long quiet spell the burst is back, but never more.
        #expect(bucket.reserve(now: .seconds(100)) == .zero)
        #expect(bucket.reserve(now: .seconds(100)) == .zero)
        #expect(bucket.reserve(now: .seconds(100)) == .seconds(1))
    }

    @Test func sixtyCallsAtThirtyPerMinuteTakeAboutTwoMinutes() {
        var bucket = TokenBucket(requestsPerMinute: 30)
        var last = Duration.zero
        for _ in 0..<60 { last = bucket.reserve(now: .zero) }
        #expect(last >= .seconds(110) && last <= .seconds(120))
    }
}
