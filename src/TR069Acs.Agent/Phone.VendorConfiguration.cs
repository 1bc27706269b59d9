using TR069Acs.Agent.State;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    /// <summary>Download FileType <c>3 Vendor Configuration File</c> (DESIGN §2.5): the file is a flat profile, applied
    /// exactly as a resync applies one. An encrypted file's key is the <c>--key KEY</c> given as TargetFileName, or the
    /// URL fragment <c>#--key=KEY</c>; either may name a register (<c>$SA</c>), expanded as a profile rule's key is.
    /// A file that cannot be decoded or parsed changes nothing and fails with 9018.</summary>
    private FaultStruct ApplyVendorConfiguration(byte[] content, TransferJob job)
    {
        var key = KeyOf(job.TargetFileName) ?? KeyOf(Uri.TryCreate(job.Url, UriKind.Absolute, out var url) ? Uri.UnescapeDataString(url.Fragment.TrimStart('#')).Replace('=', ' ') : null);
        try
        {
            var profile = ProfileCodec.Decode(content, key is null ? null : MacroExpander.Expand(key, Macros()));
            _model.ApplyProfile(FlatProfileReader.Parse(profile.Content));
        }
        catch (Exception e) when (e is ProfileCodecException or FlatProfileException)
        {
            return new FaultStruct(FaultCodes.DownloadFailureFileCorrupted, $"configuration file not applied: {e.Message}");
        }
        _model.DetectChanges();
        AfterLocalChange();
        return new FaultStruct(0, "");
    }

    private static string? KeyOf(string? text)
    {
        const string option = "--key ";
        if (text is null || !text.StartsWith(option, StringComparison.Ordinal))
        {
            return null;
        }
        return text[option.Length..].Trim().Trim('"');
    }
}
