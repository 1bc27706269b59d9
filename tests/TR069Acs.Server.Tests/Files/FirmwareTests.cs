using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Files;

public sealed class FirmwareTests
{
    [Fact]
    public async Task An_uploaded_image_is_stored_by_SHA256_and_served_with_HEAD_ETag_and_Range()
    {
        await using var acs = await TestAcs.StartAsync();
        var payload = RandomNumberGenerator.GetBytes(100_000);
        var image = FirmwareImage.Pack(["CP-8841-3PCC", "CP-8851-3PCC"], "12.0.1", payload);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(image));

        using var upload = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var created = System.Text.Json.Nodes.JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal(sha256, (string?)created["sha256"]);
        Assert.Equal(image.Length, (long)created["size"]!);
        Assert.Equal("12.0.1", (string?)created["version"]);
        Assert.Equal(["CP-8841-3PCC", "CP-8851-3PCC"], created["models"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("sip88xx.12-0-1.loads", (string?)created["fileName"]);
        Assert.True(File.Exists(Path.Combine(acs.DataDirectory, "firmware", sha256)));

        using var again = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);   // content-addressed: one image
        Assert.Single((await acs.GetJsonAsync("api/firmware")).AsArray());

        using var head = await acs.Files.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"firmware/{sha256}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(image.Length, head.Content.Headers.ContentLength);
        Assert.Equal($"\"{sha256}\"", head.Headers.ETag!.Tag);
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());

        using var range = new HttpRequestMessage(HttpMethod.Get, "firmware/sip88xx.12-0-1.loads");
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await acs.Files.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(image[1000..2000], await partial.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"firmware/{sha256}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha256}\""));
        using var notModified = await acs.Files.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        Assert.Equal(image, await acs.Files.GetByteArrayAsync($"firmware/{sha256}"));

        using var delete = await acs.Api.DeleteAsync($"api/firmware/{sha256}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await acs.Files.GetAsync($"firmware/{sha256}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(File.Exists(Path.Combine(acs.DataDirectory, "firmware", sha256)));
    }

    [Fact]
    public async Task A_damaged_or_foreign_file_is_refused_naming_the_problem()
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/firmware", "{\"not\":\"an image\"}");
        Assert.True(status == 400, $"{status}: {body}");
        Assert.Contains("WrongMagic", (string?)body!["detail"], StringComparison.Ordinal);

        var image = FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", RandomNumberGenerator.GetBytes(5000));
        image[^1] ^= 0xFF;
        using var corrupt = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.BadRequest, corrupt.StatusCode);
        Assert.Contains("Corrupt", await corrupt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await acs.GetJsonAsync("api/firmware")).AsArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(acs.DataDirectory, "firmware")));
    }
}
