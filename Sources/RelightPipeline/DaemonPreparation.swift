import Foundation
import Logging
import RelightConfig

/// What the daemon does once before watching: show photographers where to drop files, and clean
/// up after a crash.
public enum DaemonPreparation {
    /// Creates `inbox/<profile>/` for every profile under each `by-subfolder` entry. Returns the folders created.
    @discardableResult
    public static func createProfileFolders(_ loaded: LoadedConfiguration) -> [String] {
        var created: [String] = []
        for entry in loaded.configuration.watch where entry.profiles == .bySubfolder {
            for name in loaded.profiles.names {
                let folder = (entry.path as NSString).appendingPathComponent(name)
                guard !FileManager.default.fileExists(atPath: folder) else { continue }
                if (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil {
                    created.append(folder)
                }
            }
        }
        return created
    }

    /// Removes temporary files a crash left in the output folders. Returns how many.
    @discardableResult
    public static func sweepTemporaries(_ configuration: RelightConfiguration) -> Int {
        var roots = Set(configuration.watch.map(\.outputRoot))
        for entry in configuration.watch { if case .move(let folder) = entry.after { roots.insert(folder) } }
        return roots.reduce(0) { $0 + AtomicFile.sweepTemporaries(under: $1) }
    }

    /// One line per watch entry saying where to drop photos and where results appear.
    public static func dropHints(_ loaded: LoadedConfiguration) -> [String] {
        loaded.configuration.watch.map { entry in
            let outputs = entry.output.replacingOccurrences(of: "{profile}", with: "<profile>")
            switch entry.profiles {
            case .bySubfolder:
                return "Drop photos into \(entry.path)/<profile>/ (e.g. \(entry.path)/\(loaded.profiles.names.first ?? "golden-hour")/); relit photos appear in \(outputs)/"
            case .list(let names):
                return "Drop photos into \(entry.path)/; each gets \(names.joined(separator: ", ")); relit photos appear in \(outputs.replacingOccurrences(of: "<profile>", with: "{profile}"))/"
            }
        }
    }
}
