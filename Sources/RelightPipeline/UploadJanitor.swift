import Logging
import Relighting

/// Deletes uploaded objects the journal knows of, through the provider that uploaded them, and
/// journals the outcome.
public struct UploadJanitor: Sendable {
    public let journal: Journal
    public let provider: any RelightProvider
    public let logger: Logger

    public init(journal: Journal, provider: any RelightProvider, logger: Logger) {
        self.journal = journal
        self.provider = provider
        self.logger = logger
    }

    /// What ``delete(_:)`` did.
    public struct Outcome: Sendable, Hashable {
        /// Deleted from the store (or already gone).
        public var deleted = 0
        /// The store keeps its objects by configuration: forgotten, nothing to do.
        public var keptByStore = 0
        /// Could not be deleted now; still in the journal, so the next start tries again.
        public var failed = 0
    }

    /// Deletes each object; never throws. After the first failure the rest are left for the next
    /// start too: a store that cannot be reached now must not hold the start-up once per object.
    public func delete(_ uploads: [StoredUpload]) async -> Outcome {
        var outcome = Outcome()
        for upload in uploads {
            guard outcome.failed == 0 else {
                outcome.failed += 1
                continue
            }
            do {
                if try await provider.deleteUpload(upload) {
                    try await journal.markUploadDeleted(key: upload.key)
                    outcome.deleted += 1
                } else {
                    try await journal.forgetUpload(key: upload.key)
                    outcome.keptByStore += 1
                }
            } catch {
                outcome.failed += 1
                logger.warning("could not delete an uploaded photo; the next start tries again", metadata: [
                    "upload.key": "\(upload.key)", "error": "\(error)",
                ])
            }
        }
        return outcome
    }

    /// Deletes what is left of an item's uploads once it is done or failed: objects of earlier
    /// attempts, and the one of a job resumed after a restart (its provider no longer knew it).
    public func deleteUploads(ofItem id: Int64?) async {
        guard let id, let uploads = try? await journal.undeletedUploads(itemID: id), !uploads.isEmpty else { return }
        _ = await delete(uploads)
    }
}
