using System.Net.Http.Json;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>Behind a load balancer (<c>Acs:Cluster:TrustedProxies</c>) the ACS sees the client's address from
/// X-Forwarded-For, and only from the balancers it was told to trust.</summary>
public sealed class TrustedProxyTests
{
    // The tests' client connects from 127.0.0.1 (the "balancer"); the "phone or operator" behind it is 127.0.0.9.
    private const string Client = "127.0.0.9";

    [Theory]
    [InlineData("127.0.0.1", Client)]          // the balancer is trusted: its header names the client
    [InlineData("127.0.0.0/8", Client)]        // a range works the same
    [InlineData(null, "127.0.0.1")]            // nothing trusted (the default): the header is anyone's to forge
    [InlineData("10.9.9.9", "127.0.0.1")]      // a header from an address that is not a trusted balancer
    public async Task The_audit_trail_records_the_address_the_trusted_balancer_forwarded(string? trusted, string recorded)
    {
        await using var acs = await TestAcs.StartAsync(o =>
        {
            if (trusted is not null)
            {
                o.Cluster.TrustedProxies = [trusted];
            }
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/devices")
        {
            Content = JsonContent.Create(new { mac = "00562B04DD5C", serial = "FCH3333BBBB", model = "CP-8841-3PCC" }),
        };
        request.Headers.Add("X-Forwarded-For", Client);

        using var response = await acs.Api.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        var entries = (await acs.GetJsonAsync("api/audit")).AsArray();
        var entry = entries.First(e => (string?)e!["action"] == "POST /api/devices")!;
        Assert.Equal(recorded, (string?)entry["remoteAddress"]);
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_no_address_stops_the_start_naming_it()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestAcs.StartAsync(o => o.Cluster.TrustedProxies = ["haproxy.example.net"]));

        Assert.Contains("Acs:Cluster:TrustedProxies: 'haproxy.example.net' is neither an IP address nor a CIDR range", error.Message, StringComparison.Ordinal);
    }
}
