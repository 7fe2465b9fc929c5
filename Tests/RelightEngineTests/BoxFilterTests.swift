@testable import RelightEngine
import Testing

/// The box filter (the guided filter's and the alignment's building block) against its definition: the mean
/// of the values within `radius` in both directions, the window cut off at the borders.
@Suite struct BoxFilterTests {
    static func definition(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        var output = [Float](repeating: 0, count: input.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Double = 0
                var count = 0
                for v in max(0, y - radius)...min(height - 1, y + radius) {
                    for u in max(0, x - radius)...min(width - 1, x + radius) {
                        sum += Double(input[v * width + u])
                        count += 1
                    }
                }
                output[y * width + x] = Float(sum / Double(count))
            }
        }
        return output
    }

    /// Sizes whose rows are not a multiple of the four run at once, and radii wider than the grid.
    @Test(arguments: [(1, 1, 1), (5, 3, 1), (7, 6, 2), (31, 17, 4), (64, 9, 12), (3, 40, 5), (120, 81, 7)])
    func matchesTheDefinition(size: (Int, Int, Int)) {
        let (width, height, radius) = size
        var state: UInt32 = 12345
        let input = (0..<(width * height)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 4 - 2
        }
        let filtered = BoxFilter.mean(input, width: width, height: height, radius: radius)
        let expected = Self.definition(input, width: width, height: height, radius: radius)
        let worst = zip(filtered, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(filtered.count == expected.count)
        #expect(worst < 1e-4, "largest difference \(worst) for \(width)×\(height), radius \(radius)")
    }
}
