using TR069Acs.Server.Hosting;

namespace TR069Acs.Cli.Commands;

/// <summary>The tokens of <c>acs serve</c> that are not its own options go to the .NET configuration chain
/// (<c>--Acs:CwmpPort 8547</c>, <c>--Logging:LogLevel:Default Debug</c>). Anything else there is an operator's typo, which the
/// configuration chain would silently ignore: it is an error naming the nearest known option or setting.</summary>
internal static class ServeArguments
{
    // The configuration sections an operator may set on the command line: the ACS's own and the log levels.
    private static readonly string[] Sections = ["Acs:", "Logging:"];

    /// <summary>One line per problem with <paramref name="tokens"/>; empty when every token is a configuration key with a value.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> tokens, IEnumerable<string> ownOptions)
    {
        var problems = new List<string>();
        var candidates = ownOptions.Concat(AcsSettings.All.Select(s => "--" + s.Key)).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith('-') && !token.StartsWith('/'))
            {
                problems.Add($"unexpected argument '{token}' (settings are given as --Acs:Name value; acs serve --help lists the options).");
                continue;
            }
            var key = token.TrimStart('-', '/');
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            var hasInlineValue = equals >= 0;
            if (hasInlineValue)
            {
                key = key[..equals];
            }
            if (!token.StartsWith("--", StringComparison.Ordinal) || !Sections.Any(s => key.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                var nearest = AcsSettings.Nearest("--" + key, candidates);
                problems.Add(nearest is null
                    ? $"unknown option '{token}' (acs serve --help lists the options, acs settings the --Acs:* settings)."
                    : $"unknown option '{token}'; did you mean {nearest}?");
                if (!hasInlineValue && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-'))
                {
                    i++; // its value, if it had one, is not a second problem
                }
                continue;
            }
            if (!hasInlineValue)
            {
                if (i + 1 >= tokens.Count)
                {
                    problems.Add($"--{key} needs a value, e.g. --{key} VALUE.");
                    continue;
                }
                i++;
            }
        }
        return problems;
    }
}
