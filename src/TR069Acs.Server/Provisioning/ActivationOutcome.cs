namespace TR069Acs.Server.Provisioning;

/// <summary>The answer to an activation: the profile to serve, or a refusal; <see cref="IsFailure"/> counts toward the
/// client's rate limit (a wrong, used, expired, revoked or malformed code).</summary>
internal sealed record ActivationOutcome(byte[]? Profile, ProvisioningRefusal? Refusal, bool IsFailure)
{
    public static ActivationOutcome Refused(int status, string message, bool isFailure) => new(null, new ProvisioningRefusal(status, message), isFailure);
}
