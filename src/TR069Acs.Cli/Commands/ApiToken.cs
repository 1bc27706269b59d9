using System.CommandLine;
using System.Net.Http.Headers;

namespace TR069Acs.Cli.Commands;

/// <summary><c>--token</c> (or the environment variable <c>ACS_TOKEN</c>): the bearer token the commands that call the operator
/// API send. Prefer the variable: a command line is visible to every user of the machine (<c>ps</c>).</summary>
internal static class ApiToken
{
    public const string Variable = "ACS_TOKEN";

    public static Option<string?> Create() => new("--token")
    {
        Description = $"Bearer token for the operator API (from POST /api/auth/login or acs tokens create); default: the {Variable} environment variable.",
        Recursive = true,
    };

    /// <summary>The option's value, else <c>ACS_TOKEN</c>, else null.</summary>
    public static string? Resolve(ParseResult result, Option<string?> option)
        => result.GetValue(option) is { Length: > 0 } token ? token
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } variable ? variable.Trim()
            : null;

    /// <summary>Sends <paramref name="token"/> on every request of <paramref name="http"/>.</summary>
    public static void Apply(HttpClient http, string? token)
    {
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
