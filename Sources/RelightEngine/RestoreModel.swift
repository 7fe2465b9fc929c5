import ImagePixels

/// What ``Restore/fit(proxy:result:options:)`` learned: a bilateral grid of affine colour transforms in
/// linear light, indexed by position in the frame (as fractions, so any resolution of the same framing
/// can use it) and by a pixel's own luminance. Small (a few hundred KB at most) and `Sendable`.
public struct RestoreModel: Sendable {
    /// Spatial cells across and down the frame; the grid has one more vertex than cells on each axis.
    public let cellsX: Int
    public let cellsY: Int
    /// Luminance vertices, black to white.
    public let depth: Int
    /// The alignment measured between the proxy and the result, and corrected before the fit.
    public let alignment: GlobalAlignment
    /// Three rows (R, G, B out) per vertex, each (r, g, b, 1)-weights; vertex order is (y, x, luminance).
    let rows: [SIMD4<Float>]

    init(cellsX: Int, cellsY: Int, depth: Int, alignment: GlobalAlignment, rows: [SIMD4<Float>]) {
        precondition(rows.count == (cellsX + 1) * (cellsY + 1) * depth * 3, "grid size mismatch")
        self.cellsX = cellsX
        self.cellsY = cellsY
        self.depth = depth
        self.alignment = alignment
        self.rows = rows
    }

    /// The model that changes nothing.
    public static func identity(cellsX: Int = 1, cellsY: Int = 1, depth: Int = 2) -> RestoreModel {
        let vertex: [SIMD4<Float>] = [SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0)]
        let count = (cellsX + 1) * (cellsY + 1) * depth
        return RestoreModel(
            cellsX: cellsX, cellsY: cellsY, depth: depth, alignment: .identity,
            rows: Array((0..<count).map { _ in vertex }.joined())
        )
    }
}
