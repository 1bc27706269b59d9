using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

/// <summary>Ties a data model parameter to a flat parameter (DESIGN §7): the value lives in the phone's flat store and
/// the data model only converts it.</summary>
/// <param name="Name">The flat name, or for a per-extension parameter its catalogue template (<c>User_ID_n_</c>).</param>
/// <param name="PerLine">The extension number is the <c>VoiceProfile</c> instance number of the path (Line 1 only).</param>
/// <param name="Conversion">How the flat value becomes the TR-069 value and back.</param>
/// <param name="DefaultPort">The port reported by a <see cref="Tr069Conversion.Port"/> path when the flat value has none.</param>
/// <param name="ReadFallback">The flat template read instead while this one is empty (AuthUserName → User_ID_n_).</param>
internal sealed record FlatLink(string Name, bool PerLine, Tr069Conversion Conversion, int DefaultPort = 0, string? ReadFallback = null);
