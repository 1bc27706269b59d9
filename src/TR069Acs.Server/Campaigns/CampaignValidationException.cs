namespace TR069Acs.Server.Campaigns;

/// <summary>A campaign request member is missing or wrong; <see cref="Field"/> names it (e.g. <c>schedule.window.timeZone</c>).</summary>
internal sealed class CampaignValidationException(string field, string message) : Exception(message)
{
    /// <summary>The member's path in the request body.</summary>
    public string Field { get; } = field;
}
