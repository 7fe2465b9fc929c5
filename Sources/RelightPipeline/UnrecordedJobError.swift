/// The provider submitted a job, but its id could not be written to the journal.
///
/// The item stops here: carrying on would leave a paid job that a crash forgets and submits again.
public struct UnrecordedJobError: Error, Sendable, CustomStringConvertible {
    public var jobID: String
    public var cause: any Error

    public var description: String {
        "the cloud job \(jobID) was submitted but could not be recorded in the journal (\(cause)); the item is stopped so that it is never submitted twice. The job may still finish at the provider; fix the journal (disk space, permissions, another process holding its lock), then relight retry submits the photo again if you want it"
    }
}
