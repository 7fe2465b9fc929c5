/// The provider was about to upload a photo, but the object's key could not be written to the journal.
///
/// The upload does not happen: an object the journal does not know would stay in the bucket for
/// good after a crash. The item is tried again later.
public struct UnrecordedUploadError: Error, Sendable, CustomStringConvertible {
    public var cause: any Error

    public var description: String {
        "the upload could not be recorded in the journal (\(cause)), so the photo was not uploaded; it is tried again later. Check the state directory (disk space, permissions, another process holding its lock)"
    }
}
