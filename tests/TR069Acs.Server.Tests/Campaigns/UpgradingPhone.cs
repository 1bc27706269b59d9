using System.Text.RegularExpressions;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Campaigns;

/// <summary>A phone driven session by session over real CWMP: it accepts Downloads (Status 1), fetches the image from the
/// file server, checks it the way a phone does (our image format, its model, <c>Downgrade_Rev_Limit</c>) and, at its
/// next session, reports the outcome — after "rebooting" into the new version on success.</summary>
internal sealed partial class UpgradingPhone : IDisposable
{
    private ScriptedCpe _cpe;
    private readonly HttpClient _files = new();
    private readonly List<(string CommandKey, int Fault, string Message)> _pendingTransfers = [];

    public UpgradingPhone(TestAcs acs, string serial, string model, string softwareVersion)
    {
        _cpe = acs.Cpe(serial, "00562B", model);
        Model = model;
        SoftwareVersion = softwareVersion;
    }

    public string Model { get; }

    public string DeviceId => _cpe.DeviceId;

    public string SoftwareVersion { get; private set; }

    /// <summary>The phone's Downgrade_Rev_Limit (empty: none).</summary>
    public string DowngradeLimit { get; set; } = "";

    /// <summary>Every Download the ACS sent this phone, as (CommandKey, URL).</summary>
    public List<(string CommandKey, string Url)> Downloads { get; } = [];

    /// <summary>One session: Inform (with the outcome of the last transfer when there is one), then whatever the ACS
    /// sends until it ends the session; Downloads are fetched and checked when the session is over.</summary>
    public async Task SessionAsync()
    {
        var events = new List<string>();
        if (_pendingTransfers.Count > 0)
        {
            events.AddRange(["1 BOOT", "7 TRANSFER COMPLETE"]);
            events.AddRange(_pendingTransfers.Select(t => $"M Download|{t.CommandKey}"));
        }
        else
        {
            events.Add("2 PERIODIC");
        }
        _cpe.InformParameters.Clear();
        _cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", SoftwareVersion));
        var inform = await _cpe.InformAsync([.. events]);
        Assert.Equal(200, inform.Status);
        foreach (var t in _pendingTransfers)
        {
            var ack = await _cpe.PostAsync(Soap.Envelope(Soap.TransferComplete(t.CommandKey, t.Fault, t.Message), "tc-" + t.CommandKey, _cpe.Namespace));
            Assert.Contains("TransferCompleteResponse", ack.Body, StringComparison.Ordinal);
        }
        _pendingTransfers.Clear();
        var received = new List<(string CommandKey, string Url)>();
        var reply = await _cpe.EmptyAsync();
        while (reply.Status == 200)
        {
            if (reply.Method == "SetParameterValues")
            {
                // Layered configuration pushed to the phone: accepted, nothing else to it here.
                reply = await _cpe.AnswerAsync(reply, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");
                continue;
            }
            Assert.Equal("Download", reply.Method);
            var key = Field(reply.Body, "CommandKey");
            received.Add((key, Field(reply.Body, "URL")));
            reply = await _cpe.AnswerAsync(reply,
                "<cwmp:DownloadResponse><Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>");
        }
        Assert.Equal(204, reply.Status);
        await InstallAsync(received);
    }

    /// <summary>A session in which the phone takes the ACS's Download and then loses the connection before its
    /// DownloadResponse gets through; it still carries the Download out, as a CPE that accepted it does.</summary>
    public async Task SessionLostAfterDownloadAsync()
    {
        _cpe.InformParameters.Clear();
        _cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", SoftwareVersion));
        Assert.Equal(200, (await _cpe.InformAsync("2 PERIODIC")).Status);
        var reply = await _cpe.EmptyAsync();
        Assert.Equal("Download", reply.Method);
        await InstallAsync([(Field(reply.Body, "CommandKey"), Field(reply.Body, "URL"))]);
    }

    private async Task InstallAsync(List<(string CommandKey, string Url)> received)
    {
        Downloads.AddRange(received);
        foreach (var (key, url) in received)
        {
            var image = await _files.GetByteArrayAsync(url);
            try
            {
                var version = FirmwareImage.Read(image, new FirmwareReadOptions { Model = Model }).Version;
                if (!string.IsNullOrEmpty(DowngradeLimit) && !FirmwareVersion.IsAllowedByDowngradeLimit(FirmwareVersion.Parse(version), DowngradeLimit))
                {
                    _pendingTransfers.Add((key, 9010, $"version {version} is below Downgrade_Rev_Limit {DowngradeLimit}"));
                    continue;
                }
                SoftwareVersion = version;
                _pendingTransfers.Add((key, 0, ""));
            }
            catch (FirmwareImageException ex)
            {
                _pendingTransfers.Add((key, ex.Kind == FirmwareErrorKind.WrongModel ? 9010 : 9018, ex.Message));
            }
        }
    }

    /// <summary>After the ACS restarted on new ports: the same phone (and its unreported transfers), a new connection.</summary>
    public void Reconnect(TestAcs acs)
    {
        _cpe.Dispose();
        _cpe = acs.Cpe(_cpe.Serial, _cpe.Oui, Model);
    }

    public void Dispose()
    {
        _cpe.Dispose();
        _files.Dispose();
    }

    private static string Field(string body, string name)
        => Regex.Match(body, $"<{name}>([^<]*)</{name}>") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : "";
}
