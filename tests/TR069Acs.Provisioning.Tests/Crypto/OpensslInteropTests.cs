using System.Text;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.Tests.Support;

namespace TR069Acs.Provisioning.Tests.Crypto;

/// <summary>Interoperability with the real <c>openssl enc</c> in both directions, with both key derivation digests.</summary>
public class OpensslInteropTests
{
    private const string Openssl = "/usr/bin/openssl";
    private static readonly byte[] Basic = Encoding.UTF8.GetBytes("<device> <flat-profile>\n<GPP_A> 12345678\n</GPP_A>\n\n</flat-profile> </device>\n");

    public static TheoryData<OpensslDigest, string> Digests => new() { { OpensslDigest.Md5, "md5" }, { OpensslDigest.Sha256, "sha256" } };

    [Theory]
    [MemberData(nameof(Digests))]
    public void Openssl_decrypts_what_we_encrypt(OpensslDigest digest, string md)
    {
        var encrypted = OpensslEnc.Encrypt(Basic, "MyOwnSecret", digest);
        Assert.True(OpensslEnc.IsEncrypted(encrypted));
        var decrypted = ExternalTool.RunOk(Openssl, ["enc", "-d", "-aes-256-cbc", "-md", md, "-k", "MyOwnSecret"], encrypted);
        Assert.Equal(Basic, decrypted);
    }

    [Theory]
    [MemberData(nameof(Digests))]
    public void We_decrypt_what_openssl_encrypts(OpensslDigest digest, string md)
    {
        // The guides' command, with the digest made explicit (OpenSSL 1.1+ defaults to sha256).
        var encrypted = ExternalTool.RunOk(Openssl, ["enc", "-aes-256-cbc", "-md", md, "-k", "MyOwnSecret"], Basic);
        Assert.Equal(Basic, OpensslEnc.Decrypt(encrypted, "MyOwnSecret", digest));
        var decoded = ProfileCodec.Decode(encrypted, "MyOwnSecret");
        Assert.Equal(Basic, decoded.Content);
        Assert.Equal(digest, decoded.Digest);
    }

    [Fact]
    public void Keys_with_spaces_and_non_ascii_match_openssl()
    {
        const string key = "my sécret key";
        var encrypted = ExternalTool.RunOk(Openssl, ["enc", "-aes-256-cbc", "-md", "md5", "-k", key], Basic);
        Assert.Equal(Basic, OpensslEnc.Decrypt(encrypted, key, OpensslDigest.Md5));
    }

    [Fact]
    public void Empty_and_block_aligned_plaintexts_interoperate()
    {
        foreach (var length in new[] { 0, 16, 32, 4097 })
        {
            var plain = new byte[length];
            new Random(length).NextBytes(plain);
            var ours = OpensslEnc.Encrypt(plain, "k");
            Assert.Equal(plain, ExternalTool.RunOk(Openssl, ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "k"], ours));
            var theirs = ExternalTool.RunOk(Openssl, ["enc", "-aes-256-cbc", "-md", "md5", "-k", "k"], plain);
            Assert.Equal(plain, OpensslEnc.Decrypt(theirs, "k"));
        }
    }

    [Fact]
    public void Gzip_then_openssl_is_read_by_decrypt_then_gunzip()
    {
        var gzipped = ExternalTool.RunOk("/usr/bin/gzip", ["-c"], Basic);
        var encrypted = ExternalTool.RunOk(Openssl, ["enc", "-aes-256-cbc", "-md", "md5", "-k", "MyOwnSecret"], gzipped);
        var decoded = ProfileCodec.Decode(encrypted, "MyOwnSecret");
        Assert.Equal(Basic, decoded.Content);
        Assert.True(decoded.WasEncrypted && decoded.WasCompressed);
    }

    [Fact]
    public void Our_encoding_is_read_by_openssl_then_gunzip()
    {
        var file = ProfileCodec.Encode(Basic, "MyOwnSecret", gzip: true);
        var gzipped = ExternalTool.RunOk(Openssl, ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "MyOwnSecret"], file);
        Assert.Equal(Basic, ExternalTool.RunOk("/usr/bin/gzip", ["-dc"], gzipped));
    }

    [Fact]
    public void Openssl_refuses_our_file_with_a_wrong_key_as_we_refuse_its()
    {
        var ours = OpensslEnc.Encrypt(Basic, "right");
        Assert.NotEqual(0, ExternalTool.Run(Openssl, ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "wrong"], ours).ExitCode);
        var theirs = ExternalTool.RunOk(Openssl, ["enc", "-aes-256-cbc", "-md", "md5", "-k", "right"], Basic);
        var e = Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(theirs, "wrong"));
        Assert.Equal(ProfileCodecError.WrongKey, e.Error);
    }
}
