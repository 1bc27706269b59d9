using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Agent.Resync;

/// <summary>The macro values of one phone (DESIGN §6): identity and request macros from a <see cref="MacroContext"/>,
/// flat parameters (<c>$A</c>–<c>$P</c>, <c>$SA</c>–<c>$SD</c>, <c>$UIDn</c>, <c>$(NAME)</c>) from the phone's own store.</summary>
internal sealed class PhoneMacroContext(MacroContext builtIns, Func<string, string?> flat) : IMacroContext
{
    /// <summary>Identity, request and timer macros.</summary>
    public MacroContext BuiltIns { get; } = builtIns;

    /// <inheritdoc />
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        if (BuiltIns.TryGetValue(name, out value))
        {
            return true;
        }
        var parameter = MacroNames.GeneralPurposeParameter(name)
            ?? (MacroNames.IsUserId(name) ? "User_ID_" + name[3..] + "_" : name);
        value = flat(parameter);
        return value is not null;
    }
}
