using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

/// <summary>Shorthands for the configuration API used by the configuration and file-server tests.</summary>
internal static class ConfigApi
{
    public const string Model = "CP-8841-3PCC";
    public const string Mac = "00562B04DD5B";
    public const string Serial = "FCH2216ABCD";
    public const string DeviceId = "00562B-CP-8841-3PCC-FCH2216ABCD";

    public static async Task<JsonObject> PreRegisterAsync(TestAcs acs, string mac = Mac, string serial = Serial, string model = Model, string tags = "[]")
    {
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            $$"""{"mac":"{{mac}}","serial":"{{serial}}","model":"{{model}}","tags":{{tags}}}""");
        Assert.True(status == 201, $"pre-registration → {status}: {body}");
        return body!.AsObject();
    }

    public static async Task<JsonObject> WriteAsync(TestAcs acs, HttpMethod method, string scopePath, string parameters)
    {
        var (status, body, _) = await acs.SendJsonAsync(method, $"api/config/{scopePath}", $$"""{"parameters":{{parameters}}}""");
        Assert.True(status == 200, $"{method} config/{scopePath} → {status}: {body}");
        return body!.AsObject();
    }
}
