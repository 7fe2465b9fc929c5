import Crypto
import Foundation

/// A job's downloaded results, kept on disk (under `state_dir/downloads/`) from the moment they are
/// downloaded until the caller has written and journaled the outputs made from them.
///
/// A crash or kill -9 between download and restore then neither resubmits nor downloads again (result
/// URLs expire after about an hour): the restart restores from the kept bytes. One folder per job
/// (named by a digest of the job id), one file per output, and a manifest written last, so a folder
/// without a manifest is an interrupted download and is ignored. Files are 0600, written atomically.
public struct KeptDownloads: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// What the manifest records besides the outputs.
    struct Manifest: Codable {
        var jobID: String
        var outputs: Int
        var creditCost: Double?
        var uploadedBytes: Int?
    }

    /// The outputs of a job as downloaded, with what the job's manifest recorded.
    public struct Kept: Sendable {
        public var outputs: [[UInt8]]
        public var creditCost: Double?
        public var uploadedBytes: Int?
    }

    func jobFolder(_ jobID: String) -> String {
        let digest = Hex.string(SHA256.hash(data: Data(jobID.utf8)).prefix(16))
        return (folder as NSString).appendingPathComponent("job-" + digest)
    }

    /// Keeps every output of `jobID`; throws when they cannot be kept (the job is then restored without a net).
    public func keep(_ outputs: [[UInt8]], jobID: String, creditCost: Double?, uploadedBytes: Int?) throws {
        let job = jobFolder(jobID)
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (index, bytes) in outputs.enumerated() {
            try Self.writeAtomically(Data(bytes), to: (job as NSString).appendingPathComponent("\(index + 1).bin"))
        }
        let manifest = Manifest(jobID: jobID, outputs: outputs.count, creditCost: creditCost, uploadedBytes: uploadedBytes)
        try Self.writeAtomically(try JSONEncoder().encode(manifest), to: (job as NSString).appendingPathComponent("manifest.json"))
    }

    /// The kept outputs of `jobID`, or nil when none were kept completely.
    public func kept(jobID: String) -> Kept? {
        let job = jobFolder(jobID)
        guard let data = FileManager.default.contents(atPath: (job as NSString).appendingPathComponent("manifest.json")),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.jobID == jobID, manifest.outputs > 0
        else { return nil }
        var outputs: [[UInt8]] = []
        for index in 1...manifest.outputs {
            guard let bytes = FileManager.default.contents(atPath: (job as NSString).appendingPathComponent("\(index).bin")) else { return nil }
            outputs.append([UInt8](bytes))
        }
        return Kept(outputs: outputs, creditCost: manifest.creditCost, uploadedBytes: manifest.uploadedBytes)
    }

    /// Forgets the kept outputs of `jobID` (once its outputs are written and journaled).
    public func discard(jobID: String) {
        try? FileManager.default.removeItem(atPath: jobFolder(jobID))
    }

    /// Temporary file in the same folder, fsync, rename, fsync of the folder.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeptDownloadError(path: temporary, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw KeptDownloadError(path: path, errno: code)
        }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

/// A downloaded result could not be kept on disk.
struct KeptDownloadError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32

    var description: String {
        "Cannot keep the downloaded result at \(path): \(String(cString: strerror(errno))). Check that state_dir is writable and not full."
    }
}
