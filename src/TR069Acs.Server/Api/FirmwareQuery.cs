using Microsoft.AspNetCore.Http;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Api;

/// <summary>The <c>?models=A,B&amp;version=V</c> overrides of <c>POST /api/firmware</c>.</summary>
internal static class FirmwareQuery
{
    /// <summary>A 400 naming the bad parameter, or null with the parsed overrides (null when neither is given).</summary>
    public static IResult? Problem(string? models, string? version, out FirmwareMetadata? metadata)
    {
        metadata = null;
        List<string>? modelList = null;
        if (models is not null)
        {
            modelList = [.. models.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
            if (modelList.Count is 0 or > 100 || modelList.Any(m => m.Length > 64 || m.Any(char.IsControl)))
            {
                return ApiProblems.Invalid("models", $"'models' must list 1 to 100 model names separated by commas (e.g. CP-8841-3PCC,CP-8851-3PCC), got '{models}'.");
            }
        }
        var trimmed = version?.Trim();
        if (version is not null && !FirmwareVersion.TryParse(trimmed, out _))
        {
            return ApiProblems.Invalid("version", $"'version' must be a firmware version such as 12.0.1 or sip88xx.12-0-1, got '{version}'.");
        }
        if (modelList is not null || trimmed is not null)
        {
            metadata = new FirmwareMetadata(modelList, trimmed);
        }
        return null;
    }

    /// <summary>How a stored image differs from the overrides given with a repeated upload, or null when it does not.</summary>
    public static string? Differs(FirmwareMetadata? metadata, FirmwareRecord record)
    {
        if (metadata?.Version is { } version && !string.Equals(version, record.Version, StringComparison.Ordinal))
        {
            return $"version {record.Version}";
        }
        if (metadata?.Models is { } models && !(models.Count == record.Models.Count
            && models.All(m => record.Models.Contains(m, StringComparer.OrdinalIgnoreCase))))
        {
            return $"models {string.Join(",", record.Models)}";
        }
        return null;
    }
}
