using System.Globalization;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Conditions;

/// <summary>A node of a parsed condition.</summary>
internal abstract class ConditionNode
{
    public abstract bool Evaluate(IMacroContext context);
}

internal sealed class OrNode(ConditionNode[] terms) : ConditionNode
{
    public override bool Evaluate(IMacroContext context) => terms.Any(t => t.Evaluate(context));
}

internal sealed class AndNode(ConditionNode[] terms) : ConditionNode
{
    public override bool Evaluate(IMacroContext context) => terms.All(t => t.Evaluate(context));
}

/// <summary>An operand: a bare word or a quoted string, macros unexpanded until evaluation.</summary>
internal readonly record struct Operand(string Text, bool Quoted)
{
    public string Expand(IMacroContext context) => MacroExpander.Expand(Text, context);
}

/// <summary>
/// One comparison. Quoted operands compare as strings; otherwise two integers compare numerically, two firmware
/// versions by version order (<c>sip88xx.11-0-1</c> equals <c>11.0.1</c>), and anything else as ordinal strings.
/// </summary>
internal sealed class ComparisonNode(Operand left, ComparisonOperator op, Operand right) : ConditionNode
{
    public override bool Evaluate(IMacroContext context)
    {
        var a = left.Expand(context);
        var b = right.Expand(context);
        var c = Compare(a, b, left.Quoted || right.Quoted);
        return op switch
        {
            ComparisonOperator.Equal => c == 0,
            ComparisonOperator.NotEqual => c != 0,
            ComparisonOperator.LessThan => c < 0,
            ComparisonOperator.LessOrEqual => c <= 0,
            ComparisonOperator.GreaterThan => c > 0,
            _ => c >= 0,
        };
    }

    internal static int Compare(string a, string b, bool asStrings)
    {
        if (!asStrings)
        {
            if (long.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x)
                && long.TryParse(b, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y))
            {
                return x.CompareTo(y);
            }

            if (FirmwareVersion.TryParse(a, out var va) && FirmwareVersion.TryParse(b, out var vb))
            {
                return va.CompareTo(vb);
            }
        }

        return Math.Sign(string.CompareOrdinal(a, b));
    }
}
