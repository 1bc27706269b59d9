using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Conditions;

/// <summary>
/// A condition of <c>Resync_Trigger_1/2</c> or of a rule's <c>( … )?</c> prefix:
/// <c>$UPGTMR gt 300 and $PRVTMR ge 600</c>, <c>( $SWVER ne 11.0.1 )</c>, <c>"$A" eq "beta" or $B lt 3</c>.
/// Comparisons <c>eq ne lt le gt ge</c> (or <c>= != &lt; &lt;= &gt; &gt;=</c>) joined by <c>and</c>/<c>or</c>
/// (<c>and</c> first) with parentheses. Macros in operands expand at each evaluation, so a parsed condition is
/// reusable and a macro value can never change the structure. Quoted operands compare as strings; bare ones as
/// integers when both are integers, as firmware versions when both are versions (<c>$SWVER</c> against
/// <c>11.0.1</c>), else as strings.
/// </summary>
public sealed class Condition
{
    private readonly ConditionNode _root;

    private Condition(string text, ConditionNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>Parses a condition; <see cref="ConditionSyntaxException"/> names the position of the problem.</summary>
    public static Condition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Condition(text, ConditionParser.Parse(text));
    }

    /// <summary>Parses a condition without throwing.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Condition? condition, [NotNullWhen(false)] out ConditionSyntaxException? error)
    {
        try
        {
            condition = Parse(text);
            error = null;
            return true;
        }
        catch (ConditionSyntaxException e)
        {
            condition = null;
            error = e;
            return false;
        }
    }

    /// <summary>Evaluates the condition with the current macro values.</summary>
    public bool Evaluate(IMacroContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _root.Evaluate(context);
    }

    /// <summary>
    /// Evaluates a trigger parameter: an empty value is true (no restriction), otherwise the parsed condition.
    /// </summary>
    /// <exception cref="ConditionSyntaxException">The value is not a condition.</exception>
    public static bool EvaluateTrigger(string? text, IMacroContext context) =>
        string.IsNullOrWhiteSpace(text) || Parse(text).Evaluate(context);

    /// <inheritdoc />
    public override string ToString() => Text;
}
