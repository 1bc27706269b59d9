using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Provisioning.Macros;

/// <summary>Supplies macro values to <see cref="MacroExpander"/>.</summary>
public interface IMacroContext
{
    /// <summary>
    /// The value of a macro or flat parameter. <paramref name="name"/> is a built-in macro name without <c>$</c>
    /// (<c>MA</c>, <c>A</c>, <c>SWVER</c>, <c>UID2</c>; the <c>GPP_A</c> spelling arrives as <c>A</c>) or, from the
    /// <c>$(NAME)</c> form, any flat parameter name (<c>User_ID_1_</c>).
    /// </summary>
    /// <returns>False when the context has no such value.</returns>
    bool TryGetValue(string name, [NotNullWhen(true)] out string? value);
}
