/// Solves small dense linear systems A X = B (A n × n, B n × k, row-major) by Gaussian elimination with
/// partial pivoting, in `Double`. For restore's per-vertex normal equations, which are regularised.
enum SymmetricSolver {
    static func solve(_ a: [Double], _ b: [Double], size n: Int, columns k: Int) -> [Double] {
        var a = a, b = b
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<n where abs(a[row * n + column]) > abs(a[pivot * n + column]) { pivot = row }
            if pivot != column {
                for c in 0..<n { a.swapAt(column * n + c, pivot * n + c) }
                for c in 0..<k { b.swapAt(column * k + c, pivot * k + c) }
            }
            let diagonal = a[column * n + column]
            guard abs(diagonal) > 1e-300 else { continue }
            for row in (column + 1)..<n {
                let factor = a[row * n + column] / diagonal
                guard factor != 0 else { continue }
                for c in column..<n { a[row * n + c] -= factor * a[column * n + c] }
                for c in 0..<k { b[row * k + c] -= factor * b[column * k + c] }
            }
        }
        var x = [Double](repeating: 0, count: n * k)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let diagonal = a[row * n + row]
            for c in 0..<k {
                var sum = b[row * k + c]
                for j in (row + 1)..<n { sum -= a[row * n + j] * x[j * k + c] }
                x[row * k + c] = abs(diagonal) > 1e-300 ? sum / diagonal : 0
            }
        }
        return x
    }
}
