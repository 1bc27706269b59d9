using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>One parameter element of a flat profile.</summary>
/// <param name="Name">The element name, i.e. the flat name.</param>
/// <param name="Value">The text content, trimmed; empty for <c>&lt;X/&gt;</c>.</param>
/// <param name="Access">The <c>ua</c> attribute, or null when absent (or invalid, which is reported as a warning).</param>
/// <param name="Line">1-based line of the element.</param>
/// <param name="Column">1-based column of the element.</param>
public readonly record struct FlatProfileEntry(string Name, string Value, UserAccess? Access = null, int Line = 0, int Column = 0);
