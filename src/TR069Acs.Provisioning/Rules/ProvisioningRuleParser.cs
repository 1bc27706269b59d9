using TR069Acs.Provisioning.Conditions;

namespace TR069Acs.Provisioning.Rules;

/// <summary>
/// Splits rule text into its condition, options and URL template:
/// <code>
/// rule    := [ '(' condition ')' '?' ] [ '[' option* ']' ] url        (condition and options in either order)
/// option  := '--key' value | '--uid' value | '--pwd' value
/// value   := "quoted" | 'quoted' | word
/// </code>
/// </summary>
internal static class ProvisioningRuleParser
{
    public static ProvisioningRule Parse(string text)
    {
        Condition? condition = null;
        string? key = null, user = null, password = null;
        var optionsSeen = false;
        var i = SkipSpace(text, 0);
        while (i < text.Length && text[i] is '(' or '[')
        {
            if (text[i] == '(')
            {
                if (condition is not null)
                {
                    throw Syntax("a second condition", i);
                }

                var close = FindClose(text, i, '(', ')');
                var question = SkipSpace(text, close + 1);
                if (question >= text.Length || text[question] != '?')
                {
                    throw Syntax("expected '?' after the condition's ')'", question);
                }

                var inner = text[(i + 1)..close];
                try
                {
                    condition = Condition.Parse(inner);
                }
                catch (ConditionSyntaxException e)
                {
                    throw new ProvisioningRuleException(RuleErrorKind.Syntax, e.Reason, i + 1 + e.Position, e);
                }

                i = SkipSpace(text, question + 1);
            }
            else
            {
                if (optionsSeen)
                {
                    throw Syntax("a second option list", i);
                }

                optionsSeen = true;
                var close = FindClose(text, i, '[', ']');
                ParseOptions(text, i + 1, close, ref key, ref user, ref password);
                i = SkipSpace(text, close + 1);
            }
        }

        var url = text[i..].Trim();
        if (url.Length == 0)
        {
            throw Syntax("expected a URL", text.Length);
        }

        var space = url.IndexOfAny([' ', '\t', '\r', '\n']);
        if (space >= 0)
        {
            throw Syntax($"unexpected text after the URL: '{url[space..].Trim()}'", text.IndexOf(url, StringComparison.Ordinal) + space);
        }

        return new ProvisioningRule(text, condition, key, user, password, url);
    }

    private static void ParseOptions(string text, int start, int end, ref string? key, ref string? user, ref string? password)
    {
        var i = SkipSpace(text, start);
        while (i < end)
        {
            var nameStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i];
            if (name is not ("--key" or "--uid" or "--pwd"))
            {
                throw Syntax($"unknown option '{name}' (known: --key, --uid, --pwd)", nameStart);
            }

            i = SkipSpace(text, i);
            if (i >= end)
            {
                throw Syntax($"{name} needs a value", i);
            }

            string value;
            if (text[i] is '"' or '\'')
            {
                var close = text.IndexOf(text[i], i + 1);
                if (close < 0 || close > end)
                {
                    throw Syntax("unterminated quoted value", i);
                }

                value = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var valueStart = i;
                while (i < end && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                value = text[valueStart..i];
            }

            ref var slot = ref name == "--key" ? ref key : ref name == "--uid" ? ref user : ref password;
            if (slot is not null)
            {
                throw Syntax($"{name} given twice", nameStart);
            }

            slot = value;
            i = SkipSpace(text, i);
        }
    }

    // The index of the bracket closing the one at open; quotes inside are skipped.
    private static int FindClose(string text, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                var quote = text.IndexOf(c, i + 1);
                if (quote < 0)
                {
                    throw Syntax("unterminated quoted value", i);
                }

                i = quote;
            }
            else if (c == opening)
            {
                depth++;
            }
            else if (c == closing && --depth == 0)
            {
                return i;
            }
        }

        throw Syntax($"missing '{closing}' for the '{opening}'", open);
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static ProvisioningRuleException Syntax(string reason, int position) => new(RuleErrorKind.Syntax, reason, position);
}
