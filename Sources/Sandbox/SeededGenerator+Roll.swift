import RelightEngine

extension SeededGenerator {
    /// True with probability `rate`: the sandbox's fault dice (the same seed gives the same faults).
    mutating func roll(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        guard rate < 1 else { return true }
        return Double.random(in: 0..<1, using: &self) < rate
    }
}
