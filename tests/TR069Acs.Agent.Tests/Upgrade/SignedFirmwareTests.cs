using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Agent.Tests.Upgrade;

/// <summary>A phone configured with trusted firmware keys (<c>--firmware-keys</c>) installs only images one of them
/// signed, as a phone verifies its vendor's signed loads: unsigned and wrongly signed images are 9018 (file corrupted).</summary>
public sealed class SignedFirmwareTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly FirmwareSigner _vendor = FirmwareSigner.CreateRsa();
    private readonly FirmwareSigner _ecdsaVendor = FirmwareSigner.Create();
    private ScriptedAcs _acs = null!;
    private PhoneFleet _fleet = null!;

    private Phone Phone => _fleet.Phones[0];

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        var options = TestFleet.Options(_acs.Url);
        options.RetryMinimumWaitSeconds = 600;
        options.FirmwareTrustedKeys = FirmwareTrust.FromPem(_vendor.ExportPublicKeyPem() + "\n" + _ecdsaVendor.ExportPublicKeyPem());
        _fleet = await TestFleet.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
        _vendor.Dispose();
        _ecdsaVendor.Dispose();
    }

    [Theory]
    [InlineData("unsigned", "Unsigned")]
    [InlineData("other-key", "not a trusted key")]
    [InlineData("tampered", "does not verify")]
    public async Task An_image_not_signed_by_a_trusted_key_is_refused_with_9018(string kind, string reason)
    {
        using var stranger = FirmwareSigner.Create();
        var image = kind switch
        {
            "unsigned" => FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-9", Payload()),
            "other-key" => FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-9", Payload(), stranger),
            _ => Tampered(FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-9", Payload(), _vendor)),
        };
        var version = Phone.SoftwareVersion;

        var session = await DownloadAsync("sip88xx.12-0-9.loads", image);

        Assert.Equal(9018, LastTransferComplete.Fault.FaultCode);
        Assert.Contains(reason, LastTransferComplete.Fault.FaultString, StringComparison.Ordinal);
        Assert.False(session.HasEvent(EventCodes.Boot));
        Assert.Equal(version, Phone.SoftwareVersion);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public async Task An_image_signed_by_a_trusted_key_is_installed(string algorithm)
    {
        var image = FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-9", Payload(), algorithm == "rsa" ? _vendor : _ecdsaVendor);

        var session = await DownloadAsync("sip88xx.12-0-9.loads", image);

        Assert.Equal(new FaultStruct(0, ""), LastTransferComplete.Fault);
        Assert.True(session.HasEvent(EventCodes.Boot));
        Assert.Equal("sip88xx.12-0-9", Phone.SoftwareVersion);
    }

    private TransferComplete LastTransferComplete => _acs.Requests.Select(r => r.Body).OfType<TransferComplete>().Last();

    private async Task<SessionRecord> DownloadAsync(string name, byte[] image)
    {
        _acs.Files[name] = image;
        var before = Phone.SessionsCompleted;
        _acs.Queue.Enqueue(new Download("fw-signed", EventCodes.FirmwareImage, _acs.FileUrl(name).ToString(), FileSize: image.Length));
        await Phone.InformAsync(EventCodes.Periodic);
        return await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.TransferComplete), Timeout, before);
    }

    /// <summary>The version text changed after signing ("12-0-9" → "12-0-8"): the header no longer matches its signature.</summary>
    private static byte[] Tampered(byte[] image)
    {
        var at = image.AsSpan().IndexOf("12-0-9"u8);
        image[at + 5] = (byte)'8';
        return image;
    }

    private static byte[] Payload()
    {
        var payload = new byte[8192];
        new Random(7).NextBytes(payload);
        return payload;
    }
}
