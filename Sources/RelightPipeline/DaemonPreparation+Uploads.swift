import Logging
import Relighting

extension DaemonPreparation {
    /// What the start-up clean-up of uploaded objects did.
    public struct UploadCleanup: Sendable, Hashable {
        /// Objects deleted from the store.
        public var deleted: Int
        /// Objects whose store keeps them by configuration (forgotten).
        public var keptByStore: Int
        /// Objects that could not be deleted now (tried again at the next start).
        public var failed: Int
        /// Objects kept because their item has a job id and is still open: the API may still fetch them.
        public var inUse: Int

        public init(deleted: Int, keptByStore: Int, failed: Int, inUse: Int) {
            self.deleted = deleted
            self.keptByStore = keptByStore
            self.failed = failed
            self.inUse = inUse
        }
    }

    /// Deletes the objects a crash left in the store, before the pipeline picks any work: those of
    /// items that are done or failed, or open without a job id (they will be uploaded again). The
    /// objects of open items with a job id stay, since the cloud API may still fetch them.
    public static func deleteLeftoverUploads(journal: Journal, provider: any RelightProvider, logger: Logger) async throws -> UploadCleanup {
        let (leftover, inUse) = try await journal.undeletedUploads()
        let outcome = await UploadJanitor(journal: journal, provider: provider, logger: logger).delete(leftover.map(\.upload))
        return UploadCleanup(deleted: outcome.deleted, keptByStore: outcome.keptByStore, failed: outcome.failed, inUse: inUse.count)
    }
}
