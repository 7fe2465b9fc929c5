/// He, Sun and Tang's guided filter, self-guided: an edge-preserving smoother in O(n).
///
/// Regions whose variance is well under `epsilon` are averaged; edges with a larger step are kept.
enum GuidedFilter {
    static func smooth(_ input: [Float], width: Int, height: Int, radius: Int, epsilon: Float) -> [Float] {
        let count = input.count
        var squares = [Float](repeating: 0, count: count)
        for i in 0..<count { squares[i] = input[i] * input[i] }
        let mean = BoxFilter.mean(input, width: width, height: height, radius: radius)
        let meanSquares = BoxFilter.mean(squares, width: width, height: height, radius: radius)
        var a = [Float](repeating: 0, count: count)
        var b = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let variance = max(0, meanSquares[i] - mean[i] * mean[i])
            let ai = variance / (variance + epsilon)
            a[i] = ai
            b[i] = mean[i] - ai * mean[i]
        }
        let meanA = BoxFilter.mean(a, width: width, height: height, radius: radius)
        let meanB = BoxFilter.mean(b, width: width, height: height, radius: radius)
        var output = [Float](repeating: 0, count: count)
        for i in 0..<count { output[i] = meanA[i] * input[i] + meanB[i] }
        return output
    }
}
