import RelightConfig

extension Pipeline {
    /// The configuration and profiles in force now, reloads included: the status server's profile
    /// gallery shows what the daemon would apply.
    public func currentProfiles() -> (configuration: RelightConfiguration, profiles: ProfileCatalog) {
        (configuration, profiles)
    }
}
