import Foundation
import ImageCodecs
import RelightConfig

/// `relight run`: relights a list of files (and the images in given folders) with some profiles,
/// writing `{stem}_{profile}_{index}.{ext}` files atomically into one output folder.
public struct BatchRun: Sendable {
    public var paths: [String]
    public var profiles: [LightingProfile]
    public var outputDirectory: String
    /// How many sources are relit at the same time.
    public var concurrency: Int

    public init(paths: [String], profiles: [LightingProfile], outputDirectory: String, concurrency: Int = 2) {
        self.paths = paths
        self.profiles = profiles
        self.outputDirectory = outputDirectory
        self.concurrency = max(1, concurrency)
    }

    /// One source relit with one profile.
    public struct Item: Sendable {
        public var source: String
        public var profile: String
        /// The files written, in order.
        public var outputs: [String]
        /// Why this item failed; `nil` when it succeeded.
        public var failure: String?

        public var succeeded: Bool { failure == nil }
    }

    /// Every item, in input order, plus problems found while expanding the paths.
    public struct Report: Sendable {
        public var items: [Item]
        public var problems: [String]

        /// True only when every item succeeded and every path could be used.
        public var succeeded: Bool { problems.isEmpty && !items.isEmpty && items.allSatisfy(\.succeeded) }
    }

    /// The files to relight: files as given, folders expanded to the images directly inside them
    /// (recognised by content, hidden files skipped). Paths that do not exist are problems.
    public static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
        var files: [String] = []
        var problems: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("\(path): no such file or folder")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
            var found = 0
            for entry in entries where !entry.hasPrefix(".") {
                let full = (path as NSString).appendingPathComponent(entry)
                var entryIsDirectory: ObjCBool = false
                guard manager.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue,
                      let handle = FileHandle(forReadingAtPath: full)
                else { continue }
                let head = (try? handle.read(upToCount: 12)) ?? Data()
                try? handle.close()
                if ImageFormat.sniff(head) != nil {
                    files.append(full)
                    found += 1
                }
            }
            if found == 0 { problems.append("\(path): the folder holds no JPEG, PNG or WebP images") }
        }
        return (files, problems)
    }

    /// Relights everything with `provider`. `progress` is called after each item, with the count done so far.
    public func run(
        provider: any RelightProvider, progress: @escaping @Sendable (Item, Int, Int) async -> Void = { _, _, _ in }
    ) async -> Report {
        let (files, problems) = Self.expand(paths)
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            return Report(items: [], problems: problems + ["\(outputDirectory): cannot create the output folder: \(error.localizedDescription)"])
        }
        let jobs = files.flatMap { file in profiles.map { (file, $0) } }
        var items = [Item?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, Item).self) { group in
            var next = 0
            var done = 0
            func addNext() {
                guard next < jobs.count else { return }
                let index = next
                let (file, profile) = jobs[index]
                group.addTask { (index, await self.relight(file, profile: profile, provider: provider)) }
                next += 1
            }
            for _ in 0..<min(concurrency, jobs.count) { addNext() }
            while let (index, item) = await group.next() {
                items[index] = item
                done += 1
                await progress(item, done, jobs.count)
                addNext()
            }
        }
        return Report(items: items.compactMap { $0 }, problems: problems)
    }

    private func relight(_ file: String, profile: LightingProfile, provider: any RelightProvider) async -> Item {
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        var item = Item(source: file, profile: profile.name, outputs: [], failure: nil)
        do {
            let result = try await provider.relight(RelightRequest(sourcePath: absolute, profile: profile))
            let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            for image in result.images {
                let name = "\(stem)_\(profile.name)_\(image.index).\(image.format.fileExtension)"
                let path = (outputDirectory as NSString).appendingPathComponent(name)
                try AtomicFile.write(image.data, to: path)
                item.outputs.append(path)
            }
        } catch {
            item.failure = "\(error)"
        }
        return item
    }
}
