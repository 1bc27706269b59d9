using TR069Acs.Provisioning.Conditions;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Tests.Conditions;

public class ConditionTests
{
    private static MacroContext Context(long upgtmr = 301, long prvtmr = 600, string swver = "sip88xx.11-0-1")
    {
        var context = new MacroContext { UpgradeTimerSeconds = upgtmr, ProvisioningTimerSeconds = prvtmr, SoftwareVersion = swver };
        context.Set("A", "beta");
        return context;
    }

    [Theory]
    [InlineData("$UPGTMR gt 300 and $PRVTMR ge 600", true)]
    [InlineData("$UPGTMR gt 301 and $PRVTMR ge 600", false)]
    [InlineData("$UPGTMR > 300 AND $PRVTMR >= 600", true)]
    [InlineData("$UPGTMR lt 300 or $PRVTMR le 600", true)]
    [InlineData("$UPGTMR eq 301", true)]
    [InlineData("$UPGTMR = 301", true)]
    [InlineData("$UPGTMR == 302", false)]
    [InlineData("$UPGTMR != 302", true)]
    [InlineData("$UPGTMR ne 301", false)]
    [InlineData("$UPGTMR<=301", true)]
    [InlineData("$UPGTMR<301", false)]
    [InlineData("9 gt 10", false)]
    [InlineData("-5 lt 3", true)]
    public void Numeric_comparisons(string text, bool expected) =>
        Assert.Equal(expected, Condition.Parse(text).Evaluate(Context()));

    [Theory]
    [InlineData("$SWVER eq 11.0.1", true)]
    [InlineData("$SWVER ne 11.0.1", false)]
    [InlineData("$SWVER lt 11.0.2", true)]
    [InlineData("$SWVER ge 11-0-1", true)]
    [InlineData("$SWVER gt 9.3.4", true)]
    [InlineData("$SWVER lt 11.0.1MSR1-1", true)]
    [InlineData("7.5.5(b) gt 7.5.5(a)", true)]
    [InlineData("1.0.10 gt 1.0.9", true)]
    public void Version_aware_comparisons_for_swver(string text, bool expected) =>
        Assert.Equal(expected, Condition.Parse(text).Evaluate(Context()));

    [Theory]
    [InlineData("\"$A\" eq \"beta\"", true)]
    [InlineData("'$A' ne 'beta'", false)]
    [InlineData("\"10\" lt \"9\"", true)]
    [InlineData("\"$SWVER\" eq \"11.0.1\"", false)]
    public void Quoted_operands_compare_as_strings(string text, bool expected) =>
        Assert.Equal(expected, Condition.Parse(text).Evaluate(Context()));

    [Theory]
    // and binds tighter than or: false or (true and true) = true; (false or true) and false = false
    [InlineData("1 eq 2 or 1 eq 1 and 2 eq 2", true)]
    [InlineData("1 eq 1 or 1 eq 2 and 2 eq 3", true)]
    [InlineData("( 1 eq 1 or 1 eq 2 ) and 2 eq 3", false)]
    [InlineData("((1 eq 1))", true)]
    [InlineData("( $SWVER ne 11.0.1 ) or ( $UPGTMR gt 300 )", true)]
    public void And_binds_tighter_than_or_and_parentheses_group(string text, bool expected) =>
        Assert.Equal(expected, Condition.Parse(text).Evaluate(Context()));

    [Theory]
    [InlineData("", 0, "empty condition")]
    [InlineData("$UPGTMR gt", 10, "found the end")]
    [InlineData("$UPGTMR 300", 8, "expected a comparison")]
    [InlineData("$UPGTMR gt 300 and", 18, "found the end")]
    [InlineData("( 1 eq 1", 8, "missing ')'")]
    [InlineData("1 eq 1 )", 7, "unbalanced ')'")]
    [InlineData("\"abc eq 1", 0, "unterminated")]
    [InlineData("1 eq 1 xor 2 eq 2", 7, "expected 'and', 'or'")]
    [InlineData("and eq 1", 0, "keyword 'and'")]
    [InlineData("1 equals 2", 2, "expected a comparison")]
    public void Syntax_errors_name_the_position(string text, int position, string reasonPart)
    {
        var e = Assert.Throws<ConditionSyntaxException>(() => Condition.Parse(text));
        Assert.Equal(position, e.Position);
        Assert.Contains(reasonPart, e.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_rather_than_overflowing_the_stack()
    {
        var text = new string('(', 10_000) + "1 eq 1" + new string(')', 10_000);
        var e = Assert.Throws<ConditionSyntaxException>(() => Condition.Parse(text));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_macro_value_cannot_change_the_structure()
    {
        var context = Context();
        context.Set("A", "1 or 1 eq 1");
        Assert.False(Condition.Parse("$A eq 2").Evaluate(context));
    }

    [Fact]
    public void An_empty_trigger_allows_and_a_false_one_blocks()
    {
        Assert.True(Condition.EvaluateTrigger("", Context()));
        Assert.True(Condition.EvaluateTrigger(null, Context()));
        Assert.False(Condition.EvaluateTrigger("$UPGTMR gt 300 and $PRVTMR ge 600", Context(upgtmr: 100)));
        Assert.Throws<ConditionSyntaxException>(() => Condition.EvaluateTrigger("gt gt", Context()));
    }
}
