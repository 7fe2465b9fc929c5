/// The `budget:` section.
public struct BudgetSettings: Sendable, Hashable {
    /// Credits that may be spent per day; 0 means unlimited.
    public var creditsPerDay: Double

    public init(creditsPerDay: Double = 0) {
        self.creditsPerDay = creditsPerDay
    }

    public var isUnlimited: Bool { creditsPerDay <= 0 }
}
