import Testing
@testable import RelightConfig

@Suite struct ProfileLoaderTests {
    @Test func fillsTheAPIDefaults() throws {
        let outcome = ProfileLoader.load(text: "prompt: warm light\n", name: "warm")
        let profile = try #require(outcome.profile)
        #expect(profile.name == "warm")
        #expect(profile.modelType == .magicLighting)
        #expect(profile.numberOfImages == 1)
        #expect(profile.aspectRatio == .square)
        #expect(profile.appendedPrompt == "best quality")
        #expect(profile.outputFormat == .png)
        #expect(profile.width == 1024 && profile.height == 1024)
        #expect(profile.steps == 25 && profile.cfg == 2)
        #expect(profile.highresScale == 1.5 && profile.highresDenoise == 0.5 && profile.lowresDenoise == 0.9)
        #expect(profile.outputQuality == 100)
        #expect(profile.seed == nil && profile.extra.isEmpty)
    }

    @Test func readsEveryParameter() throws {
        let text = """
            description: Warm low sun
            model_type: magic-lighting
            prompt: golden hour
            light_source: Left Light
            negative_prompt: harsh shadows
            appended_prompt: masterpiece
            number_of_images: 3
            aspectRatio: "16:9"
            size: 1024x576
            steps: 30
            cfg: 2.5
            highres_scale: 2
            highres_denoise: 0.4
            lowres_denoise: 0.8
            output_format: webp
            output_quality: 90
            seed: 42
            extra: {style: film, strength: 0.7, tiles: [1, 2], upscale: true}
            """
        let profile = try #require(ProfileLoader.load(text: text, name: "gold").profile)
        #expect(profile.description == "Warm low sun")
        #expect(profile.lightSource == "Left Light")
        #expect(profile.negativePrompt == "harsh shadows")
        #expect(profile.appendedPrompt == "masterpiece")
        #expect(profile.numberOfImages == 3)
        #expect(profile.aspectRatio == .wide16x9)
        #expect(profile.width == 1024 && profile.height == 576)
        #expect(profile.steps == 30 && profile.cfg == 2.5 && profile.highresScale == 2)
        #expect(profile.outputFormat == .webp && profile.outputQuality == 90 && profile.seed == 42)
        #expect(profile.extra["style"] == .string("film"))
        #expect(profile.extra["strength"] == .double(0.7))
        #expect(profile.extra["tiles"] == .array([.int(1), .int(2)]))
        #expect(profile.extra["upscale"] == .bool(true))
    }

    @Test func buildsTheRequestBodyInTheAPIsNames() throws {
        let text = "prompt: p\naspectRatio: \"4:3\"\nsize: 768x512\nextra: {cfg: 5, webhook_url: \"https://x\"}\n"
        let body = try #require(ProfileLoader.load(text: text, name: "p").profile).apiParameters
        #expect(body["aspectRatio"] == .string("4:3"))
        #expect(body["aspect_ratio"] == nil)
        #expect(body["width"] == .string("768"))
        #expect(body["height"] == .string("512"))
        #expect(body["number_of_images"] == .int(1))
        #expect(body["cfg"] == .int(5), "extra overrides a parameter")
        #expect(body["webhook_url"] == .string("https://x"))
    }

    @Test func tiffOutputsAskTheAPIForPNG() throws {
        let profile = try #require(ProfileLoader.load(text: "prompt: p\noutput_format: tiff\n", name: "p").profile)
        #expect(profile.outputFormat == .tiff && profile.outputFormat.fileExtension == "tiff")
        #expect(profile.apiParameters["output_format"] == .string("png"), "the cloud API knows no TIFF")
    }

    @Test func warnsAboutMagicLightingOnlyKeysOnOtherModels() throws {
        let outcome = ProfileLoader.load(text: "model_type: nano-banana-pro\nprompt: p\nsteps: 30\ncfg: 3\n", name: "p", file: "p.yaml")
        #expect(outcome.profile != nil)
        #expect(outcome.notes.count == 2)
        #expect(outcome.notes.allSatisfy { $0.severity == .warning && $0.message.contains("magic-lighting") })
        #expect(outcome.notes.first?.location?.line == 3)
        #expect(outcome.profile?.apiParameters["steps"] == nil)
    }

    @Test(arguments: [
        ("prompt: p\nsteps: \"many\"\n", 2, "whole number"),
        ("prompt: p\nsteps: 99\n", 2, "from 10 to 50"),
        ("prompt: p\nnumber_of_images: 0\n", 2, "from 1 to 12"),
        ("prompt: p\noutput_quality: 101\n", 2, "from 1 to 100"),
        ("prompt: p\noutput_format: gif\n", 2, "png, jpg, webp"),
        ("model_type: dalle\nprompt: p\n", 1, "magic-lighting"),
        ("prompt: p\nsize: 1024\n", 2, "WIDTHxHEIGHT"),
        ("prompt: p\nsize: 0x100\n", 2, "WIDTHxHEIGHT"),
        ("prompt: p\nsize: axb\n", 2, "WIDTHxHEIGHT"),
        ("prompt: p\nstpes: 20\n", 2, "did you mean 'steps'"),
        ("prompt: p\naspect_ratio: \"1:1\"\n", 2, "did you mean 'aspectRatio'"),
        ("description: no prompt\n", 1, "needs a 'prompt:'"),
        ("prompt: p\ncfg: lots\n", 2, "must be a number"),
        ("prompt: p\nsize: 1024x768\nwidth: 512\n", 2, "not both"),
        ("- a\n- b\n", 1, "must be a mapping"),
        ("prompt: p\n\tsteps: 20\n", 2, "tab"),
        ("prompt: [unclosed\n", 2, "malformed YAML"),
    ])
    func reportsBadInputWithItsLine(text: String, line: Int, message: String) throws {
        let outcome = ProfileLoader.load(text: text, name: "bad", file: "profiles/bad.yaml")
        #expect(outcome.profile == nil)
        let error = try #require(outcome.errors.first)
        #expect(error.location.file == "profiles/bad.yaml")
        #expect(error.location.line == line, "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func rejectsAnEmptyFile() throws {
        let outcome = ProfileLoader.load(text: "", name: "empty", file: "empty.yaml")
        #expect(outcome.errors.first?.code == .emptyFile)
        #expect(outcome.errors.first?.location.line == 1)
    }

    @Test(arguments: ["golden-hour", "bw2", "a"]) func acceptsNames(name: String) {
        #expect(ProfileLoader.isValidName(name))
    }

    @Test(arguments: ["Golden", "golden_hour", "-x", "", "gold hour", "goldén"]) func rejectsNames(name: String) {
        #expect(!ProfileLoader.isValidName(name))
    }

    @Test func checksTheNameFromTheFileStem() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("Golden Hour.yaml", "prompt: p\n")
        let outcome = ProfileLoader.load(file: file)
        #expect(outcome.errors.first?.code == .invalidName)
        #expect(outcome.errors.first?.description.contains("Golden Hour") == true)
    }
}
