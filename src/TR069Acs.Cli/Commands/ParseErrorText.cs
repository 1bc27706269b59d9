using System.Text.RegularExpressions;

namespace TR069Acs.Cli.Commands;

/// <summary>Command-line parse errors in an operator's words: no .NET type names.</summary>
internal static partial class ParseErrorText
{
    /// <summary>Rewrites "Cannot parse argument 'x' for option '--n' as expected type 'System.Int32'." and strips any other
    /// .NET type name.</summary>
    public static string Humanize(string message)
    {
        var match = CannotParse().Match(message);
        if (match.Success)
        {
            return $"{match.Groups["option"].Value} must be {Kind(match.Groups["type"].Value)}, got '{match.Groups["value"].Value}'.";
        }
        return TypeName().Replace(message, m => Kind(m.Groups["type"].Value));
    }

    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("FileInfo", StringComparison.Ordinal) => "a file path",
        _ when type.Contains("DirectoryInfo", StringComparison.Ordinal) => "a directory path",
        _ when type.Contains("Uri", StringComparison.Ordinal) => "a URL",
        _ => "a valid value",
    };

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.?")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"'?(?<type>System\.[A-Za-z0-9_.`\[\], ]+)'?")]
    private static partial Regex TypeName();
}
