#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// Lists folders with getdents64(2) into one buffer reused for every folder of a walk: no
/// `fstat`, no per-folder allocation, and the type of each entry from `d_type`, so nothing is
/// stat-ed on file systems that report types. Symlinks are never followed.
///
/// One walk, one thread: create it for a tree walk or a scan and let it go afterwards.
struct FolderReader: ~Copyable {
    enum Kind { case directory, file }

    /// One entry, valid only inside the callback.
    struct Entry {
        /// The open folder (for `fstatat`).
        let folder: Int32
        /// The name's bytes, without the terminating NUL (which follows them in the buffer).
        let name: UnsafeBufferPointer<UInt8>
        let kind: Kind

        /// `fstatat` of the entry, not following a symlink.
        func stat() -> Glibc.stat? {
            var info = Glibc.stat()
            let rc = UnsafeRawPointer(name.baseAddress!).withMemoryRebound(to: CChar.self, capacity: name.count + 1) {
                fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW)
            }
            return rc == 0 ? info : nil
        }
    }

    private let buffer: UnsafeMutableRawBufferPointer

    init() {
        buffer = .allocate(byteCount: 32 * 1024, alignment: 8)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` for each folder and regular file in `folder` (not `.` or `..`; symlinks,
    /// FIFOs and the like are left out). Returns 0, or the errno when the folder could not be
    /// opened or read.
    func forEachEntry(in folder: WatchPath, _ body: (Entry) -> Void) -> Int32 {
        let fd = folder.withCString { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        let base = buffer.baseAddress!
        while true {
            let count = relight_getdents64(fd, base, UInt(buffer.count))
            if count == 0 { return 0 }
            if count < 0 { return errno }
            var offset = 0
            while offset < count {
                // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[].
                let record = base + offset
                offset += Int(record.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
                let type = record.load(fromByteOffset: 18, as: UInt8.self)
                let namePointer = UnsafePointer<UInt8>((record + 19).assumingMemoryBound(to: UInt8.self))
                let length = strlen(UnsafeRawPointer(namePointer).assumingMemoryBound(to: CChar.self))
                let name = UnsafeBufferPointer(start: namePointer, count: length)
                if name[0] == 0x2E, length == 1 || (length == 2 && name[1] == 0x2E) { continue }
                switch Int32(type) {
                case Int32(DT_DIR): body(Entry(folder: fd, name: name, kind: .directory))
                case Int32(DT_REG): body(Entry(folder: fd, name: name, kind: .file))
                case Int32(DT_UNKNOWN):
                    // The file system does not say: ask it.
                    let probe = Entry(folder: fd, name: name, kind: .file)
                    guard let info = probe.stat() else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: body(Entry(folder: fd, name: name, kind: .directory))
                    case S_IFREG: body(probe)
                    default: continue
                    }
                default: continue
                }
            }
        }
    }
}
