using System.Globalization;
using System.Text;

namespace TR069Acs.Provisioning.Macros;

/// <summary>
/// Macro expansion of rules, log messages and trigger conditions (DESIGN §6), in one left-to-right pass; values are
/// inserted as they are and never expanded again.
/// <list type="bullet">
/// <item><c>$$</c> is a literal <c>$</c>.</item>
/// <item><c>$NAME</c> takes the longest built-in name at that point (<see cref="MacroNames"/>): <c>$MAC</c> is the
/// colon form, not <c>$MA</c> + <c>C</c>; <c>$B/$MA.cfg</c> splits where the name characters (A–Z, 0–9, _) stop.
/// <c>$GPP_A</c> is a synonym of <c>$A</c>; <c>$UID2</c> is User_ID_2_.</item>
/// <item><c>$(NAME)</c> is the same with explicit bounds, and also reads any flat parameter by name
/// (<c>$(User_ID_1_)</c>). <c>$(NAME:p)</c> is the value from character p (0-based) to its end and
/// <c>$(NAME:p:q)</c> the q characters from p; both clip to the value, so out-of-range offsets give empty text.</item>
/// <item>A name that is neither built in nor known to the context stays in the text unchanged (<c>$XYZ</c>,
/// <c>$(Nope)</c>), as does a malformed <c>$(…)</c>. A built-in name the context cannot supply expands to empty.</item>
/// </list>
/// </summary>
public static class MacroExpander
{
    /// <summary>Expands every macro of <paramref name="template"/>.</summary>
    public static string Expand(string template, IMacroContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var first = template.IndexOf('$', StringComparison.Ordinal);
        if (first < 0)
        {
            return template;
        }

        var output = new StringBuilder(template.Length + 32);
        output.Append(template, 0, first);
        var i = first;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }

            output.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                output.Append('$');
                i++;
            }
            else if (i < template.Length && template[i] == '(' && TryExpandParenthesized(template, i, context, output, out var end))
            {
                i = end;
            }
            else if (TryMatchName(template.AsSpan(i), out var length, out var name))
            {
                output.Append(Lookup(name, context));
                i += length;
            }
            else
            {
                output.Append('$');
            }
        }

        return output.ToString();
    }

    /// <summary>True when <paramref name="text"/> contains anything expansion would change.</summary>
    public static bool ContainsMacros(string text) => text.Contains('$', StringComparison.Ordinal);

    // $NAME: longest built-in name, GPP_ synonyms, UIDn.
    private static bool TryMatchName(ReadOnlySpan<char> rest, out int length, out string name)
    {
        var run = 0;
        while (run < rest.Length && IsNameChar(rest[run]))
        {
            run++;
        }

        var candidate = rest[..run];
        if (candidate.StartsWith("GPP_", StringComparison.Ordinal))
        {
            for (var n = Math.Min(candidate.Length - 4, 2); n >= 1; n--)
            {
                var register = candidate.Slice(4, n);
                if (MacroNames.KnownBySpan.TryGetValue(register, out var known) && MacroNames.GeneralPurpose.Contains(known))
                {
                    length = 4 + n;
                    name = known;
                    return true;
                }
            }
        }

        if (candidate.StartsWith(MacroNames.UserIdPrefix, StringComparison.Ordinal))
        {
            var digits = 3;
            while (digits < candidate.Length && char.IsAsciiDigit(candidate[digits]))
            {
                digits++;
            }

            if (MacroNames.IsUserId(candidate[..digits]))
            {
                length = digits;
                name = candidate[..digits].ToString();
                return true;
            }
        }

        for (var n = Math.Min(candidate.Length, MacroNames.LongestName); n >= 1; n--)
        {
            if (MacroNames.KnownBySpan.TryGetValue(candidate[..n], out var known))
            {
                length = n;
                name = known;
                return true;
            }
        }

        length = 0;
        name = "";
        return false;
    }

    // $(NAME), $(NAME:p), $(NAME:p:q); open is the index of '('.
    private static bool TryExpandParenthesized(string template, int open, IMacroContext context, StringBuilder output, out int end)
    {
        end = 0;
        var close = template.IndexOf(')', open + 1);
        if (close < 0)
        {
            return false;
        }

        var inner = template.AsSpan(open + 1, close - open - 1);
        var colon = inner.IndexOf(':');
        var nameSpan = colon < 0 ? inner : inner[..colon];
        if (nameSpan.IsEmpty)
        {
            return false;
        }

        foreach (var c in nameSpan)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        int offset = 0, count = int.MaxValue;
        if (colon >= 0)
        {
            var arguments = inner[(colon + 1)..];
            var second = arguments.IndexOf(':');
            var p = second < 0 ? arguments : arguments[..second];
            if (!TryParseIndex(p, out offset) || (second >= 0 && !TryParseIndex(arguments[(second + 1)..], out count)))
            {
                return false;
            }
        }

        string? value;
        if (TryMatchName(nameSpan, out var length, out var builtIn) && length == nameSpan.Length)
        {
            value = Lookup(builtIn, context);
        }
        else if (!context.TryGetValue(nameSpan.ToString(), out value))
        {
            return false;
        }

        if (offset < value.Length)
        {
            output.Append(value, offset, Math.Min(count, value.Length - offset));
        }

        end = close + 1;
        return true;
    }

    private static string Lookup(string name, IMacroContext context) => context.TryGetValue(name, out var value) ? value : "";

    private static bool TryParseIndex(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool IsNameChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_';
}
