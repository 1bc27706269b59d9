using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Provisioning;

/// <summary>What secure provisioning makes of a device's profile request: the configuration to render (unchanged, the first
/// stage, or the second stage with its key), or a refusal.</summary>
internal readonly record struct SecureStage(EffectiveConfig? Config, ProvisioningRefusal? Refusal);
