using System.Text.RegularExpressions;
using System.Xml.Linq;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Provisioning.ActivationApi;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Activation codes (retail provisioning) against a real ACS: a good code registers and binds the factory phone and
/// moves it to its permanent Profile_Rule; used, expired, revoked and unknown codes are refused saying which; of two
/// concurrent uses exactly one wins; wrong codes from one address are rate-limited.</summary>
public sealed partial class ActivationTests
{
    [Fact]
    public async Task A_good_code_registers_the_phone_binds_the_code_and_serves_its_permanent_Profile_Rule_and_the_bound_scope()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/acme", """{"GPP_D":"acme","Display_Name_1_":"Acme desk"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_C":"global"}""");
        var created = await CreateAsync(acs, """{"tag":"retail","account":"cust-42","scope":{"kind":"tag","name":"acme"},"expiresInSeconds":3600}""");
        Assert.Equal(1, (int)created["count"]!);
        Assert.Equal("tag:acme", (string?)created["scope"]);
        var code = (string)created["codes"]![0]!["code"]!;
        var id = (long)created["codes"]![0]!["id"]!;
        Assert.Matches(CodePattern(), code);

        var listed = (await acs.GetJsonAsync("api/activation-codes")).AsArray().Single()!;
        Assert.Equal("unused", (string?)listed["state"]);
        Assert.Equal(code[..4], (string?)listed["prefix"]);
        Assert.Null(listed["code"]);
        Assert.DoesNotContain(code[5..], listed.ToJsonString(), StringComparison.Ordinal);

        var (status, body, _) = await ActivateAsync(acs, code);

        Assert.True(status == 200, body);
        var profile = XDocument.Parse(body).Root!;
        Assert.Equal($"http://127.0.0.1:{acs.App.GetFilesUri().Port}/cfg/$MA.cfg", profile.Element("Profile_Rule")!.Value);
        Assert.Equal("acme", profile.Element("GPP_D")!.Value);
        Assert.Equal("Acme desk", profile.Element("Display_Name_1_")!.Value);
        Assert.Null(profile.Element("GPP_C"));   // the rest comes with the permanent profile

