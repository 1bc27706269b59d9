namespace TR069Acs.Server.Campaigns;

/// <summary>What membership resolution knows about a device.</summary>
/// <param name="Id">The device id.</param>
/// <param name="Known">False for an id named in <c>selector.deviceIds</c> that no device has (never informed).</param>
/// <param name="ProductClass">Its model (TR-069 ProductClass).</param>
/// <param name="SoftwareVersion">The version its last Inform reported.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="DowngradeLimit">Its <c>Downgrade_Rev_Limit</c> (reported, else configured), or null when unknown or empty.</param>
/// <param name="BusyInCampaign">Another unfinished campaign that has not finished with it, if any.</param>
internal sealed record DeviceFacts(string Id, bool Known, string ProductClass, string? SoftwareVersion, IReadOnlyCollection<string> Tags,
    string? DowngradeLimit, long? BusyInCampaign);

/// <summary>The image a campaign installs: its version and the models it is built for.</summary>
internal sealed record TargetImage(string Version, IReadOnlyList<string> Models);

/// <summary>Membership rules (issue 5 §2): which devices a selector takes, and which of those are skipped — already on
/// the target — or refused — the image is not built for the model, or the target is below the device's
/// <c>Downgrade_Rev_Limit</c> (the phone would refuse it with 9010 anyway; refusing first spares it the download).</summary>
internal static class MembershipRules
{
    /// <summary>True when every criterion of the selector holds for the device.</summary>
    public static bool Matches(DeviceSelector selector, DeviceFacts device)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(device);
        if (!device.Known)
        {
            return selector.DeviceIds?.Contains(device.Id, StringComparer.Ordinal) == true;
        }
        return (selector.ProductClass is null || string.Equals(selector.ProductClass, device.ProductClass, StringComparison.OrdinalIgnoreCase))
            && (selector.Models is null || selector.Models.Contains(device.ProductClass, StringComparer.OrdinalIgnoreCase))
            && (selector.SoftwareVersion is null || Versions.Same(selector.SoftwareVersion, device.SoftwareVersion))
            && (selector.SoftwareVersionBelow is null || Versions.Below(device.SoftwareVersion, selector.SoftwareVersionBelow))
            && (selector.Tags is null || selector.Tags.All(t => device.Tags.Contains(t, StringComparer.Ordinal)))
            && (selector.DeviceIds is null || selector.DeviceIds.Contains(device.Id, StringComparer.Ordinal));
    }

    /// <summary>Why a selected device gets no Download, or null when it takes part.</summary>
    public static string? SkipReason(DeviceFacts device, TargetImage image)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(image);
        if (!device.Known)
        {
            return "unknown device: no device with this id has informed the ACS";
        }
        if (Versions.Same(device.SoftwareVersion, image.Version))
        {
            return $"already on the target version {image.Version}";
        }
        if (!image.Models.Contains(device.ProductClass, StringComparer.OrdinalIgnoreCase))
        {
            return $"refused: the image is built for {string.Join(", ", image.Models)}, not for model {device.ProductClass}";
        }
        if (device.DowngradeLimit is { } limit && Versions.Below(image.Version, limit))
        {
            return $"refused: the target version {image.Version} is below the device's Downgrade_Rev_Limit {limit}";
        }
        if (device.BusyInCampaign is { } other)
        {
            return $"refused: the device is still in campaign {other}";
        }
        return null;
    }

    /// <summary>The members of a campaign from its selected devices, in the order given: skipped devices with their
    /// reason, the others spread over the phases.</summary>
    public static IReadOnlyList<Member> Resolve(IReadOnlyList<DeviceFacts> selected, TargetImage image, PhasePlan? plan)
    {
        ArgumentNullException.ThrowIfNull(selected);
        var reasons = selected.Select(d => SkipReason(d, image)).ToList();
        var phases = PhasePlanner.Assign(reasons.Count(r => r is null), plan);
        var members = new List<Member>(selected.Count);
        var next = 0;
        for (var i = 0; i < selected.Count; i++)
        {
            members.Add(reasons[i] is { } reason
                ? new Member(selected[i].Id, null, reason)
                : new Member(selected[i].Id, phases[next++], null));
        }
        return members;
    }
}
