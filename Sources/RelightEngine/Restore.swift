import ImagePixels

/// Restore: carries a low-resolution model result's light and colour back onto the full-resolution original,
/// keeping the original's fine detail (Bilateral Guided Upsampling, Chen, Adams and Wadhwa 2016).
///
///     let proxy = Restore.proxy(of: original, matching: result)      // what was sent, at the result's size
///     let model = Restore.fit(proxy: proxy, result: result)           // ~90 ms for 1.5 MP, 60 of it alignment
///     model.apply(to: &original, threads: 2)                          // ~0.3 s of one core for 24 MP; alpha kept
///
/// Pure computation on pixel buffers; no I/O. The proxy, the result and the original must show the same
/// framing (crop the original first when the model crops); their sizes may differ.
public enum Restore {
    /// Fits the grid of colour transforms that turns `proxy` into `result`, after correcting a global shift
    /// and small scale change between them (``RestoreOptions/align``).
    public static func fit(proxy: PixelBuffer, result: PixelBuffer, options: RestoreOptions = RestoreOptions()) -> RestoreModel {
        let alignment = options.align
            ? GlobalAlignment.estimate(proxy: proxy, result: result, maximumShift: options.maximumShift)
            : .identity
        return fit(proxy: proxy, result: result, alignment: alignment, options: options)
    }

    /// As ``fit(proxy:result:options:)`` with a known alignment.
    public static func fit(
        proxy: PixelBuffer, result: PixelBuffer, alignment: GlobalAlignment, options: RestoreOptions = RestoreOptions()
    ) -> RestoreModel {
        let cells = BilateralGrid.cells(width: proxy.width, height: proxy.height, total: max(1, options.spatialCells))
        let depth = max(2, options.luminanceBins)
        var grid = BilateralGrid(
            proxy: proxy, result: result, alignment: alignment, cellsX: cells.x, cellsY: cells.y, depth: depth
        )
        for _ in 0..<max(0, options.blurPasses) { grid.blur() }
        let rows = grid.solve(
            regularization: max(1e-9, options.regularization), priorSamples: max(1e-6, options.priorSamples),
            luminanceSmoothing: max(0, options.luminanceSmoothing)
        )
        return RestoreModel(cellsX: cells.x, cellsY: cells.y, depth: depth, alignment: alignment, rows: rows)
    }

    /// The common, coarser size the sent frame and the result are both reduced to for the fit, given the
    /// smaller of their two sizes: at most 3× smaller per side, never below ~0.15 MP. The service resamples
    /// (Magic Lighting returns 1.5× the request) with filters of its own; a model redraws fine texture.
    /// Compared at about a third of the proxy's size, both agree on what they show, so the colour transforms
    /// keep their full slope and the restored detail its strength (measured with the sandbox's operator:
    /// Laplacian energy 0.73 → 0.97 of the truth for Magic Lighting).
    public static func fitSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let factor = min(3, max(1, (Double(width * height) / 150_000).squareRoot()))
        return (max(1, Int(Double(width) / factor)), max(1, Int(Double(height) / factor)))
    }

    /// `original` reduced to the size of `result` (an area average, so no aliasing): the proxy to fit against,
    /// when the one actually sent is not at hand.
    public static func proxy(of original: PixelBuffer, matching result: PixelBuffer) -> PixelBuffer {
        original.resized(width: result.width, height: result.height)
    }

    /// `original` with `result`'s light and colour: ``proxy(of:matching:)``, ``fit(proxy:result:options:)`` and apply.
    public static func restore(
        _ original: PixelBuffer, result: PixelBuffer, options: RestoreOptions = RestoreOptions(), threads: Int = 1
    ) -> PixelBuffer {
        let model = fit(proxy: proxy(of: original, matching: result), result: result, options: options)
        return model.applied(to: original, threads: threads)
    }
}
