/// A journal row that should exist but does not.
enum JournalError: Error, CustomStringConvertible {
    case missingItem(Int64)

    var description: String {
        switch self {
        case .missingItem(let id): "item \(id) is not in the journal"
        }
    }
}
