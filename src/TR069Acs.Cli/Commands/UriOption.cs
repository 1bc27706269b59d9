using System.CommandLine;

namespace TR069Acs.Cli.Commands;

/// <summary>An absolute http(s) URL option with a message that says what was wrong. <c>--api</c> defaults to the
/// environment variable <c>ACS_API</c> when set (as <c>--token</c> to <c>ACS_TOKEN</c>).</summary>
internal static class UriOption
{
    public static Option<Uri> Create(string name, string description, string defaultValue)
    {
        if (name == "--api" && Environment.GetEnvironmentVariable("ACS_API") is { Length: > 0 } fromEnvironment)
        {
            defaultValue = fromEnvironment;
            description += " Default: ACS_API (" + fromEnvironment + ").";
        }
        else if (name == "--api")
        {
            description += " Default: ACS_API, else " + defaultValue;
        }
        return Build(name, description, defaultValue);
    }

    private static Option<Uri> Build(string name, string description, string defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => new Uri(defaultValue),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : defaultValue;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }
            result.AddError($"{name} must be an absolute http:// or https:// URL, not '{text}'.");
            return null;
        },
    };
}
