#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// Tells local file systems, where inotify sees every change, from network and FUSE mounts,
/// where it misses changes made on other machines (inotify(7)).
enum FileSystemKind {
    /// statfs(2) f_type magic numbers of file systems that need polling.
    static let remoteMagics: [Int: String] = [
        0x6969: "nfs",
        0x517B: "smb",
        0xFF53_4D42: "cifs",
        0xFE53_4D42: "smb2",
        0x6573_5546: "fuse",
        0x00C3_6400: "ceph",
        0x5346_414F: "afs",
        0x7375_7245: "coda",
        0x0102_1997: "9p",
        0x564C: "ncp",
        0x0116_1970: "gfs2",
        0x7461_636F: "ocfs2",
        0x0BD0_0BD0: "lustre",
    ]

    /// The name of the remote file system `path` lies on, or nil when it is local (or unknown).
    static func remoteName(of path: WatchPath) -> String? {
        var info = statfs()
        guard path.withCString({ statfs($0, &info) }) == 0 else { return nil }
        return remoteMagics[Int(UInt32(truncatingIfNeeded: info.f_type))]
    }
}
