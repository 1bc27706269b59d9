using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Uploads firmware images of our format through the API.</summary>
internal static class FirmwareImages
{
    public sealed record Stored(byte[] Bytes, string Sha256, string FileName);

    public static async Task<Stored> UploadAsync(TestAcs acs, string version, int payloadBytes = 50_000, string model = "CP-8841-3PCC")
    {
        var image = FirmwareImage.Pack([model], version, RandomNumberGenerator.GetBytes(payloadBytes));
        using var response = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload → {(int)response.StatusCode}: {body}");
        var created = JsonNode.Parse(body)!;
        return new Stored(image, (string)created["sha256"]!, (string)created["fileName"]!);
    }
}
