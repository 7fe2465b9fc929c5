/// Where one (source content, profile) item is in its life. Stored as text in the journal.
public enum ItemState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Seen complete and hashed, not yet scheduled.
    case detected
    /// Waiting for a provider slot.
    case queued
    /// The local engine is relighting it.
    case relighting
    /// The source is being uploaded for the cloud API.
    case uploading
    /// A job id exists: after a crash the job is resumed by its id, never submitted again.
    case submitted
    /// Outputs are being fetched.
    case downloading
    /// Outputs are being written; the planned file names are in the journal, so a rerun knows they are ours.
    case writing
    case done
    /// Retries are used up or retrying cannot help; the reason is in `lastError`.
    case failed
    /// Waiting for the provider to accept work again (401, 402 or the daily budget): held, not moving.
    case paused

    /// States in which work is under way or waiting, and that a restart picks up again.
    public static let open: [ItemState] = [.detected, .queued, .relighting, .uploading, .submitted, .downloading, .writing, .paused]

    public var isOpen: Bool { Self.open.contains(self) }
}
