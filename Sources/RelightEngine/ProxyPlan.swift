import Foundation
import ImagePixels
import RelightConfig

/// How a full frame goes to the cloud model and comes back whole (`deliver: source`).
///
/// The service centre-crops its input to the requested geometry. So the proxy is the whole frame
/// scaled down and padded (by mirroring) to exactly that geometry: nothing of the frame is cut
/// away, and the padding is cut off the result again before it is restored onto the original.
public struct ProxyPlan: Sendable, Equatable {
    /// The oriented original's size.
    public var sourceWidth: Int
    public var sourceHeight: Int
    /// The frame's size inside the proxy.
    public var contentWidth: Int
    public var contentHeight: Int
    /// The proxy's size: the content plus the padding; its ratio is the requested one.
    public var proxyWidth: Int
    public var proxyHeight: Int
    /// Padding on the left and top (the rest is on the right and bottom).
    public var padLeft: Int
    public var padTop: Int
    /// What to ask the API for instead of the profile's own geometry.
    public var width: Int?
    public var height: Int?
    public var aspectRatio: AspectRatio?

    /// The plan for a `width`×`height` frame with `profile`. Magic Lighting takes `width` and `height`
    /// (multiples of 64, 256–2048): they follow the frame's ratio at about the pixel count the profile
    /// asks for. Other models take only `aspectRatio`: the nearest listed ratio, at about 1 MP.
    public init(sourceWidth: Int, sourceHeight: Int, profile: LightingProfile) {
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        let ratio = Double(sourceWidth) / Double(max(1, sourceHeight))
        var boxWidth: Int, boxHeight: Int
        if profile.modelType == .magicLighting {
            let pixels = Double(profile.width * profile.height)
            let range = LightingProfile.Ranges.dimension
            func snap(_ value: Double) -> Int { min(range.upperBound, max(range.lowerBound, Int((value / 64).rounded()) * 64)) }
            boxHeight = snap((pixels / ratio).squareRoot())
            boxWidth = snap((pixels * ratio).squareRoot())
            width = boxWidth
            height = boxHeight
            aspectRatio = nil
        } else {
            let nearest = AspectRatio.allCases.min { abs(log($0.ratio / ratio)) < abs(log($1.ratio / ratio)) } ?? .square
            let pixels = 1024.0 * 1024.0
            boxHeight = max(64, Int((pixels / nearest.ratio).squareRoot().rounded()))
            boxWidth = max(64, Int((Double(boxHeight) * nearest.ratio).rounded()))
            width = nil
            height = nil
            aspectRatio = nearest
        }
        // Fit the whole frame inside the box; never enlarge past the original.
        let scale = min(1, min(Double(boxWidth) / Double(sourceWidth), Double(boxHeight) / Double(sourceHeight)))
        if scale == 1 && (sourceWidth < boxWidth || sourceHeight < boxHeight) {
            // A small original: shrink the box around it at the same ratio instead.
            let shrink = max(Double(sourceWidth) / Double(boxWidth), Double(sourceHeight) / Double(boxHeight))
            boxWidth = max(sourceWidth, Int((Double(boxWidth) * shrink).rounded()))
            boxHeight = max(sourceHeight, Int((Double(boxHeight) * shrink).rounded()))
        }
        contentWidth = min(boxWidth, max(1, Int((Double(sourceWidth) * scale).rounded())))
        contentHeight = min(boxHeight, max(1, Int((Double(sourceHeight) * scale).rounded())))
        proxyWidth = boxWidth
        proxyHeight = boxHeight
        padLeft = (boxWidth - contentWidth) / 2
        padTop = (boxHeight - contentHeight) / 2
    }

    /// The original scaled to the content's size: the frame as the model sees it, without padding.
    public func content(ofOriginal original: PixelBuffer) -> PixelBuffer {
        original.resized(width: contentWidth, height: contentHeight)
    }

    /// The scaled frame padded by mirroring to the proxy's size.
    public func padded(_ content: PixelBuffer) -> PixelBuffer {
        content.padded(left: padLeft, top: padTop, right: proxyWidth - contentWidth - padLeft, bottom: proxyHeight - contentHeight - padTop)
    }

    /// The part of a downloaded result that shows the frame: the padding cut off, in proportion to
    /// the result's own size (the service may scale the proxy, and not quite evenly).
    public func content(of result: PixelBuffer) -> PixelBuffer {
        let sx = Double(result.width) / Double(proxyWidth), sy = Double(result.height) / Double(proxyHeight)
        let x = min(result.width - 1, Int((Double(padLeft) * sx).rounded()))
        let y = min(result.height - 1, Int((Double(padTop) * sy).rounded()))
        let w = max(1, min(result.width - x, Int((Double(contentWidth) * sx).rounded())))
        let h = max(1, min(result.height - y, Int((Double(contentHeight) * sy).rounded())))
        return result.cropped(x: x, y: y, width: w, height: h)
    }
}
