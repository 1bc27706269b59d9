using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

internal static partial class Device1Model
{
    /// <summary>The hand-written parameters with the catalogue's mapping laid over them: a mapped path reads and writes
    /// its flat parameter (the hand-written rule still applies to the TR-069 value), mapped paths the table lacks are
    /// added, and every flat parameter is appended under the root's <c>X_CISCO_COM_FlatProfile.</c>.</summary>
    private static List<ParameterDefinition> WithFlatParameters(ModelParameterSet flat, Tr069Root root, List<ParameterDefinition> table)
    {
        var prefix = Tr069Roots.Prefix(root);
        var byPath = table.Select((p, i) => (p.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
        foreach (var definition in ParameterCatalogue.Default.Definitions)
        {
            foreach (var binding in definition.Tr069)
            {
                var path = TemplatePath(prefix, binding.PathTemplate);
                var link = new FlatLink(definition.Name, definition.IsPerLine, binding.Conversion, binding.DefaultPort, binding.ReadFallback);
                if (byPath.TryGetValue(path, out var index))
                {
                    // A mapped value is stored as the flat parameter, never computed from the phone's options.
                    table[index] = table[index] with { Flat = link, Dynamic = false, Secret = table[index].Secret || definition.IsSensitive };
                    continue;
                }
                byPath[path] = table.Count;
                table.Add(new ParameterDefinition(path, ParameterTypes.TryParse("xsd:" + binding.Type, out var type) ? type : ParameterType.String, true,
                    Secret: definition.IsSensitive, Flat: link));
            }
        }
        foreach (var parameter in flat.Parameters)
        {
            // Every flat parameter is reachable and writable over TR-069, whatever its ua on the phone's web page.
            table.Add(new ParameterDefinition(prefix + Tr069Roots.FlatProfileObject + parameter.Name, ParameterType.String, true,
                Secret: parameter.IsSensitive, Flat: new FlatLink(parameter.Name, PerLine: false, Tr069Conversion.None)));
        }
        return table;
    }

    /// <summary><c>Services.VoiceService.1.VoiceProfile.{n}.Line.1.Enable</c> → the table template
    /// <c>Device.Services.VoiceService.{i}.VoiceProfile.{i}.Line.{i}.Enable</c> (or under <c>InternetGatewayDevice.</c>).</summary>
    private static string TemplatePath(string rootPrefix, string bindingTemplate)
        => rootPrefix + bindingTemplate
            .Replace("VoiceService.1.", "VoiceService.{i}.", StringComparison.Ordinal)
            .Replace("VoiceProfile.{n}.", "VoiceProfile.{i}.", StringComparison.Ordinal)
            .Replace("Line.1.", "Line.{i}.", StringComparison.Ordinal);
}
