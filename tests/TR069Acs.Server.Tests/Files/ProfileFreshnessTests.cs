using System.Text;
using System.Xml.Linq;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Files;

/// <summary>Profiles are layered, rendered and encrypted once per configuration version (ConfigCache,
/// ProfileRenderer) and fetches are recorded write-behind (ProfileFetchStore): none of it may serve an old profile
/// after a change, or lose the last fetch.</summary>
public sealed class ProfileFreshnessTests
{
    [Fact]
    public async Task A_change_to_any_scope_or_to_the_tags_is_in_the_next_profile_of_a_device_fetched_before()
    {
        await using var acs = await StartWithDeviceAsync();
        var name = $"cfg/{ConfigApi.Mac}.cfg";
        Assert.Equal(("device", "model", "global", null), await ValuesAsync(acs, name));
        Assert.Equal(("device", "model", "global", null), await ValuesAsync(acs, name + ".gz"));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"GPP_C":"global-2"}""");
        Assert.Equal(("device", "model", "global-2", null), await ValuesAsync(acs, name));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC", """{"GPP_B":"model-2"}""");
        Assert.Equal(("device", "model-2", "global-2", null), await ValuesAsync(acs, name + ".gz"));

        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/floor-2", """{"GPP_D":"tag"}""");
        await acs.SendJsonAsync(HttpMethod.Put, $"api/devices/{ConfigApi.DeviceId}/tags", """["floor-2"]""");
        Assert.Equal(("device", "model-2", "global-2", "tag"), await ValuesAsync(acs, name));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":null}""");
        Assert.Equal(("model", "model-2", "global-2", "tag"), await ValuesAsync(acs, name));

        // The shared model profile follows too.
        var model = XDocument.Parse(await acs.Files.GetStringAsync("cfg/CP-8841-3PCC.xml")).Root!;
        Assert.Equal("model-2", model.Element("GPP_B")!.Value);
        Assert.Equal("global-2", model.Element("GPP_C")!.Value);
    }

    [Fact]
    public async Task A_new_encryption_key_encrypts_the_next_profile_and_removing_it_serves_it_plain()
    {
        await using var acs = await StartWithDeviceAsync();
        var name = $"cfg/{ConfigApi.Mac}.cfg";
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":"first key"}""");
        Assert.Equal("device", DecryptedGppA(await acs.Files.GetByteArrayAsync(name), "first key"));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":"second key"}""");
        var encrypted = await acs.Files.GetByteArrayAsync(name);
        Assert.Null(DecryptedGppA(encrypted, "first key"));
        Assert.Equal("device", DecryptedGppA(encrypted, "second key"));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":null}""");
        Assert.Equal("device", XDocument.Parse(await acs.Files.GetStringAsync(name)).Root!.Element("GPP_A")!.Value);
    }

    [Fact]
    public async Task The_last_of_many_fetches_is_what_the_database_keeps_across_a_restart()
    {
        var acs = await StartWithDeviceAsync();
        await using (acs)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            {
                using var response = await acs.Files.GetAsync($"cfg/{ConfigApi.Mac}.cfg?n={i}");
                Assert.Equal(200, (int)response.StatusCode);
            }));
            using var last = new HttpRequestMessage(HttpMethod.Get, $"cfg/spa{ConfigApi.Mac}.xml");
            last.Headers.TryAddWithoutValidation("User-Agent", "cisco/CP-8841-3PCC-sip88xx.12-0-2 (FCH2216ABCD)");
            using (var response = await acs.Files.SendAsync(last))
            {
                Assert.Equal(200, (int)response.StatusCode);
            }

            await acs.RestartAsync();

            var fetch = (await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config"))["lastProfileFetch"]!;
            Assert.Equal($"spa{ConfigApi.Mac}.xml", (string?)fetch["fileName"]);
            Assert.Equal("sip88xx.12-0-2", (string?)fetch["softwareVersion"]);
        }
    }

    private static async Task<(string? A, string? B, string? C, string? D)> ValuesAsync(TestAcs acs, string name)
    {
        var bytes = await acs.Files.GetByteArrayAsync(name);
        var text = Encoding.UTF8.GetString(ProfileCodec.Decode(bytes, key: null).Content);
        var root = XDocument.Parse(text).Root!;
        return (root.Element("GPP_A")?.Value, root.Element("GPP_B")?.Value, root.Element("GPP_C")?.Value, root.Element("GPP_D")?.Value);
    }

    private static string? DecryptedGppA(byte[] encrypted, string key)
        // A wrong key passes the padding check about once in 256: only XML counts as decrypted.
        => OpensslEnc.TryDecrypt(encrypted, key, OpensslDigest.Md5, out var plain, out _, out _) && plain.Length > 0 && plain[0] == (byte)'<'
            ? XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_A")?.Value
            : null;

    private static async Task<TestAcs> StartWithDeviceAsync()
    {
        var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"global","GPP_B":"global","GPP_C":"global"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_A":"model","GPP_B":"model"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"device"}""");
        return acs;
    }
}
