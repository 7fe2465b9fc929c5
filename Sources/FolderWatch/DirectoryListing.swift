#if canImport(Glibc)
import Glibc
#endif

/// One folder's folders and regular files, collected (symlinks are never followed).
struct DirectoryListing {
    enum Kind { case directory, file }

    struct Entry {
        var name: [UInt8]
        var kind: Kind
        /// Set for regular files when the listing was asked for stamps.
        var stamp: FileStamp?
    }

    var entries: [Entry]

    /// Lists `folder`; with `stamps`, each regular file is also `fstatat`-ed. Throws the errno.
    static func read(_ folder: WatchPath, stamps: Bool, reader: borrowing FolderReader) throws(ListingError) -> DirectoryListing {
        var listing = DirectoryListing(entries: [])
        let code = reader.forEachEntry(in: folder) { entry in
            var stamp: FileStamp?
            if stamps, entry.kind == .file {
                // Gone, or replaced by something else since it was listed.
                guard let info = entry.stat(), (info.st_mode & S_IFMT) == S_IFREG else { return }
                stamp = FileStamp(info)
            }
            let kind: Kind = entry.kind == .directory ? .directory : .file
            listing.entries.append(Entry(name: Array(entry.name), kind: kind, stamp: stamp))
        }
        guard code == 0 else { throw ListingError(code: code) }
        return listing
    }

    static func read(_ folder: WatchPath, stamps: Bool) throws(ListingError) -> DirectoryListing {
        try read(folder, stamps: stamps, reader: FolderReader())
    }
}

/// A folder could not be listed; `code` is the errno.
struct ListingError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
