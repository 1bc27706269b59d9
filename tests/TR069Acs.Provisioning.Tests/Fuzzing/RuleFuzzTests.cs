using CsCheck;
using TR069Acs.Provisioning.Conditions;
using TR069Acs.Provisioning.Macros;
using TR069Acs.Provisioning.Rules;

namespace TR069Acs.Provisioning.Tests.Fuzzing;

/// <summary>Hostile rule text (Profile_Rule, Upgrade_Rule, Resync_Trigger_n, set by operators and by profiles): the
/// parsers return a rule or condition, or throw their syntax exception; macro expansion always returns text.</summary>
public sealed class RuleFuzzTests
{
    private static readonly string[] RuleSeeds =
    [
        "[--key $A] https://prov.example.com:7568/cfg/$B/$MA.cfg",
        "( $SWVER ne sip88xx.12-0-1MPP0001-224 )? http://fw.example.com/cp-8841-3pcc.$(SWVER:6:4).loads",
        "[--uid tech --pwd 'p w d' --key \"k k\"] tftp://10.0.0.1:69/spa$MA.xml",
        "/cfg/$PN-$MAU.cfg",
        "($UPGTMR gt 300 and $PRVTMR ge 600 or ($A eq 'x y'))? [--key $SA] http://[fe80::1]:8080/p?x=$$",
    ];

    private static readonly string[] ConditionSeeds =
    [
        "$UPGTMR gt 300 and $PRVTMR ge 600",
        "( $SWVER ne 7.5.5(b) ) or ($A == \"x\" and $B != 'y')",
        "1 < 2 or 3 >= 4 and 5 <= 6",
    ];

    private static readonly string[] Tokens =
    [
        "(", ")", "[", "]", "?", "'", "\"", " ", "--key", "--uid", "--pwd", "--bogus", "and", "or", "eq", "ne", "lt", "le", "gt", "ge",
        "==", "!=", "<", "<=", ">", ">=", "=", "$", "$$", "$(", "$(A:", ":-1", ":99999999999", "$MA", "$MAC", "$SWVER", "$(User_ID_1_)",
        "http://", "https://", "tftp://", "[::1]", ":0", ":65536", ":-1", "/", "%", "%zz", "\0", "é", "\uD800", new string('(', 40),
    ];

    private static readonly MacroContext Context = new() { Mac = "00562B04DD5B", SerialNumber = "FCH2216ABCD", ProductName = "CP-8841-3PCC", SoftwareVersion = "sip88xx.12-0-1" };

    [Fact]
    public void Mutated_rules_parse_or_are_refused_with_a_rule_error()
        => Fuzz.Check(Gen.OneOf(Fuzz.MutatedText(RuleSeeds, Tokens), Fuzz.Tokens(Tokens)), text =>
        {
            try
            {
                var rule = ProvisioningRule.Parse(text);
                Assert.NotNull(rule.ToString());
            }
            catch (ProvisioningRuleException ex) when (ex.Message.Length > 0)
            {
            }
        }, iterations: 4000, print: Fuzz.Show);

    [Fact]
    public void Mutated_conditions_parse_and_evaluate_or_are_refused_with_a_syntax_error()
        => Fuzz.Check(Gen.OneOf(Fuzz.MutatedText(ConditionSeeds, Tokens), Fuzz.Tokens(Tokens)), text =>
        {
            try
            {
                Condition.EvaluateTrigger(text, Context);
            }
            catch (ConditionSyntaxException ex) when (ex.Message.Length > 0)
            {
            }
        }, iterations: 4000, print: Fuzz.Show);

    [Fact]
    public void Any_macro_template_expands_to_text()
        => Fuzz.Check(Gen.OneOf(Fuzz.MutatedText([.. RuleSeeds, .. ConditionSeeds], Tokens), Fuzz.Tokens(Tokens), Gen.String), text =>
        {
            var expanded = MacroExpander.Expand(text, Context);
            // Values are inserted once, never expanded again: the output is bounded by the input and the context's values.
            Assert.True(expanded.Length <= (text.Length * 64) + 1024, $"{text.Length} chars expanded to {expanded.Length}");
        }, iterations: 4000, print: Fuzz.Show);
}
