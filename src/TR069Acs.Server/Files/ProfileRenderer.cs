using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Files;

/// <summary>Renders an effective configuration as the file a phone resyncs to: a <c>&lt;flat-profile&gt;</c> document,
/// gzipped when asked, then AES-256-CBC encrypted in the <c>openssl enc</c> format (MD5 key derivation, what the
/// phones' <c>--key</c> expects) when a scope sets <see cref="ReservedKeys.EncryptionKey"/>.</summary>
internal sealed class ProfileRenderer(ParameterCatalogue catalogue)
{
    private static readonly FlatProfileWriterOptions _options = new() { MaskSecrets = false, IncludeUserAccess = false };

    /// <summary>The profile text: parameters in the model's catalogue order when the model is known, else by name.</summary>
    public byte[] RenderXml(EffectiveConfig config, string? model)
    {
        IEnumerable<EffectiveValue> ordered = config.Values.Values;
        if (model is not null && catalogue.TryGetModel(model, out var phone))
        {
            var set = catalogue.GetParameterSet(phone);
            ordered = ordered.OrderBy(v => set.TryGet(v.Name, out var p) ? p.Ordinal : int.MaxValue).ThenBy(v => v.Name, StringComparer.Ordinal);
        }
        else
        {
            ordered = ordered.OrderBy(v => v.Name, StringComparer.Ordinal);
        }
        return FlatProfileWriter.ToBytes(ordered.Select(v => new FlatProfileEntry(v.Name, v.Value)), _options);
    }

    /// <summary>The bytes to serve and their content type.</summary>
    public (byte[] Body, string ContentType) Render(EffectiveConfig config, string? model, bool gzip)
    {
        var key = config.EncryptionKey;
        var body = ProfileCodec.Encode(RenderXml(config, model), key, gzip, OpensslDigest.Md5);
        var contentType = key is not null ? "application/octet-stream" : gzip ? "application/gzip" : "text/xml; charset=utf-8";
        return (body, contentType);
    }
}
