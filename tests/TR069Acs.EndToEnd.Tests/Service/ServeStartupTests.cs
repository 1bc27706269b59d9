using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Server.Hosting;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 15 §5: <c>acs serve</c> validates every setting and flag before binding anything, and fails like a service:
/// one line naming what is wrong, a stated exit code, no stack trace, no .NET type names.</summary>
public sealed class ServeStartupTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-startup-");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string[] Serve(int cwmpPort, params string[] more) =>
    [
        "serve", "--data", "data", "--Acs:ListenAddress", "127.0.0.1", "--Acs:CwmpPort", $"{cwmpPort}", "--Acs:ApiPort", "0",
        "--Acs:FilesPort", "0", "--Acs:FilesTlsPort", "0", "--tftp-port", "-1", "--syslog-port", "-1", .. more,
    ];

    private static void AssertOperatorMessage(string error)
    {
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal); // no .NET type names
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_setting_stops_the_start_naming_the_nearest_setting_and_binds_nothing()
    {
        var port = FreePort();
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, Serve(port, "--Acs:CwmpPrt", "18547"));

        Assert.Equal(2, exit);
        Assert.Contains("Acs:CwmpPrt", error, StringComparison.Ordinal);
        Assert.Contains("did you mean Acs:CwmpPort?", error, StringComparison.Ordinal);
        AssertOperatorMessage(error + output);
        // Nothing was bound: the port it was given is still free.
        using var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start();
    }

    [Fact]
    public async Task An_unknown_flag_stops_the_start()
    {
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, Serve(FreePort(), "--bogus-flag"));

        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--bogus-flag'", error, StringComparison.Ordinal);
        AssertOperatorMessage(error + output);

        var (exit2, _, error2) = await AcsCli.RunAsync(_work.FullName, Serve(FreePort(), "--tls-crt", "server.pem"));
        Assert.Equal(2, exit2);
        Assert.Contains("did you mean --tls-cert?", error2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_of_the_wrong_kind_are_named_in_words_all_at_once()
    {
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName,
            Serve(FreePort(), "--Acs:Limits:CwmpConnections", "many", "--Acs:CpeAuth:Mode", "sometimes", "--Acs:Campaigns:TickMilliseconds", "1.5"));

        Assert.Equal(2, exit);
        Assert.Contains("Acs:Limits:CwmpConnections must be a whole number, got 'many'.", error, StringComparison.Ordinal);
        Assert.Contains("Acs:CpeAuth:Mode must be one of Credentials, Certificate, Off, got 'sometimes'.", error, StringComparison.Ordinal);
        Assert.Contains("Acs:Campaigns:TickMilliseconds", error, StringComparison.Ordinal);
        AssertOperatorMessage(error + output);

        // System.CommandLine's own options: "as expected type 'System.Nullable`1[System.Int32]'" was the message.
        var (exit2, output2, error2) = await AcsCli.RunAsync(_work.FullName, ["serve", "--tftp-port", "abc"]);
        Assert.Equal(2, exit2);
        Assert.Contains("--tftp-port must be a whole number, got 'abc'.", error2, StringComparison.Ordinal);
        AssertOperatorMessage(error2 + output2);
    }

    [Fact]
    public async Task A_busy_port_is_one_line_naming_the_port_and_its_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var busy = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, Serve(busy));

        Assert.Equal(4, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"port {busy} (Acs:CwmpPort) is already in use", line, StringComparison.Ordinal);
        AssertOperatorMessage(error + output);
    }

    [Fact]
    public async Task Acs_settings_lists_every_setting_with_its_default_and_meaning()
    {
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, "settings");

        Assert.True(exit == 0, error);
        Assert.Contains("Acs:CwmpPort = 7547", output, StringComparison.Ordinal);
        Assert.Contains("Acs:Limits:ConnectionsPerAddress = 256", output, StringComparison.Ordinal);
        Assert.Contains("Acs:CpeAuth:Mode = Credentials    [one of Credentials, Certificate, Off]", output, StringComparison.Ordinal);
        Assert.Contains("Acs:TelemetryDrainSeconds = 60", output, StringComparison.Ordinal);
        Assert.DoesNotContain("lab-bootstrap-not-for-production", output, StringComparison.Ordinal);
        // Generated from the option classes: every setting is there, each with a meaning.
        foreach (var setting in AcsSettings.All)
        {
            Assert.Contains(setting.Key + " = ", output, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(setting.Description), $"{setting.Key} has no description (its XML doc comment)");
        }
        Assert.Contains(AcsSettings.All, s => s.Key == "Acs:Limits:CwmpConnections");
        Assert.Contains(AcsSettings.All, s => s.Key == "Acs:CpeAuth:LockoutSeconds");

        var (helpExit, help, _) = await AcsCli.RunAsync(_work.FullName, "serve", "--help");
        Assert.Equal(0, helpExit);
        Assert.Contains("acs settings", help, StringComparison.Ordinal);
        Assert.Contains("Exit codes", help, StringComparison.Ordinal);
    }

    [Fact]
    public void The_annotated_appsettings_example_holds_only_known_settings()
    {
        var example = Path.Combine(AcsCli.RepositoryRoot, "deploy", "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(example, optional: false).Build();

        Assert.Empty(AcsSettings.Check(configuration));
        Assert.NotEmpty(configuration.GetSection("Acs").GetChildren());
        // A typo in such a file is caught the same way.
        var typo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Acs:Limits:ApiConections"] = "5" }).Build();
        Assert.Contains("did you mean Acs:Limits:ApiConnections?", Assert.Single(AcsSettings.Check(typo)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_415_becomes_a_problem_saying_what_content_type_is_expected()
    {
        // The framework answers 415 with no body when a route binding a JSON body gets another Content-Type (or none).
        var services = new ServiceCollection().AddLogging().AddProblemDetails();
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.Path = "/api/campaigns";
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask,
            new EndpointMetadataCollection(new Microsoft.AspNetCore.Http.Metadata.AcceptsMetadata(["application/json"])), "campaigns"));
        var middleware = new TR069Acs.Server.Api.ContentTypeProblems(c =>
        {
            c.Response.StatusCode = StatusCodes415;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes415, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        var problem = JsonNode.Parse(context.Response.Body)!;
        Assert.Equal("POST /api/campaigns takes a body of type application/json; the request's Content-Type was none. "
            + "Send the header Content-Type: application/json (curl: -H 'Content-Type: application/json').", (string?)problem["detail"]);
    }

    private const int StatusCodes415 = 415;

    [Fact]
    public async Task Json_routes_read_bodies_sent_without_a_content_type_as_json()
    {
        // curl -d without -H sends application/x-www-form-urlencoded: the API reads the JSON anyway (no 415 at all).
        await using var acs = await AcsInstance.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"{{\"username\":\"admin\",\"password\":\"{acs.AdminPassword}\"}}")),
        };
        using var response = await acs.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
