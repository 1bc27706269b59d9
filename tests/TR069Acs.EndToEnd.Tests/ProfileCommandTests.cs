using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.EndToEnd.Tests;

/// <summary><c>acs profile</c> and <c>acs firmware pack</c> as an operator runs them, checked against the real
/// <c>openssl</c> and <c>gzip</c> and against the phone's own image reader.</summary>
public sealed class ProfileCommandTests : IDisposable
{
    private const string Profile = "<flat-profile>\n  <GPP_A>12345678</GPP_A>\n  <Admin_Passwd>s3cret</Admin_Passwd>\n</flat-profile>\n";
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("profile-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string file, params string[] arguments)
        => Bounded.RunAsync(file, arguments);

    private static Task<(int ExitCode, string Output, string Error)> AcsAsync(params string[] arguments) => RunAsync("dotnet", [AcsDll, .. arguments]);

    [Fact]
    public async Task A_profile_encrypted_by_acs_decrypts_with_the_real_openssl_and_the_seeds_command()
    {
        await File.WriteAllTextAsync(PathOf("basic.xml"), Profile);

        var encrypt = await AcsAsync("profile", "encrypt", "--key", "Super Secret", "--in", PathOf("basic.xml"), "--out", PathOf("basic.cfg"));
        var openssl = await RunAsync("openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "Super Secret", "-in", PathOf("basic.cfg"));

        Assert.True(encrypt.ExitCode == 0, encrypt.Error);
        Assert.StartsWith("Salted__", await File.ReadAllTextAsync(PathOf("basic.cfg")), StringComparison.Ordinal);
        Assert.True(openssl.ExitCode == 0, openssl.Error);
        Assert.Equal(Profile, openssl.Output);
    }

    [Fact]
    public async Task A_profile_encrypted_by_openssl_with_sha256_decrypts_with_acs()
    {
        await File.WriteAllTextAsync(PathOf("basic.xml"), Profile);
        var openssl = await RunAsync("openssl", "enc", "-e", "-aes-256-cbc", "-md", "sha256", "-k", "k2", "-in", PathOf("basic.xml"), "-out", PathOf("basic.cfg"));
        Assert.True(openssl.ExitCode == 0, openssl.Error);

        var decrypt = await AcsAsync("profile", "decrypt", "--key", "k2", "--md", "sha256", "--in", PathOf("basic.cfg"), "--out", PathOf("plain.xml"));

        Assert.True(decrypt.ExitCode == 0, decrypt.Error);
        Assert.Equal(Profile, await File.ReadAllTextAsync(PathOf("plain.xml")));
    }

    [Fact]
    public async Task A_wrong_key_fails_with_a_message_and_writes_nothing()
    {
        await File.WriteAllTextAsync(PathOf("basic.xml"), Profile);
        await AcsAsync("profile", "encrypt", "--key", "right", "--in", PathOf("basic.xml"), "--out", PathOf("basic.cfg"));

        var decrypt = await AcsAsync("profile", "decrypt", "--key", "wrong", "--in", PathOf("basic.cfg"), "--out", PathOf("plain.xml"));

        Assert.NotEqual(0, decrypt.ExitCode);
        Assert.Contains("key", decrypt.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("plain.xml")));
    }

    [Fact]
    public async Task A_profile_gzipped_by_acs_reads_with_the_real_gzip_and_back()
    {
        await File.WriteAllTextAsync(PathOf("basic.xml"), Profile);

        var compress = await AcsAsync("profile", "gzip", "--in", PathOf("basic.xml"), "--out", PathOf("basic.xml.gz"));
        var gunzip = await RunAsync("gzip", "-dc", PathOf("basic.xml.gz"));
        var back = await AcsAsync("profile", "gzip", "-d", "--in", PathOf("basic.xml.gz"), "--out", PathOf("back.xml"));

        Assert.True(compress.ExitCode == 0, compress.Error);
        Assert.Equal(Profile, gunzip.Output);
        Assert.True(back.ExitCode == 0, back.Error);
        Assert.Equal(Profile, await File.ReadAllTextAsync(PathOf("back.xml")));
    }

    [Fact]
    public async Task A_packed_firmware_image_reads_back_for_its_models_only()
    {
        var payload = new byte[10_000];
        new Random(7).NextBytes(payload);
        await File.WriteAllBytesAsync(PathOf("payload.bin"), payload);

        var pack = await AcsAsync("firmware", "pack", "--model", "CP-8841-3PCC", "--model", "CP-7841-3PCC",
            "--version", "sip88xx.12-0-5MPP0001-7", "--payload", PathOf("payload.bin"), "--out", PathOf("fw.img"));

        Assert.True(pack.ExitCode == 0, pack.Error);
        var bytes = await File.ReadAllBytesAsync(PathOf("fw.img"));
        var image = FirmwareImage.Read(bytes, new FirmwareReadOptions { Model = "CP-7841-3PCC", KeepPayload = true });
        Assert.Equal("sip88xx.12-0-5MPP0001-7", image.Version);
        Assert.Equal(["CP-8841-3PCC", "CP-7841-3PCC"], image.Header.Models);
        Assert.Equal(payload, image.Payload);
        var wrongModel = Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(bytes, new FirmwareReadOptions { Model = "SPA504G" }));
        Assert.Equal(FirmwareErrorKind.WrongModel, wrongModel.Kind);
    }

    [Fact]
    public async Task Firmware_pack_signs_with_a_key_made_by_openssl_and_the_public_key_verifies_it()
    {
        var key = await RunAsync("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", PathOf("vendor.key"));
        Assert.True(key.ExitCode == 0, key.Error);
        var pub = await RunAsync("openssl", "pkey", "-in", PathOf("vendor.key"), "-pubout", "-out", PathOf("vendor.pub"));
        Assert.True(pub.ExitCode == 0, pub.Error);

        var pack = await AcsAsync("firmware", "pack", "--model", "CP-8841-3PCC", "--version", "sip88xx.12-0-6", "--sign", PathOf("vendor.key"), "--out", PathOf("fw.img"));

        Assert.True(pack.ExitCode == 0, pack.Error);
        using var trust = FirmwareTrust.FromPem(await File.ReadAllTextAsync(PathOf("vendor.pub")));
        var image = FirmwareImage.Read(await File.ReadAllBytesAsync(PathOf("fw.img")), new FirmwareReadOptions { TrustedKeys = trust, RequireSignature = true });
        Assert.Equal(SignatureStatus.Valid, image.Signature);

        // A public key cannot sign: named, nothing written.
        var refused = await AcsAsync("firmware", "pack", "--model", "CP-8841-3PCC", "--version", "sip88xx.12-0-6", "--sign", PathOf("vendor.pub"), "--out", PathOf("fw2.img"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("no private key", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("fw2.img")));
    }

    [Fact]
    public async Task Firmware_pack_names_a_bad_version()
    {
        var pack = await AcsAsync("firmware", "pack", "--model", "CP-8841-3PCC", "--version", "not a version!", "--out", PathOf("fw.img"));

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("not a version!", pack.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("fw.img")));
    }
}
