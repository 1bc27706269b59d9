using TR069Acs.Server.Provisioning;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>The code format: what a person types is read forgivingly, what is stored reveals nothing.</summary>
public sealed class ActivationCodeTests
{
    [Fact]
    public void New_codes_are_16_base32_characters_that_read_back_as_themselves()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => ActivationCode.NewCode()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        foreach (var code in codes)
        {
            Assert.True(ActivationCode.TryNormalize(ActivationCode.Format(code), out var read, out var error), error);
            Assert.Equal(code, read);
        }
    }

    [Theory]
    [InlineData("abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS")]
    [InlineData("ABCD EFGH JKMN PQRS", "ABCDEFGHJKMNPQRS")]
    [InlineData("oOiI-lL00-1111-2222", "0011110011112222")]
    public void Typing_variants_normalise_to_one_code(string typed, string expected)
    {
        Assert.True(ActivationCode.TryNormalize(typed, out var code, out var error), error);
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN-PQR")]
    [InlineData("ABCD-EFGH-JKMN-PQRST")]
    [InlineData("ABCD-EFGH-JKMN-PQR#")]
    [InlineData("UUUU-UUUU-UUUU-UUUU")]
    [InlineData("")]
    public void Malformed_codes_are_refused(string typed)
        => Assert.False(ActivationCode.TryNormalize(typed, out _, out _));

    [Fact]
    public void The_stored_hash_is_the_SHA_256_of_the_normalised_code()
    {
        Assert.True(ActivationCode.TryNormalize("abcd-efgh-jkmn-pqrs", out var code, out _));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ABCDEFGHJKMNPQRS"u8)), ActivationCode.Hash(code));
    }
}
