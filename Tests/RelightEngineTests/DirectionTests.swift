import ImagePixels
import RelightConfig
import RelightEngine
import Testing

@Suite struct DirectionTests {
    /// A named region pair: the side the light comes from and the opposite side.
    enum Side: String, CaseIterable, Sendable {
        case left, right, top, bottom

        var region: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
            switch self {
            case .left: (0...(1.0 / 3), 0...1)
            case .right: ((2.0 / 3)...1, 0...1)
            case .top: (0...1, 0...(1.0 / 3))
            case .bottom: (0...1, (2.0 / 3)...1)
            }
        }

        var opposite: Side {
            switch self {
            case .left: .right
            case .right: .left
            case .top: .bottom
            case .bottom: .top
            }
        }
    }

    /// How much brighter `near` got relative to `far`, compared with the source: > 1 means lit from `near`.
    static func lift(_ source: PixelBuffer, _ output: PixelBuffer, near: Side) -> Double {
        func ratio(_ image: PixelBuffer) -> Double {
            let a = Support.luma(Support.mean(image, x: near.region.x, y: near.region.y))
            let b = Support.luma(Support.mean(image, x: near.opposite.region.x, y: near.opposite.region.y))
            return a / max(1, b)
        }
        return ratio(output) / ratio(source)
    }

    static let cases: [(String?, String, [Side])] = [
        ("Left Light", "", [.left]),
        ("Right Light", "", [.right]),
        ("Top Light", "", [.top]),
        ("Bottom Light", "", [.bottom]),
        ("Top Left Light", "", [.top, .left]),
        ("Bottom Right Light", "", [.bottom, .right]),
        (nil, "soft light from the left", [.left]),
        ("None", "warm light from camera right", [.right]),
        (nil, "overhead spotlight", [.top]),
        (nil, "eerie light from below", [.bottom]),
    ]

    @Test(arguments: 0..<cases.count)
    func theLightComesFromTheNamedSide(index: Int) throws {
        let (light, prompt, sides) = Self.cases[index]
        let source = try Support.portrait()
        let output = RelightEngine().render(source, profile: Support.profile(prompt, light: light))
        for side in sides {
            let lift = Self.lift(source, output, near: side)
            // A diagonal splits its effect over two axes.
            #expect(lift > (sides.count > 1 ? 1.1 : 1.2), "\(light ?? "-") / \(prompt): \(side) lift \(lift)")
        }
    }

    @Test func noneHasNoSideBias() throws {
        let source = try Support.portrait()
        let output = RelightEngine().render(source, profile: Support.profile("", light: "None"))
        for side in [Side.left, .top] {
            let lift = Self.lift(source, output, near: side)
            #expect(abs(lift - 1) < 0.08, "\(side): \(lift)")
        }
    }

    @Test func neonPutsTwoColoursOnOppositeSides() throws {
        let source = try Support.portrait()
        let output = RelightEngine().render(source, profile: Support.profile("neon city night", light: "Left Light"))
        func redOverGreen(_ image: PixelBuffer, _ side: Side) -> Double {
            let m = Support.mean(image, x: side.region.x, y: side.region.y)
            return m.x / max(1, m.y)
        }
        // Magenta on the key side has more red than green; cyan on the other side, less.
        let left = redOverGreen(output, .left) / redOverGreen(source, .left)
        let right = redOverGreen(output, .right) / redOverGreen(source, .right)
        #expect(left > 1.15, "left R/G change \(left)")
        #expect(right < 0.9, "right R/G change \(right)")
    }
}
