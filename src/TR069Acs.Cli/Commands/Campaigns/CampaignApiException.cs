namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>An API call that did not succeed; <see cref="Exception.Message"/> is what the operator reads.</summary>
internal sealed class CampaignApiException(string message, int status = 0, bool unreachable = false) : Exception(message)
{
    /// <summary>The HTTP status the API answered, or 0 when there was no answer.</summary>
    public int Status { get; } = status;

    /// <summary>True when the ACS could not be reached at all (refused, reset, name not resolved).</summary>
    public bool Unreachable { get; } = unreachable;
}
