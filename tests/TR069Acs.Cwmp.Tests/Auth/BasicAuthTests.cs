using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Cwmp.Tests.Auth;

public sealed class BasicAuthTests
{
    [Fact]
    public void The_rfc_7617_example_is_produced_and_parsed()
    {
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", BasicAuth.CreateAuthorization("Aladdin", "open sesame"));

        Assert.True(BasicAuth.TryParseAuthorization("basic  QWxhZGRpbjpvcGVuIHNlc2FtZQ== ", out var credentials));

        Assert.Equal(new BasicCredentials("Aladdin", "open sesame"), credentials);
    }

    [Fact]
    public void A_password_may_contain_colons_and_non_ascii_characters()
    {
        Assert.True(BasicAuth.TryParseAuthorization(BasicAuth.CreateAuthorization("cpe", "a:b:ü"), out var credentials));

        Assert.Equal(new BasicCredentials("cpe", "a:b:ü"), credentials);
    }

    [Fact]
    public void Verify_accepts_only_the_exact_user_and_password()
    {
        var credentials = new BasicCredentials("cpe", "secret");

        Assert.True(BasicAuth.Verify(credentials, "cpe", "secret"));
        Assert.False(BasicAuth.Verify(credentials, "cpe", "Secret"));
        Assert.False(BasicAuth.Verify(credentials, "cpe2", "secret"));
    }

    [Theory]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Digest username=\"x\"")]
    [InlineData("Basic")]
    [InlineData("Basic /w==")]
    public void Malformed_basic_headers_are_refused(string header)
        => Assert.False(BasicAuth.TryParseAuthorization(header, out _));

    [Fact]
    public void The_challenge_names_the_realm_and_is_recognised()
    {
        var challenge = BasicAuth.CreateChallenge("TR069Acs");

        Assert.Equal("Basic realm=\"TR069Acs\", charset=\"UTF-8\"", challenge);
        Assert.True(BasicAuth.IsChallenge(challenge));
        Assert.False(BasicAuth.IsChallenge("Digest realm=\"x\""));
    }
}
