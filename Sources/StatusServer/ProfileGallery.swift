import Foundation
import RelightConfig
import RelightPipeline

/// The profile gallery at `/profiles`: every profile with its description, its resolved
/// parameters, the watched folders that use it and a preview of its look on a real photo.
/// Every text from a profile or the configuration is HTML-escaped.
struct ProfileGallery {
    let configuration: RelightConfiguration
    let profiles: [LightingProfile]

    var html: String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>relight profiles</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(Dashboard.style)\(Self.style)</style></head>
        <body>
        <header><h1>relight</h1><nav><a href="/">Status</a> · <b>Profiles</b></nav></header>
        <p class="lead">\(profiles.count) profile\(profiles.count == 1 ? "" : "s") in \(e(configuration.profilesDirectory)). \
        Each preview is the local engine's look on a recent photo from one of the profile's folders \
        (or a sample photo); try a profile on your own photos with <code>relight preview PHOTO --profile NAME</code>.</p>
        \(profiles.isEmpty ? "<p>No profiles yet: add NAME.yaml files to the profiles folder.</p>" : "")
        <div class="gallery">\(profiles.map(card).joined())</div>
        </body></html>
        """
    }

    private func card(_ profile: LightingProfile) -> String {
        let name = e(profile.name)
        let description = profile.description.isEmpty ? "<i>no description</i>" : e(profile.description)
        let folders = Self.folders(using: profile.name, in: configuration)
        let used = folders.isEmpty
            ? "<p class=\"unused\">No watched folder uses it.</p>"
            : "<ul class=\"folders\">" + folders.map { "<li class=\"path\">\(e($0))</li>" }.joined() + "</ul>"
        let preview = "/profiles/\(Self.urlComponent(profile.name))/preview?v=\(profile.fingerprint)"
        return """
            <article class="profile" id="profile-\(name)"><h2>\(name)</h2>\
            <img class="preview" src="\(e(preview))" alt="\(name) preview" width="480" onload="this.dataset.loaded=1">\
            <p class="description">\(description)</p><h3>Used by</h3>\(used)\
            <details><summary>Parameters</summary><table class="parameters">\(parameters(profile))</table></details></article>
            """
    }

    private func parameters(_ profile: LightingProfile) -> String {
        var values = profile.apiParameters
        values["model_type"] = .string(profile.modelType.rawValue)
        values["deliver"] = .string(profile.deliver.rawValue)
        return values.keys.sorted().map { key in
            "<tr><th>\(e(key))</th><td>\(e(Self.text(values[key] ?? .null)))</td></tr>"
        }.joined()
    }

    /// The watched folders (and their profile subfolder, for by-subfolder) whose photos get `name`.
    static func folders(using name: String, in configuration: RelightConfiguration) -> [String] {
        configuration.watch.compactMap { entry in
            switch entry.profiles {
            case .bySubfolder: (entry.path as NSString).appendingPathComponent(name) + "/"
            case .list(let names): names.contains(name) ? entry.path : nil
            }
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): text
        case .array, .object:
            (try? String(decoding: StatusReport.encoder.encode(value), as: UTF8.self)) ?? ""
        }
    }

    static func urlComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    static let style = """
        nav{margin-left:auto}.lead{color:#555;max-width:60em}
        .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
        .profile{background:#fff;border:1px solid #ddd;padding:.8em;min-width:0}.profile h2{margin:0 0 .4em}
        .preview{display:block;width:100%;height:auto;min-height:120px;background:#eee}
        .profile h3{font-size:.95em;margin:.6em 0 .2em}.folders{margin:0;padding-left:1.2em}.unused{color:#777;margin:0}
        .parameters{margin-top:.4em;font-size:.9em}.parameters td{word-break:break-word}
        """
}
