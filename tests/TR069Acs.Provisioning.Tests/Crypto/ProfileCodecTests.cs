using System.Text;
using TR069Acs.Provisioning.Crypto;

namespace TR069Acs.Provisioning.Tests.Crypto;

public class ProfileCodecTests
{
    private static readonly byte[] Profile = Encoding.UTF8.GetBytes("<flat-profile><GPP_A>1</GPP_A></flat-profile>");

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData("k", false)]
    [InlineData("k", true)]
    public void Every_combination_decodes_to_the_profile(string? key, bool gzip)
    {
        var file = ProfileCodec.Encode(Profile, key, gzip);
        var decoded = ProfileCodec.Decode(file, key);
        Assert.Equal(Profile, decoded.Content);
        Assert.Equal((key is not null, gzip), (decoded.WasEncrypted, decoded.WasCompressed));
    }

    [Fact]
    public void A_wrong_key_is_a_typed_error_not_garbage()
    {
        var file = ProfileCodec.Encode(Profile, "right", gzip: true);
        for (var i = 0; i < 300; i++)
        {
            Assert.False(ProfileCodec.TryDecode(file, "wrong" + i, out _, out var error));
            Assert.Equal(ProfileCodecError.WrongKey, error.Error);
        }
    }

    [Fact]
    public void Encrypted_without_key_and_key_without_encryption_are_refused()
    {
        var encrypted = ProfileCodec.Encode(Profile, "k");
        Assert.Equal(ProfileCodecError.KeyRequired, Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(encrypted, null)).Error);
        Assert.Equal(ProfileCodecError.NotEncrypted, Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(Profile, "k")).Error);
    }

    [Fact]
    public void Truncated_ciphertext_is_refused()
    {
        var encrypted = ProfileCodec.Encode(Profile, "k");
        var e = Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(encrypted.AsSpan(0, encrypted.Length - 5), "k"));
        Assert.Equal(ProfileCodecError.Truncated, e.Error);
        Assert.Equal(ProfileCodecError.Truncated, Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode("Salted__1234"u8, "k")).Error);
    }

    [Fact]
    public void Encrypted_truncated_gzip_is_refused_after_decryption()
    {
        var gz = GzipCodec.Compress(Profile);
        var file = OpensslEnc.Encrypt(gz.AsSpan(0, gz.Length - 6), "k");
        Assert.Equal(ProfileCodecError.CorruptGzip, Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(file, "k")).Error);
    }

    [Fact]
    public void The_digest_can_be_pinned()
    {
        var sha = OpensslEnc.Encrypt(Profile, "k", OpensslDigest.Sha256);
        Assert.Equal(OpensslDigest.Sha256, ProfileCodec.Decode(sha, "k").Digest);
        Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(sha, "k", new ProfileCodecOptions { Digest = OpensslDigest.Md5 }));
    }

    [Fact]
    public void Files_over_the_limit_are_refused()
    {
        var e = Assert.Throws<ProfileCodecException>(() => ProfileCodec.Decode(new byte[2000], null, new ProfileCodecOptions { MaxFileBytes = 1000 }));
        Assert.Equal(ProfileCodecError.TooLarge, e.Error);
    }

    [Fact]
    public void A_known_salt_gives_the_openssl_reference_layout()
    {
        var salt = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var a = OpensslEnc.Encrypt(Profile, "k", OpensslDigest.Md5, salt);
        var b = OpensslEnc.Encrypt(Profile, "k", OpensslDigest.Md5, salt);
        Assert.Equal(a, b);
        Assert.Equal("Salted__"u8.ToArray(), a[..8]);
        Assert.Equal(salt, a[8..16]);
        Assert.Equal(0, (a.Length - 16) % 16);
    }
}
