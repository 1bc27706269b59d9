using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Conditions;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Rules;

/// <summary>
/// A <c>Profile_Rule</c>, <c>Profile_Rule_B/C/D</c> or <c>Upgrade_Rule</c> value:
/// <c>( $SWVER ne 11.0.1 )? [--key "My Secret"] http://prov.example.com/$PSN/$MA.cfg</c>.
/// <list type="bullet">
/// <item><c>( condition )?</c> (optional): the rule applies only when the condition holds (see <see cref="Conditions.Condition"/>).</item>
/// <item><c>[--key KEY]</c> (optional): the AES-256-CBC key of an <c>openssl enc</c> file, quoted or not, macros
/// allowed (<c>[--key $SA]</c>); <c>--uid</c>/<c>--pwd</c> give HTTP credentials.</item>
/// <item>the URL <c>[scheme://][server[:port]]/path</c>: TFTP by default, the DHCP-provided server when none is
/// named, ports 69/80/443 by default.</item>
/// </list>
/// Parsing checks the structure; macros expand at <see cref="Resolve"/>, each part separately, so a macro value
/// cannot inject options or conditions. A URL without macros is fully checked at parse time.
/// </summary>
public sealed class ProvisioningRule
{
    internal ProvisioningRule(string text, Condition? condition, string? keyTemplate, string? userTemplate, string? passwordTemplate, string urlTemplate)
    {
        Text = text;
        Condition = condition;
        KeyTemplate = keyTemplate;
        UserTemplate = userTemplate;
        PasswordTemplate = passwordTemplate;
        UrlTemplate = urlTemplate;
    }

    /// <summary>The rule as written.</summary>
    public string Text { get; }

    /// <summary>The <c>( … )?</c> condition, or null.</summary>
    public Condition? Condition { get; }

    /// <summary>The <c>--key</c> value before macro expansion, or null.</summary>
    public string? KeyTemplate { get; }

    /// <summary>The <c>--uid</c> value before macro expansion, or null.</summary>
    public string? UserTemplate { get; }

    /// <summary>The <c>--pwd</c> value before macro expansion, or null.</summary>
    public string? PasswordTemplate { get; }

    /// <summary>The URL before macro expansion.</summary>
    public string UrlTemplate { get; }

    /// <summary>Parses a rule; <see cref="ProvisioningRuleException"/> names what is wrong and where.</summary>
    public static ProvisioningRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ProvisioningRuleException(RuleErrorKind.Syntax, "the rule is empty", 0);
        }

        var rule = ProvisioningRuleParser.Parse(text);
        if (!MacroExpander.ContainsMacros(rule.UrlTemplate))
        {
            try
            {
                // A DHCP server is assumed so that "/file" passes; only the URL's own syntax is checked here.
                RuleUrl.Parse(rule.UrlTemplate, new HostPort("dhcp", null), null, null, null);
            }
            catch (ProvisioningRuleException e)
            {
                throw new ProvisioningRuleException(e.Kind, e.Reason, text.IndexOf(rule.UrlTemplate, StringComparison.Ordinal), e);
            }
        }

        return rule;
    }

    /// <summary>Parses a rule without throwing.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ProvisioningRule? rule, [NotNullWhen(false)] out ProvisioningRuleException? error)
    {
        try
        {
            rule = Parse(text);
            error = null;
            return true;
        }
        catch (ProvisioningRuleException e)
        {
            rule = null;
            error = e;
            return false;
        }
    }

    /// <summary>True when the rule has no condition or its condition holds now.</summary>
    public bool IsSatisfied(IMacroContext context) => Condition?.Evaluate(context) ?? true;

    /// <summary>Expands the macros and resolves the URL.</summary>
    /// <param name="context">Macro values of the phone.</param>
    /// <param name="dhcpServer">The DHCP option 66 TFTP server (agent option <c>--tftp-server</c>), if known.</param>
    /// <exception cref="ProvisioningRuleException">The expanded URL is invalid, or names no server and none is known.</exception>
    public RuleTarget Resolve(IMacroContext context, HostPort? dhcpServer = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RuleUrl.Parse(
            MacroExpander.Expand(UrlTemplate, context),
            dhcpServer,
            KeyTemplate is null ? null : MacroExpander.Expand(KeyTemplate, context),
            UserTemplate is null ? null : MacroExpander.Expand(UserTemplate, context),
            PasswordTemplate is null ? null : MacroExpander.Expand(PasswordTemplate, context));
    }

    /// <summary>
    /// Resolves a plain URL (no options, no macros), as <c>/admin/resync?URL</c> and <c>/admin/upgrade?URL</c> receive.
    /// </summary>
    public static RuleTarget ResolveUrl(string url, HostPort? dhcpServer = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return RuleUrl.Parse(url, dhcpServer, null, null, null);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