        var device = await acs.GetJsonAsync($"api/devices/{DeviceId}");
        Assert.Equal(["acme", "retail"], device["tags"]!.AsArray().Select(t => (string)t!));
        var bound = await CodeAsync(acs, id);
        Assert.Equal("used", (string?)bound["state"]);
        Assert.Equal(DeviceId, (string?)bound["boundDevice"]);
        Assert.Equal("cust-42", (string?)bound["account"]);
        Assert.Equal("127.0.0.1", (string?)bound["usedFrom"]);
        Assert.Equal("prov/activate", (string?)(await acs.GetJsonAsync($"api/devices/{DeviceId}/config"))["lastProfileFetch"]!["fileName"]);
        // The permanent rule leads to the device's own layered profile, now with the bound tag's values.
        var permanent = XDocument.Parse(await acs.Files.GetStringAsync($"cfg/{Mac}.cfg")).Root!;
        Assert.Equal("global", permanent.Element("GPP_C")!.Value);
        Assert.Equal("acme", permanent.Element("GPP_D")!.Value);
    }

    [Fact]
    public async Task A_code_in_the_path_binds_a_known_device_and_its_own_profileRule_wins()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs, mac: Mac, serial: Serial);
        var code = await CreateOneAsync(acs, """{"profileRule":"[--key $B] https://prov.example.com/phones/$MA.cfg"}""");

        // Lower case, no dashes, the letter O for zero: read as a person types it.
        var typed = code.Replace("-", "", StringComparison.Ordinal).Replace('0', 'O').ToLowerInvariant();
        var (status, body, _) = await ActivateAsync(acs, typed, mac: null, path: $"prov/activate/{typed}");

        Assert.True(status == 200, body);
        Assert.Equal("[--key $B] https://prov.example.com/phones/$MA.cfg", XDocument.Parse(body).Root!.Element("Profile_Rule")!.Value);
        Assert.Single((await acs.GetJsonAsync("api/devices")).AsArray());
    }

    [Fact]
    public async Task A_used_code_is_refused_and_revoking_it_is_a_conflict()
    {
        await using var acs = await TestAcs.StartAsync();
        var created = await CreateAsync(acs);
        var code = (string)created["codes"]![0]!["code"]!;
        Assert.Equal(200, (await ActivateAsync(acs, code)).Status);

        var (status, body, _) = await ActivateAsync(acs, code);

        Assert.Equal(403, status);
        Assert.Contains("has been used already", body, StringComparison.Ordinal);
        var (revoke, problem, _) = await acs.SendJsonAsync(HttpMethod.Delete, $"api/activation-codes/{created["codes"]![0]!["id"]}");
        Assert.Equal(409, revoke);
        Assert.Contains(DeviceId, (string?)problem!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_revoked_and_unknown_codes_are_refused_saying_which_and_create_no_device()
    {
        await using var acs = await TestAcs.StartAsync();
        var created = await CreateAsync(acs, """{"count":2}""");
        var expiredId = (long)created["codes"]![0]!["id"]!;
        var revokedId = (long)created["codes"]![1]!["id"]!;
        await ExpireAsync(acs, expiredId);
        var (revokeStatus, revoked, _) = await acs.SendJsonAsync(HttpMethod.Delete, $"api/activation-codes/{revokedId}");
        Assert.Equal(200, revokeStatus);
        Assert.Equal("revoked", (string?)revoked!["state"]);
        Assert.Equal("expired", (string?)(await CodeAsync(acs, expiredId))["state"]);

        var expired = await ActivateAsync(acs, (string)created["codes"]![0]!["code"]!);
        Assert.Equal(403, expired.Status);
        Assert.Contains("expired at", expired.Body, StringComparison.Ordinal);
        var revokedUse = await ActivateAsync(acs, (string)created["codes"]![1]!["code"]!);
        Assert.Equal(403, revokedUse.Status);
        Assert.Contains("has been revoked", revokedUse.Body, StringComparison.Ordinal);
        var unknown = await ActivateAsync(acs, "0000-0000-0000-0000");
        Assert.Equal(403, unknown.Status);
        Assert.Contains("unknown", unknown.Body, StringComparison.Ordinal);

        Assert.Empty((await acs.GetJsonAsync("api/devices")).AsArray());
        Assert.Single((await acs.GetJsonAsync("api/activation-codes?state=expired")).AsArray());
        Assert.Single((await acs.GetJsonAsync("api/activation-codes?state=revoked")).AsArray());
        Assert.Empty((await acs.GetJsonAsync("api/activation-codes?state=unused")).AsArray());
    }

    [Fact]
    public async Task Of_concurrent_uses_of_one_code_by_different_phones_exactly_one_wins()
    {
        // Every loser counts as a failed activation of 127.0.0.1: lift the rate limit out of the way.
        await using var acs = await TestAcs.StartAsync(o => o.Activation.MaxFailuresPerMinute = 1000);
        const int Codes = 5;
        const int PhonesPerCode = 4;
        var created = await CreateAsync(acs, $$"""{"count":{{Codes}}}""");
        var winners = 0;
        for (var c = 0; c < Codes; c++)
        {
            var code = (string)created["codes"]![c]!["code"]!;
            var attempts = Enumerable.Range(0, PhonesPerCode).Select(p =>
            {
                var n = (c * PhonesPerCode) + p;
                return ActivateAsync(acs, code, mac: $"0023EB10{n:X4}", serial: $"FCH30{n:D6}");
            }).ToList();
            var results = await Task.WhenAll(attempts);

            Assert.True(results.Count(r => r.Status == 200) == 1, string.Join(" | ", results.Select(r => $"{r.Status} {r.Body}")));
            Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal(403, r.Status));
            winners++;
            var bound = await CodeAsync(acs, (long)created["codes"]![c]!["id"]!);
            Assert.Equal("used", (string?)bound["state"]);
            Assert.NotNull(bound["boundDevice"]);
        }
        // Losers were not registered: one device per code.
        Assert.Equal(winners, (await acs.GetJsonAsync("api/devices")).AsArray().Count);
    }

    [Fact]
    public async Task Repeated_wrong_codes_from_one_address_are_rate_limited_even_for_a_good_code()
    {
        await using var acs = await TestAcs.StartAsync();
        var good = await CreateOneAsync(acs);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(403, (await ActivateAsync(acs, $"0000-0000-0000-{i:D4}")).Status);
        }
        var (status, body, response) = await ActivateAsync(acs, good);

        Assert.Equal(429, status);
        Assert.Contains("too many failed activations", body, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("unused", (string?)(await acs.GetJsonAsync("api/activation-codes")).AsArray().Single()!["state"]);
        response.Dispose();
    }

    [Fact]
    public async Task An_unidentified_phone_is_told_what_is_missing_and_the_code_stays_unused()
    {
        await using var acs = await TestAcs.StartAsync();
        var code = await CreateOneAsync(acs);

        var noMac = await ActivateAsync(acs, code, mac: null);
        Assert.Equal(400, noMac.Status);
        Assert.Contains("MAC", noMac.Body, StringComparison.Ordinal);
        var noAgent = await ActivateAsync(acs, code, serial: null);
        Assert.Equal(400, noAgent.Status);
        Assert.Contains("serial number", noAgent.Body, StringComparison.Ordinal);
        var badMac = await ActivateAsync(acs, code, mac: "0023EB00");
        Assert.Equal(400, badMac.Status);
        Assert.Contains("'mac'", badMac.Body, StringComparison.Ordinal);

        Assert.Equal("unused", (string?)(await acs.GetJsonAsync("api/activation-codes")).AsArray().Single()!["state"]);
        Assert.Equal(200, (await ActivateAsync(acs, code)).Status);
    }

    [Theory]
    [InlineData("prov/activate?code=ABCD", "has 16 characters")]
    [InlineData("prov/activate?code=UUUU-UUUU-UUUU-UUUU", "'U' is not one")]
    [InlineData("prov/activate", "no activation code")]
    [InlineData("prov/activate/AAAA-AAAA-AAAA-AAAA?code=BBBB-BBBB-BBBB-BBBB", "given twice")]
    public async Task Malformed_codes_are_400_naming_code(string path, string reason)
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, body, _) = await ActivateAsync(acs, "", path: path);
        Assert.Equal(400, status);
        Assert.Contains("'code'", body, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":0}""", "count")]
    [InlineData("""{"count":1001}""", "count")]
    [InlineData("""{"count":"3"}""", "count")]
    [InlineData("""{"expiresInSeconds":5}""", "expiresInSeconds")]
    [InlineData("""{"expires":"yesterday"}""", "expires")]
    [InlineData("""{"expires":"2001-01-01T00:00:00Z"}""", "expires")]
    [InlineData("""{"expires":"2999-01-01T00:00:00Z","expiresInSeconds":60}""", "expires")]
    [InlineData("""{"tag":"bad tag!"}""", "tag")]
    [InlineData("""{"account":""}""", "account")]
    [InlineData("""{"scope":"acme"}""", "scope")]
    [InlineData("""{"scope":{"kind":"device","name":"x"}}""", "scope.kind")]
    [InlineData("""{"scope":{"kind":"tag"}}""", "scope.name")]
    [InlineData("""{"scope":{"kind":"tag","name":"no tag"}}""", "scope.name")]
    [InlineData("""{"profileRule":"[--bogus x] http://h/f"}""", "profileRule")]
    [InlineData("""{"cuont":3}""", "cuont")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"count":""", "body")]
    public async Task Malformed_creation_bodies_are_400_problem_details_naming_the_field(string json, string field)
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/activation-codes", json);
        Assert.True(status == 400, $"{json} → {status}: {body}");
        Assert.NotNull(body!["errors"]![field]);
        Assert.Empty((await acs.GetJsonAsync("api/activation-codes")).AsArray());
    }

    [Fact]
    public async Task Listing_filters_and_bad_query_values_name_the_parameter()
    {
        await using var acs = await TestAcs.StartAsync();
        await CreateAsync(acs, """{"count":3,"tag":"shop-a"}""");
        await CreateAsync(acs, """{"count":2,"tag":"shop-b","account":"acct-9"}""");

        Assert.Equal(3, (await acs.GetJsonAsync("api/activation-codes?tag=shop-a")).AsArray().Count);
        Assert.Equal(2, (await acs.GetJsonAsync("api/activation-codes?account=acct-9&state=unused")).AsArray().Count);
        Assert.Single((await acs.GetJsonAsync("api/activation-codes?limit=1&offset=4")).AsArray());
        foreach (var (query, field) in new[] { ("state=used-up", "state"), ("state=1", "state"), ("limit=0", "limit"), ("offset=-1", "offset") })
        {
            var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Get, $"api/activation-codes?{query}");
            Assert.True(status == 400, $"{query} → {status}");
            Assert.NotNull(body!["errors"]![field]);
        }
        var (badId, idBody, _) = await acs.SendJsonAsync(HttpMethod.Delete, "api/activation-codes/abc");
        Assert.Equal(400, badId);
        Assert.NotNull(idBody!["errors"]!["id"]);
        Assert.Equal(404, (await acs.SendJsonAsync(HttpMethod.Delete, "api/activation-codes/999")).Status);
    }

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")]
    private static partial Regex CodePattern();
}
