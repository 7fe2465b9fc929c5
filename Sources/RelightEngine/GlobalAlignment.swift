import Foundation
import ImagePixels

/// Where the model result sits relative to the proxy: `result = centre + scale × (proxy − centre) + shift`,
/// in result pixels, after the plain size ratio between the two images.
///
/// Image models often move the picture by a few pixels or rescale it by a percent. Fitting colour
/// transforms across a misregistered pair would smear edges into halos, so this is measured first.
public struct GlobalAlignment: Sendable, Equatable {
    /// Offset in result pixels (x, y).
    public var shiftX: Double
    public var shiftY: Double
    /// Extra scale about the frame's centre (1 = none).
    public var scale: Double
    /// Normalised correlation of the two images' detail at this alignment (1 = identical detail).
    public var confidence: Double

    public static let identity = GlobalAlignment(shiftX: 0, shiftY: 0, scale: 1, confidence: 0)

    public init(shiftX: Double, shiftY: Double, scale: Double = 1, confidence: Double = 1) {
        self.shiftX = shiftX
        self.shiftY = shiftY
        self.scale = scale
        self.confidence = confidence
    }

    /// The result-image position (pixel-centre coordinates) of proxy pixel centre (x, y).
    func mapper(proxyWidth: Int, proxyHeight: Int, resultWidth: Int, resultHeight: Int) -> (x: Mapping, y: Mapping) {
        func axis(_ proxy: Int, _ result: Int, _ shift: Double) -> Mapping {
            // q = c + s × ((p + 0.5) × r − 0.5 − c) + shift, with c the result's centre.
            let ratio = Double(result) / Double(proxy)
            let centre = (Double(result) - 1) / 2
            return Mapping(slope: scale * ratio, intercept: centre + scale * (0.5 * ratio - 0.5 - centre) + shift)
        }
        return (axis(proxyWidth, resultWidth, shiftX), axis(proxyHeight, resultHeight, shiftY))
    }

    /// One axis of ``mapper``: q = slope × p + intercept.
    struct Mapping {
        var slope: Double
        var intercept: Double
        func callAsFunction(_ p: Int) -> Double { slope * Double(p) + intercept }
    }
}

extension GlobalAlignment {
    /// Measures the shift (and a scale within ±2 %) of `result` against `proxy` by a coarse-to-fine search
    /// that maximises the normalised correlation of their detail: log-luminance minus its local mean,
    /// which a smooth relighting (gain ramps, colour casts, contrast) barely changes.
    /// Returns ``identity`` when the two share too little detail to say (the model redrew the frame).
    public static func estimate(
        proxy: PixelBuffer, result: PixelBuffer, maximumShift: Double = 0.04, allowScale: Bool = true
    ) -> GlobalAlignment {
        // Too small to register: an 8-pixel blob correlates with itself at any shift.
        guard min(proxy.width, proxy.height) >= 24, min(result.width, result.height) >= 24 else { return .identity }
        let longSide = max(proxy.width, proxy.height)
        // Levels: proxy size divided by 2^k, the coarsest with its long side 100–200 px.
        var levels: [Int] = [1]
        while longSide / (levels.last! * 2) >= 100 { levels.append(levels.last! * 2) }
        // The finest level need not exceed ~800 px: sub-pixel refinement there is enough.
        while levels.count > 1 && longSide / levels[0] > 800 { levels.removeFirst() }

        // Translation, coarse to fine: a wide search at the coarsest level, ±2 px refinements below. The
        // scale is searched once, at the finest level no larger than 400 px (coarser cannot tell 0.5 % from
        // noise; finer costs more than it tells), and kept only when it clearly improves the match, so an
        // unscaled result is never given a spurious zoom.
        var shift = (x: 0.0, y: 0.0) // in proxy pixels
        var scale = 1.0
        var best = -1.0
        var scaleSearched = false
        let ordered = Array(levels.reversed())
        // The pyramid, each level reduced from the next finer one: reducing the full images once is the cost.
        var pyramid: [(a: PixelBuffer, b: PixelBuffer)] = []
        for divisor in levels {
            let w = max(8, proxy.width / divisor), h = max(8, proxy.height / divisor)
            let finer = pyramid.last ?? (proxy, result)
            pyramid.append((finer.a.resized(width: w, height: h), finer.b.resized(width: w, height: h)))
        }
        for (index, divisor) in ordered.enumerated() {
            let level = pyramid[levels.count - 1 - index]
            let w = level.a.width, h = level.a.height
            let a = DetailImage(level.a)
            let b = DetailImage(level.b)
            let radius = index == 0 ? max(2, Int((maximumShift * Double(max(w, h))).rounded(.up))) : 2
            let found = a.search(b, around: (shift.x / Double(divisor), shift.y / Double(divisor)), radius: radius, scale: scale)
            shift = (found.x * Double(divisor), found.y * Double(divisor))
            best = found.score
            let nextIsLarger = index + 1 == ordered.count || longSide / ordered[index + 1] > 400
            guard allowScale, !scaleSearched, nextIsLarger else { continue }
            scaleSearched = true
            var scaled = (score: best, x: shift.x, y: shift.y, s: 1.0)
            for s in stride(from: 0.98, through: 1.0201, by: 0.005) where abs(s - 1) > 1e-9 {
                let f = a.search(b, around: (shift.x / Double(divisor), shift.y / Double(divisor)), radius: 1, scale: s)
                if f.score > scaled.score { scaled = (f.score, f.x * Double(divisor), f.y * Double(divisor), s) }
            }
            if scaled.score > best + 0.02 {
                (best, shift, scale) = (scaled.score, (scaled.x, scaled.y), scaled.s)
            }
        }
        guard best > 0.25 else { return .identity }
        let ratioX = Double(result.width) / Double(proxy.width), ratioY = Double(result.height) / Double(proxy.height)
        return GlobalAlignment(shiftX: shift.x * ratioX, shiftY: shift.y * ratioY, scale: scale, confidence: best)
    }
}
