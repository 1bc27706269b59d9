using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Shorthands for the secure provisioning API and the phone's side of the file server.</summary>
internal static class SecureProvisioningApi
{
    /// <summary>What a CP-8841-3PCC with <see cref="ConfigApi.Serial"/> sends as User-Agent.</summary>
    public static string PhoneAgent(string serial = ConfigApi.Serial) => $"cisco/CP-8841-3PCC-sip88xx.12-0-1MPP0001-224 ({serial})";

    public static string Path(string deviceId) => $"api/devices/{Uri.EscapeDataString(deviceId)}/secure-provisioning";

    /// <summary>Turns secure provisioning on (or rotates) and returns the state with the key.</summary>
    public static async Task<JsonObject> EnableAsync(TestAcs acs, string deviceId = ConfigApi.DeviceId, bool rotate = false)
    {
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, Path(deviceId) + "?includeKey=true", rotate ? """{"rotate":true}""" : null);
        Assert.True(status is 200 or 201, $"secure-provisioning → {status}: {body}");
        return body!.AsObject();
    }

    /// <summary>A profile request as the phone makes it (its User-Agent), or with <paramref name="userAgent"/>.</summary>
    public static async Task<(int Status, byte[] Body)> FetchAsync(TestAcs acs, string path, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent ?? PhoneAgent());
        using var response = await acs.Files.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }
}
