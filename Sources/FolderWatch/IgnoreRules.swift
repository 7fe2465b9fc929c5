#if canImport(Glibc)
import Glibc
#endif
import ImageSniffing

/// Which paths under a watched folder are never looked at.
///
/// - The built-in list from SPEC.md (always on), applied to every name below the watched folder,
///   and camera sidecars (``ImageContent/sidecarExtensions``: `*.xmp`, `*.THM`…, any case).
/// - `exclude` globs (files and folders) and `include` globs (files only; empty means every file).
///   A glob without `/` is matched against each name; a glob with `/` against the path relative to
///   the watched folder, where `*` also crosses `/` (`drafts/*` covers everything under `drafts`).
/// - Ignored folders given as absolute paths: the daemon's output, state and `move:` folders.
public struct IgnoreRules: Sendable {
    /// Exact names that are always ignored.
    public static let builtInNames: Set<String> = [".DS_Store", "Thumbs.db", "desktop.ini", "@eaDir", "#recycle", "#snapshot"]
    /// Name globs that are always ignored (`.*` also covers `._*` and `.syncthing.*.tmp`).
    public static let builtInGlobs: [String] = [".*", "~*", "*.part", "*.partial", "*.crdownload", "*.filepart", "*.tmp", "*.swp"]

    public var include: [String]
    public var exclude: [String]
    public var ignoredFolders: [WatchPath]

    public init(include: [String] = [], exclude: [String] = [], ignoredFolders: [WatchPath] = []) {
        self.include = include
        self.exclude = exclude
        self.ignoredFolders = ignoredFolders
    }

    /// True when a folder below `root` is not watched or descended into.
    public func ignoresFolder(_ path: WatchPath, root: WatchPath) -> Bool {
        if ignoredFolders.contains(where: { path.isWithin($0) }) { return true }
        guard let parts = path.components(below: root) else { return true }
        return ignored(parts, isFile: false)
    }

    /// True when a file below `root` is dropped without being looked at.
    public func ignoresFile(_ path: WatchPath, root: WatchPath) -> Bool {
        if !checksPaths { return Self.builtInOnly(path, root: root) }
        if ignoredFolders.contains(where: { path.isWithin($0) }) { return true }
        guard let parts = path.components(below: root), !parts.isEmpty else { return true }
        return ignored(parts, isFile: true)
    }

    private func ignored(_ parts: [[UInt8]], isFile: Bool) -> Bool {
        for name in parts where Self.builtIn(name) { return true }
        if exclude.contains(where: { matches($0, parts) }) { return true }
        if isFile, !include.isEmpty, let name = parts.last {
            return !include.contains(where: { Self.glob($0, name) || ($0.contains("/") && matches($0, parts)) })
        }
        return false
    }

    private func matches(_ pattern: String, _ parts: [[UInt8]]) -> Bool {
        if pattern.contains("/") {
            return Self.glob(pattern, Array(parts.joined(separator: [UInt8(ascii: "/")])))
        }
        return parts.contains { Self.glob(pattern, $0) }
    }

    /// The built-in list, on one name, without fnmatch (it runs for every file of a poll scan).
    static func builtIn(_ name: [UInt8]) -> Bool {
        name.withUnsafeBufferPointer { builtIn($0) }
    }

    /// The same on a name in a listing buffer, without copying it out.
    static func builtIn(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = name.first else { return true }
        if first == UInt8(ascii: ".") || first == UInt8(ascii: "~") { return true }
        if builtInNameBytes.contains(where: { $0.elementsEqual(name) }) { return true }
        if builtInSuffixes.contains(where: { name.count > $0.count && name.suffix($0.count).elementsEqual($0) }) { return true }
        // Sidecars beside camera files (*.xmp, *.THM…), in any letter case.
        return ImageContent.isSidecar(name: name)
    }

    /// `ignoresFile` with only the built-in list: each component below `root` checked in place,
    /// without splitting the path into arrays (it runs for every event).
    static func builtInOnly(_ path: WatchPath, root: WatchPath) -> Bool {
        guard path.isWithin(root), path.bytes.count > root.bytes.count else { return true }
        return path.bytes.withUnsafeBufferPointer { all in
            var start = root.bytes.count
            while start < all.count {
                if all[start] == UInt8(ascii: "/") {
                    start += 1
                    continue
                }
                var end = start
                while end < all.count, all[end] != UInt8(ascii: "/") { end += 1 }
                if builtIn(UnsafeBufferPointer(rebasing: all[start..<end])) { return true }
                start = end
            }
            return false
        }
    }

    /// Whether folders need more than `builtIn(name)` while walking a tree: include/exclude globs
    /// or ignored folders inside it.
    var checksPaths: Bool { !include.isEmpty || !exclude.isEmpty || !ignoredFolders.isEmpty }

    private static let builtInNameBytes: [[UInt8]] = builtInNames.map { Array($0.utf8) }
    private static let builtInSuffixes: [[UInt8]] = builtInGlobs.filter { $0.hasPrefix("*") }.map { Array($0.dropFirst().utf8) }

    /// One entry found while walking a tree whose folders above it already passed: only its own
    /// name (and the relative path, for globs with `/`) needs checking.
    func ignoresEntry(name: [UInt8], path: WatchPath, root: WatchPath, isFile: Bool) -> Bool {
        if Self.builtIn(name) { return true }
        if !isFile, ignoredFolders.contains(where: { path.isWithin($0) }) { return true }
        if exclude.isEmpty, include.isEmpty { return false }
        guard let parts = path.components(below: root) else { return true }
        return ignored(parts, isFile: isFile)
    }

    /// fnmatch(3) on raw bytes, without FNM_PATHNAME.
    static func glob(_ pattern: String, _ name: [UInt8]) -> Bool {
        var subject = name
        subject.append(0)
        return subject.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { fnmatch(pattern, $0.baseAddress!, 0) == 0 }
        }
    }
}
