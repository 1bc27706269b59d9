using System.Runtime.CompilerServices;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Files;

/// <summary>Renders an effective configuration as the file a phone resyncs to: a <c>&lt;flat-profile&gt;</c> document,
/// gzipped when asked, then AES-256-CBC encrypted in the <c>openssl enc</c> format (MD5 key derivation, what the
/// phones' <c>--key</c> expects) when a scope sets <see cref="ReservedKeys.EncryptionKey"/>.</summary>
/// <remarks>
/// The file of a shared configuration (<see cref="EffectiveConfig.IsShared"/>: the one <see cref="ConfigService"/>
/// hands every request of a device until its configuration changes) is kept with it, so a device's repeated requests
/// cost one render, one gzip and one encryption per configuration version rather than per request: the carrier of the
/// guides encrypts a file once with <c>openssl enc</c> too, with one random salt per file. A configuration built per
/// request (template variables filled from the request) is rendered every time.
/// </remarks>
internal sealed class ProfileRenderer(ParameterCatalogue catalogue)
{
    private static readonly FlatProfileWriterOptions _options = new() { MaskSecrets = false, IncludeUserAccess = false };

    private readonly ConditionalWeakTable<EffectiveConfig, RenderedFiles> _rendered = new();

    /// <summary>The profile text: parameters in the model's catalogue order when the model is known, else by name.</summary>
    public byte[] RenderXml(EffectiveConfig config, string? model)
    {
        var values = config.Values.Values.ToArray();
        if (model is not null && catalogue.TryGetModel(model, out var phone))
        {
            var set = catalogue.GetParameterSet(phone);
            var ordinals = new int[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                ordinals[i] = set.TryGet(values[i].Name, out var p) ? p.Ordinal : int.MaxValue;
            }
            // Names outside the model's catalogue (int.MaxValue) go last, by name.
            Array.Sort(ordinals, values, Comparer<int>.Default);
            var unknown = Array.IndexOf(ordinals, int.MaxValue);
            if (unknown >= 0)
            {
                Array.Sort(values, unknown, values.Length - unknown, ByName.Instance);
            }
        }
        else
        {
            Array.Sort(values, ByName.Instance);
        }
        return FlatProfileWriter.ToBytes(values.Select(v => new FlatProfileEntry(v.Name, v.Value)), _options);
    }

    /// <summary>The bytes to serve and their content type.</summary>
    public (byte[] Body, string ContentType) Render(EffectiveConfig config, string? model, bool gzip)
    {
        var key = config.EncryptionKey;
        var contentType = key is not null ? "application/octet-stream" : gzip ? "application/gzip" : "text/xml; charset=utf-8";
        if (!config.IsShared)
        {
            return (Encode(config, model, gzip, key), contentType);
        }
        var files = _rendered.GetValue(config, static _ => new RenderedFiles());
        if (files.Get(model, gzip, key) is { } kept)
        {
            return (kept, contentType);
        }
        var body = Encode(config, model, gzip, key);
        files.Set(model, gzip, key, body);
        return (body, contentType);
    }

    private byte[] Encode(EffectiveConfig config, string? model, bool gzip, string? key)
        => ProfileCodec.Encode(RenderXml(config, model), key, gzip, OpensslDigest.Md5);

    /// <summary>The plain and the <c>.gz</c> file of one configuration, for the model and key they were made with.
    /// Two requests rendering at once both store a correct file; either one is kept.</summary>
    private sealed class RenderedFiles
    {
        private File? _plain;
        private File? _gzip;

        public byte[]? Get(string? model, bool gzip, string? key)
            => Volatile.Read(ref gzip ? ref _gzip : ref _plain) is { } file && file.Model == model && file.Key == key ? file.Body : null;

        public void Set(string? model, bool gzip, string? key, byte[] body)
            => Volatile.Write(ref gzip ? ref _gzip : ref _plain, new File(model, key, body));

        private sealed record File(string? Model, string? Key, byte[] Body);
    }

    private sealed class ByName : IComparer<EffectiveValue>
    {
        public static readonly ByName Instance = new();

        public int Compare(EffectiveValue? x, EffectiveValue? y) => string.CompareOrdinal(x!.Name, y!.Name);
    }
}
