using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Provisioning;

/// <summary>What secure provisioning makes of a device's profile request: the configuration to render (unchanged, the first
/// stage, or the second stage with its key), or a refusal. Staged: the configuration is a stage, whose release to this
/// channel secure provisioning has decided (the first stage only to the device's verified certificate or under a key of the
/// device alone, the second always under the device's key).</summary>
internal readonly record struct SecureStage(EffectiveConfig? Config, ProvisioningRefusal? Refusal, bool Staged = false);
